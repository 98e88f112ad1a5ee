package ng.vaxtrace.stock.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
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

    private static final String LOCK_SOME = "select * from outbox_message where id in (?1) order by id for update skip locked";
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

    /** Publishes rows right after their transaction; if that fails they stay for the sweep. */
    public Uni<Void> deliver(List<Long> outboxIds) {
        if (outboxIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session
                        .createNativeQuery(LOCK_SOME, OutboxMessage.class).setParameter(1, outboxIds).getResultList())
                        .flatMap(this::publishAll))
                .onFailure().recoverWithUni(e -> {
                    Log.warnf("%d outbox rows not published yet (the sweep will retry): %s", outboxIds.size(), e.toString());
                    return Uni.createFrom().voidItem();
                });
    }

    /** Publishes rows a crash left behind (older than the sweep age), oldest first. */
    @Scheduled(every = "${vaxtrace.stock.outbox-sweep-interval:5s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
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

    /**
     * Invalidates each affected facility and area once, sends every row (in order: the producer keeps per-partition
     * order), waits for all acks, then deletes the rows in one statement.
     */
    private Uni<Void> publishAll(List<OutboxMessage> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Set<String> facilities = new LinkedHashSet<>();
        Set<String> areas = new LinkedHashSet<>();
        for (OutboxMessage row : rows) {
            facilities.add(row.messageKey);
            areas.addAll(List.of(row.invalidateAreas.split(",")));
        }
        List<Long> ids = rows.stream().map(row -> row.id).toList();
        return cache.invalidateAll(facilities, areas)
                // A Redis outage must not hold back the stock-level changes: cached reads are bounded by the TTL.
                .onFailure().recoverWithItem(e -> {
                    Log.warnf("cache invalidation failed (entries expire within the cache TTL): %s", e.toString());
                    return null;
                })
                .chain(() -> Uni.join().all(rows.stream().map(this::publish).toList()).andFailFast())
                .chain(() -> Panache.getSession().flatMap(session -> session.createNativeQuery("delete from outbox_message where id in (?1)")
                        .setParameter(1, ids).executeUpdate()))
                .replaceWithVoid();
    }

    private Uni<Void> publish(OutboxMessage row) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(row.topic)
                .withKey(row.messageKey)
                .withHeaders(new RecordHeaders().add("content-type", CloudEvent.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8)))
                .build();
        return emitter.sendMessage(Message.of(row.payload).addMetadata(metadata));
    }
}
