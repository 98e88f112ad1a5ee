package ng.vaxtrace.stock.metrics;

import java.time.Instant;

/**
 * One applied ledger entry as the metrics see it: when it happened, the signed change it made to the product's
 * balance, and how many doses it used (consumption and issues) — 0 for other movements.
 */
public record Movement(Instant occurredAt, long delta, long used) {
}
