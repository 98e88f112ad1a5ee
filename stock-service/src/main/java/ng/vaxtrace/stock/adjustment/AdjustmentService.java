package ng.vaxtrace.stock.adjustment;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.Lot;
import ng.vaxtrace.contracts.StockEvent;
import ng.vaxtrace.contracts.StockEventType;
import ng.vaxtrace.security.Caller;
import ng.vaxtrace.stock.audit.AuditLog;
import ng.vaxtrace.stock.ledger.LedgerEntry;
import ng.vaxtrace.stock.ledger.LedgerOutcome;
import ng.vaxtrace.stock.ledger.LedgerService;
import ng.vaxtrace.stock.ledger.LedgerService.Pending;
import ng.vaxtrace.stock.ledger.RejectedEvent;
import ng.vaxtrace.stock.messaging.OutboxRelay;

/**
 * Manual adjustments by officers: the same stock event an integration would send (type adjustment, source system
 * {@value #SOURCE_SYSTEM}), applied by {@link LedgerService} in one transaction with its audit row, then published
 * like any other level change. An Idempotency-Key makes the event id deterministic, so a retried request is answered
 * from what the first one did instead of adjusting twice.
 */
@ApplicationScoped
public class AdjustmentService {

    public static final String SOURCE_SYSTEM = "vaxtrace-manual";
    private static final String SOURCE = "/stock-service/adjustments";

    private final LedgerService ledger;
    private final OutboxRelay relay;
    private final AuditLog audit;
    private final Clock clock;

    public AdjustmentService(LedgerService ledger, OutboxRelay relay, AuditLog audit, Clock clock) {
        this.ledger = ledger;
        this.relay = relay;
        this.audit = audit;
        this.clock = clock;
    }

    /** A validated adjustment: {@code lot} is null for products not tracked by lot. */
    public record Adjustment(String facilityCode, String productCode, Lot lot, long quantity, String reason, Instant occurredAt, String note) {
    }

    /** The answer: the ledger entry's event id and the lot balance after it. */
    @RegisterForReflection
    public record Applied(String eventId, String facilityCode, String productCode, String lotCode, long quantity, String reason,
            Instant occurredAt, long balance) {
    }

    /**
     * Applied (possibly earlier, under the same key), refused by the ledger with a reason, or not attempted because
     * the Idempotency-Key was already used for a different adjustment ({@code conflict}).
     */
    public record Outcome(Applied applied, String rejection, String conflict) {

        static Outcome of(Applied applied) {
            return new Outcome(applied, null, null);
        }

        static Outcome refused(String reason) {
            return new Outcome(null, reason, null);
        }
    }

    private static final Done KEY_REUSED = new Done(new Outcome(null, null,
            "this Idempotency-Key was already used for a different adjustment (product, lot, quantity or reason)"), List.of());

    /** The event id: random, or derived from the facility, the actor and their Idempotency-Key. */
    public static String eventId(String facilityCode, String actor, String idempotencyKey) {
        if (idempotencyKey == null) {
            return "manual-" + UUID.randomUUID();
        }
        return "manual-" + UUID.nameUUIDFromBytes((facilityCode + "\n" + actor + "\n" + idempotencyKey).getBytes(StandardCharsets.UTF_8));
    }

    public Uni<Outcome> adjust(Caller caller, Adjustment adjustment, String eventId) {
        Log.debugf("adjustment %s at %s by %s", eventId, adjustment.facilityCode(), caller.actor());
        return Panache.withSession(() -> previous(eventId, adjustment)).flatMap(earlier -> earlier != null
                        ? Uni.createFrom().item(earlier)
                        : apply(caller, adjustment, eventId))
                .call(done -> relay.deliver(done.outbox()))
                .map(Done::outcome);
    }

    private record Done(Outcome outcome, List<Pending> outbox) {
    }

