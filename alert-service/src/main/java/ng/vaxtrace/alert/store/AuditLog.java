package ng.vaxtrace.alert.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.logging.Log;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import ng.vaxtrace.contracts.Alert;
import ng.vaxtrace.contracts.AlertSeverity;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.FacilityArea;
import ng.vaxtrace.security.Caller;

/**
 * The append-only audit log of what people did (table {@code audit_log}; a trigger refuses UPDATE, DELETE and
 * TRUNCATE). Rows are written in the transaction of the change they record, so a change is never without its row.
 */
@ApplicationScoped
public class AuditLog {

    public static final String ALERT_ACKNOWLEDGE = "alert.acknowledge";
    public static final String ALERT_RESOLVE = "alert.resolve";
    /** Every action this service records; the audit query accepts only these. */
    public static final List<String> ACTIONS = List.of(ALERT_ACKNOWLEDGE, ALERT_RESOLVE);
    public static final String ALERT = "alert";

    private static final String INSERT = "insert into audit_log (at, actor, role, actor_area, action, subject_type, subject_id, "
            + "facility_code, zone_code, state_code, lga_code, before, after, note) "
            + "values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::text::jsonb, $13::text::jsonb, $14)";

    /** What an action on an alert changes: recorded as before and after. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AlertState(String status, AlertSeverity severity, Instant acknowledgedAt, String acknowledgedBy, Instant resolvedAt,
            String resolvedBy, String resolution) {

        static AlertState of(Alert alert) {
            return new AlertState(alert.status(), alert.severity(), alert.acknowledgedAt(), alert.acknowledgedBy(), alert.resolvedAt(),
                    alert.resolvedBy(), alert.resolution());
        }
    }

    /** Records a person's action on an alert, in {@code conn}'s transaction. */
    public Uni<Void> alertAction(SqlConnection conn, Caller caller, String action, Alert before, Alert after, String note, Instant now) {
        Log.debugf("audit %s of alert %s by %s (%s)", action, after.alertId(), caller.actor(), caller.role().claimValue());
        FacilityArea area = after.area() == null ? new FacilityArea(null, null, null) : after.area();
        Tuple row = Tuple.tuple(List.of(now.atOffset(ZoneOffset.UTC), caller.actor(), caller.role().claimValue(), caller.scope().code(),
                        action, ALERT, after.alertId()))
                .addString(after.facilityCode()).addString(area.zoneCode()).addString(area.stateCode()).addString(area.lgaCode())
                .addString(EventJson.write(AlertState.of(before))).addString(EventJson.write(AlertState.of(after))).addString(note);
        return conn.preparedQuery(INSERT).execute(row).replaceWithVoid();
    }
}
