package ng.vaxtrace.stock.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import ng.vaxtrace.http.ProblemException;
import ng.vaxtrace.security.Caller;
import ng.vaxtrace.security.Roles;
import ng.vaxtrace.stock.adjustment.LedgerVoids;

/** Voiding a wrong ledger entry (administrators only): the ledger's append-only repair path. */
@Path("/api/v1/facilities/{facilityCode}/ledger/{eventId}/void")
@Tag(name = "Facilities")
@RolesAllowed(Roles.ADMIN)
public class LedgerVoidResource {

    private static final int MAX_REASON = 500;
    private static final int MAX_EVENT_ID = 128;

    private final LedgerVoids voids;
    private final Access access;

    public LedgerVoidResource(LedgerVoids voids, Access access) {
        this.voids = voids;
        this.access = access;
    }

    /** The request body: why the entry is wrong (kept in the ledger_void row and the audit log). */
    public record VoidRequest(String reason) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Void a ledger entry", description = "Appends a compensating adjustment (reason CORRECTION, the opposite of the "
            + "change the entry made to its lot, dated now) through the same path as manual adjustments: balances, metrics and the "
            + "published level change follow, and the void is audited (stock.void) with the administrator's reason. The ledger stays "
            + "append-only: the voided entry remains, listed with voidedBy.")
    @APIResponse(responseCode = "201", description = "Voided: the compensating entry's event id and the lot balance after it")
    @APIResponse(responseCode = "400", description = "reason missing, blank or longer than 500 characters")
    @APIResponse(responseCode = "403", description = "Not an administrator")
    @APIResponse(responseCode = "404", description = "The facility has no such ledger entry")
    @APIResponse(responseCode = "409", description = "The entry is already voided, or is itself a void")
    @APIResponse(responseCode = "422", description = "Nothing to compensate (the entry changed no stock), or the void would make stock negative")
    public Uni<Response> voidEntry(@PathParam("facilityCode") String facilityCode, @PathParam("eventId") String eventId, VoidRequest body) {
        Filters.code("facilityCode", facilityCode);
        // Any stored id is voidable (entries older than the input contract too), so only the column's length is checked.
        if (eventId.length() > MAX_EVENT_ID) {
            throw ProblemException.invalid("eventId", "must be at most " + MAX_EVENT_ID + " characters");
        }
        Caller caller = access.caller();
        caller.requireAdmin();
        if (body == null || body.reason() == null || body.reason().isBlank()) {
            throw ProblemException.invalid("reason", "is required: why the entry is wrong");
        }
        if (body.reason().length() > MAX_REASON) {
            throw ProblemException.invalid("reason", "must be at most " + MAX_REASON + " characters");
        }
        return access.facility(caller, facilityCode)
                .flatMap(area -> voids.voidEntry(caller, facilityCode, eventId, body.reason().strip()))
                .map(voided -> Response.status(201).type(MediaType.APPLICATION_JSON).entity(voided).build());
    }
}
