package ng.vaxtrace.stock.export;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
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

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.http.Csv;
import ng.vaxtrace.http.ProblemException;
import ng.vaxtrace.stock.dashboard.AreaScope;
import ng.vaxtrace.stock.outcome.OutcomeQueries;
import ng.vaxtrace.stock.outcome.OutcomeScopes;
import ng.vaxtrace.stock.rest.ConditionalGet;
import ng.vaxtrace.stock.rest.Filters;

/** Every facility's stock levels in an area as one flat table (JSON or CSV): the spreadsheet view of the map. */
@Path("/api/v1/areas/{areaCode}/facility-stock")
@Tag(name = "Areas")
@Produces({ MediaType.APPLICATION_JSON, Csv.MEDIA_TYPE })
@Authenticated
public class FacilityStockResource {

    /** One facility × product as stock-service shows it now. */
    @RegisterForReflection
    public record Line(String facility, String name, String tier, String state, String lga, String product, long quantity, Long amc,
            BigDecimal monthsOfStock, String status, int stockOutDays, Instant lastEventAt) {
    }

    static final List<String> HEADER = List.of("facility", "name", "tier", "state", "lga", "product", "quantity", "amc",
            "months_of_stock", "status", "stock_out_days", "last_event_at");
    private static final String LINES = """
            select f.code, f.name, f.tier, f.state_code, f.lga_code, s.product_code, s.quantity, s.amc, s.months_of_stock, s.status,
                   s.stockout_days, s.last_event_at
            from stock_status s join facility f on f.code = s.facility_code
            where %s and ($2::text is null or s.product_code = $2)
            order by f.code, s.product_code""";

    private final OutcomeScopes scopes;
    private final Filters filters;
    private final Pool pool;

    public FacilityStockResource(OutcomeScopes scopes, Filters filters, Pool pool) {
        this.scopes = scopes;
        this.filters = filters;
        this.pool = pool;
    }

    @GET
    @Operation(summary = "Stock levels of every facility in an area", description = "areaCode: NG, a zone, a state, an LGA or a "
            + "facility. One line per facility × product: quantity, AMC, months of stock, status, stock-out days. The nation "
            + "and zones need a product filter (tens of thousands of facilities). JSON, or CSV with ?format=csv or Accept: text/csv.")
    @APIResponse(responseCode = "400", description = "Bad product or format, or no product for the nation or a zone")
    @APIResponse(responseCode = "403", description = "Outside the caller's area")
    public Uni<Response> lines(@PathParam("areaCode") String areaCode, @QueryParam("product") String product,
            @QueryParam("format") String format, @Context HttpHeaders headers, @Context Request request) {
        boolean csv = Csv.wanted(format, headers);
        return scopes.resolve(areaCode, "area tables").flatMap(area -> {
            if (product == null && ("COUNTRY".equals(area.level()) || "ZONE".equals(area.level()))) {
                throw ProblemException.invalid("product", "is required for the nation and zones");
            }
            return filters.product(product).flatMap(p -> lines(area, p));
        }).map(lines -> csv ? csv(lines).response("facility-stock-" + areaCode + ".csv")
                : ConditionalGet.respond(request, EventJson.write(lines)));
    }

    private Uni<List<Line>> lines(AreaScope area, String product) {
        String condition = OutcomeQueries.FACILITY.equals(area.level()) ? "f.code = $1" : area.condition(1);
        return pool.preparedQuery(LINES.formatted(condition)).execute(Tuple.of(area.code(), product)).map(rows -> {
            List<Line> lines = new ArrayList<>(rows.size());
            for (Row r : rows) {
                lines.add(new Line(r.getString("code"), r.getString("name"), r.getString("tier"), r.getString("state_code"),
                        r.getString("lga_code"), r.getString("product_code"), r.getLong("quantity"), r.getLong("amc"),
                        r.getBigDecimal("months_of_stock"), r.getString("status"), r.getInteger("stockout_days"),
                        r.getOffsetDateTime("last_event_at").toInstant()));
            }
            return lines;
        });
    }

    private static Csv csv(List<Line> lines) {
        Csv csv = new Csv(HEADER);
        for (Line l : lines) {
            csv.row(l.facility(), l.name(), l.tier(), l.state(), l.lga(), l.product(), l.quantity(), l.amc(), l.monthsOfStock(),
                    l.status(), l.stockOutDays(), l.lastEventAt());
        }
        return csv;
    }
}
