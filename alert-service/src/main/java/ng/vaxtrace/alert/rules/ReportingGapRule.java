package ng.vaxtrace.alert.rules;

import java.time.Duration;
import java.time.Instant;

import ng.vaxtrace.contracts.AlertSeverity;
import ng.vaxtrace.contracts.AlertType;

/** A facility we have not heard from (no stock event recorded) for longer than the reporting window. */
public final class ReportingGapRule {

    private ReportingGapRule() {
    }

    public static Finding evaluate(Instant lastEventAt, Instant now, RuleSettings settings) {
        Duration silent = Duration.between(lastEventAt, now);
        Duration window = Duration.ofDays(settings.reportingGapDays());
        if (silent.compareTo(window) <= 0) {
            return new Finding.Clear(AlertType.REPORTING_GAP, "");
        }
        AlertSeverity severity = silent.compareTo(window.multipliedBy(2)) > 0 ? AlertSeverity.HIGH : AlertSeverity.MEDIUM;
        return new Finding.Raise(AlertType.REPORTING_GAP, "", severity, "no stock report for " + silent.toDays()
                + " days (window " + settings.reportingGapDays() + " days)",
                StockRules.details("lastEventAt", lastEventAt.toString(), "silentDays", silent.toDays(),
                        "windowDays", settings.reportingGapDays()),
                null, null, null, lastEventAt.plus(window));
    }
}
