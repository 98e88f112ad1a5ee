package ng.vaxtrace.stock.ledger;

/** What applying one stock event did. */
public record LedgerOutcome(Kind kind, Long outboxId, String detail) {

    public enum Kind {
        /** Written to the ledger; {@code outboxId} is the stock-level change waiting to be published. */
        APPLIED,
        /** Seen before (same event id); nothing changed. */
        DUPLICATE,
        /** Not applied; stored in rejected_event with the reason in {@code detail}. */
        REJECTED,
        /** Could not be processed even alone; sent to the dead-letter topic. */
        DEAD_LETTERED
    }

    static LedgerOutcome applied(long outboxId) {
        return new LedgerOutcome(Kind.APPLIED, outboxId, null);
    }

    static LedgerOutcome duplicate() {
        return new LedgerOutcome(Kind.DUPLICATE, null, null);
    }

    public static LedgerOutcome deadLettered() {
        return new LedgerOutcome(Kind.DEAD_LETTERED, null, null);
    }

    static LedgerOutcome rejected(String reason) {
        return new LedgerOutcome(Kind.REJECTED, null, reason);
    }
}
