package ng.vaxtrace.stock.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.stock.cache.StockCache;
import ng.vaxtrace.stock.config.StockConfig;
import ng.vaxtrace.stock.ledger.LedgerService.Pending;

/**
 * Publishes outbox rows after their transaction committed: invalidate the cached responses they make stale, send
 * them all, wait for Kafka's acks, delete the rows — one transaction and three statements per batch. A row is locked
 * (SKIP LOCKED) while it is published, so the sweep and other replicas never publish it at the same time; rows left
 * by a crash (or by a failed publish) are found by the periodic sweep.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final String LOCK_SOME = "select id from outbox_message where id = any($1::int8[]) order by id for update skip locked";
    private static final String LOCK_ORPHANS = """
            select id, topic, message_key, payload, invalidate_areas from outbox_message
            where created_at < $1 order by id limit $2 for update skip locked""";
    private static final String DELETE = "delete from outbox_message where id = any($1::int8[])";

    private final MutinyEmitter<String> emitter;
    private final StockCache cache;
    private final StockConfig config;
    private final Clock clock;
    private final Pool pool;
    private final MeterRegistry metrics;

    public OutboxRelay(@Channel("stock-levels-out") MutinyEmitter<String> emitter, StockCache cache, StockConfig config, Clock clock,
            Pool pool, MeterRegistry metrics) {
        this.emitter = emitter;
        this.cache = cache;
        this.config = config;
        this.clock = clock;
        this.pool = pool;
        this.metrics = metrics;
    }

    /** Publishes a batch's rows right after its commit; if that fails they stay for the sweep. */
    public Uni<Void> deliver(List<Pending> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.withTransaction(conn -> conn.preparedQuery(LOCK_SOME)
                        .execute(Tuple.of(rows.stream().map(Pending::id).toArray(Long[]::new)))
                        .flatMap(locked -> {
                            Set<Long> mine = new HashSet<>();
                            locked.forEach(row -> mine.add(row.getLong(0)));
                            return publishAll(conn, rows.stream().filter(row -> mine.contains(row.id())).toList());
                        }))
                .onFailure().recoverWithUni(e -> {
                    Log.warnf("%d outbox rows not published yet (the sweep will retry): %s", rows.size(), e.toString());
                    return Uni.createFrom().voidItem();
                });
    }

    /** Publishes rows a crash or a failed publish left behind (older than the sweep age), oldest first. */
    @Scheduled(every = "${vaxtrace.stock.outbox-sweep-interval:5s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> sweep() {
        return pool.withTransaction(conn -> conn.preparedQuery(LOCK_ORPHANS)
                        .execute(Tuple.of(clock.instant().minus(config.outboxSweepAge()).atOffset(ZoneOffset.UTC), config.outboxSweepBatch()))
                        .flatMap(found -> {
                            List<Pending> rows = new ArrayList<>();
                            for (Row row : found) {
                                rows.add(new Pending(row.getLong("id"), row.getString("topic"), row.getString("message_key"),
                                        row.getString("payload"), row.getString("invalidate_areas")));
                            }
                            if (!rows.isEmpty()) {
                                Log.infof("outbox sweep publishing %d orphaned rows", rows.size());
                            }
                            return publishAll(conn, rows);
                        }))
                .onFailure().recoverWithUni(e -> {
                    Log.warnf("outbox sweep failed, will retry: %s", e.toString());
                    return Uni.createFrom().voidItem();
                });
    }

    /**
     * Invalidates each affected facility and area once, sends every row (in id order: the producer keeps
     * per-partition order), waits for all acks, then deletes the rows in one statement.
     */
    private Uni<Void> publishAll(SqlConnection conn, List<Pending> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Set<String> facilities = new LinkedHashSet<>();
        Set<String> areas = new LinkedHashSet<>();
        for (Pending row : rows) {
            facilities.add(row.key());
            areas.addAll(List.of(row.invalidateAreas().split(",")));
        }
        List<Pending> ordered = rows.stream().sorted((a, b) -> Long.compare(a.id(), b.id())).toList();
        return cache.invalidateAll(facilities, areas)
                // A Redis outage must not hold back the stock-level changes: cached reads are bounded by the TTL.
                .onFailure().recoverWithItem(e -> {
                    Log.warnf("cache invalidation failed (entries expire within the cache TTL): %s", e.toString());
                    return null;
                })
                .chain(() -> Uni.join().all(ordered.stream().map(this::publish).toList()).andFailFast())
                .chain(() -> conn.preparedQuery(DELETE).execute(Tuple.of(ordered.stream().map(Pending::id).toArray(Long[]::new))))
                .invoke(() -> metrics.counter("vaxtrace_stock_outbox_published_total").increment(ordered.size()))
                .replaceWithVoid();
    }

    private Uni<Void> publish(Pending row) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(row.topic())
                .withKey(row.key())
                .withHeaders(new RecordHeaders().add("content-type", CloudEvent.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8)))
                .build();
        return emitter.sendMessage(Message.of(row.payload()).addMetadata(metadata));
    }
}
