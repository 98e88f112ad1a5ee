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
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.FacilityTier;
import ng.vaxtrace.http.Csv;
import ng.vaxtrace.stock.cache.StockCache;
import ng.vaxtrace.stock.dashboard.DashboardQueries;

/** Programme indicators per product and area (reported per product, never averaged across products). */
@Path("/api/v1/kpis")
@Tag(name = "KPIs")
@Produces({ MediaType.APPLICATION_JSON, Csv.MEDIA_TYPE })
@Authenticated
public class KpiResource {

    private final DashboardQueries queries;
    private final StockCache cache;
    private final Filters filters;
    private final Access access;

    public KpiResource(DashboardQueries queries, StockCache cache, Filters filters, Access access) {
        this.queries = queries;
        this.cache = cache;
        this.filters = filters;
        this.access = access;
    }

    @GET
    @Operation(summary = "Stock-out and min–max KPIs", description = "Per product, over the facilities of the tier (default: health "
            + "facilities) in the area (default: the caller's; out of its area → 403; facility officers → 403): share stocked out, share within min–max, share adequately stocked (> 0 and ≤ max). JSON, or CSV with ?format=csv or Accept: text/csv (one row per product).")
    public Uni<Response> kpis(@QueryParam("area") String area, @QueryParam("product") String product,
            @QueryParam("tier") String tierName, @QueryParam("format") String format, @Context HttpHeaders headers,
            @Context Request request) {
        boolean csv = Csv.wanted(format, headers);
        FacilityTier tier = tierName == null ? FacilityTier.HEALTH_FACILITY : Filters.tier(tierName);
        return filters.area(Access.aggregateArea(access.caller(), area, "KPIs")).flatMap(scope -> filters.product(product).flatMap(p -> csv
                        // A download is rare and read once: straight from PostgreSQL, the cache keeps the JSON the dashboards poll.
                        ? queries.kpis(scope, p, tier).map(kpis -> DashboardCsv.kpis(kpis).response("kpis-" + scope.code() + ".csv"))
                        : cache.getOrLoadForArea(scope.code(), "kpis:" + p + ":" + tier, () -> queries.kpis(scope, p, tier).map(EventJson::write))
                                .map(json -> ConditionalGet.respond(request, json))));
    }
}
