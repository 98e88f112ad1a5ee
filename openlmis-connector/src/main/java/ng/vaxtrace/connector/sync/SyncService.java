package ng.vaxtrace.connector.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import ng.vaxtrace.connector.client.OpenLmis;
import ng.vaxtrace.connector.client.OpenLmisClient;
import ng.vaxtrace.connector.config.ConnectorConfig;
import ng.vaxtrace.connector.messaging.StockEventPublisher;
import ng.vaxtrace.connector.state.CardState;
import ng.vaxtrace.connector.state.IdMapping;
import ng.vaxtrace.connector.state.SyncRun;
import ng.vaxtrace.connector.state.SyncStore;

/**
 * Runs syncs one at a time on a worker thread of its own: reference data first, then, per facility, the complete set
 * of v2 stock card summary pages, compared with the last-seen state of each card; changed cards become physical
 * counts. A facility is recorded as done only after all its pages were read and its events acknowledged, so a run that
 * fails part-way is resumed by the next one from the first facility not done.
 */
@ApplicationScoped
public class SyncService {

    private static final Duration DB_TIMEOUT = Duration.ofSeconds(30);

    private final OpenLmisClient client;
    private final ReferenceSync reference;
    private final SyncStore store;
    private final StockEventPublisher publisher;
    private final ConnectorConfig config;
    private final MeterRegistry registry;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "openlmis-sync"));
    private UUID running;
    /** Set when the process stops: a run cut off then is INTERRUPTED, not FAILED (both are resumed). */
    private volatile boolean stopping;

    public SyncService(OpenLmisClient client, ReferenceSync reference, SyncStore store, StockEventPublisher publisher,
            ConnectorConfig config, MeterRegistry registry) {
        this.client = client;
        this.reference = reference;
        this.store = store;
        this.publisher = publisher;
        this.config = config;
        this.registry = registry;
    }

    void onStart(@Observes StartupEvent event) {
        store.interruptRunning().await().atMost(DB_TIMEOUT);
    }

    @PreDestroy
    void stop() {
        stopping = true;
        worker.shutdownNow();
    }

    /**
     * Starts a sync (resuming the last run if it stopped part-way) unless one is running; returns the run either way.
     * Blocking: call it from a worker thread.
     */
    public SyncRun start(String trigger) {
        UUID id;
        synchronized (this) {
            if (running == null) {
                Optional<UUID> resumable = store.resumableRun().await().atMost(DB_TIMEOUT);
                id = resumable.orElseGet(UUID::randomUUID);
                if (resumable.isPresent()) {
                    Log.infof("resuming sync run %s", id);
                    store.resumeRun(id).await().atMost(DB_TIMEOUT);
                } else {
                    store.createRun(id, trigger).await().atMost(DB_TIMEOUT);
                }
                running = id;
                worker.submit(() -> execute(id));
            } else {
                id = running;
            }
        }
        return store.run(id).await().atMost(DB_TIMEOUT).orElseThrow();
    }

    public synchronized Optional<UUID> running() {
        return Optional.ofNullable(running);
    }

    private void execute(UUID runId) {
        Timer.Sample sample = Timer.start(registry);
        String outcome = "completed";
        try {
            Log.infof("sync run %s started", runId);
            ReferenceSync.Result ref = reference.run();
            store.recordReference(runId, ref.facilities().size(), ref.eventsPublished()).await().atMost(DB_TIMEOUT);
            Set<String> done = store.doneFacilities(runId).await().atMost(DB_TIMEOUT);
            for (IdMapping facility : ref.facilities()) {
                if (!done.contains(facility.openlmisId())) {
                    syncFacility(runId, facility, ref.programId());
                }
            }
            store.finishRun(runId, SyncRun.Status.COMPLETED, null).await().atMost(DB_TIMEOUT);
            Log.infof("sync run %s completed", runId);
        } catch (RuntimeException e) {
            outcome = stopping ? "interrupted" : "failed";
            registry.counter("vaxtrace.connector.errors", "reason", "sync-" + outcome).increment();
            Log.warnf("sync run %s %s: %s", runId, outcome, e.toString());
            store.finishRun(runId, stopping ? SyncRun.Status.INTERRUPTED : SyncRun.Status.FAILED, String.valueOf(e.getMessage()))
                    .await().atMost(DB_TIMEOUT);
        } finally {
            sample.stop(registry.timer("vaxtrace.connector.sync.duration", "outcome", outcome));
            synchronized (this) {
                running = null;
            }
        }
    }

    /** Reads the facility's complete page set, publishes the changed cards and records the facility as done. */
    private void syncFacility(UUID runId, IdMapping facility, String programId) {
        Map<String, StockCards.CardRead> cards = readPageSet(facility, programId);
        registry.counter("vaxtrace.connector.cards.read").increment(cards.size());
        Map<String, CardState> previous = store.cards(cards.keySet()).await().atMost(DB_TIMEOUT);
        Map<String, IdMapping> products = store.ids(IdMapping.PRODUCT).await().atMost(DB_TIMEOUT);
        Map<String, IdMapping> tradeItems = store.ids(IdMapping.TRADE_ITEM).await().atMost(DB_TIMEOUT);
        Map<String, IdMapping> lots = store.ids(IdMapping.LOT).await().atMost(DB_TIMEOUT);
        Instant now = Instant.now();
        List<StockCards.Outcome> changed = new ArrayList<>();
        for (StockCards.CardRead card : cards.values()) {
            StockCards.compare(card, facility.code(), previous.get(card.cardId()), products, tradeItems, lots, config.sourceSystem(), now)
                    .ifPresent(outcome -> {
                        if (outcome.skipped() != null) {
                            registry.counter("vaxtrace.connector.errors", "reason", "card-unmapped").increment();
                            Log.debugf("card %s of %s skipped: %s", card.cardId(), facility.code(), outcome.skipped());
                        } else {
                            changed.add(outcome);
                        }
                    });
        }
        Publishing.publishAll(changed, outcome -> publisher.publish(outcome.event()));
        store.completeFacility(runId, facility.openlmisId(), changed.stream().map(StockCards.Outcome::state).toList(), cards.size())
                .await().atMost(DB_TIMEOUT);
        registry.counter("vaxtrace.connector.events.emitted", "kind", "stock").increment(changed.size());
    }

    /**
     * Every card of every page, read with an explicit page size. Offset paging over data that changes under it can
     * skip a summary while showing another twice; the page set is complete only if the total stayed the same and every
     * one of the totalElements summaries was seen. Otherwise it is read again from page 0.
     */
    private Map<String, StockCards.CardRead> readPageSet(IdMapping facility, String programId) {
        for (int attempt = 1; attempt <= config.pageSetAttempts(); attempt++) {
            Map<String, StockCards.CardRead> cards = StockCards.newCollection();
            Set<String> summaries = new HashSet<>();
            long total = -1;
            boolean consistent = true;
            for (int page = 0;; page++) {
                OpenLmis.Page<OpenLmis.Summary> p = client.stockCardSummaries(facility.openlmisId(), programId, page, config.pageSize());
                if (total >= 0 && p.totalElements() != total) {
                    consistent = false;
                    break;
                }
                total = p.totalElements();
                p.contentOrEmpty().forEach(s -> summaries.add(s.orderable() == null ? "" : s.orderable().id()));
                StockCards.collect(p.contentOrEmpty(), cards);
                if (p.last() || p.contentOrEmpty().isEmpty() || page + 1 >= p.totalPages()) {
                    break;
                }
            }
            if (consistent && summaries.size() == total) {
                return cards;
            }
            registry.counter("vaxtrace.connector.errors", "reason", "page-set-shifted").increment();
            Log.infof("stock of %s changed while it was paged (attempt %d); reading it again", facility.code(), attempt);
        }
        throw new IllegalStateException("the stock card summaries of " + facility.code() + " kept changing while they were paged");
    }
}
