package ng.vaxtrace.stock.dashboard;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
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
import io.vertx.mutiny.sqlclient.Tuple;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.FacilityTier;
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
import ng.vaxtrace.stock.metrics.StockMetrics;
import ng.vaxtrace.stock.metrics.StockStatus;
import ng.vaxtrace.stock.metrics.TierLevels;

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
    private final TierLevels levels;

    public DashboardQueries(Pool pool, Clock clock, TierLevels levels) {
        this.pool = pool;
        this.clock = clock;
        this.levels = levels;
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
        Uni<Row> facility = pool.preparedQuery("select tier from facility where code = $1").execute(Tuple.of(code))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next());
        return facility.flatMap(f -> f == null ? Uni.createFrom().nullItem() : pool.preparedQuery("""
                select s.product_code, s.quantity as product_quantity, s.amc, s.months_of_stock, s.status, s.stockout_days,
                       s.last_event_at, b.lot_code, b.lot_expiry, b.quantity as lot_quantity, b.last_occurred_at
                from stock_status s left join stock_balance b on b.facility_code = s.facility_code and b.product_code = s.product_code
                where s.facility_code = $1 order by s.product_code, b.lot_expiry nulls last, b.lot_code""")
                .execute(Tuple.of(code)).map(rows -> {
                    FacilityTier tier = FacilityTier.valueOf(f.getString("tier"));
                    var minMax = levels.minMax(tier);
                    Map<String, ProductStock> products = new LinkedHashMap<>();
                    Instant lastReport = null;
                    for (Row r : rows) {
                        Instant last = instant(r.getOffsetDateTime("last_event_at"));
                        lastReport = lastReport == null || last.isAfter(lastReport) ? last : lastReport;
                        ProductStock product = products.computeIfAbsent(r.getString("product_code"), p -> new ProductStock(p,
                                r.getLong("product_quantity"), r.getLong("amc"), r.getBigDecimal("months_of_stock"), r.getString("status"),
                                r.getInteger("stockout_days"), minMax.minMonths(), minMax.maxMonths(), new ArrayList<>()));
                        if (r.getString("lot_code") != null) {
                            product.lots().add(new LotStock(r.getString("lot_code"), r.getLocalDate("lot_expiry"), r.getLong("lot_quantity"),
                                    instant(r.getOffsetDateTime("last_occurred_at"))));
                        }
                    }
                    return new FacilityStock(code, tier.name(), lastReport,
                            lastReport == null ? null : StockMetrics.daysBetween(lastReport, clock.instant()), List.copyOf(products.values()));
                }));
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
