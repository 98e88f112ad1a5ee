package ng.vaxtrace.stock.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.vertx.mutiny.sqlclient.Pool;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.StockEvent;
import ng.vaxtrace.stock.config.StockConfig;
import ng.vaxtrace.stock.ledger.LedgerOutcome;
import ng.vaxtrace.stock.ledger.LedgerService;
import ng.vaxtrace.stock.ledger.LedgerService.Pending;
import ng.vaxtrace.stock.ledger.LedgerService.Received;

/**
 * Consumes stock events with Kafka consumers of its own, one thread each, so that nothing but a real fault can stop
 * consumption: a poll returns at most {@code max-poll-records} events, they are applied in one transaction, the
 * batch's stock-level changes are relayed, and only then are the offsets committed (a crash means a redelivery,
 * which the event ids turn into no-ops). The next poll happens only when the batch is done, so a backlog of any size
 * is drained at the speed of the database with nothing waiting in memory. While the database is unreachable the
 * partitions are paused and the batch retried (never dead-lettered); a batch that fails with the database up is
 * applied one event at a time so that a single poison event goes to the dead-letter topic and the rest land. A
 * consumer that fails is closed and started again by its thread, with backoff; liveness reports a thread that
 * stopped coming round its loop, never lag (lag is a metric and part of readiness's details).
 */
@ApplicationScoped
public class StockEventConsumer {

    private final LedgerService ledger;
    private final OutboxRelay relay;
    private final DeadLetters deadLetters;
    private final StockConfig.Consumer config;
    private final StockConfig.Faults faults;
    private final Map<String, Object> kafka;
    private final MeterRegistry metrics;
    private final Pool pool;
    private final List<Worker> workers = new CopyOnWriteArrayList<>();
    private final Map<TopicPartition, Long> lags = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Gauge> lagGauges = new ConcurrentHashMap<>();
    private final Counter restarts;
    private final Timer relayed;
    private final Timer cycle;
    private volatile boolean running;
    /** Set by an operator (POST /api/v1/admin/consumption/pause): partitions held but nothing fetched until resumed. */
    private volatile boolean pausedByOperator;

    public StockEventConsumer(LedgerService ledger, OutboxRelay relay, DeadLetters deadLetters, StockConfig config,
            @Identifier("default-kafka-broker") Map<String, Object> kafka, MeterRegistry metrics, Pool pool) {
        this.ledger = ledger;
        this.relay = relay;
        this.deadLetters = deadLetters;
        this.config = config.consumer();
        this.faults = config.faults();
        this.kafka = kafka;
        this.metrics = metrics;
        this.pool = pool;
        this.restarts = Counter.builder("vaxtrace_stock_consumer_restarts_total")
                .description("Stock-event consumers closed after a failure and started again").register(metrics);
        this.relayed = Timer.builder("vaxtrace_stock_relay_seconds").description("Publishing one batch's stock-level changes after commit")
                .publishPercentiles(0.5, 0.99).register(metrics);
        this.cycle = Timer.builder("vaxtrace_stock_consumer_cycle_seconds")
                .description("One consumer loop round with records: parse, apply, relay, commit offsets").publishPercentiles(0.5, 0.99)
                .register(metrics);
        if (faults.haltAfterCommit()) {
            Log.warn("FAULT INJECTION: the JVM halts after the first committed stock event (vaxtrace.stock.faults.halt-after-commit)");
        }
    }

    void start(@Observes StartupEvent startup) {
        if (!config.enabled()) {
            Log.info("stock-events consumer disabled (vaxtrace.stock.consumer.enabled=false)");
            return;
        }
        running = true;
        for (int i = 1; i <= config.threads(); i++) {
            Worker worker = new Worker(i);
            workers.add(worker);
            Thread thread = new Thread(worker, "stock-events-" + i);
            worker.thread = thread;
            thread.start();
        }
    }

