package ng.vaxtrace.stock.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import ng.vaxtrace.security.Roles;
import ng.vaxtrace.stock.contact.ContactService;

/** Administrative operations. */
@Path("/api/v1/admin")
@Tag(name = "Administration")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class AdminResource {

    private final ContactService contacts;
    private final Access access;

    public AdminResource(ContactService contacts, Access access) {
        this.contacts = contacts;
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
}
