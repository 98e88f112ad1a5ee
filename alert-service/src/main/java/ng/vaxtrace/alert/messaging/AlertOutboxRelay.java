package ng.vaxtrace.alert.messaging;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import ng.vaxtrace.alert.store.AlertBook.Change;
import ng.vaxtrace.contracts.CloudEvent;

/**
 * Publishes alert events from the outbox after their transaction committed, in outbox order: one publisher at a time
 * (a Postgres advisory lock, across replicas too) takes the oldest pending rows, sends them in id order, waits for
 * every ack and deletes them. So an alert's {@code resolved} can never overtake its {@code opened}, even when a
 * publication failed and is retried, or a REST action and a consumer race. Rows a crash left behind are published by
 * the periodic sweep, which runs the same code.
 */
@ApplicationScoped
public class AlertOutboxRelay {

    private static final String ONE_PUBLISHER = "select pg_advisory_xact_lock(hashtext('alert-service:outbox'))";
    private static final String OLDEST = "select id, message_key, payload from outbox_message order by id limit 500";

    private final MutinyEmitter<String> emitter;
    private final Pool pool;

    public AlertOutboxRelay(@Channel("alerts-out") MutinyEmitter<String> emitter, Pool pool) {
        this.emitter = emitter;
        this.pool = pool;
    }

    /** Publishes what is pending right after a commit; if that fails the rows stay for the sweep. */
    public Uni<Void> deliver(List<Change> changes) {
        if (changes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return publishPending().onFailure().recoverWithUni(e -> {
            Log.warnf("%d alert events not published yet (the sweep will retry): %s", changes.size(), e.toString());
            return Uni.createFrom().voidItem();
        });
    }

    @Scheduled(every = "${vaxtrace.alert.outbox-sweep-interval:5s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> sweep() {
        return publishPending().onFailure().recoverWithUni(e -> {
            Log.warnf("alert outbox sweep failed, will retry: %s", e.toString());
            return Uni.createFrom().voidItem();
        });
    }

    /** Oldest first, 500 at a time, until nothing is pending. */
    private Uni<Void> publishPending() {
        return pool.withTransaction(conn -> conn.query(ONE_PUBLISHER).execute()
                        .chain(() -> conn.query(OLDEST).execute())
                        .flatMap(rows -> publishAll(conn, rows).replaceWith(rows.size())))
                .flatMap(published -> published == 500 ? publishPending() : Uni.createFrom().voidItem());
    }

    private Uni<Void> publishAll(SqlConnection conn, Iterable<Row> rows) {
        List<Long> ids = new ArrayList<>();
        List<Uni<Void>> sends = new ArrayList<>();
        for (Row row : rows) {
            ids.add(row.getLong("id"));
            sends.add(publish(row.getString("message_key"), row.getString("payload")));
        }
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join().all(sends).andFailFast()
                .chain(() -> conn.preparedQuery("delete from outbox_message where id = any($1)").execute(Tuple.of(ids.toArray(Long[]::new))))
                .replaceWithVoid();
    }

    private Uni<Void> publish(String key, String payload) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(key)
                .withHeaders(new RecordHeaders().add("content-type", CloudEvent.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8)))
                .build();
        return emitter.sendMessage(Message.of(payload).addMetadata(metadata));
    }
}
