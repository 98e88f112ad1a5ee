package ng.vaxtrace.stock.ledger;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.EventTypes;
import ng.vaxtrace.contracts.FieldViolation;
import ng.vaxtrace.contracts.StockEvent;
import ng.vaxtrace.contracts.StockEventType;
import ng.vaxtrace.contracts.StockEventValidator;
import ng.vaxtrace.contracts.StockLevelChanged;
import ng.vaxtrace.contracts.Topics;

/**
 * Applies stock events to the ledger and balances. One transaction writes the ledger entry, the new balance and the
 * stock-level change to publish (outbox), so they cannot diverge; the event id makes a redelivery a no-op.
 */
@ApplicationScoped
public class LedgerService {

    static final String SOURCE = "/stock-service";

    private final Clock clock;
    private final MeterRegistry metrics;

    public LedgerService(Clock clock, MeterRegistry metrics) {
        this.clock = clock;
        this.metrics = metrics;
    }

    public Uni<LedgerOutcome> apply(CloudEvent<StockEvent> event, String rawPayload) {
        Log.debugf("applying %s %s", event.type(), event.id());
        return Panache.withTransaction(() -> LedgerEntry.count("eventId", event.id())
                .flatMap(seen -> seen > 0 ? Uni.createFrom().item(LedgerOutcome.duplicate()) : applyNew(event, rawPayload)))
                .invoke(outcome -> metrics.counter("vaxtrace_stock_events_total", "outcome", outcome.kind().name().toLowerCase()).increment());
    }

    private Uni<LedgerOutcome> applyNew(CloudEvent<StockEvent> event, String rawPayload) {
        StockEventType type = StockEventType.fromCloudEventType(event.type()).orElse(null);
        if (type == null) {
            return reject(event, rawPayload, "unknown event type '" + event.type() + "'");
        }
        StockEvent data = event.data();
        List<FieldViolation> violations = StockEventValidator.validate(type, data, clock.instant());
        if (!violations.isEmpty()) {
            return reject(event, rawPayload, "invalid: " + violations.stream().map(v -> v.field() + " " + v.message()).toList());
        }
        String lotCode = data.lotCode();
        return StockBalance.<StockBalance>find("facilityCode = ?1 and productCode = ?2 and lotCode = ?3",
                        data.facilityCode(), data.productCode(), lotCode)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult()
                .flatMap(balance -> otherLotsTotal(data.facilityCode(), data.productCode(), lotCode)
                        .flatMap(otherLots -> write(event, type, balance, otherLots, rawPayload)));
    }

    private Uni<LedgerOutcome> write(CloudEvent<StockEvent> event, StockEventType type, StockBalance balance, long otherLots,
            String rawPayload) {
        StockEvent data = event.data();
        long before = balance == null ? 0 : balance.quantity;
        long delta = type.delta(before, data.quantity());
        long after = before + delta;
        if (after < 0) {
            return reject(event, rawPayload, "would make stock negative: lot balance " + before + ", change " + delta);
        }
        Instant now = clock.instant();
        StockBalance updated = balance != null ? balance : newBalance(data);
        updated.quantity = after;
        updated.lastOccurredAt = max(updated.lastOccurredAt, data.occurredAt());
        updated.updatedAt = now;
        if (data.lot() != null && data.lot().expiry() != null) {
            updated.lotExpiry = data.lot().expiry();
        }
        LedgerEntry entry = ledgerEntry(event, type, delta, after, now);
        OutboxMessage change = levelChange(event, type, before, after, otherLots + after, now);
        return updated.<StockBalance>persist()
                .chain(() -> entry.persist())
                .chain(() -> change.persist())
                .map(ignored -> LedgerOutcome.applied(change.id));
    }

    private static Uni<Long> otherLotsTotal(String facility, String product, String lotCode) {
        return Panache.getSession().flatMap(session -> session
                .createSelectionQuery("select coalesce(sum(b.quantity), 0) from StockBalance b "
                        + "where b.facilityCode = ?1 and b.productCode = ?2 and b.lotCode <> ?3", Long.class)
                .setParameter(1, facility).setParameter(2, product).setParameter(3, lotCode)
                .getSingleResult());
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
        balance.lastOccurredAt = data.occurredAt();
        return balance;
    }

    private static LedgerEntry ledgerEntry(CloudEvent<StockEvent> event, StockEventType type, long delta, long after, Instant now) {
        StockEvent data = event.data();
        LedgerEntry entry = new LedgerEntry();
        entry.eventId = event.id();
        entry.eventType = type.wireName();
        entry.facilityCode = data.facilityCode();
        entry.productCode = data.productCode();
        entry.lotCode = data.lotCode();
        entry.lotExpiry = data.lot() == null ? null : data.lot().expiry();
        entry.quantity = data.quantity();
        entry.delta = delta;
        entry.balanceAfter = after;
        entry.occurredAt = data.occurredAt();
        entry.recordedAt = now;
        entry.source = event.source();
        entry.sourceSystem = data.sourceSystem();
        entry.vvmStage = data.vvmStage() == null ? null : data.vvmStage().shortValue();
        entry.reason = data.reason();
        entry.counterpartyCode = data.counterpartyCode();
        return entry;
    }

    private static OutboxMessage levelChange(CloudEvent<StockEvent> event, StockEventType type, long before, long after,
            long productAfter, Instant now) {
        StockEvent data = event.data();
        StockLevelChanged change = new StockLevelChanged(data.facilityCode(), data.productCode(), data.lotCode(), event.id(),
                type.wireName(), before, after, productAfter, data.occurredAt(), now);
        // Derived from the cause, so a re-publication carries the same id and consumers drop it as a duplicate.
        String id = UUID.nameUUIDFromBytes(("stock-level-changed:" + event.id()).getBytes(StandardCharsets.UTF_8)).toString();
        OutboxMessage message = new OutboxMessage();
        message.topic = Topics.STOCK_LEVELS;
        message.messageKey = data.facilityCode();
        message.payload = EventJson.write(CloudEvent.of(id, SOURCE, EventTypes.STOCK_LEVEL_CHANGED, data.facilityCode(), now, change));
        message.createdAt = now;
        return message;
    }

    private static Instant max(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }
}
