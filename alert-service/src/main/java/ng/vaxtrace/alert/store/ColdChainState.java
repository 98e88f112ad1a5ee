package ng.vaxtrace.alert.store;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import ng.vaxtrace.alert.rules.ColdChainRules.Run;
import ng.vaxtrace.contracts.ColdChainReading;

/** Stored fridge readings and the out-of-range runs measured on them. */
public final class ColdChainState {

    private static final String INSERT = "insert into fridge_reading (fridge_id, measured_at, facility_code, temperature_c) "
            + "values ($1, $2, $3, $4) on conflict do nothing";
    private static final String LATEST = "select max(measured_at) from fridge_reading where fridge_id = $1";
    // The run of readings above the limit that ends at $2: those after the last in-range reading up to $2.
    private static final String HEAT_RUN = "select min(measured_at), max(measured_at), max(temperature_c), count(*) from fridge_reading "
            + "where fridge_id = $1 and measured_at <= $2 and measured_at > coalesce((select max(measured_at) from fridge_reading "
            + "where fridge_id = $1 and measured_at <= $2 and temperature_c <= $3), '-infinity'::timestamptz)";
    private static final String FREEZE_RUN = "select min(measured_at), max(measured_at), min(temperature_c), count(*) from fridge_reading "
            + "where fridge_id = $1 and measured_at <= $2 and measured_at > coalesce((select max(measured_at) from fridge_reading "
            + "where fridge_id = $1 and measured_at <= $2 and temperature_c > $3), '-infinity'::timestamptz)";

    private ColdChainState() {
    }

    /** The newest reading time of a fridge before this batch (null for a new fridge). */
    public static Uni<Instant> latest(SqlConnection conn, String fridgeId) {
        return conn.preparedQuery(LATEST).execute(Tuple.of(fridgeId)).map(rows -> {
            var value = rows.iterator().next().getOffsetDateTime(0);
            return value == null ? null : value.toInstant();
        });
    }

    public static Uni<Void> store(SqlConnection conn, ColdChainReading reading) {
        return conn.preparedQuery(INSERT).execute(Tuple.of(reading.fridgeId(), reading.measuredAt().atOffset(ZoneOffset.UTC),
                reading.facilityCode(), BigDecimal.valueOf(reading.temperatureCelsius()))).replaceWithVoid();
    }

    public static Uni<Run> heatRun(SqlConnection conn, String fridgeId, Instant asOf, double limit) {
        return run(conn, HEAT_RUN, fridgeId, asOf, limit);
    }

    public static Uni<Run> freezeRun(SqlConnection conn, String fridgeId, Instant asOf, double limit) {
        return run(conn, FREEZE_RUN, fridgeId, asOf, limit);
    }

    private static Uni<Run> run(SqlConnection conn, String sql, String fridgeId, Instant asOf, double limit) {
        return conn.preparedQuery(sql).execute(Tuple.of(fridgeId, asOf.atOffset(ZoneOffset.UTC), BigDecimal.valueOf(limit))).map(rows -> {
            var row = rows.iterator().next();
            if (row.getLong(3) == 0) {
                return null;
            }
            return new Run(row.getOffsetDateTime(0).toInstant(), row.getOffsetDateTime(1).toInstant(), row.getBigDecimal(2),
                    row.getLong(3).intValue());
        });
    }
}
