package ng.vaxtrace.contracts;

/**
 * What a lot's VVM reports add up to since the lot was last found clear. The VVM is on each vial, so a report at
 * stage 3 or 4 condemns the vials reported, not the lot: {@code discarded} counts the doses already discarded at the
 * discard point, {@code pending} those reported at it and still on hand. The lot is clear again when an inspection
 * says so — a physical count that reports no discard stage, any report of stage 1 or 2 — or when its balance reaches
 * zero (sources: docs/domain-rules.md §2). Shared because two services replay it over the same stock events:
 * alert-service over the level changes (its VVM alert), stock-service over its ledger (usable stock in its read API).
 *
 * @param stage     the worst stage (3 or 4) reported since the lot was last clear; null when clear
 * @param discarded doses discarded at stage 3/4 since then
 * @param pending   doses reported at stage 3/4 and not yet discarded (never more than the balance)
 */
public record VvmTally(Integer stage, long discarded, long pending) {

    public static final VvmTally CLEAR = new VvmTally(null, 0, 0);

    public boolean isClear() {
        return stage == null;
    }

    /**
     * The tally after one stock-level change of the lot.
     *
     * @param causeType the wire name of the stock event (receipt, discard, physical-count…)
     * @param vvmStage  the VVM stage that event reported, if any
     */
    public VvmTally next(String causeType, Integer vvmStage, long lotBalanceBefore, long lotBalanceAfter) {
        boolean count = StockEventType.PHYSICAL_COUNT.wireName().equals(causeType);
        boolean discardStage = vvmStage != null && vvmStage >= 3;
        if (lotBalanceAfter <= 0 || vvmStage != null && !discardStage || count && !discardStage) {
            return CLEAR;
        }
        if (!discardStage) {
            return isClear() ? CLEAR : new VvmTally(stage, discarded, Math.min(pending, lotBalanceAfter));
        }
        int worst = isClear() ? vvmStage : Math.max(stage, vvmStage);
        long moved = lotBalanceAfter - lotBalanceBefore;
        if (StockEventType.DISCARD.wireName().equals(causeType)) {
            long doses = Math.max(0, -moved);
            return new VvmTally(worst, discarded + doses, Math.min(Math.max(0, pending - doses), lotBalanceAfter));
        }
        // Doses that arrived at the discard point are those received; any other report (a count) speaks for the lot.
        long reported = moved > 0 && !count ? pending + moved : lotBalanceAfter;
        return new VvmTally(worst, discarded, Math.min(reported, lotBalanceAfter));
    }

    /** Share of the lot found at the discard point: reported doses ÷ (discarded + balance), in percent. */
    public double sharePercent(long lotBalance) {
        long seen = discarded + lotBalance;
        return seen <= 0 ? 0 : 100.0 * (discarded + pending) / seen;
    }
}
