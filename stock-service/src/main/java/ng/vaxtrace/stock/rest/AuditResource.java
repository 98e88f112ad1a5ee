package ng.vaxtrace.stock.rest;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import ng.vaxtrace.http.QueryParams;
import ng.vaxtrace.http.ProblemException;
import ng.vaxtrace.security.Roles;
import ng.vaxtrace.stock.audit.AuditLog;

/** The audit log of stock-service's write actions, for administrators. */
@Path("/api/v1/audit")
@Tag(name = "Audit")
@Produces(MediaType.APPLICATION_JSON)
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
            + "pass nextCursor as cursor. Personal data appears masked only.")
    public Uni<AuditLog.Page> list(@QueryParam("actor") String actor, @QueryParam("action") String action,
            @QueryParam("facility") String facility, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("cursor") String cursor, @QueryParam("limit") @DefaultValue("50") String limitParam) {
        access.caller().requireAdmin();
        Filters.code("facility", facility);
        int limit = QueryParams.limit("limit", limitParam, MAX_LIMIT);
        return audit.search(new AuditLog.Query(actor, action, facility, instant("from", from), instant("to", to), cursor(cursor), limit));
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
