package ng.vaxtrace.stock.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.FacilityArea;
import ng.vaxtrace.contracts.FacilityTier;
import ng.vaxtrace.http.Csv;
import ng.vaxtrace.http.ProblemException;
import ng.vaxtrace.security.Caller;
import ng.vaxtrace.stock.cache.StockCache;
import ng.vaxtrace.stock.dashboard.AreaScope;
import ng.vaxtrace.stock.dashboard.DashboardQueries;
import ng.vaxtrace.stock.dashboard.LocationTrees;

/** Areas: the location tree, and stock aggregated for the nation, a zone, a state or an LGA. */
@Path("/api/v1")
@Tag(name = "Areas")
@Produces({ MediaType.APPLICATION_JSON, Csv.MEDIA_TYPE })
@Authenticated
public class AreaResource {

    private final DashboardQueries queries;
    private final StockCache cache;
    private final Filters filters;
    private final Access access;

    public AreaResource(DashboardQueries queries, StockCache cache, Filters filters, Access access) {
        this.queries = queries;
        this.cache = cache;
        this.filters = filters;
        this.access = access;
    }

    @GET
    @Path("/locations")
    @Operation(summary = "Location tree", description = "Nigeria → zones → states → LGAs, each with its number of active facilities. "
            + "Pruned to the caller's area: its ancestors as the path (code, name, level only), its own subtree in full; a "
            + "facility officer gets the path down to its facility's LGA.")
    public Uni<Response> locations(@Context Request request) {
        Caller caller = access.caller();
        Uni<String> tree = cache.getOrLoadForArea("NG", "locations", () -> queries.locationTree().map(EventJson::write));
        if (caller.isNational()) {
            return tree.map(json -> ConditionalGet.respond(request, json));
        }
        Uni<String> target = caller.facility() == null ? Uni.createFrom().item(caller.defaultArea())
                : access.facility(caller, caller.facility()).map(AreaResource::mostSpecific);
        return target.flatMap(area -> tree.map(json -> LocationTrees.prune(json, area, caller.facility() == null)))
                .map(json -> ConditionalGet.respond(request, json));
    }

    private static String mostSpecific(FacilityArea area) {
        return area.lgaCode() != null ? area.lgaCode() : area.stateCode() != null ? area.stateCode()
                : area.zoneCode() != null ? area.zoneCode() : FacilityArea.NATIONAL;
    }

    @GET
    @Path("/areas/{areaCode}/stock")
    @Operation(summary = "Stock aggregated for an area", description = "areaCode: NG, a zone (NG-NW), a state (NG-KN) or an LGA "
            + "(NG-KN-017). Per product: doses on hand, AMC of the health facilities, months of stock, facilities by status. "
            + "Optional filters: product, tier. JSON, or CSV with ?format=csv or Accept: text/csv (one row per product, a column "
            + "per status).")
    @APIResponse(responseCode = "200", description = "The aggregate")
    @APIResponse(responseCode = "400", description = "Bad product, tier or format")
    @APIResponse(responseCode = "403", description = "The area is outside the caller's (or the caller is a facility officer)")
    @APIResponse(responseCode = "404", description = "Unknown area (national callers; others get 403)")
    public Uni<Response> areaStock(@PathParam("areaCode") String areaCode, @QueryParam("product") String product,
            @QueryParam("tier") String tierName, @QueryParam("format") String format, @Context HttpHeaders headers,
            @Context Request request) {
        boolean csv = Csv.wanted(format, headers);
        FacilityTier tier = Filters.tier(tierName);
        return knownArea(areaCode, "stock is aggregated per area").flatMap(area -> filters.product(product).flatMap(p -> csv
                ? queries.areaStock(area, p, tier).map(stock -> DashboardCsv.areaStock(stock).response("area-stock-" + area.code() + ".csv"))
                : cache.getOrLoadForArea(area.code(), "stock:" + p + ":" + tier, () -> queries.areaStock(area, p, tier).map(EventJson::write))
                        .map(json -> ConditionalGet.respond(request, json))));
    }

    @GET
    @Path("/areas/{areaCode}/levels")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Every facility's current level of every product in an area, compact", description = "areaCode: NG, a zone, "
            + "a state or an LGA. {area, columns: [product, status, quantity], facilities: [{code, zone, state, lga, levels: "
            + "[[product, status, quantity], …]}]} in facility and product order, read from the current levels (never cached): "
            + "what a dashboard server needs to start from the whole picture (the realtime-gateway's warm start).")
    @APIResponse(responseCode = "403", description = "The area is outside the caller's (or the caller is a facility officer)")
    @APIResponse(responseCode = "404", description = "Unknown area (national callers; others get 403)")
    public Uni<Response> levels(@PathParam("areaCode") String areaCode, @Context Request request) {
        return knownArea(areaCode, "levels are read per area").flatMap(queries::levels).map(json -> ConditionalGet.respond(request, json));
    }

    /** The area of a path, checked against the caller's; unknown → 404. */
    private Uni<AreaScope> knownArea(String areaCode, String what) {
        Filters.code("areaCode", areaCode);
        Access.aggregateArea(access.caller(), areaCode, what);
        return queries.area(areaCode).map(area -> {
            if (area == null) {
                throw ProblemException.notFound("unknown area " + areaCode);
            }
            return area;
        });
    }
}
