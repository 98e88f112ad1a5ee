package ng.vaxtrace.stock.outcome;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import ng.vaxtrace.stock.dashboard.AreaScope;
import ng.vaxtrace.stock.metrics.StockMetrics;

/** Reads an area's outcome metrics from the month's rollup: three aggregates over its facilities' rows. */
@ApplicationScoped
public class OutcomeQueries {

    /** Facility level of an outcome scope: a single facility, as a dashboard drills down to it. */
    public static final String FACILITY = "FACILITY";
    /** Bands of months of stock, upper bounds exclusive; the last is open. */
    static final List<String> BANDS = List.of("LT_0_5", "0_5_TO_1", "1_TO_2", "2_TO_3", "GE_3", "NO_AMC");
    static final List<String> STATUSES = List.of("STOCKED_OUT", "BELOW_MIN", "WITHIN_RANGE", "ABOVE_MAX", "UNKNOWN");
    static final List<String> WASTAGE_REASONS = List.of("EXPIRED", "VVM", "FREEZE", "HEAT", "BREAKAGE", "OPEN_VIAL");

    private static final String PRODUCTS = """
            select o.product_code, count(*) as facilities, sum(o.facility_days) as facility_days, sum(o.stockout_days) as out_days,
                   sum(o.used) as used, sum(o.closing_balance) as closing,
                   count(*) filter (where o.status = 'STOCKED_OUT') as s_stocked_out,
                   count(*) filter (where o.status = 'BELOW_MIN') as s_below_min,
                   count(*) filter (where o.status = 'WITHIN_RANGE') as s_within_range,
                   count(*) filter (where o.status = 'ABOVE_MAX') as s_above_max,
                   count(*) filter (where o.status = 'UNKNOWN') as s_unknown,
                   count(*) filter (where o.months_of_stock < 0.5) as b0,
                   count(*) filter (where o.months_of_stock >= 0.5 and o.months_of_stock < 1) as b1,
                   count(*) filter (where o.months_of_stock >= 1 and o.months_of_stock < 2) as b2,
                   count(*) filter (where o.months_of_stock >= 2 and o.months_of_stock < 3) as b3,
                   count(*) filter (where o.months_of_stock >= 3) as b4,
                   count(*) filter (where o.months_of_stock is null) as b5
            from outcome_month o join facility f on f.code = o.facility_code
            where o.month = $1 and %s and ($3::text is null or o.product_code = $3)
            group by o.product_code order by o.product_code""";
    private static final String WASTAGE = """
            select w.product_code, w.reason, sum(w.doses) as doses
            from outcome_wastage w join facility f on f.code = w.facility_code
            where w.month = $1 and %s and ($3::text is null or w.product_code = $3)
            group by 1, 2""";
    private static final String REPORTING = """
            select count(*) as facilities, count(r.facility_code) as reported,
                   count(r.facility_code) filter (where r.first_recorded_at < $3) as on_time
            from (select distinct o.facility_code from outcome_month o join facility f on f.code = o.facility_code
                  where o.month = $1 and %s) c
            left join outcome_reporting r on r.month = $1 and r.facility_code = c.facility_code""";

    private final Pool pool;
    private final OutcomeConfig config;

    public OutcomeQueries(Pool pool, OutcomeConfig config) {
        this.pool = pool;
        this.config = config;
    }

