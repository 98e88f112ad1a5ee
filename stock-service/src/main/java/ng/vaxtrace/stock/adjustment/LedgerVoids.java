package ng.vaxtrace.stock.adjustment;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import ng.vaxtrace.contracts.AdjustmentReason;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.Lot;
import ng.vaxtrace.contracts.Problem;
import ng.vaxtrace.contracts.StockEvent;
import ng.vaxtrace.contracts.StockEventType;
import ng.vaxtrace.http.ProblemException;
import ng.vaxtrace.security.Caller;
import ng.vaxtrace.stock.audit.AuditLog;
import ng.vaxtrace.stock.ledger.LedgerOutcome;
import ng.vaxtrace.stock.ledger.LedgerService;
import ng.vaxtrace.stock.messaging.OutboxRelay;

/**
 * The ledger's repair path, which keeps it append-only: an administrator voids a wrong entry by appending a
 * compensating adjustment (the opposite of the change the entry made to its lot), applied by {@link LedgerService}
 * like a manual adjustment, in one transaction with its audit row and the {@code ledger_void} link, then published
 * like any level change. The void's event id is derived from the voided entry's, so a second void of the same entry
 * is a duplicate in the ledger itself, even when two administrators press the button at once.
 */
@ApplicationScoped
public class LedgerVoids {

    private static final String SOURCE = "/stock-service/voids";
    private static final String ENTRY = """
            select event_id, event_type, facility_code, product_code, lot_code, lot_expiry, delta, occurred_at from ledger_entry where event_id = $1""";
    private static final String VOIDS = """
            select voided_event_id, void_event_id, actor, at from ledger_void where voided_event_id = $1 or void_event_id = $1""";
    private static final String LINK = "insert into ledger_void (voided_event_id, void_event_id, reason, actor, at) values ($1, $2, $3, $4, $5)";
    /**
     * The product's first and last report, again from the entries that still count: a batch only widens them, and the
     * voided entry may be the one that set them (stored at {@code -infinity}, in year 1, in the future or at
     * {@code +infinity} before the input contract). A void counts at the time it was made, as any adjustment does, not
     * at the later time it may take in its card. The AMC, which leaves out months before the first report, follows at
     * the product's next batch or the daily recompute.
     */
    private static final String REPORTED = """
            update stock_status s set first_event_at = t.first, last_event_at = t.last
            from (select min(coalesce(v.at, l.occurred_at)) as first, max(coalesce(v.at, l.occurred_at)) as last
                  from ledger_entry l left join ledger_void v on v.void_event_id = l.event_id
                  where l.facility_code = $1 and l.product_code = $2
                    and not exists (select 1 from ledger_void x where x.voided_event_id = l.event_id)) t
            where s.facility_code = $1 and s.product_code = $2""";

    private final LedgerService ledger;
    private final OutboxRelay relay;
    private final AuditLog audit;
    private final Pool pool;
    private final Clock clock;

    public LedgerVoids(LedgerService ledger, OutboxRelay relay, AuditLog audit, Pool pool, Clock clock) {
        this.ledger = ledger;
        this.relay = relay;
        this.audit = audit;
        this.pool = pool;
        this.clock = clock;
    }

    /** The answer: the compensating entry, the entry it voids, and the lot balance after the void. */
    @RegisterForReflection
    public record Voided(String eventId, String voidedEventId, String facilityCode, String productCode, String lotCode, long quantity,
            String reason, Instant occurredAt, long balance) {
    }

    /**
     * The entry to void, as far as a void needs it. {@code occurredAt} may be anything a pre-contract row holds: year 1,
     * year 294276, PostgreSQL's {@code ±infinity} (read as the instants of {@link OffsetDateTime#MAX}/{@code MIN}).
     */
    private record Entry(String eventId, String eventType, String facilityCode, String productCode, String lotCode, LocalDate lotExpiry,
            long delta, Instant occurredAt) {
    }

