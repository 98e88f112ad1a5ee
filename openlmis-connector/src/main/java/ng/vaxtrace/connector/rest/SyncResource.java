package ng.vaxtrace.connector.rest;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.quarkus.security.identity.SecurityIdentity;

import ng.vaxtrace.connector.state.SyncRun;
import ng.vaxtrace.connector.state.SyncStore;
import ng.vaxtrace.connector.state.UnplacedFacility;
import ng.vaxtrace.connector.sync.SyncService;
import ng.vaxtrace.contracts.FieldViolation;
import ng.vaxtrace.contracts.Problem;
import ng.vaxtrace.http.ProblemException;
import ng.vaxtrace.security.Callers;
import ng.vaxtrace.security.Roles;

/**
 * Sync on demand and its progress. Blocking methods (run on worker threads): the sync service awaits its store.
 * Starting a sync is for administrators; national readers may watch its progress.
 */
@Path("/api/v1/sync")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.ADMIN, Roles.NATIONAL_OFFICER, Roles.ANALYST })
public class SyncResource {

    private static final java.time.Duration DB_TIMEOUT = java.time.Duration.ofSeconds(10);

    private final SyncService sync;
    private final SyncStore store;
    private final Callers callers;
    private final SecurityIdentity identity;

    public SyncResource(SyncService sync, SyncStore store, Callers callers, SecurityIdentity identity) {
        this.sync = sync;
        this.store = store;
        this.callers = callers;
        this.identity = identity;
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Start a sync now (or resume the last unfinished one); answers the run, already running or new")
    public Response start() {
        SyncRun run = sync.start("api:" + callers.of(identity).actor());
        return Response.accepted(run).location(URI.create("/api/v1/sync/" + run.id())).build();
    }

    @GET
    @Operation(summary = "The latest sync runs, newest first")
    public List<SyncRun> latest() {
        return store.latestRuns(20).await().atMost(DB_TIMEOUT);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One sync run: status, facilities done and unplaced, cards read, events published, resumption, error")
    public SyncRun run(@PathParam("id") String id) {
        UUID runId = runId(id);
        return store.run(runId).await().atMost(DB_TIMEOUT)
                .orElseThrow(() -> new ProblemException(Problem.of(404, "Not Found", "no sync run " + runId)));
    }

    @GET
    @Path("/{id}/unplaced")
    @Operation(summary = "The facilities a run could not place in their LGA: placed at their state, or quarantined, with the reason")
    public List<UnplacedFacility> unplaced(@PathParam("id") String id) {
        UUID runId = run(id).id();
        return store.unplaced(runId).await().atMost(DB_TIMEOUT);
    }

    private static UUID runId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(Problem.invalid("not a sync run id", List.of(new FieldViolation("id", "must be a UUID"))));
        }
    }
}
