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

import io.quarkus.logging.Log;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.http.Csv;
import ng.vaxtrace.http.ProblemException;
import ng.vaxtrace.stock.cache.StockCache;
import ng.vaxtrace.stock.dashboard.DashboardQueries;

/** One facility: who it is, what it holds, and its ledger. */
@Path("/api/v1/facilities/{facilityCode}")
@Tag(name = "Facilities")
@Produces({ MediaType.APPLICATION_JSON, Csv.MEDIA_TYPE })
@Authenticated
public class FacilityResource {

    private static final int MAX_PAGE = 500;

    private final DashboardQueries queries;
    private final StockCache cache;
    private final Filters filters;
    private final Access access;

    public FacilityResource(DashboardQueries queries, StockCache cache, Filters filters, Access access) {
        this.queries = queries;
        this.cache = cache;
        this.filters = filters;
        this.access = access;
    }

    @GET
    @Operation(summary = "Facility detail", description = "Tier, place in the hierarchy, location, last report and days since.")
    @APIResponse(responseCode = "200", description = "The facility")
    @APIResponse(responseCode = "403", description = "The facility is outside the caller's area (also for unknown facilities, unless national)")
    @APIResponse(responseCode = "404", description = "Unknown facility")
    public Uni<Response> detail(@PathParam("facilityCode") String facilityCode, @Context Request request) {
        Filters.code("facilityCode", facilityCode);
        return access.facility(access.caller(), facilityCode).flatMap(area -> cache.getOrLoad(StockCache.facilityKey(facilityCode, "detail"),
                        () -> queries.facility(facilityCode).map(f -> f == null ? null : EventJson.write(f))))
                .map(json -> found(json, request, "unknown facility " + facilityCode));
    }

    @GET
    @Path("/stock")
    @Operation(summary = "Current stock of a facility", description = "Per product: doses on hand, AMC, months of stock, status "
            + "against the tier's min/max, stock-out days, and each lot with its expiry. ETag / If-None-Match → 304. JSON, or CSV "
            + "with ?format=csv or Accept: text/csv (one row per product, its lots in one cell as code:doses:expiry).")
    @APIResponse(responseCode = "200", description = "The facility's stock (products is empty before its first event)")
    @APIResponse(responseCode = "304", description = "Unchanged since the ETag given in If-None-Match")
    @APIResponse(responseCode = "400", description = "Malformed facility code or format")
    @APIResponse(responseCode = "403", description = "The facility is outside the caller's area")
    @APIResponse(responseCode = "404", description = "Unknown facility")
    public Uni<Response> stock(@PathParam("facilityCode") String facilityCode, @QueryParam("format") String format,
            @Context HttpHeaders headers, @Context Request request) {
        Log.debugf("stock of %s", facilityCode);
        boolean csv = Csv.wanted(format, headers);
        Filters.code("facilityCode", facilityCode);
        Uni<?> allowed = access.facility(access.caller(), facilityCode);
        if (csv) {
            return allowed.flatMap(area -> queries.facilityStock(facilityCode)).map(stock -> {
                if (stock == null) {
                    throw ProblemException.notFound("unknown facility " + facilityCode);
                }
                return DashboardCsv.facilityStock(stock).response("stock-" + facilityCode + ".csv");
            });
        }
        return allowed.flatMap(area -> cache.getOrLoad(StockCache.facilityKey(facilityCode, "stock"),
                        () -> queries.facilityStock(facilityCode).map(stock -> stock == null ? null : EventJson.write(stock))))
                .map(json -> found(json, request, "unknown facility " + facilityCode));
    }

    @GET
    @Path("/ledger")
    @Operation(summary = "Ledger history, newest first", description = "Cursor-paged: pass nextCursor from one page to get the next "
            + "(limit 1–500, default 50). JSON, or a CSV download with ?format=csv or Accept: text/csv, one row per line (limit "
            + "1–10,000, default 10,000; the next page's cursor in the X-Next-Cursor header).")
    @APIResponse(responseCode = "200", description = "A page of ledger lines")
    @APIResponse(responseCode = "400", description = "Bad product, limit, cursor or format")
    @APIResponse(responseCode = "403", description = "The facility is outside the caller's area")
    @APIResponse(responseCode = "404", description = "Unknown facility")
    public Uni<Response> ledger(@PathParam("facilityCode") String facilityCode, @QueryParam("product") String product,
            @QueryParam("cursor") String cursor, @QueryParam("limit") String limitParam, @QueryParam("format") String format,
            @Context HttpHeaders headers, @Context Request request) {
        boolean csv = Csv.wanted(format, headers);
        Filters.code("facilityCode", facilityCode);
        int limit = Csv.limit(limitParam, csv, 50, MAX_PAGE);
        return access.facility(access.caller(), facilityCode).flatMap(area -> filters.product(product)).flatMap(p -> queries.ledger(facilityCode, p, cursor, limit)
                        .onFailure(IllegalArgumentException.class)
                        .transform(e -> ProblemException.invalid("cursor", "is not a cursor this API issued")))
                .map(page -> csv ? DashboardCsv.ledger(page).response("ledger-" + facilityCode + ".csv", page.nextCursor())
                        : ConditionalGet.respond(request, EventJson.write(page)));
    }

    private static Response found(String json, Request request, String notFound) {
        if (json == null) {
            throw ProblemException.notFound(notFound);
        }
        return ConditionalGet.respond(request, json);
    }
}