    /**
     * What an earlier request with the same event id did, if there was one; {@link #KEY_REUSED} when that request
     * asked for something else (a retry must be the same adjustment).
     */
    private static Uni<Done> previous(String eventId, Adjustment asked) {
        return LedgerEntry.<LedgerEntry>find("eventId", eventId).firstResult().flatMap(entry -> {
            if (entry != null) {
                return Uni.createFrom().item(sameAs(asked, entry.productCode, entry.lotCode, entry.quantity, entry.reason)
                        ? new Done(Outcome.of(applied(entry)), List.of())
                        : KEY_REUSED);
            }
            return RejectedEvent.<RejectedEvent>find("eventId", eventId).firstResult().map(rejected -> {
                if (rejected == null) {
                    return null;
                }
                StockEvent earlier = EventJson.read(rejected.payload, EventJson.STOCK_EVENT).data();
                return sameAs(asked, earlier.productCode(), earlier.lotCode(), earlier.quantity(), earlier.reason())
                        ? new Done(Outcome.refused(rejected.reason), List.of())
                        : KEY_REUSED;
            });
        });
    }

    private static boolean sameAs(Adjustment asked, String productCode, String lotCode, Long quantity, String reason) {
        String askedLot = asked.lot() == null || asked.lot().code() == null ? "" : asked.lot().code();
        return asked.productCode().equals(productCode) && askedLot.equals(lotCode == null ? "" : lotCode)
                && quantity != null && asked.quantity() == quantity && asked.reason().equals(reason);
    }

    /**
     * Applied through the ledger like any stock event; its audit row is written in the ledger's transaction, with the
     * lot's balance before and after, so the adjustment and its audit commit together.
     */
    private Uni<Done> apply(Caller caller, Adjustment adjustment, String eventId) {
        StockEvent data = new StockEvent(adjustment.facilityCode(), adjustment.productCode(), adjustment.lot(), adjustment.quantity(),
                adjustment.occurredAt(), SOURCE_SYSTEM, null, adjustment.reason(), null);
        CloudEvent<StockEvent> event = CloudEvent.of(eventId, SOURCE, StockEventType.ADJUSTMENT.cloudEventType(), data.facilityCode(),
                clock.instant(), data);
        return ledger.applyAll(List.of(new LedgerService.Received(event, EventJson.write(event))), (connection, result) -> {
            LedgerOutcome outcome = result.outcomes().get(0);
            return outcome.kind() != LedgerOutcome.Kind.APPLIED ? Uni.createFrom().voidItem()
                    : audit.record(connection, caller, AuditLog.STOCK_ADJUST, "ledger-entry", eventId, data.facilityCode(),
                            balance(data, outcome.lotBalanceBefore()), change(data, outcome.lotBalanceAfter(), adjustment.note()));
        }).flatMap(result -> {
            LedgerOutcome outcome = result.outcomes().get(0);
            return switch (outcome.kind()) {
                case APPLIED -> Uni.createFrom().item(new Done(Outcome.of(new Applied(eventId, data.facilityCode(), data.productCode(),
                        data.lotCode(), data.quantity(), data.reason(), data.occurredAt(), outcome.entryBalance())), result.outbox()));
                case DUPLICATE -> Panache.withSession(() -> previous(eventId, adjustment));
                default -> Uni.createFrom().item(new Done(Outcome.refused(outcome.detail()), List.of()));
            };
        });
    }

    /** The audit card of a lot's balance (also a void's, in {@link LedgerVoids}). */
    static Map<String, Object> balance(StockEvent data, long balance) {
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("productCode", data.productCode());
        card.put("lotCode", data.lotCode());
        card.put("balance", balance);
        return card;
    }

    private static Map<String, Object> change(StockEvent data, long balance, String note) {
        Map<String, Object> card = balance(data, balance);
        card.put("quantity", data.quantity());
        card.put("reason", data.reason());
        card.put("occurredAt", data.occurredAt());
        if (note != null) {
            card.put("note", note);
        }
        return card;
    }

    private static Applied applied(LedgerEntry entry) {
        return new Applied(entry.eventId, entry.facilityCode, entry.productCode, entry.lotCode, entry.quantity, entry.reason,
                entry.occurredAt, entry.balanceAfter);
    }

    /** The expiry of a lot we already know ({@code null} when the lot is new to us). */
    public static Uni<LocalDate> knownExpiry(String productCode, String lotCode) {
        return Panache.withSession(() -> Panache.getSession().flatMap(session -> session
                .createNativeQuery("select expiry from lot where product_code = ?1 and code = ?2", LocalDate.class)
                .setParameter(1, productCode).setParameter(2, lotCode).getResultList()))
                .map(rows -> rows.isEmpty() ? null : rows.get(0));
    }
}
