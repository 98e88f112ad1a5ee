package ng.vaxtrace.stock.ledger;

/**
 * What applying one stock event did. For an applied event: its outbox row, the lot's balance before and after it
 * (now), and the balance its ledger entry records at its place in time (they differ for a late event).
 */
public record LedgerOutcome(Kind kind, Long outboxId, String detail, long lotBalanceBefore, long lotBalanceAfter, long entryBalance) {

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

    static LedgerOutcome applied(long outboxId, long lotBalanceBefore, long lotBalanceAfter, long entryBalance) {
        return new LedgerOutcome(Kind.APPLIED, outboxId, null, lotBalanceBefore, lotBalanceAfter, entryBalance);
    }

    static LedgerOutcome duplicate() {
        return new LedgerOutcome(Kind.DUPLICATE, null, null, 0, 0, 0);
    }

    public static LedgerOutcome deadLettered(String reason) {
        return new LedgerOutcome(Kind.DEAD_LETTERED, null, reason, 0, 0, 0);
    }

    static LedgerOutcome rejected(String reason) {
        return new LedgerOutcome(Kind.REJECTED, null, reason, 0, 0, 0);
    }
}
