package ng.vaxtrace.stock.outcome;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import ng.vaxtrace.contracts.FacilityTier;
import ng.vaxtrace.stock.metrics.StockMetrics;
import ng.vaxtrace.stock.metrics.StockLimits;

/**
 * Computes a month's outcome rollup ({@code outcome_month}, {@code outcome_wastage}, {@code outcome_reporting}): pairs
 * in key order, a page per statement reading the pairs' {@code stock_status} rows with their day rollups from the
 * month's AMC window to today ({@code stock_day}, never the ledger's movements), {@link MonthFigures} in memory, one
 * upsert per page. Wastage and counts come from the ledger's few wastage and count entries of the month (a partial
 * index holds them). Idempotent: a refresh rewrites the month from the same data, so replicas that run it at the same
 * time only repeat each other; late events are picked up by the next refresh (the schedule refreshes the previous
 * month too).
 */
@ApplicationScoped
public class OutcomeRollup {

    /** What one refresh did. */
    @RegisterForReflection
    public record Summary(YearMonth month, long pairs, Instant computedAt, long millis) {
    }

    private static final String PAGE = """
            select s.facility_code, s.product_code, s.quantity, s.amc, s.months_of_stock, s.status, s.first_event_at, f.tier,
                   f.target_population, p.diluent_for, d.days, d.used, d.net, d.counted
            from stock_status s
            join facility f on f.code = s.facility_code
            left join product p on p.code = s.product_code
            left join lateral (
                select array_agg(x.day order by x.day) as days, array_agg(x.used order by x.day) as used,
                       array_agg(x.net_delta order by x.day) as net, array_agg(x.counted order by x.day) as counted
                from stock_day x
                where x.facility_code = s.facility_code and x.product_code = s.product_code and x.day >= $3) d on true
            where (s.facility_code, s.product_code) > ($1, $2)
              and (s.first_event_at at time zone 'Africa/Lagos')::date <= $4
            order by s.facility_code, s.product_code
            limit $5""";
    private static final String WRITE = """
            insert into outcome_month (month, facility_code, product_code, facility_days, stockout_days, used, opening_balance,
                                       closing_balance, amc, months_of_stock, status, computed_at)
            select $1, u.f, u.p, u.days, u.out, u.used, u.opening, u.closing, u.amc, u.mos::numeric, u.status, $10
            from unnest($2::text[], $3::text[], $4::int4[], $5::int4[], $6::int8[], $7::int8[], $8::int8[], $9::int8[],
                        $11::text[], $12::text[]) as u(f, p, days, out, used, opening, closing, amc, mos, status)
            on conflict (month, facility_code, product_code) do update set facility_days = excluded.facility_days,
                stockout_days = excluded.stockout_days, used = excluded.used, opening_balance = excluded.opening_balance,
                closing_balance = excluded.closing_balance, amc = excluded.amc, months_of_stock = excluded.months_of_stock,
                status = excluded.status, computed_at = excluded.computed_at""";
    /** Rows of pairs the refresh did not write (none today: cards are never removed) would be stale: dropped. */
    private static final String DROP_STALE = "delete from outcome_month where month = $1 and computed_at < $2";
    /**
     * Wasted doses: discards by their reason and open-vial adjustments, what they took off the balance; entries an
     * administrator voided (and their compensating entries) do not count.
     */
    private static final String WASTAGE = """
            insert into outcome_wastage (month, facility_code, product_code, reason, doses)
            select $1, e.facility_code, e.product_code,
                   case when e.event_type = 'discard' then e.reason else 'OPEN_VIAL' end, sum(-e.delta)
            from ledger_entry e
            where e.occurred_at >= $2 and e.occurred_at < $3
              and (e.event_type = 'discard' or (e.event_type = 'adjustment' and e.reason = 'OPEN_VIAL_WASTAGE'))
              and not exists (select 1 from ledger_void v where v.voided_event_id = e.event_id or v.void_event_id = e.event_id)
            group by 2, 3, 4""";
    private static final String REPORTING = """
            insert into outcome_reporting (month, facility_code, first_count_at, first_recorded_at)
            select $1, e.facility_code, min(e.occurred_at), min(e.recorded_at)
            from ledger_entry e
            where e.occurred_at >= $2 and e.occurred_at < $3 and e.event_type = 'physical-count'
            group by 2""";
    private static final String DONE = """
            insert into outcome_refresh (month, computed_at, pairs, millis) values ($1, $2, $3, $4)
            on conflict (month) do update set computed_at = excluded.computed_at, pairs = excluded.pairs, millis = excluded.millis""";

