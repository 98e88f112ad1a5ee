package ng.vaxtrace.stock.ledger;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.hibernate.reactive.mutiny.Mutiny;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.EventTypes;
import ng.vaxtrace.contracts.FacilityArea;
import ng.vaxtrace.contracts.FieldViolation;
import ng.vaxtrace.contracts.StockEvent;
import ng.vaxtrace.contracts.StockEventType;
import ng.vaxtrace.contracts.StockEventValidator;
import ng.vaxtrace.contracts.StockLevelChanged;
import ng.vaxtrace.contracts.Topics;
import ng.vaxtrace.stock.reference.Facility;
import ng.vaxtrace.stock.reference.Product;

/**
 * Applies stock events to the ledger and balances. One transaction writes the ledger entry, the lot balance, the
 * facility's metrics for the product and the stock-level change to publish (outbox), so they cannot diverge; the
 * event id makes a redelivery a no-op. Receipts, issues, consumption, adjustments and discards change the balance,
 * physical counts set it. An event that occurred before events already applied to its lot is inserted in time order
 * and the balances after it are recomputed; if that would take the balance below zero anywhere, it is rejected.
 */
@ApplicationScoped
public class LedgerService {

    static final String SOURCE = "/stock-service";
    private static final String REGISTER_LOT = "insert into lot (product_code, code, expiry) values (?1, ?2, ?3) "
            + "on conflict (product_code, code) do nothing";
    private static final String PRODUCT_BALANCE = "select coalesce(sum(b.quantity), 0) from StockBalance b "
            + "where b.facilityCode = ?1 and b.productCode = ?2";

    private final Clock clock;
    private final MeterRegistry metrics;
    private final StockStatusUpdater statusUpdater;

    public LedgerService(Clock clock, MeterRegistry metrics, StockStatusUpdater statusUpdater) {
        this.clock = clock;
        this.metrics = metrics;
        this.statusUpdater = statusUpdater;
    }

    /** A stock event as received, with the record value kept for the rejected-events store. */
    public record Received(CloudEvent<StockEvent> event, String rawPayload) {
    }

    /**
     * Applies the events in order in one transaction: one commit (one disk flush) for the whole batch, which is what
     * lets a 2-core machine go far beyond its per-transaction fsync ceiling. Outcomes are in input order.
     */
    public Uni<List<LedgerOutcome>> applyAll(List<Received> events) {
        List<String> ids = events.stream().map(r -> r.event().id()).toList();
        return Panache.withTransaction(() -> alreadyApplied(ids).flatMap(applied -> {
                    Batch batch = new Batch(applied);
                    return Multi.createFrom().iterable(events)
                            .onItem().transformToUniAndConcatenate(received -> applyOne(received, batch).call(LedgerService::flushAndClear))
                            .collect().asList();
                }))
                .invoke(outcomes -> outcomes.forEach(outcome ->
                        metrics.counter("vaxtrace_stock_events_total", "outcome", outcome.kind().name().toLowerCase()).increment()));
    }

    /**
     * What one batch has already looked up: the ids already in the ledger (one query for the whole batch, then kept
     * current), and the facilities and products seen, so each is read once per batch rather than once per event.
     */
    private static final class Batch {
        final Set<String> applied;
        final Map<String, Optional<Facility>> facilities = new HashMap<>();
        final Map<String, Boolean> products = new HashMap<>();

        Batch(Set<String> applied) {
            this.applied = applied;
        }
    }

    private static Uni<Set<String>> alreadyApplied(List<String> ids) {
        return Panache.getSession().flatMap(session -> session
                .createSelectionQuery("select e.eventId from LedgerEntry e where e.eventId in (:ids)", String.class)
                .setParameter("ids", ids).getResultList())
                .map(HashSet::new);
    }

    /**
     * Writes the event's changes and forgets its entities: without this, every later event of the batch would
     * dirty-check all the earlier ones (quadratic in the batch size).
     */
    private static Uni<Void> flushAndClear() {
        return Panache.getSession().flatMap(session -> session.flush().invoke(session::clear));
    }

    private Uni<LedgerOutcome> applyOne(Received received, Batch batch) {
        CloudEvent<StockEvent> event = received.event();
        Log.debugf("applying %s %s", event.type(), event.id());
        if (batch.applied.contains(event.id())) {
            return Uni.createFrom().item(LedgerOutcome.duplicate());
        }
        return applyNew(event, received.rawPayload(), batch).invoke(outcome -> {
            if (outcome.kind() == LedgerOutcome.Kind.APPLIED) {
                batch.applied.add(event.id());
            }
        });
    }

