package ng.vaxtrace.alert.store;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import ng.vaxtrace.alert.rules.StockRules.LotLevel;
import ng.vaxtrace.alert.rules.StockRules.ProductLevel;
import ng.vaxtrace.contracts.VvmTally;
import ng.vaxtrace.contracts.FacilityArea;
import ng.vaxtrace.contracts.LevelMetrics;
import ng.vaxtrace.contracts.StockLevelChanged;

/** The stock figures the rules read, kept from stock-level changes: facility, product level, lots. */
public final class StockState {

    private static final String FACILITY = "insert into facility (facility_code, zone_code, state_code, lga_code, last_event_at) "
            + "values ($1, $2, $3, $4, $5) on conflict (facility_code) do update set "
            + "zone_code = coalesce(excluded.zone_code, facility.zone_code), state_code = coalesce(excluded.state_code, facility.state_code), "
            + "lga_code = coalesce(excluded.lga_code, facility.lga_code), "
            + "last_event_at = greatest(facility.last_event_at, excluded.last_event_at) returning (xmax = 0) as inserted";
    // Readings reach alert-service faster than a facility's first stock report: give their alerts the area once known.
    private static final String BACKFILL_AREA = "update alert set zone_code = $2, state_code = $3, lga_code = $4 where facility_code = $1 "
            + "and zone_code is null and state_code is null and lga_code is null";
    private static final String PRODUCT = "insert into product_level (facility_code, product_code, balance, amc, months_of_stock, "
            + "min_months, max_months, recorded_at, days_of_stock, predicted_stockout_date, min_stock, max_stock) "
            + "values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) "
            + "on conflict (facility_code, product_code) "
            + "do update set balance = excluded.balance, amc = excluded.amc, months_of_stock = excluded.months_of_stock, "
            + "min_months = excluded.min_months, max_months = excluded.max_months, recorded_at = excluded.recorded_at, "
            + "days_of_stock = excluded.days_of_stock, predicted_stockout_date = excluded.predicted_stockout_date, "
            + "min_stock = excluded.min_stock, max_stock = excluded.max_stock";
    private static final String LOT = "insert into lot_level (facility_code, product_code, lot_code, balance, expiry, vvm_stage, "
            + "vvm_discarded, vvm_pending) values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict (facility_code, product_code, lot_code) "
            + "do update set balance = excluded.balance, expiry = coalesce(excluded.expiry, lot_level.expiry), "
            + "vvm_stage = excluded.vvm_stage, vvm_discarded = excluded.vvm_discarded, vvm_pending = excluded.vvm_pending";
    private static final String LOTS = "select lot_code, balance, expiry, vvm_stage, vvm_discarded, vvm_pending from lot_level "
            + "where facility_code = $1 and product_code = $2";
    private static final String LEVEL = "select balance, amc, months_of_stock, min_months, max_months, days_of_stock, "
            + "predicted_stockout_date, recorded_at, min_stock, max_stock from product_level "
            + "where facility_code = $1 and product_code = $2";
    private static final String AREA = "select zone_code, state_code, lga_code from facility where facility_code = $1";

    private StockState() {
    }