    private final Pool pool;
    private final Clock clock;
    private final StockLimits limits;
    private final OutcomeConfig config;

    public OutcomeRollup(Pool pool, Clock clock, StockLimits limits, OutcomeConfig config) {
        this.pool = pool;
        this.clock = clock;
        this.limits = limits;
        this.config = config;
    }

    /** The current and the previous month, so late events of last month are in the figures a DHIS2 push reads. */
    @Scheduled(cron = "${vaxtrace.stock.outcomes.refresh-cron:0 15 2 * * ?}", timeZone = "Africa/Lagos",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        if (!config.refreshEnabled()) {
            return Uni.createFrom().voidItem();
        }
        YearMonth current = YearMonth.from(StockMetrics.businessDay(clock.instant()));
        return refresh(current.minusMonths(1)).chain(() -> refresh(current))
                .invoke(s -> Log.infof("outcome rollup of %s: %d pairs in %d ms", s.month(), s.pairs(), s.millis()))
                .replaceWithVoid()
                .onFailure().recoverWithUni(e -> {
                    Log.warnf("outcome rollup failed, the next run retries: %s", e.toString());
                    return Uni.createFrom().voidItem();
                });
    }

    /** Recomputes one month (the current one up to now); a month after the current one is refused by the caller. */
    public Uni<Summary> refresh(YearMonth month) {
        Instant now = clock.instant();
        LocalDate today = StockMetrics.businessDay(now);
        Log.debugf("outcome rollup of %s", month);
        long started = System.nanoTime();
        OffsetDateTime computedAt = now.atOffset(ZoneOffset.UTC);
        String[] cursor = { "", "" };
        long[] pairs = { 0 };
        return Multi.createBy().repeating().uni(() -> page(month, today, computedAt, cursor[0], cursor[1]).invoke(page -> {
                    cursor[0] = page.lastFacility();
                    cursor[1] = page.lastProduct();
                    pairs[0] += page.written();
                }))
                .whilst(page -> page.read() == config.pageSize())
                .collect().last()
                .chain(() -> ledgerFigures(month, computedAt))
                .map(ignored -> new Summary(month, pairs[0], now, (System.nanoTime() - started) / 1_000_000))
                .call(s -> pool.preparedQuery(DONE).execute(Tuple.of(month.atDay(1), computedAt, s.pairs(), s.millis())));
    }

    private record Page(int read, int written, String lastFacility, String lastProduct) {
    }

