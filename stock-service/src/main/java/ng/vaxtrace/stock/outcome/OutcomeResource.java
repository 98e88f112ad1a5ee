package ng.vaxtrace.stock.outcome;

import java.time.Clock;
import java.time.YearMonth;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.http.ProblemException;
import ng.vaxtrace.http.Csv;
import ng.vaxtrace.stock.rest.ConditionalGet;
import ng.vaxtrace.stock.rest.Filters;

/** Outcome metrics per area and month (docs/outcome-metrics.md), as JSON or CSV; read by officers and analysts. */
@Path("/api/v1")
@Tag(name = "Outcomes")
@Produces({ MediaType.APPLICATION_JSON, Csv.MEDIA_TYPE })
@Authenticated
public class OutcomeResource {

    private final OutcomeScopes scopes;
    private final OutcomeQueries queries;
    private final Filters filters;
    private final Clock clock;

    public OutcomeResource(OutcomeScopes scopes, OutcomeQueries queries, Filters filters, Clock clock) {
        this.scopes = scopes;
        this.queries = queries;
        this.filters = filters;
        this.clock = clock;
    }

    @GET
    @Path("/areas/{areaCode}/outcomes")
    @Operation(summary = "Outcome metrics of an area for a month", description = "areaCode: NG, a zone, a state, an LGA or a "
            + "facility code. month: yyyy-MM (default: the current month, as of the last rollup). Per product: stock-out rate, "
            + "wastage by reason and rate, closing stock and doses per target child, facilities by status and months-of-stock "
            + "band at the month's end; reporting on time. JSON, or CSV with ?format=csv or Accept: text/csv.")
    @APIResponse(responseCode = "200", description = "The month's figures, as of computedAt")
    @APIResponse(responseCode = "400", description = "Bad month, product or format")
    @APIResponse(responseCode = "403", description = "Outside the caller's area")
    @APIResponse(responseCode = "404", description = "Unknown area, or the month's rollup has not been computed")
    public Uni<Response> outcomes(@PathParam("areaCode") String areaCode, @QueryParam("month") String monthParam,
            @QueryParam("product") String product, @QueryParam("format") String format, @Context HttpHeaders headers,
            @Context Request request) {
        boolean csv = Csv.wanted(format, headers);
        YearMonth month = OutcomeScopes.month(monthParam, clock);
        return scopes.resolve(areaCode, "outcome metrics")
                .flatMap(area -> filters.product(product).flatMap(p -> queries.report(area, month, p)))
                .map(report -> {
                    if (report == null) {
                        throw ProblemException.notFound("the outcome rollup of " + month + " has not been computed yet (it is "
                                + "refreshed nightly; an administrator can run POST /api/v1/admin/outcomes/" + month + "/refresh)");
                    }
                    return csv ? OutcomeCsv.of(report).response("outcomes-" + areaCode + "-" + month + ".csv")
                            : ConditionalGet.respond(request, EventJson.write(report));
                });
    }

    /** The report as one CSV row per product, the area's reporting figures repeated on each. */
    static final class OutcomeCsv {

        static final List<String> HEADER = List.of("area", "area_name", "level", "month", "product", "facilities", "facility_days",
                "stock_out_days", "stock_out_rate", "used", "wasted", "wastage_rate", "wasted_expired", "wasted_vvm", "wasted_freeze",
                "wasted_heat", "wasted_breakage", "wasted_open_vial", "closing_stock", "target_children", "doses_per_target_child",
                "fac_stocked_out", "fac_below_min", "fac_within_range", "fac_above_max", "fac_unknown", "mos_lt_0_5", "mos_0_5_to_1",
                "mos_1_to_2", "mos_2_to_3", "mos_ge_3", "mos_no_amc", "reporting_facilities", "reported", "reported_on_time",
                "on_time_rate", "reporting_deadline", "computed_at");

        private OutcomeCsv() {
        }

        static Csv of(OutcomeReport report) {
            Csv csv = new Csv(HEADER);
            OutcomeReport.Reporting r = report.reporting();
            for (OutcomeReport.ProductOutcome p : report.products()) {
                List<Object> row = new java.util.ArrayList<>(List.of(report.areaCode(), report.areaName(), report.level(), report.month(),
                        p.product(), p.facilities(), p.facilityDays(), p.stockOutDays()));
                row.add(p.stockOutRate());
                row.add(p.used());
                row.add(p.wasted());
                row.add(p.wastageRate());
                OutcomeQueries.WASTAGE_REASONS.forEach(reason -> row.add(p.wastage().get(reason)));
                row.add(p.closingStock());
                row.add(p.targetChildren());
                row.add(p.dosesPerTargetChild());
                OutcomeQueries.STATUSES.forEach(status -> row.add(p.monthsOfStock().get(status)));
                OutcomeQueries.BANDS.forEach(band -> row.add(p.monthsOfStockBands().get(band)));
                row.add(r.facilities());
                row.add(r.reported());
                row.add(r.onTime());
                row.add(r.onTimeRate());
                row.add(r.deadline());
                row.add(report.computedAt());
                csv.row(row.toArray());
            }
            return csv;
        }
    }
}
