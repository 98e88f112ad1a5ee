package ng.vaxtrace.stock.rest;

import java.util.List;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import ng.vaxtrace.contracts.StockEventValidator;
import ng.vaxtrace.stock.ledger.StockQueries;
import ng.vaxtrace.stock.rest.model.RejectedEventView;

/** Stock events that were received but not applied, so an operator can see what was refused and why. */
@Path("/api/v1/rejected-events")
@Tag(name = "Rejected events")
@Produces(MediaType.APPLICATION_JSON)
public class RejectedEventResource {

    private static final int MAX_LIMIT = 500;

    private final StockQueries queries;

    public RejectedEventResource(StockQueries queries) {
        this.queries = queries;
    }

    @GET
    @Operation(summary = "Rejected stock events, newest first", description = "Each with the reason it was not applied.")
    public Uni<List<RejectedEventView>> list(@QueryParam("facilityCode") String facilityCode,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        if (facilityCode != null && !StockEventValidator.CODE.matcher(facilityCode).matches()) {
            throw ProblemException.invalid("facilityCode", "must be 2-64 upper-case letters, digits, '-' or '_'");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.invalid("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return queries.rejectedEvents(facilityCode, limit);
    }
}
