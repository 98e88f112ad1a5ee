package ng.vaxtrace.stock.outcome;

import java.time.Clock;
import java.time.YearMonth;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import ng.vaxtrace.http.ProblemException;
import ng.vaxtrace.security.Roles;
import ng.vaxtrace.stock.rest.Access;
import ng.vaxtrace.stock.rest.Filters;

/** Operators' side of the outcome metrics: recompute a month's rollup now, set target populations. */
@Path("/api/v1/admin/outcomes")
@Tag(name = "Administration")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class OutcomeAdminResource {

    private final OutcomeRollup rollup;
    private final Access access;
    private final Pool pool;
    private final Clock clock;

    public OutcomeAdminResource(OutcomeRollup rollup, Access access, Pool pool, Clock clock) {
        this.rollup = rollup;
        this.access = access;
        this.pool = pool;
        this.clock = clock;
    }

    /** What a refresh answers. */
    public record Refreshed(String month, long pairs, long millis) {
    }

    @POST
    @Path("/{month}/refresh")
    @Operation(summary = "Recompute a month's outcome rollup now", description = "From the day rollups and the ledger's wastage "
            + "and count entries; idempotent. The scheduled refresh does the current and previous month nightly.")
    public Uni<Refreshed> refresh(@PathParam("month") String monthParam) {
        var caller = access.caller();
        caller.requireAdmin();
        YearMonth month = OutcomeScopes.month(monthParam, clock);
        Log.infof("outcome rollup of %s requested by %s", month, caller.actor());
        return rollup.refresh(month).map(s -> new Refreshed(s.month().toString(), s.pairs(), s.millis()));
    }

    /** A target population: surviving infants of an area (or a facility's catchment) in a year. */
    public record Target(Long children) {
    }

    @PUT
    @Path("/targets/{areaCode}/{year}")
    @Operation(summary = "Set an area's target population for a year", description = "Surviving infants; the denominator of "
            + "doses available per target child.")
    public Uni<Target> target(@PathParam("areaCode") String areaCode, @PathParam("year") int year, Target body) {
        access.caller().requireAdmin();
        Filters.code("areaCode", areaCode);
        if (year < 2000 || year > 2100) {
            throw ProblemException.invalid("year", "must be between 2000 and 2100");
        }
        if (body == null || body.children() == null || body.children() <= 0) {
            throw ProblemException.invalid("children", "is required and must be positive");
        }
        return pool.preparedQuery("""
                insert into target_population (area_code, year, children, updated_at) values ($1, $2, $3, now())
                on conflict (area_code, year) do update set children = excluded.children, updated_at = excluded.updated_at""")
                .execute(Tuple.of(areaCode, year, body.children())).replaceWith(body);
    }
}
