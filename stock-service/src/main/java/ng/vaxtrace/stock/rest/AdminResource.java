package ng.vaxtrace.stock.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import ng.vaxtrace.contracts.Problem;
import ng.vaxtrace.http.ProblemException;
import ng.vaxtrace.security.Roles;
import io.quarkus.logging.Log;
import ng.vaxtrace.stock.contact.ContactService;
import ng.vaxtrace.stock.ledger.DailyRecompute;
import ng.vaxtrace.stock.messaging.StockEventConsumer;

/** Administrative operations. */
@Path("/api/v1/admin")
@Tag(name = "Administration")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class AdminResource {

    private final ContactService contacts;
    private final DailyRecompute recompute;
    private final Access access;
    private final StockEventConsumer consumer;

    public AdminResource(ContactService contacts, DailyRecompute recompute, Access access, StockEventConsumer consumer) {
        this.contacts = contacts;
        this.recompute = recompute;
        this.access = access;
        this.consumer = consumer;
    }

    /** This replica's stock-event consumption: paused by an operator or not, the lag, each consumer's state. */
    public record Consumption(boolean paused, long lag, List<StockEventConsumer.WorkerState> consumers) {
    }

    @GET
    @Path("/consumption")
    @Operation(summary = "This replica's stock-event consumption", description = "Whether an operator paused it, the lag, each consumer's state.")
    public Consumption consumption() {
        access.caller().requireAdmin();
        return new Consumption(consumer.pausedByOperator(), consumer.totalLag(), consumer.states());
    }

    @POST
    @Path("/consumption/pause")
    @Operation(summary = "Pause stock-event consumption on this replica", description = "The consumers keep their partitions "
            + "but fetch nothing until resumed (maintenance, or a backlog built on purpose); events wait in Kafka, nothing is lost. "
            + "Readiness stays UP (reads are served). Per replica: call every replica to pause the service.")
    public Consumption pause() {
        var caller = access.caller();
        caller.requireAdmin();
        Log.infof("stock-event consumption paused by %s", caller.actor());
        consumer.pause();
        return consumption();
    }

    @POST
    @Path("/consumption/resume")
    @Operation(summary = "Resume stock-event consumption on this replica")
    public Consumption resume() {
        var caller = access.caller();
        caller.requireAdmin();
        Log.infof("stock-event consumption resumed by %s", caller.actor());
        consumer.resume();
        return consumption();
    }

    @POST
    @Path("/contacts/re-encrypt")
    @Operation(summary = "Re-encrypt facility contacts under the active key", description = "Key rotation (docs/security-stock.md): "
            + "rows under an older configured key are re-encrypted in batches; answers how many, and how many remain under keys "
            + "no longer configured (unreadable).")
    public Uni<ContactService.ReEncryption> reEncrypt() {
        var caller = access.caller();
        caller.requireAdmin();
        return contacts.reEncrypt(caller);
    }

    @POST
    @Path("/metrics/recompute")
    @Operation(summary = "Recompute every facility × product's metrics now", description = "Runs today's (Africa/Lagos) recompute "
            + "again, even if it ran already (it also runs by itself after midnight): stock-out days, AMC, months of stock and "
            + "status from the day rollups; the pairs whose figures changed are written and published as level changes "
            + "(causeEventType recompute). 409 while another replica is running it.")
    public Uni<DailyRecompute.Summary> recomputeMetrics() {
        access.caller().requireAdmin();
        return recompute.run(true).invoke(summary -> {
            if (!summary.ran()) {
                throw new ProblemException(Problem.of(409, "Conflict", "the recompute of " + summary.day() + " is running on another replica"));
            }
        });
    }
}