    void stop(@Observes ShutdownEvent shutdown) {
        running = false;
        workers.forEach(Worker::wakeup);
        for (Worker worker : workers) {
            try {
                worker.thread.join(Duration.ofSeconds(15).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** What each consumer thread is doing, for the health checks. */
    public record WorkerState(int number, String state, long sinceLastLoopMillis, int partitions) {
    }

    public List<WorkerState> states() {
        long now = System.nanoTime();
        return workers.stream().map(w -> new WorkerState(w.number, w.state, (now - w.lastLoop) / 1_000_000, w.partitions)).toList();
    }

    public boolean enabled() {
        return config.enabled();
    }

    /**
     * Stops fetching on this replica's consumers (they keep their partitions and group membership) until
     * {@link #resume()}: for maintenance, or to let a backlog build for a benchmark. Events keep arriving in Kafka.
     */
    public void pause() {
        pausedByOperator = true;
        Log.info("stock-events consumption paused by an operator");
    }

    public void resume() {
        pausedByOperator = false;
        Log.info("stock-events consumption resumed by an operator");
    }

    public boolean pausedByOperator() {
        return pausedByOperator;
    }

    public Duration wedgedAfter() {
        return config.wedgedAfter();
    }

    /** Records not yet consumed on the partitions this replica holds (from the consumers' own fetch positions). */
    public long totalLag() {
        return lags.values().stream().mapToLong(Long::longValue).sum();
    }

    /** One consumer thread: its Kafka consumer, restarted by the thread itself if it fails. */
    private final class Worker implements Runnable, ConsumerRebalanceListener {
        final int number;
        Thread thread;
        volatile long lastLoop = System.nanoTime();
        volatile String state = "starting";
        volatile int partitions;
        volatile KafkaConsumer<String, String> consumer;
        volatile boolean revoked;
        /** The relay of the last batch: it runs while the next batch is applied, one at a time, in batch order. */
        CompletableFuture<Void> relaying = CompletableFuture.completedFuture(null);

        Worker(int number) {
            this.number = number;
        }

        void wakeup() {
            KafkaConsumer<String, String> c = consumer;
            if (c != null) {
                c.wakeup();
            }
        }

        @Override
        public void run() {
            long backoff = 1_000;
            while (running) {
                try (KafkaConsumer<String, String> c = new KafkaConsumer<>(properties())) {
                    consumer = c;
                    c.subscribe(List.of(config.topic()), this);
                    state = "consuming";
                    while (running) {
                        lastLoop = System.nanoTime();
                        followOperator(c);
                        ConsumerRecords<String, String> records = c.poll(Duration.ofMillis(200));
                        updateLag(c);
                        if (!records.isEmpty()) {
                            long started = System.nanoTime();
                            process(c, records);
                            cycle.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                        }
                        backoff = 1_000;
                    }
                } catch (WakeupException e) {
                    // stop() woke us up; the loop condition ends the thread
                } catch (RuntimeException e) {
                    if (!running) {
                        break;
                    }
                    restarts.increment();
                    state = "restarting";
                    Log.errorf(e, "stock-events consumer %d failed; starting it again in %d ms", number, backoff);
                    pause(backoff);
                    backoff = Math.min(backoff * 2, 30_000);
                } finally {
                    finishRelaying();
                    consumer = null;
                    partitions = 0;
                }
            }
            state = "stopped";
        }

        /** Pauses every held partition while an operator asks (newly assigned ones too), resumes them after. */
        private void followOperator(KafkaConsumer<String, String> c) {
            if (pausedByOperator) {
                Set<TopicPartition> held = c.assignment();
                if (!c.paused().containsAll(held)) {
                    c.pause(held);
                }
                state = "paused";
            } else if ("paused".equals(state)) {
                c.resume(c.paused());
                state = "consuming";
            }
        }

        private Map<String, Object> properties() {
            Map<String, Object> properties = new HashMap<>(kafka);
            properties.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
            properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "stock-service-events-" + number);
            properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxPollRecords());
            properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            return properties;
        }

        private void process(KafkaConsumer<String, String> c, ConsumerRecords<String, String> records) {
            revoked = false;
            List<Received> events = new ArrayList<>();
            List<ConsumerRecord<String, String>> sources = new ArrayList<>();
            for (ConsumerRecord<String, String> record : records) {
                try {
                    events.add(new Received(parse(record.value()), record.value()));
                    sources.add(record);
                } catch (IllegalArgumentException e) {
                    deadLetters.send(record, e.getMessage()).await().indefinitely();
                }
            }
            if (!events.isEmpty()) {
                Optional<LedgerService.Result> applied = applyWaitingOutOutages(c, events);
                List<Pending> outbox;
                if (applied.isPresent()) {
                    outbox = applied.get().outbox();
                    haltIfAsked(events, applied.get().outcomes());
                } else if (revoked || !running) {
                    rewind(c, records);
                    return;
                } else {
                    Optional<List<Pending>> isolated = oneByOne(c, events, sources);
                    if (isolated.isEmpty()) {
                        rewind(c, records);
                        return;
                    }
                    outbox = isolated.get();
                }
                relayInOrder(outbox);
            }
            commit(c, records);
        }

        /**
         * Publishes a committed batch's changes after the previous batch's, without waiting for them: the offsets can
         * be committed at once (the changes are durable in the outbox) and the next batch applied meanwhile. Waits
         * for the batch before, so at most one relay runs behind the batch being applied.
         */
        private void relayInOrder(List<Pending> outbox) {
            CompletableFuture<Void> previous = relaying;
            relaying = previous.thenCompose(done -> {
                long started = System.nanoTime();
                return relay.deliver(outbox).subscribeAsCompletionStage()
                        .thenRun(() -> relayed.record(System.nanoTime() - started, TimeUnit.NANOSECONDS));
            });
            previous.join();
        }

        private void finishRelaying() {
            try {
                relaying.get(config.applyTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                Log.warnf("last relay of consumer %d not finished (the outbox sweep will publish it): %s", number, e.toString());
            }
        }

        /**
         * Applies the batch, retrying while the database is unreachable (partitions paused, membership kept). Empty
         * when the batch itself fails with the database up (to be isolated event by event) — or when the partitions
         * were taken away meanwhile, in which case {@link #revoked} is set.
         */
        private Optional<LedgerService.Result> applyWaitingOutOutages(KafkaConsumer<String, String> c, List<Received> events) {
            long wait = 200;
            int failuresWithDatabaseUp = 0;
            while (running && !revoked) {
                try {
                    LedgerService.Result result = ledger.applyAll(events).await().atMost(config.applyTimeout());
                    state = "consuming";
                    return Optional.of(result);
                } catch (RuntimeException e) {
                    if (databaseReachable()) {
                        if (++failuresWithDatabaseUp >= 3) {
                            Log.warnf("batch of %d failed with the database up (%s); applying one by one", events.size(), e.toString());
                            return Optional.empty();
                        }
                    } else if (!"waiting-for-database".equals(state)) {
                        state = "waiting-for-database";
                        Log.warnf("database unreachable (%s); consumption paused until it is back", e.toString());
                    }
                    waitKeepingMembership(c, wait);
                    wait = Math.min(wait * 2, config.maxRetryBackoff().toMillis());
                }
            }
            return Optional.empty();
        }

        /** Each event alone; one that fails even alone, with the database up, goes to the dead-letter topic. */
        private Optional<List<Pending>> oneByOne(KafkaConsumer<String, String> c, List<Received> events,
                List<ConsumerRecord<String, String>> sources) {
            List<Pending> outbox = new ArrayList<>();
            for (int i = 0; i < events.size() && !revoked; i++) {
                Optional<LedgerService.Result> one = applyWaitingOutOutages(c, List.of(events.get(i)));
                if (one.isPresent()) {
                    outbox.addAll(one.get().outbox());
                } else if (!revoked && running) {
                    deadLetters.send(sources.get(i), "could not be applied even alone").await().indefinitely();
                }
            }
            return revoked || !running ? Optional.empty() : Optional.of(outbox);
        }

        private boolean databaseReachable() {
            try {
                pool.query("select 1").execute().await().atMost(Duration.ofSeconds(5));
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        }

        /** Sleeps while polling with every partition paused, so the group does not think this consumer died. */
        private void waitKeepingMembership(KafkaConsumer<String, String> c, long millis) {
            Set<TopicPartition> assignment = c.assignment();
            c.pause(assignment);
            try {
                long until = System.nanoTime() + millis * 1_000_000;
                while (running && !revoked && System.nanoTime() < until) {
                    lastLoop = System.nanoTime();
                    c.poll(Duration.ofMillis(Math.min(500, Math.max(1, (until - System.nanoTime()) / 1_000_000))));
                }
            } finally {
                c.resume(c.paused());
            }
        }

        /** The batch was abandoned: start again from its first records on the partitions still held. */
        private void rewind(KafkaConsumer<String, String> c, ConsumerRecords<String, String> records) {
            Set<TopicPartition> held = c.assignment();
            for (TopicPartition partition : records.partitions()) {
                if (held.contains(partition)) {
                    c.seek(partition, records.records(partition).get(0).offset());
                }
            }
        }

        private void commit(KafkaConsumer<String, String> c, ConsumerRecords<String, String> records) {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (TopicPartition partition : records.partitions()) {
                List<ConsumerRecord<String, String>> list = records.records(partition);
                offsets.put(partition, new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1));
            }
            // Asynchronous: the next poll does not wait for the coordinator's answer (a round trip per batch on the
            // latency path). A commit that fails, or is lost in a crash, only means whoever reads the partitions next
            // re-applies from the last commit, which is a no-op for events already in the ledger. Callbacks run in
            // order in a later poll; close() waits for commits still in flight.
            try {
                c.commitAsync(offsets, (committed, error) -> {
                    if (error != null) {
                        Log.infof("offsets not committed (%s); the events will be redelivered and found already applied", error.toString());
                    }
                });
            } catch (CommitFailedException | RebalanceInProgressException | TimeoutException e) {
                Log.infof("offsets not committed (%s); the events will be redelivered and found already applied", e.toString());
            }
        }

        private void updateLag(KafkaConsumer<String, String> c) {
            for (TopicPartition partition : c.assignment()) {
                c.currentLag(partition).ifPresent(lag -> {
                    lags.put(partition, lag);
                    lagGauges.computeIfAbsent(partition, p -> Gauge.builder("vaxtrace_stock_consumer_lag", lags,
                            l -> l.getOrDefault(p, 0L)).tag("topic", p.topic()).tag("partition", Integer.toString(p.partition()))
                            .description("Stock events on this partition not yet consumed by this replica").register(metrics));
                });
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> taken) {
            revoked = true;
            forget(taken);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            revoked = true;
            forget(lost);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            KafkaConsumer<String, String> c = consumer;
            partitions = c == null ? assigned.size() : c.assignment().size();
            Log.infof("stock-events consumer %d now holds %s", number, c == null ? assigned : c.assignment());
        }

        private void forget(Collection<TopicPartition> partitionsGone) {
            for (TopicPartition partition : partitionsGone) {
                lags.remove(partition);
                Gauge gauge = lagGauges.remove(partition);
                if (gauge != null) {
                    metrics.remove(gauge);
                }
            }
            KafkaConsumer<String, String> c = consumer;
            partitions = c == null ? 0 : Math.max(0, c.assignment().size() - partitionsGone.size());
        }

        private void pause(long millis) {
            long until = System.nanoTime() + millis * 1_000_000;
            while (running && System.nanoTime() < until) {
                lastLoop = System.nanoTime();
                try {
                    Thread.sleep(Math.min(200, millis));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void haltIfAsked(List<Received> events, List<LedgerOutcome> outcomes) {
        boolean chosen = faults.haltAfterEvent().map(id -> events.stream().anyMatch(e -> id.equals(e.event().id()))).orElse(true);
        if (faults.haltAfterCommit() && chosen && outcomes.stream().anyMatch(o -> o.kind() == LedgerOutcome.Kind.APPLIED)) {
            Runtime.getRuntime().halt(99); // a crash between commit and publish, for the recovery test
        }
    }

    private static CloudEvent<StockEvent> parse(String value) {
        if (value == null) {
            throw new IllegalArgumentException("empty record value");
        }
        CloudEvent<StockEvent> event = EventJson.read(value, EventJson.STOCK_EVENT);
        if (event.id() == null || event.id().isBlank() || event.id().length() > 128 || event.type() == null || event.data() == null) {
            throw new IllegalArgumentException("not a CloudEvent: id (at most 128 characters), type and data are required");
        }
        return event;
    }
}
