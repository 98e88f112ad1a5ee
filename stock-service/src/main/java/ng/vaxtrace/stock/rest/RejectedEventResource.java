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

import io.smallrye.mutiny.Uni;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.stock.ledger.StockQueries;

/** Stock events that were received but not applied, so an operator can see what was refused and why. */
@Path("/api/v1/rejected-events")
@Tag(name = "Rejected events")
@Produces(MediaType.APPLICATION_JSON)
public class RejectedEventResource {

    private static final int MAX_LIMIT = 500;

    private final StockQueries queries;

    public RejectedEventResource(StockQueries queries) {
        this.queries = queries;
    }

    @GET
    @Operation(summary = "Rejected stock events, newest first", description = "Each with the reason it was not applied.")
    public Uni<Response> list(@QueryParam("facilityCode") String facilityCode, @QueryParam("limit") @DefaultValue("100") int limit,
            @Context Request request) {
        Filters.code("facilityCode", facilityCode);
        Filters.limit(limit, MAX_LIMIT);
        return queries.rejectedEvents(facilityCode, limit).map(list -> ConditionalGet.respond(request, EventJson.write(list)));
    }
}