    /** The void's event id: one per voided entry. */
    public static String eventId(String voidedEventId) {
        return "void-" + UUID.nameUUIDFromBytes(("ledger-void:" + voidedEventId).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Voids {@code eventId} of {@code facilityCode}: 404 when the facility has no such entry, 409 when it is already
     * voided or is itself a void, 422 when there is nothing to compensate or the compensation would make stock negative.
     */
    public Uni<Voided> voidEntry(Caller caller, String facilityCode, String eventId, String reason) {
        Log.debugf("void of %s at %s by %s", eventId, facilityCode, caller.actor());
        return pool.preparedQuery(ENTRY).execute(Tuple.of(eventId)).flatMap(rows -> {
            Entry entry = rows.size() == 0 ? null : entry(rows.iterator().next());
            if (entry == null || !entry.facilityCode().equals(facilityCode)) {
                throw ProblemException.notFound("facility " + facilityCode + " has no ledger entry " + eventId);
            }
            return pool.preparedQuery(VOIDS).execute(Tuple.of(eventId)).map(voids -> {
                for (Row link : voids) {
                    if (eventId.equals(link.getString("void_event_id"))) {
                        throw conflict("ledger entry " + eventId + " is a void (of " + link.getString("voided_event_id")
                                + "); a void is not voided — record a new adjustment instead");
                    }
                    throw conflict(alreadyVoided(eventId, link.getString("void_event_id"), link.getString("actor"),
                            link.getOffsetDateTime("at").toInstant()));
                }
                if (entry.delta() == 0) {
                    throw new ProblemException(Problem.of(422, "Nothing to void", "ledger entry " + eventId
                            + " changed no stock (delta 0), so there is nothing to compensate"));
                }
                return entry;
            });
        }).flatMap(entry -> apply(caller, entry, reason));
    }

    private Uni<Voided> apply(Caller caller, Entry entry, String reason) {
        Instant now = clock.instant();
        String voidId = eventId(entry.eventId());
        Lot lot = entry.lotCode().isEmpty() ? null : new Lot(entry.lotCode(), entry.lotExpiry());
        StockEvent data = new StockEvent(entry.facilityCode(), entry.productCode(), lot, -entry.delta(), now, AdjustmentService.SOURCE_SYSTEM,
                null, AdjustmentReason.CORRECTION.name(), null);
        CloudEvent<StockEvent> event = CloudEvent.of(voidId, SOURCE, StockEventType.ADJUSTMENT.cloudEventType(), data.facilityCode(), now, data);
        // A repair: entries stored before the input contract may hold an expiry or a quantity it refuses today, or a
        // time after now: the void is dated now but ordered in the card right after the entry it voids, never before.
        LedgerService.Received repair = new LedgerService.Received(event, EventJson.write(event), true, entry.occurredAt());
        return ledger.applyAll(List.of(repair), (connection, result) -> {
            LedgerOutcome outcome = result.outcomes().get(0);
            return outcome.kind() != LedgerOutcome.Kind.APPLIED ? Uni.createFrom().voidItem()
                    : link(connection, caller, entry, voidId, reason, now)
                            .chain(() -> connection.preparedQuery(REPORTED).execute(Tuple.of(entry.facilityCode(), entry.productCode())))
                            .chain(() -> audit.record(connection, caller, AuditLog.STOCK_VOID, "ledger-entry", entry.eventId(),
                                    entry.facilityCode(), AdjustmentService.balance(data, outcome.lotBalanceBefore()),
                                    change(entry, voidId, data, reason, outcome.lotBalanceAfter())));
        }).flatMap(result -> {
            LedgerOutcome outcome = result.outcomes().get(0);
            return switch (outcome.kind()) {
                case APPLIED -> relay.deliver(result.outbox()).replaceWith(new Voided(voidId, entry.eventId(), entry.facilityCode(),
                        entry.productCode(), data.lotCode(), data.quantity(), reason, now, outcome.lotBalanceAfter()));
                // Another void of the same entry committed first (its link row names it).
                case DUPLICATE -> Uni.createFrom().failure(conflict(alreadyVoided(entry.eventId(), voidId, null, null)));
                default -> Uni.createFrom().failure(new ProblemException(Problem.of(422, "Void not applied", "voiding " + entry.eventId()
                        + " would take " + -entry.delta() + " doses off the lot: " + outcome.detail())));
            };
        });
    }

    private static Uni<Void> link(SqlConnection connection, Caller caller, Entry entry, String voidId, String reason, Instant at) {
        return connection.preparedQuery(LINK)
                .execute(Tuple.of(entry.eventId(), voidId, reason, caller.actor(), OffsetDateTime.ofInstant(at, ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    private static ProblemException conflict(String detail) {
        return new ProblemException(Problem.of(409, "Conflict", detail));
    }

    private static String alreadyVoided(String eventId, String voidId, String actor, Instant at) {
        return "ledger entry " + eventId + " is already voided by " + voidId + (actor == null ? "" : " (" + actor + ", " + at + ")");
    }

    private static Entry entry(Row row) {
        return new Entry(row.getString("event_id"), row.getString("event_type"), row.getString("facility_code"), row.getString("product_code"),
                row.getString("lot_code"), row.getLocalDate("lot_expiry"), row.getLong("delta"), row.getOffsetDateTime("occurred_at").toInstant());
    }

    private static Map<String, Object> change(Entry entry, String voidId, StockEvent data, String reason, long balance) {
        Map<String, Object> card = AdjustmentService.balance(data, balance);
        card.put("voidEventId", voidId);
        card.put("voidedEventType", entry.eventType());
        card.put("quantity", data.quantity());
        card.put("reason", reason);
        card.put("occurredAt", data.occurredAt());
        return card;
    }
}
