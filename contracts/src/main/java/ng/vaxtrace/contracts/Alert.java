package ng.vaxtrace.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Payload of the alert lifecycle events ({@link EventTypes#ALERT_OPENED} and friends) and the alert-service API: the
 * whole alert as it stands after the transition. Topic {@link Topics#ALERTS}, key = alert id.
 *
 * <p>There is at most one unresolved alert per facility + subject + type, where the subject is the product code
 * (stock and lot rules), the fridge id (temperature rules) or empty (reporting gap).
 *
 * @param alertId          stable id of the alert across its lifecycle (UUID)
 * @param alertType        see {@link AlertType}
 * @param severity         see {@link AlertSeverity}; only rises while the alert is open ("escalated")
 * @param status           {@code OPEN}, {@code ACKNOWLEDGED} or {@code RESOLVED}
 * @param area             where the facility sits (absent when alert-service has not seen it yet)
 * @param productCode      absent for temperature and reporting-gap alerts
 * @param lotCode          the lot concerned, for lot rules (expiry, VVM)
 * @param fridgeId         the fridge, for temperature rules
 * @param message          one line a person can read
 * @param details          the figures the rule looked at (e.g. monthsOfStock, daysLeft, expiry, maxTemperature)
 * @param raisedAt         when the condition was first seen (field time where the rule knows it)
 * @param updatedAt        the last transition
 * @param resolution       {@code AUTO} (the condition cleared) or {@code MANUAL}; only when resolved
 * @param previousSeverity the severity before an escalation; only on escalated events
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Alert(
        String alertId,
        AlertType alertType,
        AlertSeverity severity,
        String status,
        String facilityCode,
        FacilityArea area,
        String productCode,
        String lotCode,
        String fridgeId,
        String message,
        Map<String, Object> details,
        Instant raisedAt,
        Instant updatedAt,
        Instant acknowledgedAt,
        String acknowledgedBy,
        Instant resolvedAt,
        String resolvedBy,
        String resolution,
        List<Note> notes,
        AlertSeverity previousSeverity) {

    public static final String OPEN = "OPEN";
    public static final String ACKNOWLEDGED = "ACKNOWLEDGED";
    public static final String RESOLVED = "RESOLVED";

    /** A person's note on an acknowledgement or manual resolution. */
    public record Note(String actor, String action, String text, Instant at) {
    }
}
