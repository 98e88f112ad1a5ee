package ng.vaxtrace.connector.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import ng.vaxtrace.connector.client.OpenLmis;
import ng.vaxtrace.connector.client.OpenLmisClient;
import ng.vaxtrace.connector.client.OpenLmisException;
import ng.vaxtrace.connector.config.ConnectorConfig;
import ng.vaxtrace.connector.messaging.StockEventPublisher;
import ng.vaxtrace.connector.state.CardState;
import ng.vaxtrace.connector.state.IdMapping;
import ng.vaxtrace.connector.state.SyncRun;
import ng.vaxtrace.connector.state.SyncStore;
import ng.vaxtrace.connector.state.UnplacedFacility;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.StockEvent;

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
    private final Map<UnplacedFacility.Outcome, AtomicLong> unplacedGauges = new EnumMap<>(UnplacedFacility.Outcome.class);
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
        for (UnplacedFacility.Outcome o : UnplacedFacility.Outcome.values()) {
            unplacedGauges.put(o, registry.gauge("vaxtrace.connector.unplaced.facilities",
                    List.of(io.micrometer.core.instrument.Tag.of("outcome", o.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))),
                    new AtomicLong()));
        }
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
                    Log.infof("resuming sync run %s (%s)", id, trigger);
                    store.resumeRun(id, trigger).await().atMost(DB_TIMEOUT);
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
            ReferenceSync.Result ref = patiently(runId, "reading reference data", reference::run);
            store.recordReference(runId, ref.facilities().size(), ref.eventsPublished(), ref.unplaced()).await().atMost(DB_TIMEOUT);
            report(runId, ref.unplaced());
            Set<String> done = store.doneFacilities(runId).await().atMost(DB_TIMEOUT);
            // The maps the reference sync just saved, read once for the whole run (not once per facility).
            Ids ids = new Ids(store.ids(IdMapping.PRODUCT).await().atMost(DB_TIMEOUT), store.ids(IdMapping.TRADE_ITEM).await().atMost(DB_TIMEOUT),
                    store.ids(IdMapping.LOT).await().atMost(DB_TIMEOUT));
            for (IdMapping facility : ref.facilities()) {
                if (!done.contains(facility.openlmisId())) {
                    patiently(runId, "facility " + facility.code(), () -> {
                        syncFacility(runId, facility, ref.programId(), ids);
                        return null;
                    });
                }
            }
            SyncRun.Status status = ref.unplaced().isEmpty() ? SyncRun.Status.COMPLETED : SyncRun.Status.COMPLETED_WITH_WARNINGS;
            outcome = status.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            store.finishRun(runId, status, ref.unplaced().isEmpty() ? null
                    : ref.unplaced().size() + " facilities not placed in their LGA: see /api/v1/sync/" + runId + "/unplaced")
                    .await().atMost(DB_TIMEOUT);
            Log.infof("sync run %s %s", runId, outcome);
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

    /**
     * The administrators' alert for facilities that could not be placed: a WARN log line per facility, the gauges
     * {@code vaxtrace_connector_unplaced_facilities{outcome}} (what the last run could not place; alert on > 0), and
     * the run's list at {@code /api/v1/sync/{id}/unplaced}.
     */
    private void report(UUID runId, List<UnplacedFacility> unplaced) {
        for (UnplacedFacility.Outcome o : UnplacedFacility.Outcome.values()) {
            unplacedGauges.get(o).set(unplaced.stream().filter(u -> u.outcome() == o).count());
        }
        for (UnplacedFacility u : unplaced) {
            Log.warnf("sync run %s: facility %s (%s) %s: %s", runId, u.code(), u.name(),
                    u.outcome() == UnplacedFacility.Outcome.QUARANTINED ? "quarantined" : "placed at its state " + u.stateCode(), u.reason());
        }
    }

    /**
     * Runs {@code step}, riding out an OpenLMIS outage: while calls fail as unavailable (5xx, timeouts, refused
     * connections, the breaker open, or still throttled after the retries), it waits (1 s, doubling up to
     * outage-max-pause) and runs the step again, keeping the run RUNNING and noting the wait in it. It gives up when
     * the outage has lasted outage-budget. Other failures (refused credentials, a program not found) end the run at once.
     */
    private <T> T patiently(UUID runId, String what, java.util.function.Supplier<T> step) {
        Instant outageSince = null;
        Duration pause = Duration.ofSeconds(1).compareTo(config.outageMaxPause()) < 0 ? Duration.ofSeconds(1) : config.outageMaxPause();
        while (true) {
            try {
                T result = step.get();
                if (outageSince != null) {
                    Log.infof("sync run %s: OpenLMIS is back after %d s; carrying on with %s", runId,
                            Duration.between(outageSince, Instant.now()).toSeconds(), what);
                    store.recordOutage(runId, 0, null).await().atMost(DB_TIMEOUT);
                }
                return result;
            } catch (RuntimeException e) {
                if (stopping || !isOutage(e)) {
                    throw e;
                }
                Instant now = Instant.now();
                outageSince = outageSince == null ? now : outageSince;
                Duration down = Duration.between(outageSince, now);
                if (down.compareTo(config.outageBudget()) >= 0) {
                    throw new IllegalStateException("OpenLMIS unavailable for " + down.toSeconds() + " s, beyond the outage budget of "
                            + config.outageBudget().toSeconds() + " s, while " + what + ": " + e.getMessage(), e);
                }
                Duration wait = pause.compareTo(config.outageBudget().minus(down)) < 0 ? pause : config.outageBudget().minus(down);
                registry.counter("vaxtrace.connector.errors", "reason", "openlmis-outage-wait").increment();
                Log.warnf("sync run %s: OpenLMIS unavailable while %s (%s); waiting %d ms (down %d s of a %d s budget)", runId, what,
                        e.getMessage(), wait.toMillis(), down.toSeconds(), config.outageBudget().toSeconds());
                store.recordOutage(runId, (wait.toMillis() + 999) / 1000, "waiting for OpenLMIS (unavailable for " + down.toSeconds()
                        + " s of a " + config.outageBudget().toSeconds() + " s budget): " + e.getMessage()).await().atMost(DB_TIMEOUT);
                try {
                    Thread.sleep(wait.toMillis()); // the outage's back-off, on the sync's own worker thread
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for OpenLMIS", interrupted);
                }
                pause = pause.multipliedBy(2).compareTo(config.outageMaxPause()) < 0 ? pause.multipliedBy(2) : config.outageMaxPause();
            }
        }
    }

    private static boolean isOutage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OpenLmisException.Unavailable || t instanceof OpenLmisException.Throttled
                    || t instanceof CircuitBreakerOpenException || t instanceof TimeoutException || t instanceof BulkheadException) {
                return true;
            }
            if (t instanceof OpenLmisException.Rejected) {
                return false;
            }
        }
        return false;
    }

    /**
     * Reads the facility's complete page set, publishes the changed cards (each changed card's new line items as
     * movements first, then its count) and records the facility as done.
     */
    /** The product, trade-item and lot maps of a run. */
    private record Ids(Map<String, IdMapping> products, Map<String, IdMapping> tradeItems, Map<String, IdMapping> lots) {
    }

    private void syncFacility(UUID runId, IdMapping facility, String programId, Ids ids) {
        Map<String, StockCards.CardRead> cards = readPageSet(facility, programId);
        registry.counter("vaxtrace.connector.cards.read").increment(cards.size());
        Map<String, CardState> previous = store.cards(cards.keySet()).await().atMost(DB_TIMEOUT);
        Instant now = Instant.now();
        List<CloudEvent<StockEvent>> events = new ArrayList<>();
        List<CardState> states = new ArrayList<>();
        for (StockCards.CardRead card : cards.values()) {
            CardState before = previous.get(card.cardId());
            Optional<StockCards.Outcome> compared = StockCards.compare(card, facility.code(), before, ids.products(), ids.tradeItems(),
                    ids.lots(), config.sourceSystem(), now);
            if (compared.isEmpty()) {
                continue;
            }
            StockCards.Outcome outcome = compared.get();
            if (outcome.skipped() != null) {
                registry.counter("vaxtrace.connector.errors", "reason", "card-unmapped").increment();
                Log.warnf("card %s of %s skipped: %s", card.cardId(), facility.code(), outcome.skipped());
                continue;
            }
            CardState state = outcome.state();
            if (before != null && config.readLineItems()) {
                List<OpenLmis.LineItem> lines = client.stockCard(card.cardId()).lineItemsOrEmpty();
                List<CloudEvent<StockEvent>> movements = StockCards.movements(outcome, before, lines, config.sourceSystem(), now);
                events.addAll(movements);
                registry.counter("vaxtrace.connector.events.emitted", "kind", "movement").increment(movements.size());
                state = new CardState(state.cardId(), state.facilityCode(), state.productCode(), state.lotCode(), state.stockOnHand(),
                        state.occurredDate(), state.eventId(), StockCards.lastLineItemId(lines));
            }
            events.add(outcome.event());
            states.add(state);
        }
        Publishing.publishAll(events, publisher::publish);
        store.completeFacility(runId, facility.openlmisId(), states, cards.size(), events.size()).await().atMost(DB_TIMEOUT);
        registry.counter("vaxtrace.connector.events.emitted", "kind", "stock").increment(events.size());
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
