package ng.vaxtrace.alert.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
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
import ng.vaxtrace.alert.config.AlertConfig;
import ng.vaxtrace.alert.store.AlertBook.Change;
import ng.vaxtrace.contracts.CloudEvent;

/**
 * Publishes alert events from the outbox after their transaction committed: lock the rows (SKIP LOCKED, so replicas
 * never publish a row at once), send, wait for every ack, delete. Rows a crash left behind are found by the sweep.
 */
@ApplicationScoped
public class AlertOutboxRelay {

    private static final String LOCK_SOME = "select id, message_key, payload from outbox_message where id = any($1) order by id "
            + "for update skip locked";
    private static final String LOCK_ORPHANS = "select id, message_key, payload from outbox_message where created_at < $1 order by id "
            + "limit 500 for update skip locked";

    private final MutinyEmitter<String> emitter;
    private final Pool pool;
    private final AlertConfig config;
    private final Clock clock;

    public AlertOutboxRelay(@Channel("alerts-out") MutinyEmitter<String> emitter, Pool pool, AlertConfig config, Clock clock) {
        this.emitter = emitter;
        this.pool = pool;
        this.config = config;
        this.clock = clock;
    }

    /** Publishes the rows of changes just committed; if that fails they stay for the sweep. */
    public Uni<Void> deliver(List<Change> changes) {
        if (changes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Long[] ids = changes.stream().map(Change::outboxId).toArray(Long[]::new);
        return pool.withTransaction(conn -> conn.preparedQuery(LOCK_SOME).execute(Tuple.of(ids)).flatMap(rows -> publishAll(conn, rows)))
                .onFailure().recoverWithUni(e -> {
                    Log.warnf("%d alert events not published yet (the sweep will retry): %s", ids.length, e.toString());
                    return Uni.createFrom().voidItem();
                });
    }

    @Scheduled(every = "${vaxtrace.alert.outbox-sweep-interval:5s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> sweep() {
        return pool.withTransaction(conn -> conn.preparedQuery(LOCK_ORPHANS)
                        .execute(Tuple.of(clock.instant().minus(config.outboxSweepAge()).atOffset(ZoneOffset.UTC)))
                        .flatMap(rows -> {
                            if (rows.size() > 0) {
                                Log.infof("outbox sweep publishing %d orphaned alert events", rows.size());
                            }
                            return publishAll(conn, rows);
                        }))
                .onFailure().recoverWithUni(e -> {
                    Log.warnf("alert outbox sweep failed, will retry: %s", e.toString());
                    return Uni.createFrom().voidItem();
                });
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
