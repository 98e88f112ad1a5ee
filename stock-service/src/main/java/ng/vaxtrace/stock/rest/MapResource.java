package ng.vaxtrace.stock.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
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

    private static final String GEO_JSON = "application/geo+json";

    private final DashboardQueries queries;
    private final StockCache cache;
    private final Filters filters;

    public MapResource(DashboardQueries queries, StockCache cache, Filters filters) {
        this.queries = queries;
        this.cache = cache;
        this.filters = filters;
    }

    @GET
    @Produces({ GEO_JSON, "application/json" })
    @Operation(summary = "Facilities with status, as a GeoJSON FeatureCollection", description = "Filters: area (default NG), "
            + "product (default: the worst status over all products), tier. Properties: code, name, tier, status, quantity.")
    public Uni<Response> facilities(@QueryParam("area") String area, @QueryParam("product") String product,
            @QueryParam("tier") String tierName, @Context Request request, @Context HttpHeaders headers) {
        FacilityTier tier = Filters.tier(tierName);
        // The national layer is ~5 MB of JSON: it is compressed once when cached, not on every request.
        return filters.area(area).flatMap(scope -> filters.product(product).flatMap(p -> cache.getOrLoadBytesForArea(scope.code(),
                        "map.gz:" + p + ":" + tier, () -> queries.map(scope, p, tier).map(Gzip::deflate))))
                .map(gzipped -> ConditionalGet.respondGzipped(request, headers, gzipped, GEO_JSON));
    }
}
