package ng.vaxtrace.stock.trend;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;

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
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.http.Csv;
import ng.vaxtrace.http.ProblemException;
import ng.vaxtrace.stock.dashboard.DashboardQueries;
import ng.vaxtrace.stock.metrics.StockMetrics;
import ng.vaxtrace.stock.rest.Access;
import ng.vaxtrace.stock.rest.ConditionalGet;
import ng.vaxtrace.stock.rest.Filters;

/**
 * Stock over time, per day, for the status page's charts (docs/trends.md): an area's stock on hand, consumption and
 * months of stock, from the per-day rollup the ledger keeps (a facility's: {@link FacilityTrendResource}). Area rules
 * as for the other dashboard reads: an area within the caller's (a facility officer: none).
 */
@Path("/api/v1")
@Tag(name = "Trends")
@Produces({ MediaType.APPLICATION_JSON, Csv.MEDIA_TYPE })
@Authenticated
public class TrendResource {

    /** The longest trend one request may ask for. */
    static final int MAX_DAYS = 366;
    private static final int DEFAULT_DAYS = 90;

    /** A trend: which facility or area, which product, which days, and the figures of each day. */
    @RegisterForReflection
    public record Trend(String facilityCode, String area, String productCode, LocalDate from, LocalDate to, int amcWindowDays,
            List<TrendSeries.Point> days) {
    }

    /** The columns of the CSV download, one row per day. */
    static final List<String> CSV_HEADER = List.of("facility", "area", "product", "day", "stock_on_hand", "consumed",
            "months_of_stock");

    private final TrendQueries trends;
    private final DashboardQueries dashboard;
    private final Filters filters;
    private final Access access;

    public TrendResource(TrendQueries trends, DashboardQueries dashboard, Filters filters, Access access) {
        this.trends = trends;
        this.dashboard = dashboard;
        this.filters = filters;
        this.access = access;
    }

    @GET
    @Path("/areas/{areaCode}/trends")
    @Operation(summary = "An area's stock over time", description = "areaCode: NG, a zone, a state or an LGA. Per day: stock on "
            + "hand of every facility in the area (stores included), doses used by its health facilities, months of stock. "
            + "JSON, or CSV with ?format=csv or Accept: text/csv.")
    @APIResponse(responseCode = "400", description = "Missing or unknown product, bad dates (the problem names the field)")
    @APIResponse(responseCode = "403", description = "The area is outside the caller's (or the caller is a facility officer)")
    @APIResponse(responseCode = "404", description = "Unknown area")
    public Uni<Response> area(@PathParam("areaCode") String areaCode,
            @Parameter(description = "a product code (PENTA); required") @QueryParam("product") String product,
            @Parameter(description = "first day, ISO date (default: 89 days before to)") @QueryParam("from") String from,
            @Parameter(description = "last day, ISO date, not after today (default: today)") @QueryParam("to") String to,
            @Parameter(description = "json (default) or csv") @QueryParam("format") String format,
            @Context HttpHeaders headers, @Context Request request) {
        boolean csv = Csv.wanted(format, headers);
        Filters.code("areaCode", areaCode);
        Access.aggregateArea(access.caller(), areaCode, "trends are");
        Range range = Range.of(from, to);
        Log.debugf("trend of area %s, %s, %s..%s", areaCode, product, range.from(), range.to());
        return dashboard.area(areaCode).chain(area -> {
            if (area == null) {
                throw ProblemException.notFound("unknown area " + areaCode);
            }
            return required(filters, product).chain(p -> trends.area(area, p, range.since())
                    .map(series -> new Trend(null, area.code(), p, range.from(), range.to(), TrendSeries.AMC_WINDOW_DAYS,
                            TrendSeries.build(series.balanceNow(), series.movements(), range.from(), range.to(), range.today()))));
        }).map(trend -> respond(trend, csv, request));
    }

    /** The trend as JSON (with its ETag) or as a CSV download, one row per day. */
    static Response respond(Trend trend, boolean csv, Request request) {
        if (!csv) {
            return ConditionalGet.respond(request, EventJson.write(trend));
        }
        Csv table = new Csv(CSV_HEADER);
        for (TrendSeries.Point day : trend.days()) {
            table.row(trend.facilityCode(), trend.area(), trend.productCode(), day.day(), day.stockOnHand(), day.consumed(),
                    day.monthsOfStock());
        }
        String of = trend.facilityCode() != null ? trend.facilityCode() : trend.area();
        return table.response("trend-" + of + "-" + trend.productCode() + "-" + trend.from() + "-" + trend.to() + ".csv");
    }

    /** The product a trend is for: required, and known (else 400 naming {@code product}). */
    static Uni<String> required(Filters filters, String product) {
        if (product == null || product.isBlank()) {
            throw ProblemException.invalid("product", "a product code is required (trends are per product)");
        }
        return filters.product(product);
    }

    /** The days asked for, checked: ISO dates, from ≤ to ≤ today (Africa/Lagos), at most {@link #MAX_DAYS}. */
    record Range(LocalDate from, LocalDate to, LocalDate today) {

        static Range of(String fromParam, String toParam) {
            LocalDate today = LocalDate.now(StockMetrics.BUSINESS_ZONE);
            LocalDate to = toParam == null ? today : date("to", toParam);
            LocalDate from = fromParam == null ? to.minusDays(DEFAULT_DAYS - 1L) : date("from", fromParam);
            if (to.isAfter(today)) {
                throw ProblemException.invalid("to", "to (" + to + ") is after today (" + today + ", Africa/Lagos)");
            }
            if (from.isAfter(to)) {
                throw ProblemException.invalid("from", "from (" + from + ") is after to (" + to + ")");
            }
            if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
                throw ProblemException.invalid("from", "at most " + MAX_DAYS + " days per request");
            }
            return new Range(from, to, today);
        }

        /** The first day whose movements the trend needs (the consumption window before {@code from}). */
        LocalDate since() {
            return from.minusDays(TrendSeries.AMC_WINDOW_DAYS - 1L);
        }

        private static LocalDate date(String field, String value) {
            try {
                return LocalDate.parse(value);
            } catch (DateTimeParseException e) {
                throw ProblemException.invalid(field, "'" + value + "' is not an ISO date (yyyy-MM-dd)");
            }
        }
    }
}
