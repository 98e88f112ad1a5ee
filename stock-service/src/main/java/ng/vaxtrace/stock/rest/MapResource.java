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

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import ng.vaxtrace.security.AccessRefusedException;
import ng.vaxtrace.security.Caller;
import ng.vaxtrace.contracts.FacilityTier;
import ng.vaxtrace.stock.cache.StockCache;
import ng.vaxtrace.stock.dashboard.DashboardQueries;

/** Map layer: facilities as GeoJSON points with their stock status. */
@Path("/api/v1/map/facilities")
@Tag(name = "Map")
@Authenticated
public class MapResource {

    private static final String GEO_JSON = "application/geo+json";

    private final DashboardQueries queries;
    private final StockCache cache;
    private final Filters filters;
    private final Access access;

    public MapResource(DashboardQueries queries, StockCache cache, Filters filters, Access access) {
        this.queries = queries;
        this.cache = cache;
        this.filters = filters;
        this.access = access;
    }

    @GET
    @Produces({ GEO_JSON, "application/json" })
    @Operation(summary = "Facilities with status, as a GeoJSON FeatureCollection", description = "Filters: area (default: the caller's; "
            + "out of its area → 403; a facility officer gets its own facility only and may not name an area), product (default: the worst status over all products), tier. Properties: code, name, tier, status, quantity.")
    public Uni<Response> facilities(@QueryParam("area") String area, @QueryParam("product") String product,
            @QueryParam("tier") String tierName, @Context Request request, @Context HttpHeaders headers) {
        FacilityTier tier = Filters.tier(tierName);
        Caller caller = access.caller();
        if (caller.facility() != null) {
            return ownFacility(caller, area, product, tier, request, headers);
        }
        // The national layer is ~5 MB of JSON: it is compressed once when cached, not on every request.
        return filters.area(Access.aggregateArea(caller, area, "the map")).flatMap(scope -> filters.product(product).flatMap(p -> cache.getOrLoadBytesForArea(scope.code(),
                        "map.gz:" + p + ":" + tier, () -> queries.map(scope, null, p, tier).map(Gzip::deflate))))
                .map(gzipped -> ConditionalGet.respondGzipped(request, headers, gzipped, GEO_JSON));
    }

    /** A facility officer's layer: one feature, not cached (a one-row query). */
    private Uni<Response> ownFacility(Caller caller, String area, String product, FacilityTier tier, Request request, HttpHeaders headers) {
        if (area != null) {
            throw new AccessRefusedException("a facility officer's map shows only its own facility (" + caller.facility() + "): omit area");
        }
        return access.facility(caller, caller.facility())
                .flatMap(known -> filters.area(null))
                .flatMap(nation -> filters.product(product).flatMap(p -> queries.map(nation, caller.facility(), p, tier)))
                .map(json -> ConditionalGet.respondGzipped(request, headers, Gzip.deflate(json), GEO_JSON));
    }
}
