package ng.vaxtrace.stock.metrics;

import java.time.Instant;

/**
 * One applied ledger entry (or one business day's rollup of them) as the metrics see it: when it happened, the signed
 * change it made to the product's balance, how many doses it used (consumption and issues; 0 for other movements),
 * and the signed part of the change that physical counts made (what a count found missing or found extra).
 */
public record Movement(Instant occurredAt, long delta, long used, long counted) {

    /** A movement that no physical count made. */
    public Movement(Instant occurredAt, long delta, long used) {
        this(occurredAt, delta, used, 0);
    }
}
