package ng.vaxtrace.alert.rest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import ng.vaxtrace.alert.store.AuditLog;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.FacilityArea;
import ng.vaxtrace.contracts.FieldViolation;
import ng.vaxtrace.contracts.Problem;
import ng.vaxtrace.http.ProblemException;
import ng.vaxtrace.http.Csv;
import ng.vaxtrace.security.Callers;
import ng.vaxtrace.security.Roles;

/** The audit log for administrators: who acknowledged or resolved which alert, when, and what it changed. */
@Path("/api/v1/audit")
@Produces({ MediaType.APPLICATION_JSON, Csv.MEDIA_TYPE })
public class AuditResource {

    /** Most items one page may hold. */
    private static final int MAX_LIMIT = 500;
    /** The columns of the CSV download; {@code before} and {@code after} as JSON text. */
    public static final List<String> CSV_HEADER = List.of("id", "at", "actor", "role", "actor_area", "action", "subject_type",
            "subject_id", "facility", "zone", "state", "lga", "before", "after", "note");

    private static final String COLUMNS = "id, at, actor, role, actor_area, action, subject_type, subject_id, facility_code, "
            + "zone_code, state_code, lga_code, before::text as before, after::text as after, note";

    private final Pool pool;
    private final Callers callers;
    private final SecurityIdentity identity;

    public AuditResource(Pool pool, Callers callers, SecurityIdentity identity) {
        this.pool = pool;
        this.callers = callers;
        this.identity = identity;
    }

    /** One recorded action; {@code before} and {@code after} are the subject's state around it. */
    public record AuditEntry(long id, Instant at, String actor, String role, String actorArea, String action, String subjectType,
            String subjectId, String facilityCode, FacilityArea area, JsonNode before, JsonNode after, String note) {
    }

    /** A page of entries, newest first; pass {@code nextCursor} back as {@code cursor} for the next page. */
    public record AuditPage(List<AuditEntry> items, String nextCursor) {
    }

    @GET
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Audit log, newest first (administrators only)", description = "Filters combine; 400 names every bad one. "
            + "limit 1–500 (default 100). JSON, or a CSV download with ?format=csv or Accept: text/csv, one row per entry (limit "
            + "1–10,000, default 10,000; the next page's cursor in the X-Next-Cursor header).")
    public Uni<Response> list(@Parameter(description = "the acting user (exact)") @QueryParam("actor") String actor,
            @Parameter(description = "alert.acknowledge or alert.resolve") @QueryParam("action") String action,
            @Parameter(description = "the subject's id (an alert id)") @QueryParam("subject") String subject,
            @Parameter(description = "the subject's facility code") @QueryParam("facility") String facility,
            @Parameter(description = "recorded at or after (ISO-8601 instant)") @QueryParam("from") String from,
            @Parameter(description = "recorded before (ISO-8601 instant)") @QueryParam("to") String to,
            @QueryParam("limit") String limitParam, @QueryParam("cursor") String cursor,
            @Parameter(description = "json (default) or csv") @QueryParam("format") String format, @Context HttpHeaders headers) {
        callers.of(identity).requireAdmin();
        boolean csv = Csv.wanted(format, headers);
        List<FieldViolation> errors = new ArrayList<>();
        List<String> clauses = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        text("actor", actor, 128, "actor", clauses, params, errors);
        if (action != null && !action.isBlank() && !AuditLog.ACTIONS.contains(action.trim().toLowerCase(Locale.ROOT))) {
            errors.add(new FieldViolation("action", "unknown action " + action + "; known: " + AuditLog.ACTIONS));
        } else {
            text("action", action == null ? null : action.toLowerCase(Locale.ROOT), 64, "action", clauses, params, errors);
        }
        text("subject", subject, 128, "subject_id", clauses, params, errors);
        text("facility", facility, 64, "facility_code", clauses, params, errors);
        Instant fromInstant = AlertFilter.instant("from", from, errors);
        if (fromInstant != null) {
            params.add(fromInstant.atOffset(ZoneOffset.UTC));
            clauses.add("at >= $" + params.size());
        }
        Instant toInstant = AlertFilter.instant("to", to, errors);
        if (toInstant != null) {
            params.add(toInstant.atOffset(ZoneOffset.UTC));
            clauses.add("at < $" + params.size());
        }
        if (cursor != null && !cursor.isBlank()) {
            params.add(decodeCursor(cursor, errors));
            clauses.add("id < $" + params.size());
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.invalid("invalid audit query", errors));
        }
        int pageSize = Csv.limit(limitParam, csv, 100, MAX_LIMIT);
        params.add(pageSize + 1);
        String sql = "select " + COLUMNS + " from audit_log where " + (clauses.isEmpty() ? "true" : String.join(" and ", clauses))
                + " order by id desc limit $" + params.size();
        return pool.preparedQuery(sql).execute(Tuple.from(params)).map(rows -> {
            List<AuditEntry> items = new ArrayList<>();
            String next = null;
            for (Row row : rows) {
                if (items.size() == pageSize) {
                    next = Base64.getUrlEncoder().withoutPadding().encodeToString(
                            Long.toString(items.get(items.size() - 1).id()).getBytes(StandardCharsets.UTF_8));
                    break;
                }
                items.add(entry(row));
            }
            AuditPage page = new AuditPage(items, next);
            return csv ? csv(page).response("audit-log.csv", next) : Response.ok(EventJson.write(page), MediaType.APPLICATION_JSON_TYPE).build();
        });
    }

    private static Csv csv(AuditPage page) {
        Csv csv = new Csv(CSV_HEADER);
        for (AuditEntry e : page.items()) {
            FacilityArea area = e.area() == null ? new FacilityArea(null, null, null) : e.area();
            csv.row(e.id(), e.at(), e.actor(), e.role(), e.actorArea(), e.action(), e.subjectType(), e.subjectId(), e.facilityCode(),
                    area.zoneCode(), area.stateCode(), area.lgaCode(), e.before(), e.after(), e.note());
        }
        return csv;
    }

    private static void text(String field, String value, int max, String column, List<String> clauses, List<Object> params,
            List<FieldViolation> errors) {
        if (value == null || value.isBlank()) {
            return;
        }
        if (value.trim().length() > max) {
            errors.add(new FieldViolation(field, "at most " + max + " characters"));
            return;
        }
        params.add(value.trim());
        clauses.add(column + " = $" + params.size());
    }

    private static long decodeCursor(String cursor, List<FieldViolation> errors) {
        try {
            return Long.parseLong(new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            errors.add(new FieldViolation("cursor", "not a cursor this API returned"));
            return 0;
        }
    }

    private static AuditEntry entry(Row row) {
        String zone = row.getString("zone_code");
        String state = row.getString("state_code");
        String lga = row.getString("lga_code");
        FacilityArea area = zone == null && state == null && lga == null ? null : new FacilityArea(zone, state, lga);
        return new AuditEntry(row.getLong("id"), row.getOffsetDateTime("at").toInstant(), row.getString("actor"), row.getString("role"),
                row.getString("actor_area"), row.getString("action"), row.getString("subject_type"), row.getString("subject_id"),
                row.getString("facility_code"), area, json(row.getString("before")), json(row.getString("after")), row.getString("note"));
    }

    private static JsonNode json(String value) {
        return value == null ? null : EventJson.tree(value);
    }
}
