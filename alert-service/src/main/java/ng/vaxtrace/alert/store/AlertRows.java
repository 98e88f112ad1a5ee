package ng.vaxtrace.alert.store;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.type.TypeReference;

import io.vertx.mutiny.sqlclient.Row;
import ng.vaxtrace.contracts.Alert;
import ng.vaxtrace.contracts.AlertSeverity;
import ng.vaxtrace.contracts.AlertType;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.FacilityArea;
import ng.vaxtrace.contracts.IsoTimes;

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

    /**
     * Writes the row as {@code EventJson.write(from(row))} would — the same fields in the same order, absent when null,
     * times as ISO instants — without making the {@link Alert} on the way: {@code details} and {@code notes} are
     * copied as PostgreSQL wrote them (JSON already) instead of being parsed into maps and written again. That
     * parse-and-write was most of the time of reading every open alert of Nigeria (docs/benchmarks.md).
     */
    public static void write(Row row, JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeStringField("alertId", row.getUUID("id").toString());
        text(json, "alertType", row.getString("alert_type"));
        text(json, "severity", row.getString("severity"));
        text(json, "status", row.getString("status"));
        text(json, "facilityCode", row.getString("facility_code"));
        String zone = row.getString("zone_code");
        String state = row.getString("state_code");
        String lga = row.getString("lga_code");
        if (zone != null || state != null || lga != null) {
            json.writeObjectFieldStart("area");
            text(json, "zoneCode", zone);
            text(json, "stateCode", state);
            text(json, "lgaCode", lga);
            json.writeEndObject();
        }
        text(json, "productCode", row.getString("product_code"));
        text(json, "lotCode", row.getString("lot_code"));
        text(json, "fridgeId", row.getString("fridge_id"));
        text(json, "message", row.getString("message"));
        raw(json, "details", row.getString("details"));
        time(json, "raisedAt", row, "raised_at");
        time(json, "updatedAt", row, "updated_at");
        time(json, "acknowledgedAt", row, "acknowledged_at");
        text(json, "acknowledgedBy", row.getString("acknowledged_by"));
        time(json, "resolvedAt", row, "resolved_at");
        text(json, "resolvedBy", row.getString("resolved_by"));
        text(json, "resolution", row.getString("resolution"));
        raw(json, "notes", row.getString("notes"));
        json.writeEndObject();
    }

    private static void text(JsonGenerator json, String field, String value) throws IOException {
        if (value != null) {
            json.writeStringField(field, value);
        }
    }

    private static void raw(JsonGenerator json, String field, String value) throws IOException {
        if (value != null) {
            json.writeFieldName(field);
            json.writeRawValue(value);
        }
    }

    private static void time(JsonGenerator json, String field, Row row, String column) throws IOException {
        Instant value = instant(row, column);
        if (value != null) {
            json.writeStringField(field, IsoTimes.format(value));
        }
    }

    static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
