package ng.vaxtrace.alert.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;

import io.vertx.mutiny.sqlclient.Row;
import ng.vaxtrace.contracts.Alert;
import ng.vaxtrace.contracts.AlertSeverity;
import ng.vaxtrace.contracts.AlertType;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.FacilityArea;

/** Reads an {@code alert} row (selected with {@link #COLUMNS}) into the public {@link Alert} shape. */
public final class AlertRows {

    public static final String COLUMNS = "id, alert_type, severity, status, facility_code, subject, product_code, lot_code, fridge_id, "
            + "zone_code, state_code, lga_code, message, details::text as details, raised_at, updated_at, acknowledged_at, "
            + "acknowledged_by, resolved_at, resolved_by, resolution, notes::text as notes";

    private static final TypeReference<Map<String, Object>> DETAILS = new TypeReference<>() {
    };
    private static final TypeReference<List<Alert.Note>> NOTES = new TypeReference<>() {
    };

    private AlertRows() {
    }

    public static Alert from(Row row) {
        return from(row, null);
    }

    public static Alert from(Row row, AlertSeverity previousSeverity) {
        String zone = row.getString("zone_code");
        String state = row.getString("state_code");
        String lga = row.getString("lga_code");
        FacilityArea area = zone == null && state == null && lga == null ? null : new FacilityArea(zone, state, lga);
        return new Alert(row.getUUID("id").toString(), AlertType.valueOf(row.getString("alert_type")),
                AlertSeverity.valueOf(row.getString("severity")), row.getString("status"), row.getString("facility_code"), area,
                row.getString("product_code"), row.getString("lot_code"), row.getString("fridge_id"), row.getString("message"),
                EventJson.read(row.getString("details"), DETAILS), instant(row, "raised_at"), instant(row, "updated_at"),
                instant(row, "acknowledged_at"), row.getString("acknowledged_by"), instant(row, "resolved_at"),
                row.getString("resolved_by"), row.getString("resolution"), EventJson.read(row.getString("notes"), NOTES),
                previousSeverity);
    }

    static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