    private Uni<LedgerOutcome> applyNew(CloudEvent<StockEvent> event, String rawPayload, Batch batch) {
        StockEventType type = StockEventType.fromCloudEventType(event.type()).orElse(null);
        if (type == null) {
            return reject(event, rawPayload, "unknown event type '" + event.type() + "'");
        }
        StockEvent data = event.data();
        List<FieldViolation> violations = StockEventValidator.validate(type, data, clock.instant());
        if (!violations.isEmpty()) {
            return reject(event, rawPayload, "invalid: " + violations.stream().map(v -> v.field() + " " + v.message()).toList());
        }
        return facility(data.facilityCode(), batch).flatMap(facility -> {
            if (facility.isEmpty()) {
                return reject(event, rawPayload, "unknown facility '" + data.facilityCode() + "'");
            }
            return productExists(data.productCode(), batch).flatMap(exists -> !exists
                    ? reject(event, rawPayload, "unknown product '" + data.productCode() + "'")
                    : applyToCard(event, type, facility.get(), rawPayload));
        });
    }

    private static Uni<Optional<Facility>> facility(String code, Batch batch) {
        Optional<Facility> known = batch.facilities.get(code);
        return known != null ? Uni.createFrom().item(known) : Facility.<Facility>findById(code)
                .map(Optional::ofNullable).invoke(found -> batch.facilities.put(code, found));
    }

    private static Uni<Boolean> productExists(String code, Batch batch) {
        Boolean known = batch.products.get(code);
        return known != null ? Uni.createFrom().item(known) : Product.<Product>findById(code)
                .map(product -> product != null).invoke(exists -> batch.products.put(code, exists));
    }

    private Uni<LedgerOutcome> applyToCard(CloudEvent<StockEvent> event, StockEventType type, Facility facility, String rawPayload) {
        StockEvent data = event.data();
        return StockBalance.<StockBalance>find("facilityCode = ?1 and productCode = ?2 and lotCode = ?3",
                        data.facilityCode(), data.productCode(), data.lotCode())
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult()
                .flatMap(balance -> {
                    Instant now = clock.instant();
                    LedgerEntry entry = ledgerEntry(event, type, now);
                    boolean late = balance != null && data.occurredAt().isBefore(balance.lastOccurredAt);
                    Uni<Placement> placed = late ? replayCard(entry) : Uni.createFrom().item(append(entry, balance));
                    return placed.flatMap(placement -> placement.problem() != null
                            ? reject(event, rawPayload, placement.problem())
                            : record(event, type, facility, entry, balance, placement.lotBalance(), now));
                });
    }

    /** Where a new entry landed: the lot's balance afterwards, or why it cannot be applied. */
    private record Placement(String problem, long lotBalance) {

        static Placement rejected(String problem) {
            return new Placement(problem, 0);
        }
    }

    /** The common case: the event is the newest of its card. */
    private static Placement append(LedgerEntry entry, StockBalance balance) {
        long before = balance == null ? 0 : balance.quantity;
        long delta = StockEventType.fromWireName(entry.eventType).orElseThrow().delta(before, entry.quantity);
        if (before + delta < 0) {
            return Placement.rejected("would make stock negative: lot balance " + before + ", change " + delta);
        }
        entry.delta = delta;
        entry.balanceAfter = before + delta;
        return new Placement(null, entry.balanceAfter);
    }

    /**
     * A late event: re-run the card in time order with the new entry in its place, recomputing the derived delta and
     * balance of every later entry (physical counts keep their counted quantity).
     */
    private static Uni<Placement> replayCard(LedgerEntry entry) {
        return LedgerEntry.<LedgerEntry>list("facilityCode = ?1 and productCode = ?2 and lotCode = ?3 order by occurredAt, id",
                entry.facilityCode, entry.productCode, entry.lotCode).map(existing -> {
                    List<LedgerEntry> card = new ArrayList<>(existing);
                    card.add(entry);
                    card.sort(Comparator.comparing((LedgerEntry e) -> e.occurredAt)
                            .thenComparing(e -> e.id == null ? Long.MAX_VALUE : e.id));
                    // First check the whole card, then write: a rejected late event must leave no entry changed.
                    long[] deltas = new long[card.size()];
                    long running = 0;
                    for (int i = 0; i < card.size(); i++) {
                        LedgerEntry e = card.get(i);
                        deltas[i] = StockEventType.fromWireName(e.eventType).orElseThrow().delta(running, e.quantity);
                        if (running + deltas[i] < 0) {
                            return Placement.rejected("would make stock negative at " + e.occurredAt + " (late event occurred "
                                    + entry.occurredAt + "): balance " + running + ", change " + deltas[i]);
                        }
                        running += deltas[i];
                    }
                    running = 0;
                    for (int i = 0; i < card.size(); i++) {
                        LedgerEntry e = card.get(i);
                        running += deltas[i];
                        e.delta = deltas[i]; // managed entities: only real changes are flushed
                        e.balanceAfter = running;
                    }
                    return new Placement(null, running);
                });
    }

