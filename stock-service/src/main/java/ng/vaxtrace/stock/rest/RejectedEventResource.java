package ng.vaxtrace.stock.rest;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import ng.vaxtrace.http.QueryParams;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.security.Caller;
import ng.vaxtrace.stock.ledger.StockQueries;

/** Stock events that were received but not applied, so an operator can see what was refused and why. */
@Path("/api/v1/rejected-events")
@Tag(name = "Rejected events")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class RejectedEventResource {

    private static final int MAX_LIMIT = 500;

    private final StockQueries queries;
    private final Access access;

    public RejectedEventResource(StockQueries queries, Access access) {
        this.queries = queries;
        this.access = access;
    }

    @GET
    @Operation(summary = "Rejected stock events, newest first", description = "Each with the reason it was not applied. National "
            + "roles see all; others only those of the facilities in their area (a facility officer: its own).")
    public Uni<Response> list(@QueryParam("facilityCode") String facilityCode, @QueryParam("limit") @DefaultValue("100") String limitParam,
            @Context Request request) {
        Filters.code("facilityCode", facilityCode);
        int limit = QueryParams.limit("limit", limitParam, MAX_LIMIT);
        Caller caller = access.caller();
        String facility = facilityCode == null ? caller.facility() : facilityCode;
        // National callers may also list the events of facilities we do not know (that is often why they were rejected).
        Uni<?> allowed = facility == null || caller.isNational() ? Uni.createFrom().voidItem() : access.facility(caller, facility);
        String area = caller.isNational() || facility != null ? null : caller.defaultArea();
        return allowed.flatMap(ok -> queries.rejectedEvents(facility, area, limit)).map(list -> ConditionalGet.respond(request, EventJson.write(list)));
    }
}
