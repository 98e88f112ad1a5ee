package ng.vaxtrace.alert.rules;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import ng.vaxtrace.contracts.AlertType;

/** The WHO defaults, spelled out, and helpers to pick a rule's finding. */
final class RuleFixtures {

    static final RuleSettings WHO = new RuleSettings(14, 7, new int[] { 90, 60, 30 }, 8.0, Duration.ofHours(10), -0.5,
            Duration.ofMinutes(60), 30);

    private RuleFixtures() {
    }

    static Finding of(List<Finding> findings, AlertType type) {
        return findings.stream().filter(f -> f.type() == type).findFirst().orElseThrow();
    }

    static Optional<Finding.Raise> raised(List<Finding> findings, AlertType type) {
        return of(findings, type) instanceof Finding.Raise raise ? Optional.of(raise) : Optional.empty();
    }
}