    /**
     * Records one change: where the facility is, that it reported, the product's level and the lot's, with the lot's
     * VVM tally after the change ({@link VvmTally#next}).
     */
    public static Uni<Void> record(SqlConnection conn, StockLevelChanged change, VvmTally vvm) {
        FacilityArea area = change.area() == null ? new FacilityArea(null, null, null) : change.area();
        LevelMetrics m = change.metrics();
        // A daily recompute is not a report: the facility's last report stays when it last reported (its field time).
        java.time.Instant reported = StockLevelChanged.RECOMPUTE.equals(change.causeEventType()) && change.lastEventAt() != null
                ? change.lastEventAt() : change.recordedAt();
        Tuple facility = Tuple.of(change.facilityCode(), area.zoneCode(), area.stateCode(), area.lgaCode())
                .addOffsetDateTime(reported.atOffset(ZoneOffset.UTC));
        Tuple product = Tuple.of(change.facilityCode(), change.productCode(), change.productBalanceAfter())
                .addLong(m == null ? null : m.amc())
                .addBigDecimal(m == null ? null : m.monthsOfStock())
                .addBigDecimal(m == null ? null : java.math.BigDecimal.valueOf(m.minMonths()))
                .addBigDecimal(m == null ? null : java.math.BigDecimal.valueOf(m.maxMonths()))
                .addOffsetDateTime(change.recordedAt().atOffset(ZoneOffset.UTC))
                .addBigDecimal(m == null ? null : m.daysOfStock())
                .addLocalDate(m == null ? null : m.predictedStockOutDate())
                .addLong(m == null ? null : m.minStock())
                .addLong(m == null ? null : m.maxStock());
        Uni<Void> written = conn.preparedQuery(FACILITY).execute(facility)
                .chain(rows -> rows.iterator().next().getBoolean("inserted") && change.area() != null
                        ? conn.preparedQuery(BACKFILL_AREA).execute(Tuple.of(change.facilityCode(), area.zoneCode(), area.stateCode(), area.lgaCode()))
                        : Uni.createFrom().item(rows))
                .chain(() -> conn.preparedQuery(PRODUCT).execute(product)).replaceWithVoid();
        if (change.lotCode() == null || change.lotCode().isEmpty()) {
            return written;
        }
        Tuple lot = Tuple.of(change.facilityCode(), change.productCode(), change.lotCode(), change.lotBalanceAfter())
                .addLocalDate(change.lotExpiry())
                .addShort(vvm.stage() == null ? null : vvm.stage().shortValue())
                .addLong(vvm.discarded()).addLong(vvm.pending());
        return written.chain(() -> conn.preparedQuery(LOT).execute(lot)).replaceWithVoid();
    }

    public static Uni<ProductLevel> level(SqlConnection conn, String facility, String product) {
        return conn.preparedQuery(LEVEL).execute(Tuple.of(facility, product)).map(rows -> {
            var it = rows.iterator();
            if (!it.hasNext()) {
                return null;
            }
            var row = it.next();
            return new ProductLevel(row.getLong("balance"), row.getLong("amc"), row.getBigDecimal("months_of_stock"),
                    row.getBigDecimal("min_months"), row.getBigDecimal("max_months"), row.getBigDecimal("days_of_stock"),
                    row.getLocalDate("predicted_stockout_date"), row.getOffsetDateTime("recorded_at").toInstant(), row.getLong("min_stock"),
                    row.getLong("max_stock"));
        });
    }

    public static Uni<List<LotLevel>> lots(SqlConnection conn, String facility, String product) {
        return conn.preparedQuery(LOTS).execute(Tuple.of(facility, product)).map(rows -> {
            List<LotLevel> lots = new ArrayList<>();
            rows.forEach(row -> {
                LocalDate expiry = row.getLocalDate("expiry");
                Short stage = row.getShort("vvm_stage");
                VvmTally vvm = stage == null ? VvmTally.CLEAR
                        : new VvmTally(stage.intValue(), row.getLong("vvm_discarded"), row.getLong("vvm_pending"));
                lots.add(new LotLevel(row.getString("lot_code"), row.getLong("balance"), expiry, vvm));
            });
            return lots;
        });
    }

    /** Where a facility sits, when a stock-level change has told us; null otherwise. */
    public static Uni<FacilityArea> area(SqlConnection conn, String facility) {
        return conn.preparedQuery(AREA).execute(Tuple.of(facility)).map(rows -> {
            var it = rows.iterator();
            if (!it.hasNext()) {
                return null;
            }
            var row = it.next();
            return new FacilityArea(row.getString("zone_code"), row.getString("state_code"), row.getString("lga_code"));
        });
    }

}
