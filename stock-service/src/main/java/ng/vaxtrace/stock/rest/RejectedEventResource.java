package ng.vaxtrace.stock.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import ng.vaxtrace.http.Csv;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.security.Caller;
import ng.vaxtrace.stock.ledger.StockQueries;

/** Stock events that were received but not applied, so an operator can see what was refused and why. */
@Path("/api/v1/rejected-events")
@Tag(name = "Rejected events")
@Produces({ MediaType.APPLICATION_JSON, Csv.MEDIA_TYPE })
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
            + "roles see all; others only those of the facilities in their area (a facility officer: its own). limit 1–500 "
            + "(default 100). JSON, or a CSV download with ?format=csv or Accept: text/csv, one row per event with the record "
            + "as received in `payload` (limit 1–10,000, default 10,000).")
    public Uni<Response> list(@QueryParam("facilityCode") String facilityCode, @QueryParam("limit") String limitParam,
            @QueryParam("format") String format, @Context HttpHeaders headers, @Context Request request) {
        boolean csv = Csv.wanted(format, headers);
        Filters.code("facilityCode", facilityCode);
        int limit = Csv.limit(limitParam, csv, 100, MAX_LIMIT);
        Caller caller = access.caller();
        String facility = facilityCode == null ? caller.facility() : facilityCode;
        // National callers may also list the events of facilities we do not know (that is often why they were rejected).
        Uni<?> allowed = facility == null || caller.isNational() ? Uni.createFrom().voidItem() : access.facility(caller, facility);
        String area = caller.isNational() || facility != null ? null : caller.defaultArea();
        return allowed.flatMap(ok -> queries.rejectedEvents(facility, area, limit)).map(list -> csv
                ? DashboardCsv.rejectedEvents(list).response("rejected-events" + (facility == null ? "" : "-" + facility) + ".csv")
                : ConditionalGet.respond(request, EventJson.write(list)));
    }
}
