package ng.vaxtrace.stock.trend;

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
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.logging.Log;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import ng.vaxtrace.http.Csv;
import ng.vaxtrace.security.Caller;
import ng.vaxtrace.stock.rest.Access;
import ng.vaxtrace.stock.rest.Filters;

/**
 * A facility's stock over time (docs/trends.md). A root of its own: JAX-RS would route every
 * {@code /api/v1/facilities/{code}/…} path to the facility resource's root and never look further.
 */
@Path("/api/v1/facilities/{facilityCode}/trends")
@Tag(name = "Trends")
@Produces({ MediaType.APPLICATION_JSON, Csv.MEDIA_TYPE })
@Authenticated
public class FacilityTrendResource {

    private final TrendQueries trends;
    private final Filters filters;
    private final Access access;

    public FacilityTrendResource(TrendQueries trends, Filters filters, Access access) {
        this.trends = trends;
        this.filters = filters;
        this.access = access;
    }

    @GET
    @Operation(summary = "A facility's stock over time", description = "Per day (Africa/Lagos), from..to inclusive (default the "
            + "last 90 days, at most 366): stock on hand at the end of the day, doses used, months of stock against the "
            + "consumption of the 90 days to that day. JSON, or CSV with ?format=csv or Accept: text/csv.")
    @APIResponse(responseCode = "400", description = "Missing or unknown product, bad dates (the problem names the field)")
    @APIResponse(responseCode = "403", description = "The facility is outside the caller's area")
    public Uni<Response> facility(@PathParam("facilityCode") String facilityCode,
            @Parameter(description = "a product code (PENTA); required") @QueryParam("product") String product,
            @Parameter(description = "first day, ISO date (default: 89 days before to)") @QueryParam("from") String from,
            @Parameter(description = "last day, ISO date, not after today (default: today)") @QueryParam("to") String to,
            @Parameter(description = "json (default) or csv") @QueryParam("format") String format,
            @Context HttpHeaders headers, @Context Request request) {
        boolean csv = Csv.wanted(format, headers);
        Filters.code("facilityCode", facilityCode);
        TrendResource.Range range = TrendResource.Range.of(from, to);
        Caller caller = access.caller();
        Log.debugf("trend of facility %s, %s, %s..%s", facilityCode, product, range.from(), range.to());
        return access.facility(caller, facilityCode)
                .chain(area -> TrendResource.required(filters, product))
                .chain(p -> trends.facility(facilityCode, p, range.since())
                        .map(series -> new TrendResource.Trend(facilityCode, null, p, range.from(), range.to(), TrendSeries.AMC_WINDOW_DAYS,
                                TrendSeries.build(series.balanceNow(), series.movements(), range.from(), range.to(), range.today()))))
                .map(trend -> TrendResource.respond(trend, csv, request));
    }
}
