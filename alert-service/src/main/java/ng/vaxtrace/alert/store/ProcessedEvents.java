package ng.vaxtrace.alert.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** Event ids already applied: the consumers' idempotency (at-least-once in, exactly-once effect). */
public final class ProcessedEvents {

    private static final String CLAIM = "insert into processed_event (event_id, processed_at) select unnest($1::varchar[]), $2 "
            + "on conflict do nothing returning event_id";

    private ProcessedEvents() {
    }

    /** Records the ids in the caller's transaction and returns those not seen before. */
    public static Uni<Set<String>> claim(SqlConnection conn, List<String> eventIds, Instant now) {
        return conn.preparedQuery(CLAIM).execute(Tuple.of(eventIds.toArray(String[]::new), now.atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    Set<String> fresh = new HashSet<>();
                    rows.forEach(row -> fresh.add(row.getString(0)));
                    return fresh;
                });
    }
}