    /** When the month's rollup was computed, or null when it never was. */
    public Uni<OffsetDateTime> computedAt(YearMonth month) {
        return pool.preparedQuery("select computed_at from outcome_refresh where month = $1").execute(Tuple.of(month.atDay(1)))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getOffsetDateTime(0));
    }

    /** A facility as an outcome scope (null when unknown). */
    public Uni<AreaScope> facility(String code) {
        return pool.preparedQuery("select code, name from facility where code = $1").execute(Tuple.of(code))
                .map(rows -> rows.size() == 0 ? null : new AreaScope(code, rows.iterator().next().getString("name"), FACILITY));
    }

    /** The last day (Africa/Lagos) on which a count of the month is on time. */
    public LocalDate deadline(YearMonth month) {
        YearMonth next = month.plusMonths(1);
        return next.atDay(Math.min(config.reportingDeadlineDay(), next.lengthOfMonth()));
    }

    /** The month's report for an area; null when the month's rollup was never computed. */
    public Uni<OutcomeReport> report(AreaScope area, YearMonth month, String product) {
        return computedAt(month).flatMap(computedAt -> {
            if (computedAt == null) {
                return Uni.createFrom().nullItem();
            }
            String condition = condition(area, 2);
            Tuple args = Tuple.of(month.atDay(1), area.code(), product);
            LocalDate deadline = deadline(month);
            OffsetDateTime deadlineEnd = deadline.plusDays(1).atStartOfDay(StockMetrics.BUSINESS_ZONE).toOffsetDateTime();
            Uni<RowSet<Row>> products = pool.preparedQuery(PRODUCTS.formatted(condition)).execute(args);
            Uni<RowSet<Row>> wastage = pool.preparedQuery(WASTAGE.formatted(condition)).execute(args);
            Uni<RowSet<Row>> reporting = pool.preparedQuery(REPORTING.formatted(condition))
                    .execute(Tuple.of(month.atDay(1), area.code(), deadlineEnd));
            Uni<Long> target = pool.preparedQuery("select children from target_population where area_code = $1 and year = $2")
                    .execute(Tuple.of(area.code(), month.getYear()))
                    .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong(0));
            return Uni.combine().all().unis(products, wastage, reporting, target).with((p, w, r, t) -> new OutcomeReport(area.code(),
                    area.name(), area.level(), month.toString(), computedAt.toInstant(), reporting(r, deadline), products(p, w, t)));
        });
    }

    private static String condition(AreaScope area, int parameter) {
        return FACILITY.equals(area.level()) ? "f.code = $" + parameter : area.condition(parameter);
    }

    private static OutcomeReport.Reporting reporting(RowSet<Row> rows, LocalDate deadline) {
        Row row = rows.iterator().next();
        long facilities = row.getLong("facilities");
        long onTime = row.getLong("on_time");
        return new OutcomeReport.Reporting(facilities, row.getLong("reported"), onTime, rate(onTime, facilities), deadline);
    }

    private static List<OutcomeReport.ProductOutcome> products(RowSet<Row> rows, RowSet<Row> wastageRows, Long target) {
        Map<String, Map<String, Long>> wastage = new HashMap<>();
        for (Row row : wastageRows) {
            wastage.computeIfAbsent(row.getString("product_code"), p -> zeros(WASTAGE_REASONS))
                    .merge(row.getString("reason"), row.getLong("doses"), Long::sum);
        }
        List<OutcomeReport.ProductOutcome> products = new ArrayList<>();
        for (Row row : rows) {
            String product = row.getString("product_code");
            Map<String, Long> wasted = wastage.getOrDefault(product, zeros(WASTAGE_REASONS));
            long wastedTotal = wasted.values().stream().mapToLong(Long::longValue).sum();
            long used = row.getLong("used");
            long facilityDays = row.getLong("facility_days");
            long outDays = row.getLong("out_days");
            long closing = row.getLong("closing");
            Map<String, Long> statuses = new LinkedHashMap<>();
            for (String status : STATUSES) {
                statuses.put(status, row.getLong("s_" + status.toLowerCase()));
            }
            Map<String, Long> bands = new LinkedHashMap<>();
            for (int i = 0; i < BANDS.size(); i++) {
                bands.put(BANDS.get(i), row.getLong("b" + i));
            }
            products.add(new OutcomeReport.ProductOutcome(product, row.getLong("facilities"), facilityDays, outDays,
                    rate(outDays, facilityDays), used, wastedTotal, rate(wastedTotal, used + wastedTotal), wasted, closing, target,
                    target == null ? null : BigDecimal.valueOf(closing).divide(BigDecimal.valueOf(target), 4, RoundingMode.HALF_UP),
                    statuses, bands));
        }
        return products;
    }

    private static Map<String, Long> zeros(List<String> keys) {
        Map<String, Long> map = new LinkedHashMap<>();
        keys.forEach(k -> map.put(k, 0L));
        return map;
    }

    /** numerator ÷ denominator to 4 decimals; null without a denominator. */
    static BigDecimal rate(long numerator, long denominator) {
        return denominator == 0 ? null : BigDecimal.valueOf(numerator).divide(BigDecimal.valueOf(denominator), 4, RoundingMode.HALF_UP);
    }
}
