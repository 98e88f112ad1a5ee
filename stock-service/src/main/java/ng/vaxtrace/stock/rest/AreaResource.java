package ng.vaxtrace.stock.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.FacilityTier;
import ng.vaxtrace.stock.cache.StockCache;
import ng.vaxtrace.stock.dashboard.DashboardQueries;

/** Areas: the location tree, and stock aggregated for the nation, a zone, a state or an LGA. */
@Path("/api/v1")
@Tag(name = "Areas")
@Produces(MediaType.APPLICATION_JSON)
public class AreaResource {

    private final DashboardQueries queries;
    private final StockCache cache;
    private final Filters filters;

    public AreaResource(DashboardQueries queries, StockCache cache, Filters filters) {
        this.queries = queries;
        this.cache = cache;
        this.filters = filters;
    }

    @GET
    @Path("/locations")
    @Operation(summary = "Location tree", description = "Nigeria → zones → states → LGAs, each with its number of active facilities.")
    public Uni<Response> locations(@Context Request request) {
        return cache.getOrLoadForArea("NG", "locations", () -> queries.locationTree().map(EventJson::write))
                .map(json -> ConditionalGet.respond(request, json));
    }

    @GET
    @Path("/areas/{areaCode}/stock")
    @Operation(summary = "Stock aggregated for an area", description = "areaCode: NG, a zone (NG-NW), a state (NG-KN) or an LGA "
            + "(NG-KN-017). Per product: doses on hand, AMC of the health facilities, months of stock, facilities by status. "
            + "Optional filters: product, tier.")
    @APIResponse(responseCode = "200", description = "The aggregate")
    @APIResponse(responseCode = "400", description = "Bad product or tier filter")
    @APIResponse(responseCode = "404", description = "Unknown area")
    public Uni<Response> areaStock(@PathParam("areaCode") String areaCode, @QueryParam("product") String product,
            @QueryParam("tier") String tierName, @Context Request request) {
        Filters.code("areaCode", areaCode);
        FacilityTier tier = Filters.tier(tierName);
        return queries.area(areaCode).flatMap(area -> {
            if (area == null) {
                throw ProblemException.notFound("unknown area " + areaCode);
            }
            return filters.product(product).flatMap(p -> cache.getOrLoadForArea(area.code(), "stock:" + p + ":" + tier,
                    () -> queries.areaStock(area, p, tier).map(EventJson::write)));
        }).map(json -> ConditionalGet.respond(request, json));
    }
}
