package ng.vaxtrace.stock.rest;

import jakarta.annotation.security.RolesAllowed;
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
import ng.vaxtrace.stock.contact.ContactService;
import ng.vaxtrace.stock.ledger.DailyRecompute;

/** Administrative operations. */
@Path("/api/v1/admin")
@Tag(name = "Administration")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class AdminResource {

    private final ContactService contacts;
    private final DailyRecompute recompute;
    private final Access access;

    public AdminResource(ContactService contacts, DailyRecompute recompute, Access access) {
        this.contacts = contacts;
        this.recompute = recompute;
        this.access = access;
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
