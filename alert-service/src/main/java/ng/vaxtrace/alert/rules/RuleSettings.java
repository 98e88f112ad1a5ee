package ng.vaxtrace.alert.rules;

import java.time.Duration;

/**
 * The thresholds of every rule (configured under {@code vaxtrace.alert.rules}; defaults and their sources are in
 * application.properties and alert-service/README.md).
 *
 * @param leadTimeDays       delivery lead time: a predicted stock-out is raised when the days of stock left are
 *                           fewer than lead time + safety margin, and is HIGH when fewer than the lead time alone
 * @param safetyMarginDays   the margin on top of the lead time
 * @param expiryWindowsDays  expiry warning windows, widest first (LOW, MEDIUM, HIGH): 90, 60, 30
 * @param heatLimitCelsius   heat excursion: above this ...
 * @param heatMinDuration    ... for longer than this (WHO: +8 °C, 10 hours)
 * @param freezeLimitCelsius freeze excursion: at or below this ...
 * @param freezeMinDuration  ... for longer than this (WHO: −0.5 °C, 60 minutes)
 * @param reportingGapDays   a facility silent longer than this raises a reporting gap (HIGH after twice as long)
 */
public record RuleSettings(int leadTimeDays, int safetyMarginDays, int[] expiryWindowsDays, double heatLimitCelsius,
        Duration heatMinDuration, double freezeLimitCelsius, Duration freezeMinDuration, int reportingGapDays) {

    public RuleSettings {
        if (expiryWindowsDays.length != 3 || expiryWindowsDays[0] < expiryWindowsDays[1] || expiryWindowsDays[1] < expiryWindowsDays[2]) {
            throw new IllegalArgumentException("expiry windows must be three day counts, widest first (e.g. 90,60,30)");
        }
    }
}
