package ng.vaxtrace.stock.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.common.annotation.Identifier;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.stock.cache.StockCache;
import ng.vaxtrace.stock.config.StockConfig;
import ng.vaxtrace.stock.ledger.LedgerService.Pending;
import ng.vaxtrace.stock.ledger.OutboxFormat;

/**
 * Publishes outbox rows after their transaction committed: invalidate the cached responses they make stale and send
 * them all at once, wait for Kafka's acks, delete the rows. Rows left by a crash (or by a failed publish) are found
 * by the periodic sweep, which locks what it publishes (SKIP LOCKED) so replicas never sweep the same rows. It sends with a Kafka producer of its own
 * (acks=all, idempotent, the {@code kafka.*} settings plus {@code vaxtrace.stock.levels-producer.*}): a batch of
 * a thousand records is one call per record into the client's own batching, without a reactive stream per record.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final String LOCK_ORPHANS = """
            select id, topic, message_key, payload, invalidate_areas from outbox_message
            where created_at < $1 order by id limit $2 for update skip locked""";
    private static final String DELETE = "delete from outbox_message where id = any($1::int8[])";
    private static final String ASYNC_COMMIT = "set local synchronous_commit = off";

    private final KafkaProducer<String, String> producer;
    private final StockCache cache;
    private final StockConfig config;
    private final Clock clock;
    private final Pool pool;
    private final MeterRegistry metrics;

    public OutboxRelay(@Identifier("default-kafka-broker") Map<String, Object> kafka, StockCache cache, StockConfig config, Clock clock,
            Pool pool, MeterRegistry metrics) {
        Map<String, Object> properties = new HashMap<>(kafka);
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "stock-service-levels");
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        // A batch of a thousand changes is ~700 KB: sent in a few large requests rather than dozens of 16 KB ones
        // (the idempotent producer allows only five in flight per broker).
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        this.producer = new KafkaProducer<>(properties);
        this.cache = cache;
        this.config = config;
        this.clock = clock;
        this.pool = pool;
        this.metrics = metrics;
    }

    /**
     * Publishes a batch's rows right after its commit, from memory: send and invalidate at once, then delete the rows
     * (no flush to disk: if the delete is lost in a crash the sweep publishes them again, under the same ids). Rows
     * are not locked here: the sweep only takes rows older than the sweep age, and were it to publish a row a slow
     * relay is also publishing, consumers drop the second copy by its id. If publishing fails the rows stay for the
     * sweep.
     */
    public Uni<Void> deliver(List<Pending> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Long[] ids = rows.stream().map(Pending::id).distinct().toArray(Long[]::new);
        return Uni.combine().all().unis(invalidate(rows), Uni.createFrom().completionStage(() -> publish(rows))).discardItems()
                .chain(() -> pool.withTransaction(conn -> conn.query(ASYNC_COMMIT).execute()
                        .chain(() -> conn.preparedQuery(DELETE).execute(Tuple.of(ids)))))
                .invoke(() -> metrics.counter("vaxtrace_stock_outbox_published_total").increment(rows.size()))
                .replaceWithVoid()
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
                                for (OutboxFormat.Change change : OutboxFormat.changes(row.getString("message_key"), row.getString("payload"),
                                        row.getString("invalidate_areas"))) {
                                    rows.add(new Pending(row.getLong("id"), row.getString("topic"), change.key(), change.payload(),
                                            change.invalidateAreas()));
                                }
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

    /** Sends every row (in id order), waits for the acks, invalidates the cache, then deletes the rows in one statement. */
    private Uni<Void> publishAll(SqlConnection conn, List<Pending> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // Stable: the changes of one batch row keep their order.
        List<Pending> ordered = rows.stream().sorted((a, b) -> Long.compare(a.id(), b.id())).toList();
        return Uni.combine().all().unis(invalidate(ordered), Uni.createFrom().completionStage(() -> publish(ordered))).discardItems()
                .chain(() -> conn.preparedQuery(DELETE).execute(Tuple.of(ordered.stream().map(Pending::id).distinct().toArray(Long[]::new))))
                .invoke(() -> metrics.counter("vaxtrace_stock_outbox_published_total").increment(ordered.size()))
                .replaceWithVoid();
    }

    /**
     * Invalidates each affected facility and area once. A Redis outage does not hold back the changes: the cache gives
     * up after its timeout and replays the invalidation once Redis is back (StockCache).
     */
    private Uni<Void> invalidate(List<Pending> rows) {
        Set<String> facilities = new LinkedHashSet<>();
        Set<String> areas = new LinkedHashSet<>();
        for (Pending row : rows) {
            facilities.add(row.key());
            areas.addAll(List.of(row.invalidateAreas().split(",")));
        }
        return cache.invalidateAll(facilities, areas);
    }

    /** Sends every row in order and completes when Kafka acknowledged all of them (fails with the first refusal). */
    private CompletableFuture<Void> publish(List<Pending> rows) {
        CompletableFuture<Void> all = new CompletableFuture<>();
        AtomicInteger pending = new AtomicInteger(rows.size());
        byte[] contentType = CloudEvent.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8);
        for (Pending row : rows) {
            ProducerRecord<String, String> record = new ProducerRecord<>(row.topic(), null, row.key(), row.payload(),
                    new RecordHeaders().add("content-type", contentType));
            try {
                producer.send(record, (metadata, error) -> {
                    if (error != null) {
                        all.completeExceptionally(error);
                    } else if (pending.decrementAndGet() == 0) {
                        all.complete(null);
                    }
                });
            } catch (RuntimeException e) {
                all.completeExceptionally(e);
                break;
            }
        }
        return all;
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
