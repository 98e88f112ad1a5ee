package ng.vaxtrace.stock.dashboard;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.FacilityTier;
import ng.vaxtrace.contracts.VvmTally;
import ng.vaxtrace.stock.dashboard.DashboardViews.AreaProductStock;
import ng.vaxtrace.stock.dashboard.DashboardViews.AreaRef;
import ng.vaxtrace.stock.dashboard.DashboardViews.AreaStock;
import ng.vaxtrace.stock.dashboard.DashboardViews.FacilityDetail;
import ng.vaxtrace.stock.dashboard.DashboardViews.FacilityStock;
import ng.vaxtrace.stock.dashboard.DashboardViews.Kpi;
import ng.vaxtrace.stock.dashboard.DashboardViews.Kpis;
import ng.vaxtrace.stock.dashboard.DashboardViews.LedgerLine;
import ng.vaxtrace.stock.dashboard.DashboardViews.LedgerPage;
import ng.vaxtrace.stock.dashboard.DashboardViews.LocationNode;
import ng.vaxtrace.stock.dashboard.DashboardViews.LotStock;
import ng.vaxtrace.stock.dashboard.DashboardViews.ProductStock;
import ng.vaxtrace.stock.metrics.MinMax;
import ng.vaxtrace.stock.metrics.ScheduleNeed;
import ng.vaxtrace.stock.metrics.StockForecast;
import ng.vaxtrace.stock.metrics.StockLimits;
import ng.vaxtrace.stock.metrics.StockMetrics;
import ng.vaxtrace.stock.metrics.Wastage;
import ng.vaxtrace.stock.metrics.StockStatus;

/** The dashboard's read models, straight from SQL (aggregates are GROUP BYs over stock_status). */
@ApplicationScoped
public class DashboardQueries {

    /** Map marker status when no product is chosen: the worst over the facility's products. */
    private static final String WORST_STATUS = """
            case min(case s.status when 'STOCKED_OUT' then 0 when 'BELOW_MIN' then 1 when 'ABOVE_MAX' then 2
                                   when 'UNKNOWN' then 3 when 'WITHIN_RANGE' then 4 end)
                 when 0 then 'STOCKED_OUT' when 1 then 'BELOW_MIN' when 2 then 'ABOVE_MAX' when 4 then 'WITHIN_RANGE'
                 else 'UNKNOWN' end""";

    private final Pool pool;
    private final Clock clock;
    private final StockLimits limits;
    private final ScheduleNeed need;

    public DashboardQueries(Pool pool, Clock clock, StockLimits limits, ScheduleNeed need) {
        this.pool = pool;
        this.clock = clock;
        this.limits = limits;
        this.need = need;
    }

    public Uni<AreaScope> area(String code) {
        return pool.preparedQuery("select code, name, level from area where code = $1").execute(Tuple.of(code))
                .map(rows -> rows.size() == 0 ? null : toScope(rows.iterator().next()));
    }

    public Uni<Boolean> productExists(String code) {
        return pool.preparedQuery("select 1 from product where code = $1").execute(Tuple.of(code)).map(rows -> rows.size() > 0);
    }

    public Uni<LocationNode> locationTree() {
        Uni<Map<String, Long>> counts = pool.query("""
                select coalesce(lga_code, state_code, zone_code, 'NG') as area, count(*) as n from facility where active
                group by grouping sets ((zone_code), (state_code), (lga_code), ())""").execute()
                .map(rows -> {
                    Map<String, Long> byArea = new HashMap<>();
                    for (Row row : rows) {
                        if (row.getString("area") != null) {
                            byArea.merge(row.getString("area"), row.getLong("n"), Math::max);
                        }
                    }
                    return byArea;
                });
        Uni<List<Row>> areas = pool.query("select code, name, level, parent_code from area order by code").execute()
                .map(rows -> {
                    List<Row> list = new ArrayList<>();
                    rows.forEach(list::add);
                    return list;
                });
        return Uni.combine().all().unis(counts, areas).asTuple().map(t -> {
            Map<String, List<Row>> children = new HashMap<>();
            Row root = null;
            for (Row row : t.getItem2()) {
                if (row.getString("parent_code") == null) {
                    root = row;
                } else {
                    children.computeIfAbsent(row.getString("parent_code"), p -> new ArrayList<>()).add(row);
                }
            }
            return root == null ? null : node(root, children, t.getItem1());
        });
    }

