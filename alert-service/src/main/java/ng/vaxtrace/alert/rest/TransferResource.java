package ng.vaxtrace.alert.rest;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import jakarta.ws.rs.DefaultValue;
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
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import io.quarkus.logging.Log;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import ng.vaxtrace.alert.redistribution.TransferPlanner.Site;
import ng.vaxtrace.alert.redistribution.TransferPlanner.Transfer;
import ng.vaxtrace.alert.redistribution.TransferSuggestions;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.data.Area;
import ng.vaxtrace.data.Geography;
import ng.vaxtrace.http.Csv;
import ng.vaxtrace.http.ProblemException;
import ng.vaxtrace.http.QueryParams;
import ng.vaxtrace.security.Caller;
import ng.vaxtrace.security.Callers;

/**
 * Redistribution suggestions by area (docs/redistribution.md): transfers whose receiving or donating facility lies in
 * the area, most urgent first. Area rules as for alerts: the caller's own area by default, a facility officer its own
 * facility's transfers, an area outside the caller's refused (403).
 */
@Path("/api/v1/transfers/suggestions")
@Produces(MediaType.APPLICATION_JSON)
public class TransferResource {

    private static final int MAX_LIMIT = 5000;
    /** The columns of the CSV download, one row per suggested transfer; lots as {@code code:doses:expiry} joined by "; ". */
    public static final List<String> CSV_HEADER = List.of("product", "from_facility", "from_lga", "from_state", "to_facility",
            "to_lga", "to_state", "need", "doses", "distance_km", "reach", "lots", "computed_at");

    /** The plan's time, what was asked, how many transfers match, and the first {@code limit} of them. */
    @RegisterForReflection
    public record SuggestionPage(Instant computedAt, String area, String product, int total, List<Transfer> items) {
    }

    private final TransferSuggestions suggestions;
    private final Callers callers;
    private final SecurityIdentity identity;

    public TransferResource(TransferSuggestions suggestions, Callers callers, SecurityIdentity identity) {
        this.suggestions = suggestions;
        this.callers = callers;
        this.identity = identity;
    }

    @GET
    @Authenticated
    @Produces({ MediaType.APPLICATION_JSON, Csv.MEDIA_TYPE })
    @Operation(summary = "Suggested stock transfers in the caller's area",
            description = "Transfers from facilities above their maximum to facilities stocked out, predicted to stock out or "
                    + "below their minimum, in the same LGA first, then the same state, nearest first, earliest-expiring lots "
                    + "first; recomputed for all of Nigeria every vaxtrace.alert.redistribution.interval (computedAt). "
                    + "JSON, or a CSV download with ?format=csv or Accept: text/csv.")
    public Response list(@Context Request request, @Context HttpHeaders headers,
            @Parameter(description = "NG, a zone (NG-NW), a state (NG-KN) or an LGA (NG-KN-017); default: the caller's own")
            @QueryParam("area") String area,
            @Parameter(description = "a product code (PENTA); default: every product") @QueryParam("product") String product,
            @QueryParam("limit") @DefaultValue("500") String limitParam,
            @Parameter(description = "json (default) or csv") @QueryParam("format") String format) {
        Caller caller = callers.of(identity);
        boolean csv = Csv.wanted(format, headers);
        int limit = QueryParams.limit("limit", limitParam, MAX_LIMIT);
        String productCode = product == null || product.isBlank() ? null : product.trim().toUpperCase(Locale.ROOT);
        Predicate<Site> inScope = scope(caller, area);
        TransferSuggestions.Plan plan = suggestions.latest();
        if (plan == null) {
            throw ProblemException.unavailable("redistribution suggestions are being computed", 5);
        }
        Log.debugf("transfer suggestions for %s, product %s", area, productCode);
        List<Transfer> matching = plan.transfers().stream()
                .filter(t -> productCode == null || t.productCode().equals(productCode))
                .filter(t -> inScope.test(t.to()) || inScope.test(t.from()))
                .toList();
        String shownArea = caller.facility() != null ? caller.facility() : area == null || area.isBlank() ? caller.defaultArea()
                : area.trim().toUpperCase(Locale.ROOT);
        List<Transfer> shown = matching.subList(0, Math.min(limit, matching.size()));
        if (csv) {
            return csv(plan.computedAt(), shown).response("transfer-suggestions-" + shownArea + ".csv");
        }
        return ConditionalGet.respond(request, EventJson.write(new SuggestionPage(plan.computedAt(), shownArea, productCode,
                matching.size(), shown)));
    }

    private static Csv csv(Instant computedAt, List<Transfer> transfers) {
        Csv csv = new Csv(CSV_HEADER);
        for (Transfer t : transfers) {
            String lots = t.lots().stream().map(l -> l.lotCode() + ":" + l.doses() + (l.expiry() == null ? "" : ":" + l.expiry()))
                    .collect(Collectors.joining("; "));
            csv.row(t.productCode(), t.from().facilityCode(), t.from().lgaCode(), t.from().stateCode(), t.to().facilityCode(),
                    t.to().lgaCode(), t.to().stateCode(), t.need(), t.doses(), t.distanceKm(), t.reach(), lots, computedAt);
        }
        return csv;
    }

    /** Which facilities the caller may see transfers of: 400 for an unknown area, 403 for one outside its own. */
    private static Predicate<Site> scope(Caller caller, String area) {
        if (area == null || area.isBlank()) {
            if (caller.facility() != null) {
                return site -> site.facilityCode().equals(caller.facility());
            }
            return within(caller.defaultArea());
        }
        Area found = Geography.nigeria().area(area.trim().toUpperCase(Locale.ROOT)).orElseThrow(() -> ProblemException.invalid("area",
                "unknown area code " + area + " (use NG, a zone like NG-NW, a state like NG-KN or an LGA like NG-KN-017)"));
        caller.requireArea(found.code());
        return within(found.code());
    }

    private static Predicate<Site> within(String area) {
        if (Geography.COUNTRY.equals(area)) {
            return site -> true;
        }
        return site -> area.equals(site.lgaCode()) || area.equals(site.stateCode()) || area.equals(site.zoneCode());
    }
}
