package ng.vaxtrace.stock.rest;

import java.util.regex.Pattern;

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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.logging.Log;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.FacilityTier;
import ng.vaxtrace.http.Csv;
import ng.vaxtrace.http.ProblemException;
import ng.vaxtrace.http.QueryParams;
import ng.vaxtrace.stock.dashboard.PlaceQueries;
import ng.vaxtrace.stock.dashboard.PlaceQueries.Box;
import ng.vaxtrace.stock.dashboard.PlaceQueries.Near;
import ng.vaxtrace.stock.dashboard.PlaceQueries.Where;

/** Facilities by place: what the map's viewport shows, or what is near a point (PostGIS). */
@Path("/api/v1/facilities")
@Tag(name = "Facilities")
@Produces({ MediaType.APPLICATION_JSON, Csv.MEDIA_TYPE })
@Authenticated
public class FacilitySearchResource {

    static final int DEFAULT_LIMIT = 1000;
    static final int MAX_LIMIT = 5000;
    static final double DEFAULT_RADIUS_KM = 25;
    static final double MAX_RADIUS_KM = 500;
    /** Plain decimal degrees or kilometres: no exponent, NaN, Infinity or hex floats that Double.parseDouble takes. */
    private static final Pattern NUMBER = Pattern.compile("-?[0-9]{1,4}(\\.[0-9]{1,20})?");

    private final PlaceQueries places;
    private final Filters filters;
    private final Access access;

    public FacilitySearchResource(PlaceQueries places, Filters filters, Access access) {
        this.places = places;
        this.filters = filters;
        this.access = access;
    }

    @GET
    @Operation(summary = "Facilities in a bounding box or near a point", description = "bbox=minLon,minLat,maxLon,maxLat (the map's "
            + "viewport; by code) or near=lat,lon with radiusKm (default 25, at most 500; nearest first, with distanceKm on the "
            + "sphere). Limited to area (default: the caller's; outside it → 403; not for facility officers) and tier; limit "
            + "(default 1000, at most 5000) — truncated says there were more. ETag / If-None-Match → 304. JSON, or CSV with "
            + "?format=csv or Accept: text/csv (one row per facility; X-Truncated: true when there were more).")
    @APIResponse(responseCode = "200", description = "The facilities found")
    @APIResponse(responseCode = "400", description = "Missing or malformed bbox / near / radiusKm, or a bad area, tier or limit")
    @APIResponse(responseCode = "403", description = "The area is outside the caller's")
    public Uni<Response> search(@QueryParam("bbox") String bbox, @QueryParam("near") String near, @QueryParam("radiusKm") String radiusKm,
            @QueryParam("area") String area, @QueryParam("tier") String tierName, @QueryParam("limit") String limitValue,
            @QueryParam("format") String format, @Context HttpHeaders headers, @Context Request request) {
        boolean csv = Csv.wanted(format, headers);
        Where where = where(bbox, near, radiusKm);
        FacilityTier tier = Filters.tier(tierName);
        int limit = limitValue == null ? DEFAULT_LIMIT : QueryParams.limit("limit", limitValue, MAX_LIMIT);
        Log.debugf("facilities %s in %s", where, area);
        return filters.area(Access.aggregateArea(access.caller(), area, "facility searches"))
                .flatMap(scope -> places.find(scope, where, tier, limit))
                .map(found -> csv ? csv(found) : ConditionalGet.respond(request, EventJson.write(found)));
    }

    private static Response csv(PlaceQueries.Places found) {
        Response response = DashboardCsv.places(found).response("facilities-" + found.area() + ".csv");
        return found.truncated() ? Response.fromResponse(response).header("X-Truncated", "true").build() : response;
    }

    /** Exactly one of bbox and near, each well-formed and on the globe; else a 400 naming the parameter. */
    static Where where(String bbox, String near, String radiusKm) {
        if (bbox != null && near != null) {
            throw ProblemException.invalid("near", "give either bbox or near, not both");
        }
        if (bbox != null) {
            if (radiusKm != null) {
                throw ProblemException.invalid("radiusKm", "goes with near, not with bbox");
            }
            double[] v = numbers("bbox", bbox, 4, "minLon,minLat,maxLon,maxLat");
            longitude("bbox", v[0]);
            latitude("bbox", v[1]);
            longitude("bbox", v[2]);
            latitude("bbox", v[3]);
            if (v[0] > v[2] || v[1] > v[3]) {
                throw ProblemException.invalid("bbox", "minLon,minLat must not exceed maxLon,maxLat");
            }
            return new Box(v[0], v[1], v[2], v[3]);
        }
        if (near != null) {
            double[] v = numbers("near", near, 2, "lat,lon");
            latitude("near", v[0]);
            longitude("near", v[1]);
            double radius = DEFAULT_RADIUS_KM;
            if (radiusKm != null) {
                radius = numbers("radiusKm", radiusKm, 1, "a decimal number of kilometres")[0];
                if (!(radius > 0 && radius <= MAX_RADIUS_KM)) {
                    throw ProblemException.invalid("radiusKm", "must be more than 0 and at most " + (int) MAX_RADIUS_KM);
                }
            }
            return new Near(v[0], v[1], radius);
        }
        throw ProblemException.invalid("bbox", "give bbox=minLon,minLat,maxLon,maxLat or near=lat,lon");
    }

    private static double[] numbers(String field, String value, int count, String shape) {
        String[] parts = value.split(",", -1);
        if (parts.length != count) {
            throw ProblemException.invalid(field, "must be " + shape);
        }
        double[] numbers = new double[count];
        for (int i = 0; i < count; i++) {
            if (!NUMBER.matcher(parts[i].strip()).matches()) {
                throw ProblemException.invalid(field, "must be " + shape + (count == 1 ? "" : " in decimal degrees, comma-separated"));
            }
            numbers[i] = Double.parseDouble(parts[i].strip());
        }
        return numbers;
    }

    private static void latitude(String field, double value) {
        if (value < -90 || value > 90) {
            throw ProblemException.invalid(field, "latitude " + value + " is not between -90 and 90");
        }
    }

    private static void longitude(String field, double value) {
        if (value < -180 || value > 180) {
            throw ProblemException.invalid(field, "longitude " + value + " is not between -180 and 180");
        }
    }
}
