package ng.vaxtrace.alert.rules;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import ng.vaxtrace.contracts.AlertSeverity;
import ng.vaxtrace.contracts.AlertType;

/**
 * Temperature excursions per fridge (WHO criteria for storage monitors, domain.md §1): heat = above +8 °C for more
 * than 10 consecutive hours; freeze = at or below −0.5 °C for more than 60 consecutive minutes. A "run" is the
 * unbroken series of out-of-range readings ending at the newest reading; the condition holds while the run is longer
 * than the limit and clears with the first in-range reading. Heat lasting twice the limit escalates to CRITICAL;
 * freezing is CRITICAL at once (freeze-damaged vaccine shows no VVM sign and must be shake-tested or discarded).
 */
public final class ColdChainRules {

    private ColdChainRules() {
    }

    /**
     * The current out-of-range run of a fridge, or null when its newest reading is in range.
     *
     * @param extremeCelsius the hottest (heat) or coldest (freeze) reading of the run
     */
    public record Run(Instant start, Instant end, BigDecimal extremeCelsius, int readings) {

        Duration length() {
            return Duration.between(start, end);
        }
    }

    public static List<Finding> evaluate(String fridgeId, Run heat, Run freeze, RuleSettings settings) {
        return List.of(heat(fridgeId, heat, settings), freeze(fridgeId, freeze, settings));
    }

    static Finding heat(String fridgeId, Run run, RuleSettings settings) {
        if (run == null || run.length().compareTo(settings.heatMinDuration()) <= 0) {
            return new Finding.Clear(AlertType.HEAT_EXCURSION, fridgeId);
        }
        AlertSeverity severity = run.length().compareTo(settings.heatMinDuration().multipliedBy(2)) > 0
                ? AlertSeverity.CRITICAL : AlertSeverity.HIGH;
        return new Finding.Raise(AlertType.HEAT_EXCURSION, fridgeId, severity, "fridge " + fridgeId + " above "
                + settings.heatLimitCelsius() + " °C for " + hoursAndMinutes(run.length()) + " (max " + run.extremeCelsius() + " °C)",
                StockRules.details("startedAt", run.start().toString(), "lastReadingAt", run.end().toString(),
                        "durationMinutes", run.length().toMinutes(), "maxTemperatureCelsius", run.extremeCelsius(),
                        "limitCelsius", settings.heatLimitCelsius()),
                null, null, fridgeId, run.start().plus(settings.heatMinDuration()));
    }

    static Finding freeze(String fridgeId, Run run, RuleSettings settings) {
        if (run == null || run.length().compareTo(settings.freezeMinDuration()) <= 0) {
            return new Finding.Clear(AlertType.FREEZE_EXCURSION, fridgeId);
        }
        return new Finding.Raise(AlertType.FREEZE_EXCURSION, fridgeId, AlertSeverity.CRITICAL, "fridge " + fridgeId
                + " at or below " + settings.freezeLimitCelsius() + " °C for " + hoursAndMinutes(run.length()) + " (min "
                + run.extremeCelsius() + " °C): freeze-sensitive vaccines at risk",
                StockRules.details("startedAt", run.start().toString(), "lastReadingAt", run.end().toString(),
                        "durationMinutes", run.length().toMinutes(), "minTemperatureCelsius", run.extremeCelsius(),
                        "limitCelsius", settings.freezeLimitCelsius()),
                null, null, fridgeId, run.start().plus(settings.freezeMinDuration()));
    }

    private static String hoursAndMinutes(Duration d) {
        return d.toHours() + " h " + d.toMinutesPart() + " min";
    }
}
