package ng.vaxtrace.alert.rules;

import java.time.Instant;
import java.util.Map;

import ng.vaxtrace.contracts.AlertSeverity;
import ng.vaxtrace.contracts.AlertType;

/**
 * What a rule concluded about one facility + subject + type: the condition holds ({@link Raise}) or does not
 * ({@link Clear}). Findings are state, not events: applying the same finding twice changes nothing.
 */
public sealed interface Finding {

    AlertType type();

    /** The product code, the fridge id, or "" for facility-wide rules: with facility and type, the dedup key. */
    String subject();

    /**
     * The condition holds.
     *
     * @param observedAt when the condition was seen, in field time where the rule knows it
     */
    record Raise(AlertType type, String subject, AlertSeverity severity, String message, Map<String, Object> details,
            String productCode, String lotCode, String fridgeId, Instant observedAt) implements Finding {
    }

    /** The condition does not hold (any unresolved alert of this key is resolved automatically). */
    record Clear(AlertType type, String subject) implements Finding {
    }
}
