package ng.vaxtrace.stock.export;

import java.time.Clock;
import java.time.YearMonth;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import ng.vaxtrace.stock.outcome.OutcomeScopes;
import ng.vaxtrace.stock.rest.Access;

/** Operators' DHIS2 export: preview a month's data value set, push it, read what was pushed. */
@Path("/api/v1/admin/dhis2")
@Tag(name = "Administration")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(ng.vaxtrace.security.Roles.ADMIN)
public class Dhis2Resource {

    private final Dhis2Export export;
    private final Access access;
    private final Clock clock;

    public Dhis2Resource(Dhis2Export export, Access access, Clock clock) {
        this.export = export;
        this.access = access;
        this.clock = clock;
    }

    @GET
    @Path("/exports/{month}/preview")
    @Operation(summary = "The data value set a month would push", description = "month: yyyy-MM. Read from the month's outcome "
            + "rollup through the mapping file; nothing is sent.")
    public Uni<Dhis2Payload> preview(@PathParam("month") String month) {
        access.caller().requireAdmin();
        return export.preview(OutcomeScopes.month(month, clock));
    }

    @POST
    @Path("/exports/{month}")
    @Operation(summary = "Push a month to DHIS2", description = "POST /api/dataValueSets with importStrategy CREATE_AND_UPDATE, "
            + "retried with back-off; recorded. Skipped when the period's last accepted push had the same payload, unless force=true.")
    public Uni<Dhis2Export.Record> push(@PathParam("month") String month, @QueryParam("force") @DefaultValue("false") boolean force) {
        var caller = access.caller();
        caller.requireAdmin();
        YearMonth m = OutcomeScopes.month(month, clock);
        return export.push(m, "manual", caller.actor(), force);
    }

    @GET
    @Path("/exports")
    @Operation(summary = "The latest DHIS2 pushes, newest first")
    public Uni<List<Dhis2Export.Record>> history(@QueryParam("limit") @DefaultValue("50") int limit) {
        access.caller().requireAdmin();
        return export.history(Math.max(1, Math.min(limit, 500)));
    }
}
