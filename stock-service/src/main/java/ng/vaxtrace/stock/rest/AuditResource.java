package ng.vaxtrace.stock.rest;

import java.time.Instant;
import java.time.format.DateTimeParseException;

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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import ng.vaxtrace.http.Csv;
import ng.vaxtrace.http.ProblemException;
import ng.vaxtrace.security.Roles;
import ng.vaxtrace.stock.audit.AuditLog;

/** The audit log of stock-service's write actions, for administrators. */
@Path("/api/v1/audit")
@Tag(name = "Audit")
@Produces({ MediaType.APPLICATION_JSON, Csv.MEDIA_TYPE })
@RolesAllowed(Roles.ADMIN)
public class AuditResource {

    private static final int MAX_LIMIT = 500;

    private final AuditLog audit;
    private final Access access;

    public AuditResource(AuditLog audit, Access access) {
        this.audit = audit;
        this.access = access;
    }

    @GET
    @Operation(summary = "Audited actions, newest first", description = "Filters: actor, action (stock.adjust, facility.contact.update, "
            + "facility.contact.delete, admin.contacts.reencrypt), facility, from/to (ISO instants, to exclusive). Cursor-paged: "
            + "pass nextCursor as cursor (limit 1–500, default 50). Personal data appears masked only. JSON, or a CSV download with "
            + "?format=csv or Accept: text/csv, one row per entry, before and after as JSON text (limit 1–10,000, default 10,000; "
            + "the next page's cursor in the X-Next-Cursor header).")
    public Uni<Response> list(@QueryParam("actor") String actor, @QueryParam("action") String action,
            @QueryParam("facility") String facility, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("cursor") String cursor, @QueryParam("limit") String limitParam, @QueryParam("format") String format,
            @Context HttpHeaders headers) {
        access.caller().requireAdmin();
        boolean csv = Csv.wanted(format, headers);
        Filters.code("facility", facility);
        int limit = Csv.limit(limitParam, csv, 50, MAX_LIMIT);
        return audit.search(new AuditLog.Query(actor, action, facility, instant("from", from), instant("to", to), cursor(cursor), limit))
                .map(page -> csv ? DashboardCsv.audit(page).response("audit-log.csv", page.nextCursor())
                        : Response.ok(page, MediaType.APPLICATION_JSON_TYPE).build());
    }

    private static Instant instant(String field, String value) {
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(field, "must be an ISO-8601 instant such as 2026-01-31T00:00:00Z");
        }
    }

    private static Long cursor(String value) {
        try {
            return value == null ? null : Long.valueOf(value);
        } catch (NumberFormatException e) {
            throw ProblemException.invalid("cursor", "is not a cursor this API issued");
        }
    }
}