    private static LocationNode node(Row row, Map<String, List<Row>> children, Map<String, Long> counts) {
        String code = row.getString("code");
        List<LocationNode> kids = children.getOrDefault(code, List.of()).stream().map(r -> node(r, children, counts)).toList();
        return new LocationNode(code, row.getString("name"), row.getString("level"), counts.getOrDefault(code, 0L), kids);
    }

    public Uni<FacilityDetail> facility(String code) {
        return pool.preparedQuery("""
                select f.*, z.name as zone_name, s.name as state_name, l.name as lga_name,
                       (select max(last_event_at) from stock_status st where st.facility_code = f.code) as last_report
                from facility f left join area z on z.code = f.zone_code left join area s on s.code = f.state_code
                     left join area l on l.code = f.lga_code
                where f.code = $1""").execute(Tuple.of(code)).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            Row r = rows.iterator().next();
            Instant lastReport = instant(r.getOffsetDateTime("last_report"));
            return new FacilityDetail(r.getString("code"), r.getString("name"), r.getString("tier"),
                    ref(r.getString("zone_code"), r.getString("zone_name")), ref(r.getString("state_code"), r.getString("state_name")),
                    ref(r.getString("lga_code"), r.getString("lga_name")), r.getDouble("latitude"), r.getDouble("longitude"),
                    r.getBoolean("active"), lastReport, lastReport == null ? null : StockMetrics.daysBetween(lastReport, clock.instant()));
        });
    }

    public Uni<FacilityStock> facilityStock(String code) {
        Uni<Row> facility = pool.preparedQuery("select tier, target_population from facility where code = $1").execute(Tuple.of(code))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next());
        return facility.flatMap(f -> {
            if (f == null) {
                return Uni.createFrom().nullItem();
            }
            Instant now = clock.instant();
            Uni<List<StockRow>> stock = pool.preparedQuery(FACILITY_STOCK).execute(Tuple.of(code)).map(rows -> {
                List<StockRow> list = new ArrayList<>();
                rows.forEach(r -> list.add(new StockRow(r.getString("product_code"), r.getLong("product_quantity"), r.getLong("amc"),
                        r.getBigDecimal("months_of_stock"), r.getString("status"), r.getInteger("stockout_days"),
                        instant(r.getOffsetDateTime("last_event_at")), r.getInteger("doses_per_vial"), r.getString("diluent_code"),
                        r.getString("diluent_for"),
                        r.getString("lot_code"), r.getLocalDate("lot_expiry"), r.getLong("lot_quantity"),
                        instant(r.getOffsetDateTime("last_occurred_at")))));
                return list;
            });
            Uni<Map<String, long[]>> wastage = pool.preparedQuery(FACILITY_WASTAGE)
                    .execute(Tuple.of(code, StockMetrics.windowStart(now).atStartOfDay(StockMetrics.BUSINESS_ZONE).toOffsetDateTime()))
                    .map(rows -> {
                        Map<String, long[]> byProduct = new HashMap<>();
                        rows.forEach(r -> byProduct.put(r.getString("product_code"),
                                new long[] { r.getLong("administered"), r.getLong("discarded"), r.getLong("open_vial") }));
                        return byProduct;
                    });
            Uni<Map<String, VvmTally>> vvm = pool.preparedQuery(FACILITY_VVM).execute(Tuple.of(code)).map(DashboardQueries::vvmTallies);
            return Uni.combine().all().unis(stock, wastage, vvm).asTuple()
                    .map(t -> facilityStock(code, FacilityTier.valueOf(f.getString("tier")), f.getInteger("target_population"),
                            t.getItem1(), t.getItem2(), t.getItem3(), now));
        });
    }

    /** One row of {@link #FACILITY_STOCK}: a product's figures with one of its lots (none when the product has no lot row). */
    private record StockRow(String product, long quantity, Long amc, BigDecimal monthsOfStock, String status, int stockOutDays,
            Instant lastEventAt, Integer dosesPerVial, String diluentCode, String diluentFor, String lotCode, LocalDate lotExpiry, Long lotQuantity,
            Instant lotLastOccurredAt) {
    }

    /** The products' figures, lots (earliest expiry first), presentation and paired diluent (the catalogue's). */
    private static final String FACILITY_STOCK = """
            select s.product_code, s.quantity as product_quantity, s.amc, s.months_of_stock, s.status, s.stockout_days,
                   s.last_event_at, p.doses_per_vial, p.diluent_for,
                   (select min(d.code) from product d where d.diluent_for = s.product_code) as diluent_code,
                   b.lot_code, b.lot_expiry, b.quantity as lot_quantity, b.last_occurred_at
            from stock_status s left join product p on p.code = s.product_code
                 left join stock_balance b on b.facility_code = s.facility_code and b.product_code = s.product_code
            where s.facility_code = $1 order by s.product_code, b.lot_expiry nulls last, b.lot_code""";
    /**
     * Doses administered, wasted (discards, and open-vial wastage adjustments) and wasted from opened vials since the
     * start of the AMC window; voided entries and their voids left out (metrics/Wastage).
     */
    private static final String FACILITY_WASTAGE = """
            select l.product_code,
                   coalesce(sum(l.quantity) filter (where l.event_type = 'consumption'), 0) as administered,
                   coalesce(sum(-l.delta) filter (where l.event_type <> 'consumption'), 0) as discarded,
                   coalesce(sum(-l.delta) filter (where l.event_type = 'adjustment'), 0) as open_vial
            from ledger_entry l
            where l.facility_code = $1 and l.occurred_at >= $2
              and (l.event_type in ('consumption', 'discard') or l.event_type = 'adjustment' and l.reason = 'OPEN_VIAL_WASTAGE')
              and not exists (select 1 from ledger_void v where v.voided_event_id = l.event_id)
              and not exists (select 1 from ledger_void w where w.void_event_id = l.event_id)
            group by l.product_code""";

    /**
     * The ledger entries of the facility's lots on hand from each lot's first VVM stage 3/4 report on, in the stock
     * card's order: replayed through {@link VvmTally} they give the doses reported at the discard point and still on hand
     * (before its first such report a lot's tally is clear whatever happened). Read from the ledger stock-service owns,
     * by the same rule alert-service applies to the level changes (docs/domain-rules.md §2–§3).
     */
    private static final String FACILITY_VVM = """
            with reported as (
                select l.product_code, l.lot_code, min(l.occurred_at) as since
                from ledger_entry l join stock_balance b on b.facility_code = l.facility_code and b.product_code = l.product_code
                     and b.lot_code = l.lot_code and b.quantity > 0
                where l.facility_code = $1 and l.vvm_stage >= 3
                group by l.product_code, l.lot_code)
            select l.product_code, l.lot_code, l.event_type, l.vvm_stage, l.balance_after - l.delta as balance_before, l.balance_after
            from ledger_entry l join reported r on r.product_code = l.product_code and r.lot_code = l.lot_code and l.occurred_at >= r.since
            where l.facility_code = $1
            order by l.product_code, l.lot_code, l.occurred_at, l.id""";

    /** Each lot's VVM tally, keyed product + newline + lot; lots that never reported stage 3/4 are absent (clear). */
    private static Map<String, VvmTally> vvmTallies(RowSet<Row> rows) {
        Map<String, VvmTally> tallies = new HashMap<>();
        for (Row r : rows) {
            String key = r.getString("product_code") + "\n" + r.getString("lot_code");
            Short stage = r.getShort("vvm_stage");
            tallies.put(key, tallies.getOrDefault(key, VvmTally.CLEAR).next(r.getString("event_type"), stage == null ? null : stage.intValue(),
                    r.getLong("balance_before"), r.getLong("balance_after")));
        }
        return tallies;
    }

    /** Doses of the row's lot reported at VVM 3/4 and still on hand (never more than its balance). */
    private static long vvmHeld(Map<String, VvmTally> vvm, StockRow r) {
        VvmTally tally = r.lotCode() == null ? null : vvm.get(r.product() + "\n" + r.lotCode());
        return tally == null || r.lotQuantity() == null || r.lotQuantity() <= 0 ? 0 : Math.min(r.lotQuantity(), tally.pending());
    }

    private FacilityStock facilityStock(String code, FacilityTier tier, Integer targetPopulation, List<StockRow> rows,
            Map<String, long[]> wastage, Map<String, VvmTally> vvm, Instant now) {
        LocalDate today = StockMetrics.businessDay(now);
        Map<String, List<StockRow>> byProduct = new LinkedHashMap<>();
        rows.forEach(r -> byProduct.computeIfAbsent(r.product(), p -> new ArrayList<>()).add(r));
        // Usable: lots not expired, less their doses reported at VVM 3/4 and still on hand.
        Map<String, Long> usableOwn = new HashMap<>();
        byProduct.forEach((product, lots) -> usableOwn.put(product, lots.stream()
                .filter(r -> r.lotQuantity() != null && r.lotQuantity() > 0 && !StockForecast.expired(r.lotExpiry(), today))
                .mapToLong(r -> r.lotQuantity() - vvmHeld(vvm, r)).sum()));
        List<ProductStock> products = new ArrayList<>();
        Instant lastReport = null;
        for (List<StockRow> lots : byProduct.values()) {
            StockRow first = lots.get(0);
            lastReport = lastReport == null || first.lastEventAt().isAfter(lastReport) ? first.lastEventAt() : lastReport;
            List<LotStock> lotViews = new ArrayList<>();
            List<StockForecast.LotOnHand> onHand = new ArrayList<>();
            String useFirst = null;
            long expired = 0;
            long atVvmDiscard = 0;
            for (StockRow r : lots) {
                if (r.lotCode() == null) {
                    continue;
                }
                boolean isExpired = StockForecast.expired(r.lotExpiry(), today);
                VvmTally tally = vvm.getOrDefault(r.product() + "\n" + r.lotCode(), VvmTally.CLEAR);
                long held = vvmHeld(vvm, r);
                lotViews.add(new LotStock(r.lotCode(), r.lotExpiry(), r.lotQuantity(), r.lotLastOccurredAt(), isExpired ? Boolean.TRUE : null,
                        tally.isClear() ? null : tally.stage(), held > 0 ? held : null));
                onHand.add(new StockForecast.LotOnHand(r.lotQuantity(), r.lotExpiry()));
                if (r.lotQuantity() > 0 && isExpired) {
                    expired += r.lotQuantity();
                } else {
                    atVvmDiscard += held; // an expired lot counts as expired, whatever its VVM
                }
                if (r.lotQuantity() > 0 && !isExpired && held < r.lotQuantity() && useFirst == null && !r.lotCode().isEmpty()) {
                    useFirst = r.lotCode(); // rows come earliest expiry first
                }
            }
            long usable = usableOwn.get(first.product());
            Long diluentUsable = first.diluentCode() == null ? null : usableOwn.getOrDefault(first.diluentCode(), 0L);
            if (diluentUsable != null) {
                usable = Math.min(usable, diluentUsable); // a vaccine without its diluent cannot be given
            }
            StockForecast forecast = StockForecast.of(onHand, first.amc(), now);
            MinMax minMax = limits.of(tier, targetPopulation, first.product(), first.diluentFor()); // the status's own rule
            Integer perVial = first.dosesPerVial();
            long[] w = wastage.get(first.product());
            products.add(new ProductStock(first.product(), first.quantity(), first.amc(), first.monthsOfStock(), first.status(),
                    first.stockOutDays(), minMax.minMonths(), minMax.maxMonths(), minMax.minStock(), minMax.maxStock(), lotViews, perVial,
                    perVial == null || perVial <= 1 ? null : BigDecimal.valueOf(first.quantity()).divide(BigDecimal.valueOf(perVial), 1, RoundingMode.HALF_UP),
                    usable, expired > 0 ? expired : null, atVvmDiscard > 0 ? atVvmDiscard : null, first.diluentCode(), diluentUsable, useFirst,
                    forecast == null ? null : forecast.daysOfStock(), forecast == null ? null : forecast.predictedStockOutDate(),
                    forecast == null ? null : forecast.dosesExpiringUnused(),
                    w == null ? null : Wastage.of(w[0], w[1], w[2], perVial == null ? 1 : perVial),
                    // a diluent is needed dose for dose with its vaccine
                    need.of(first.diluentFor() != null ? first.diluentFor() : first.product(), targetPopulation, minMax)));
        }
        return new FacilityStock(code, tier.name(), lastReport, lastReport == null ? null : StockMetrics.daysBetween(lastReport, now),
                List.copyOf(products), targetPopulation);
    }

    public Uni<AreaStock> areaStock(AreaScope area, String product, FacilityTier tier) {
        String sql = """
                select s.product_code, sum(s.quantity) as balance,
                       sum(s.amc) filter (where f.tier = 'HEALTH_FACILITY') as amc, count(*) as facilities,
                       count(*) filter (where s.status = 'STOCKED_OUT') as stocked_out,
                       count(*) filter (where s.status = 'BELOW_MIN') as below_min,
                       count(*) filter (where s.status = 'WITHIN_RANGE') as within_range,
                       count(*) filter (where s.status = 'ABOVE_MAX') as above_max,
                       count(*) filter (where s.status = 'UNKNOWN') as unknown
                from stock_status s join facility f on f.code = s.facility_code
                where %s and ($2::text is null or s.product_code = $2) and ($3::text is null or f.tier = $3)
                group by s.product_code order by s.product_code""".formatted(area.condition(1));
        return pool.preparedQuery(sql).execute(Tuple.of(area.code(), product, tier == null ? null : tier.name())).map(rows -> {
            List<AreaProductStock> products = new ArrayList<>();
            for (Row r : rows) {
                Long amc = r.getLong("amc");
                long balance = r.getLong("balance");
                Map<String, Long> byStatus = new LinkedHashMap<>();
                byStatus.put(StockStatus.STOCKED_OUT.name(), r.getLong("stocked_out"));
                byStatus.put(StockStatus.BELOW_MIN.name(), r.getLong("below_min"));
                byStatus.put(StockStatus.WITHIN_RANGE.name(), r.getLong("within_range"));
                byStatus.put(StockStatus.ABOVE_MAX.name(), r.getLong("above_max"));
                byStatus.put(StockStatus.UNKNOWN.name(), r.getLong("unknown"));
                products.add(new AreaProductStock(r.getString("product_code"), balance, amc,
                        amc == null || amc == 0 ? null : BigDecimal.valueOf(balance).divide(BigDecimal.valueOf(amc), 2, RoundingMode.HALF_UP),
                        r.getLong("facilities"), byStatus));
            }
            return new AreaStock(new AreaRef(area.code(), area.name()), area.level(), tier == null ? null : tier.name(), products);
        });
    }

    /**
     * A GeoJSON FeatureCollection of the facilities in scope (the area, or one facility of it when {@code facility} is
     * given), each with its status for the product (or worst overall).
     */
    public Uni<String> map(AreaScope area, String facility, String product, FacilityTier tier) {
        String sql = """
                select f.code, f.name, f.tier, f.state_code, f.lga_code, f.latitude, f.longitude, %s as status,
                       sum(s.quantity) as quantity, max(s.months_of_stock) as months_of_stock
                from facility f left join stock_status s on s.facility_code = f.code and ($2::text is null or s.product_code = $2)
                where f.active and f.latitude is not null and %s and ($3::text is null or f.tier = $3)
                  and ($4::text is null or f.code = $4)
                group by f.code order by f.code""".formatted(WORST_STATUS, area.condition(1));
        return pool.preparedQuery(sql).execute(Tuple.of(area.code(), product, tier == null ? null : tier.name(), facility))
                // Rendering 30,000 features (and gzipping them after) takes ~100 ms of CPU: not on the event loop.
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(rows -> {
            ObjectNode collection = EventJson.mapper().createObjectNode().put("type", "FeatureCollection");
            ArrayNode features = collection.putArray("features");
            for (Row r : rows) {
                ObjectNode feature = features.addObject().put("type", "Feature").put("id", r.getString("code"));
                ObjectNode geometry = feature.putObject("geometry").put("type", "Point");
                geometry.putArray("coordinates").add(r.getDouble("longitude")).add(r.getDouble("latitude"));
                ObjectNode properties = feature.putObject("properties").put("code", r.getString("code"))
                        .put("name", r.getString("name")).put("tier", r.getString("tier")).put("status", r.getString("status"));
                if (r.getString("state_code") != null) {
                    properties.put("stateCode", r.getString("state_code"));
                }
                if (r.getString("lga_code") != null) {
                    properties.put("lgaCode", r.getString("lga_code"));
                }
                if (r.getLong("quantity") != null) {
                    properties.put("quantity", r.getLong("quantity"));
                }
                if (r.getBigDecimal("months_of_stock") != null && product != null) {
                    properties.put("monthsOfStock", r.getBigDecimal("months_of_stock"));
                }
            }
            collection.putObject("properties").put("area", area.code()).put("product", product).put("count", features.size());
            return EventJson.write(collection);
        });
    }

    /**
     * Every facility's current level of every product in the area, compact: one object per facility (code and area)
     * with its levels as {@code [product, status, quantity]} rows, in code and product order. PostgreSQL builds each
     * facility's rows ({@code json_agg}), so the nation — 30,000 facilities × 16 products — is one query and ~15 MB,
     * not 16 map layers of ~8 MB each. A level whose facility is not (yet) in the reference data is there too, without
     * an area, in the nation's answer.
     */
    public Uni<String> levels(AreaScope area) {
        String sql = """
                select s.facility_code, f.zone_code, f.state_code, f.lga_code,
                       json_agg(json_build_array(s.product_code, s.status, s.quantity) order by s.product_code)::text as levels
                from stock_status s left join facility f on f.code = s.facility_code
                where %s
                group by s.facility_code, f.zone_code, f.state_code, f.lga_code order by s.facility_code""".formatted(area.condition(1));
        return pool.preparedQuery(sql).execute(Tuple.of(area.code()))
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(rows -> {
                    StringBuilder json = new StringBuilder(rows.size() * 520 + 128).append("{\"area\":").append(EventJson.write(area.code()))
                            .append(",\"columns\":[\"product\",\"status\",\"quantity\"],\"facilities\":[");
                    boolean first = true;
                    for (Row r : rows) {
                        json.append(first ? "{\"code\":" : ",{\"code\":").append(EventJson.write(r.getString("facility_code")));
                        first = false;
                        for (String column : new String[] { "zone_code", "state_code", "lga_code" }) {
                            String value = r.getString(column);
                            if (value != null) {
                                json.append(",\"").append(column, 0, column.indexOf('_')).append("\":").append(EventJson.write(value));
                            }
                        }
                        json.append(",\"levels\":").append(r.getString("levels")).append('}');
                    }
                    return json.append("]}").toString();
                });
    }

    /** Per product: the share of facilities stocked out, within min–max, and adequately stocked (> 0 and ≤ max). */
    public Uni<Kpis> kpis(AreaScope area, String product, FacilityTier tier) {
        String sql = """
                select s.product_code, count(*) as facilities,
                       count(*) filter (where s.status = 'STOCKED_OUT') as stocked_out,
                       count(*) filter (where s.status = 'WITHIN_RANGE') as within_range,
                       count(*) filter (where s.status in ('BELOW_MIN', 'WITHIN_RANGE')) as adequate
                from stock_status s join facility f on f.code = s.facility_code
                where %s and ($2::text is null or s.product_code = $2) and f.tier = $3
                group by s.product_code order by s.product_code""".formatted(area.condition(1));
        return pool.preparedQuery(sql).execute(Tuple.of(area.code(), product, tier.name())).map(rows -> {
            List<Kpi> kpis = new ArrayList<>();
            for (Row r : rows) {
                long n = r.getLong("facilities");
                kpis.add(new Kpi(r.getString("product_code"), n, r.getLong("stocked_out"), r.getLong("within_range"), r.getLong("adequate"),
                        share(r.getLong("stocked_out"), n), share(r.getLong("within_range"), n), share(r.getLong("adequate"), n)));
            }
            return new Kpis(new AreaRef(area.code(), area.name()), tier.name(), kpis);
        });
    }

    /** Ledger lines of a facility, newest first, {@code limit} per page; the cursor is opaque to clients. */
    public Uni<LedgerPage> ledger(String facility, String product, String cursor, int limit) {
        long[] after;
        try {
            after = decodeCursor(cursor);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(e);
        }
        String sql = """
                select l.*, v.void_event_id as voided_by, w.voided_event_id as voids from ledger_entry l
                  left join ledger_void v on v.voided_event_id = l.event_id left join ledger_void w on w.void_event_id = l.event_id
                where l.facility_code = $1 and ($2::text is null or l.product_code = $2)
                  and ($3::timestamptz is null or (l.occurred_at, l.id) < ($3, $4))
                order by l.occurred_at desc, l.id desc limit $5""";
        OffsetDateTime afterTime = after == null ? null : OffsetDateTime.ofInstant(Instant.EPOCH.plusNanos(after[0] * 1000), java.time.ZoneOffset.UTC);
        return pool.preparedQuery(sql).execute(Tuple.from(new Object[] { facility, product, afterTime, after == null ? 0L : after[1], limit + 1 }))
                .map(rows -> {
                    List<Row> page = new ArrayList<>();
                    rows.forEach(page::add);
                    boolean more = page.size() > limit;
                    List<Row> shown = more ? page.subList(0, limit) : page;
                    List<LedgerLine> items = shown.stream().map(DashboardQueries::line).toList();
                    // There is a further page: it starts after the last line of this one.
                    String next = more ? encodeCursor(items.get(limit - 1).occurredAt(), shown.get(limit - 1).getLong("id")) : null;
                    return new LedgerPage(facility, items, next);
                });
    }


    private static LedgerLine line(Row r) {
        return new LedgerLine(r.getString("event_id"), r.getString("event_type"), r.getString("product_code"), r.getString("lot_code"),
                r.getLocalDate("lot_expiry"), r.getLong("quantity"), r.getLong("delta"), r.getLong("balance_after"),
                instant(r.getOffsetDateTime("occurred_at")), instant(r.getOffsetDateTime("recorded_at")), r.getString("source_system"),
                r.getValue("vvm_stage") == null ? null : r.getInteger("vvm_stage"), r.getString("reason"), r.getString("counterparty_code"),
                r.getString("voided_by"), r.getString("voids"));
    }

    static String encodeCursor(Instant occurredAt, long id) {
        long micros = occurredAt.getEpochSecond() * 1_000_000 + occurredAt.getNano() / 1000;
        return Base64.getUrlEncoder().withoutPadding().encodeToString((micros + ":" + id).getBytes(StandardCharsets.US_ASCII));
    }

    /** Null for the first page; throws IllegalArgumentException for a cursor we did not issue. */
    static long[] decodeCursor(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII).split(":");
        if (parts.length != 2) {
            throw new IllegalArgumentException("malformed cursor");
        }
        return new long[] { Long.parseLong(parts[0]), Long.parseLong(parts[1]) };
    }

    private static BigDecimal share(long part, long whole) {
        return whole == 0 ? BigDecimal.ZERO : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP);
    }

    private static AreaScope toScope(Row row) {
        return new AreaScope(row.getString("code"), row.getString("name"), row.getString("level"));
    }

    private static AreaRef ref(String code, String name) {
        return code == null ? null : new AreaRef(code, name);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