    private Uni<Page> page(YearMonth month, LocalDate today, OffsetDateTime computedAt, String afterFacility, String afterProduct) {
        Tuple args = Tuple.from(new Object[] { afterFacility, afterProduct, month.minusMonths(StockMetrics.AMC_MONTHS - 1).atDay(1),
                month.atEndOfMonth(), config.pageSize() });
        boolean current = month.equals(YearMonth.from(today));
        return pool.preparedQuery(PAGE).execute(args)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(rows -> {
                    List<String> facilities = new ArrayList<>(), products = new ArrayList<>(), mos = new ArrayList<>(),
                            statuses = new ArrayList<>();
                    List<Integer> days = new ArrayList<>(), outs = new ArrayList<>();
                    List<Long> used = new ArrayList<>(), openings = new ArrayList<>(), closings = new ArrayList<>(), amcs = new ArrayList<>();
                    String lastFacility = afterFacility, lastProduct = afterProduct;
                    int read = 0;
                    for (Row row : rows) {
                        read++;
                        lastFacility = row.getString("facility_code");
                        lastProduct = row.getString("product_code");
                        MonthFigures.Result r = compute(row, month, today);
                        if (r.facilityDays() == 0) {
                            continue;
                        }
                        facilities.add(lastFacility);
                        products.add(lastProduct);
                        days.add(r.facilityDays());
                        outs.add(r.stockOutDays());
                        used.add(r.used());
                        openings.add(r.openingBalance());
                        closings.add(r.closingBalance());
                        // The current month ends now: its end-of-month figures are the live ones, exactly as shown elsewhere.
                        Long amc = current ? row.getLong("amc") : r.amc();
                        BigDecimal monthsOfStock = current ? row.getBigDecimal("months_of_stock") : r.monthsOfStock();
                        amcs.add(amc);
                        mos.add(monthsOfStock == null ? null : monthsOfStock.toPlainString());
                        statuses.add(current ? row.getString("status") : r.status());
                    }
                    Page page = new Page(read, facilities.size(), lastFacility, lastProduct);
                    if (facilities.isEmpty()) {
                        return Uni.createFrom().item(page);
                    }
                    Tuple write = Tuple.from(new Object[] { month.atDay(1), facilities.toArray(String[]::new), products.toArray(String[]::new),
                            days.toArray(Integer[]::new), outs.toArray(Integer[]::new), used.toArray(Long[]::new),
                            openings.toArray(Long[]::new), closings.toArray(Long[]::new), amcs.toArray(Long[]::new), computedAt,
                            mos.toArray(String[]::new), statuses.toArray(String[]::new) });
                    return pool.preparedQuery(WRITE).execute(write).replaceWith(page);
                });
    }

    private MonthFigures.Result compute(Row row, YearMonth month, LocalDate today) {
        LocalDate[] days = row.getArrayOfLocalDates("days");
        Long[] used = row.getArrayOfLongs("used");
        Long[] net = row.getArrayOfLongs("net");
        Long[] counted = row.getArrayOfLongs("counted");
        List<MonthFigures.Day> rollups = new ArrayList<>(days == null ? 0 : days.length);
        for (int i = 0; days != null && i < days.length; i++) {
            rollups.add(new MonthFigures.Day(days[i], net[i], used[i], counted[i]));
        }
        LocalDate firstDay = StockMetrics.businessDay(row.getOffsetDateTime("first_event_at").toInstant());
        // Past months are judged with today's target population: VaxTrace keeps no history of it.
        return MonthFigures.compute(month, rollups, row.getLong("quantity"), firstDay, today,
                limits.of(FacilityTier.valueOf(row.getString("tier")), row.getInteger("target_population"), row.getString("product_code"),
                        row.getString("diluent_for")));
    }

    /** The month's wastage and counts, replaced in one transaction with the removal of rows no page wrote. */
    private Uni<Void> ledgerFigures(YearMonth month, OffsetDateTime computedAt) {
        LocalDate first = month.atDay(1);
        OffsetDateTime from = first.atStartOfDay(StockMetrics.BUSINESS_ZONE).toOffsetDateTime();
        OffsetDateTime to = month.plusMonths(1).atDay(1).atStartOfDay(StockMetrics.BUSINESS_ZONE).toOffsetDateTime();
        Tuple range = Tuple.of(first, from, to);
        return pool.withTransaction(conn -> conn.preparedQuery(DROP_STALE).execute(Tuple.of(first, computedAt))
                .chain(() -> conn.preparedQuery("delete from outcome_wastage where month = $1").execute(Tuple.of(first)))
                .chain(() -> conn.preparedQuery(WASTAGE).execute(range))
                .chain(() -> conn.preparedQuery("delete from outcome_reporting where month = $1").execute(Tuple.of(first)))
                .chain(() -> conn.preparedQuery(REPORTING).execute(range))
                .replaceWithVoid());
    }
}
