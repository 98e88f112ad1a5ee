package ng.vaxtrace.stock.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.StockEventValidator;
import ng.vaxtrace.stock.cache.StockCache;
import ng.vaxtrace.stock.ledger.StockQueries;

/** Current stock of one facility, cached in Redis until the facility's stock changes. */
@Path("/api/v1/facilities/{facilityCode}/stock")
@Tag(name = "Stock")
@Produces(MediaType.APPLICATION_JSON)
public class FacilityStockResource {

    private final StockQueries queries;
    private final StockCache cache;

    public FacilityStockResource(StockQueries queries, StockCache cache) {
        this.queries = queries;
        this.cache = cache;
    }

    @GET
    @Operation(summary = "Current stock of a facility", description = "Per product: total doses and each lot with its expiry. "
            + "Carries an ETag; send If-None-Match to get 304 while nothing changed.")
    @APIResponse(responseCode = "200", description = "The facility's stock")
    @APIResponse(responseCode = "304", description = "Unchanged since the ETag given in If-None-Match")
    @APIResponse(responseCode = "400", description = "Malformed facility code")
    @APIResponse(responseCode = "404", description = "No stock was ever recorded for this facility")
    public Uni<Response> get(@PathParam("facilityCode") String facilityCode, @Context Request request) {
        Log.debugf("stock of %s", facilityCode);
        if (!StockEventValidator.CODE.matcher(facilityCode).matches()) {
            throw ProblemException.invalid("facilityCode", "must be 2-64 upper-case letters, digits, '-' or '_'");
        }
        return cache.getOrLoad(StockCache.facilityStockKey(facilityCode),
                        () -> queries.facilityStock(facilityCode).map(stock -> stock == null ? null : EventJson.write(stock)))
                .map(json -> {
                    if (json == null) {
                        throw ProblemException.notFound("no stock recorded for facility " + facilityCode);
                    }
                    return ConditionalGet.respond(request, json);
                });
    }
}
