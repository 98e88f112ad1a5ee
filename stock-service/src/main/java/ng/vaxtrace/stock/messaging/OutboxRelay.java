package ng.vaxtrace.stock.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.stock.cache.StockCache;
import ng.vaxtrace.stock.config.StockConfig;
import ng.vaxtrace.stock.ledger.OutboxMessage;

/**
 * Publishes outbox rows after their transaction committed: invalidate the facility's cached responses, send, wait
 * for Kafka's ack, delete the row. A row is locked (SKIP LOCKED) while it is published, so replicas never publish
 * the same row at once; rows left by a crash are found by the periodic sweep.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final String LOCK_ONE = "select * from outbox_message where id = ?1 for update skip locked";
    private static final String LOCK_ORPHANS = "select * from outbox_message where created_at < ?1 order by id limit ?2 for update skip locked";

    private final MutinyEmitter<String> emitter;
    private final StockCache cache;
    private final StockConfig config;
    private final Clock clock;

    public OutboxRelay(@Channel("stock-levels-out") MutinyEmitter<String> emitter, StockCache cache, StockConfig config,
            Clock clock) {
        this.emitter = emitter;
        this.cache = cache;
        this.config = config;
        this.clock = clock;
    }

    /** Publishes one row right after its transaction; if that fails the row stays for the sweep. */
    public Uni<Void> deliver(long outboxId) {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session
                        .createNativeQuery(LOCK_ONE, OutboxMessage.class).setParameter(1, outboxId).getResultList())
                        .flatMap(this::publishAll))
                .onFailure().recoverWithUni(e -> {
                    Log.warnf("outbox row %d not published yet (the sweep will retry): %s", outboxId, e.toString());
                    return Uni.createFrom().voidItem();
                });
    }

    /** Publishes rows a crash left behind (older than the sweep age), oldest first. */
    @Scheduled(every = "${vaxtrace.stock.outbox-sweep-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> sweep() {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session
                        .createNativeQuery(LOCK_ORPHANS, OutboxMessage.class)
                        .setParameter(1, clock.instant().minus(config.outboxSweepAge()))
                        .setParameter(2, config.outboxSweepBatch())
                        .getResultList())
                        .invoke(rows -> {
                            if (!rows.isEmpty()) {
                                Log.infof("outbox sweep publishing %d orphaned rows", rows.size());
                            }
                        })
                        .flatMap(this::publishAll))
                .onFailure().recoverWithUni(e -> {
                    Log.warnf("outbox sweep failed, will retry: %s", e.toString());
                    return Uni.createFrom().voidItem();
                });
    }

    private Uni<Void> publishAll(List<OutboxMessage> rows) {
        // In order, one at a time: a facility's changes must reach Kafka in the order they were made.
        return Multi.createFrom().iterable(rows)
                .onItem().transformToUniAndConcatenate(row -> publish(row).chain(() -> row.delete()))
                .collect().last().replaceWithVoid();
    }

    private Uni<Void> publish(OutboxMessage row) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(row.topic)
                .withKey(row.messageKey)
                .withHeaders(new RecordHeaders().add("content-type", CloudEvent.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8)))
                .build();
        return cache.invalidate(row.messageKey, row.invalidateAreas)
                .chain(() -> emitter.sendMessage(Message.of(row.payload).addMetadata(metadata)));
    }
}