    private Uni<LedgerOutcome> record(CloudEvent<StockEvent> event, StockEventType type, Facility facility, LedgerEntry entry,
            StockBalance existing, long lotBalance, Instant now) {
        StockEvent data = event.data();
        StockBalance balance = existing != null ? existing : newBalance(data);
        long before = existing == null ? 0 : existing.quantity;
        balance.updatedAt = now;
        balance.lastOccurredAt = balance.lastOccurredAt == null || data.occurredAt().isAfter(balance.lastOccurredAt)
                ? data.occurredAt() : balance.lastOccurredAt;
        if (data.lot() != null && data.lot().expiry() != null) {
            balance.lotExpiry = data.lot().expiry();
        }
        balance.quantity = lotBalance;
        return entry.<LedgerEntry>persist()
                .chain(() -> balance.persist())
                .chain(() -> registerLot(data))
                .chain(() -> Panache.getSession().flatMap(Mutiny.Session::flush))
                .chain(() -> Panache.getSession().flatMap(s -> s.createSelectionQuery(PRODUCT_BALANCE, Long.class)
                        .setParameter(1, data.facilityCode()).setParameter(2, data.productCode()).getSingleResult()))
                .flatMap(productBalance -> statusUpdater.update(facility, data.productCode(), productBalance, data.occurredAt(), now))
                .flatMap(levelMetrics -> {
                    StockLevelChanged change = new StockLevelChanged(data.facilityCode(), data.productCode(), data.lotCode(), event.id(),
                            type.wireName(), before, balance.quantity, levelMetrics.productBalance(), data.occurredAt(), now, levelMetrics.metrics(),
                            new FacilityArea(facility.zoneCode, facility.stateCode, facility.lgaCode), balance.lotExpiry, data.vvmStage());
                    OutboxMessage message = outboxMessage(event.id(), change, facility.areaChain(), now);
                    return message.persist().map(ignored -> LedgerOutcome.applied(message.id));
                });
    }

    private static Uni<Void> registerLot(StockEvent data) {
        if (data.lot() == null) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().flatMap(s -> s.createNativeQuery(REGISTER_LOT).setParameter(1, data.productCode())
                .setParameter(2, data.lot().code()).setParameter(3, data.lot().expiry()).executeUpdate()).replaceWithVoid();
    }

    private Uni<LedgerOutcome> reject(CloudEvent<StockEvent> event, String rawPayload, String reason) {
        Log.infof("rejected stock event %s: %s", event.id(), reason);
        RejectedEvent rejected = new RejectedEvent();
        rejected.eventId = event.id();
        rejected.eventType = event.type();
        rejected.facilityCode = event.data() == null ? null : event.data().facilityCode();
        rejected.reason = reason;
        rejected.payload = rawPayload;
        rejected.receivedAt = clock.instant();
        return RejectedEvent.count("eventId", event.id())
                .flatMap(seen -> seen > 0 ? Uni.createFrom().voidItem() : rejected.persist().replaceWithVoid())
                .replaceWith(LedgerOutcome.rejected(reason));
    }

    private static StockBalance newBalance(StockEvent data) {
        StockBalance balance = new StockBalance();
        balance.facilityCode = data.facilityCode();
        balance.productCode = data.productCode();
        balance.lotCode = data.lotCode();
        return balance;
    }

    private static LedgerEntry ledgerEntry(CloudEvent<StockEvent> event, StockEventType type, Instant now) {
        StockEvent data = event.data();
        LedgerEntry entry = new LedgerEntry();
        entry.eventId = event.id();
        entry.eventType = type.wireName();
        entry.facilityCode = data.facilityCode();
        entry.productCode = data.productCode();
        entry.lotCode = data.lotCode();
        entry.lotExpiry = data.lot() == null ? null : data.lot().expiry();
        entry.quantity = data.quantity();
        entry.occurredAt = data.occurredAt();
        entry.recordedAt = now;
        entry.source = event.source();
        entry.sourceSystem = data.sourceSystem();
        entry.vvmStage = data.vvmStage() == null ? null : data.vvmStage().shortValue();
        entry.reason = data.reason();
        entry.counterpartyCode = data.counterpartyCode();
        return entry;
    }

    private static OutboxMessage outboxMessage(String causeId, StockLevelChanged change, String areaChain, Instant now) {
        // Derived from the cause, so a re-publication carries the same id and consumers drop it as a duplicate.
        String id = UUID.nameUUIDFromBytes(("stock-level-changed:" + causeId).getBytes(StandardCharsets.UTF_8)).toString();
        OutboxMessage message = new OutboxMessage();
        message.topic = Topics.STOCK_LEVELS;
        message.messageKey = change.facilityCode();
        message.payload = EventJson.write(CloudEvent.of(id, SOURCE, EventTypes.STOCK_LEVEL_CHANGED, change.facilityCode(), now, change));
        message.invalidateAreas = areaChain;
        message.createdAt = now;
        return message;
    }
}
