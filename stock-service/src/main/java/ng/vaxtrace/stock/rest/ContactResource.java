package ng.vaxtrace.stock.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import ng.vaxtrace.contracts.FieldViolation;
import ng.vaxtrace.contracts.Problem;
import ng.vaxtrace.http.ProblemException;
import ng.vaxtrace.security.AccessRefusedException;
import ng.vaxtrace.security.Caller;
import ng.vaxtrace.stock.contact.Contact;
import ng.vaxtrace.stock.contact.ContactService;

/**
 * A facility's contact person (NDPR personal data): officers in scope and administrators only; analysts never see
 * it. Stored encrypted; never cached, logged or published. Responses are {@code Cache-Control: no-store}.
 */
@Path("/api/v1/facilities/{facilityCode}/contact")
@Tag(name = "Facilities")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class ContactResource {

    /** Nigerian numbers in E.164: +234 and ten digits (spaces and dashes are dropped first). */
    private static final Pattern PHONE = Pattern.compile("\\+234[1-9][0-9]{9}");
    private static final int MIN_NAME = 2;
    private static final int MAX_NAME = 100;

    private final ContactService contacts;
    private final Access access;

    public ContactResource(ContactService contacts, Access access) {
        this.contacts = contacts;
        this.access = access;
    }

    /** The request body; its toString never shows the values. */
    public record ContactRequest(String name, String phone) {
        @Override
        public String toString() {
            return "ContactRequest[redacted]";
        }
    }

    @GET
    @Operation(summary = "The facility's contact person (personal data)")
    @APIResponse(responseCode = "200", description = "Name and phone number")
    @APIResponse(responseCode = "403", description = "Analysts, or a facility outside the caller's area")
    @APIResponse(responseCode = "404", description = "The facility has no contact (or is unknown)")
    public Uni<Response> get(@PathParam("facilityCode") String facilityCode) {
        Filters.code("facilityCode", facilityCode);
        Caller caller = personalDataCaller();
        return access.facility(caller, facilityCode).flatMap(area -> contacts.find(facilityCode)).map(contact -> {
            if (contact == null) {
                throw ProblemException.notFound("facility " + facilityCode + " has no contact");
            }
            return ok(contact, 200);
        });
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set the facility's contact person", description = "name: 2-100 characters; phone: +234 and ten digits. "
            + "Encrypted at rest; audited with masked values only.")
    @APIResponse(responseCode = "200", description = "The contact as stored")
    @APIResponse(responseCode = "400", description = "A field is missing or malformed (named in errors; the value is never echoed)")
    @APIResponse(responseCode = "403", description = "Analysts, or a facility outside the caller's area")
    public Uni<Response> put(@PathParam("facilityCode") String facilityCode, ContactRequest body) {
        Filters.code("facilityCode", facilityCode);
        Caller caller = personalDataCaller();
        caller.requireWrite();
        String name = body == null || body.name() == null ? null : body.name().strip();
        String phone = body == null || body.phone() == null ? null : body.phone().replaceAll("[\\s-]", "");
        validate(name, phone);
        return access.facility(caller, facilityCode).flatMap(area -> contacts.save(caller, facilityCode, name, phone))
                .map(contact -> ok(contact, 200));
    }

    @DELETE
    @Operation(summary = "Delete the facility's contact (administrators)", description = "For retention: when the contact is no longer needed.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "There was no contact")
    public Uni<Response> delete(@PathParam("facilityCode") String facilityCode) {
        Filters.code("facilityCode", facilityCode);
        Caller caller = access.caller();
        caller.requireAdmin();
        return contacts.delete(caller, facilityCode).map(deleted -> {
            if (!deleted) {
                throw ProblemException.notFound("facility " + facilityCode + " has no contact");
            }
            return Response.noContent().build();
        });
    }

    private Caller personalDataCaller() {
        Caller caller = access.caller();
        if (!caller.maySeePersonalData()) {
            throw new AccessRefusedException("role " + caller.role().claimValue() + " never sees personal data (facility contacts)");
        }
        return caller;
    }

    private static void validate(String name, String phone) {
        List<FieldViolation> violations = new ArrayList<>();
        if (name == null || name.isEmpty()) {
            violations.add(new FieldViolation("name", "is required"));
        } else if (name.codePointCount(0, name.length()) < MIN_NAME || name.codePointCount(0, name.length()) > MAX_NAME) {
            violations.add(new FieldViolation("name", "must be " + MIN_NAME + "-" + MAX_NAME + " characters"));
        } else if (name.codePoints().anyMatch(Character::isISOControl)) {
            violations.add(new FieldViolation("name", "must not contain control characters"));
        }
        if (phone == null || phone.isEmpty()) {
            violations.add(new FieldViolation("phone", "is required"));
        } else if (!PHONE.matcher(phone).matches()) {
            violations.add(new FieldViolation("phone", "must be a Nigerian number in E.164 form: +234 followed by 10 digits"));
        }
        if (!violations.isEmpty()) {
            throw new ProblemException(Problem.invalid("invalid contact", violations));
        }
    }

    private static Response ok(Contact contact, int status) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).header("Cache-Control", "no-store").entity(contact).build();
    }
}
