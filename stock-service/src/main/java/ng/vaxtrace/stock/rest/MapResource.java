package ng.vaxtrace.stock.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import ng.vaxtrace.contracts.FacilityTier;
import ng.vaxtrace.stock.cache.StockCache;
import ng.vaxtrace.stock.dashboard.DashboardQueries;

/** Map layer: facilities as GeoJSON points with their stock status. */
@Path("/api/v1/map/facilities")
@Tag(name = "Map")
public class MapResource {

    private final DashboardQueries queries;
    private final StockCache cache;
    private final Filters filters;

    public MapResource(DashboardQueries queries, StockCache cache, Filters filters) {
        this.queries = queries;
        this.cache = cache;
        this.filters = filters;
    }

    @GET
    @Produces({ "application/geo+json", "application/json" })
    @Operation(summary = "Facilities with status, as a GeoJSON FeatureCollection", description = "Filters: area (default NG), "
            + "product (default: the worst status over all products), tier. Properties: code, name, tier, status, quantity.")
    public Uni<Response> facilities(@QueryParam("area") String area, @QueryParam("product") String product,
            @QueryParam("tier") String tierName, @Context Request request) {
        FacilityTier tier = Filters.tier(tierName);
        return filters.area(area).flatMap(scope -> filters.product(product).flatMap(p -> cache.getOrLoadForArea(scope.code(),
                        "map:" + p + ":" + tier, () -> queries.map(scope, p, tier))))
                .map(json -> ConditionalGet.respond(request, json));
    }
}
