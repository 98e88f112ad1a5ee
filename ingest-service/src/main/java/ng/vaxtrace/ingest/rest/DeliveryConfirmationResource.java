package ng.vaxtrace.ingest.rest;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import ng.vaxtrace.contracts.FieldViolation;
import ng.vaxtrace.contracts.Problem;
import ng.vaxtrace.http.ProblemException;
import ng.vaxtrace.ingest.model.BatchResult;
import ng.vaxtrace.ingest.service.DeliveryConfirmationReader;
import ng.vaxtrace.ingest.service.Intake;
import ng.vaxtrace.ingest.service.JsonBodies;

/**
 * Last-mile delivery confirmations from health facilities: per lot, doses delivered and received, VVM stage,
 * temperature at receipt, GPS and whether the cold chain broke. They become receipt (and, for spoilt doses, discard)
 * stock events on vaxtrace.stock.events.v1.
 */
@Path("/api/v1/delivery-confirmations")
@Tag(name = "Delivery confirmations", description = "Signed like stock events. Each lot received becomes a receipt event "
        + "<confirmationId>:<lot index>:receipt; doses that must not be used (VVM stage 3-4, or cold-chain damage to that product by the WHO rules) also a "
        + "discard event <confirmationId>:<lot index>:discard. Re-sending a confirmation is safe.")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class DeliveryConfirmationResource {

    private final Gatekeeper gatekeeper;
    private final DeliveryConfirmationReader reader;
    private final Intake intake;

    public DeliveryConfirmationResource(Gatekeeper gatekeeper, DeliveryConfirmationReader reader, Intake intake) {
        this.gatekeeper = gatekeeper;
        this.reader = reader;
        this.intake = intake;
    }

    @POST
    @Operation(summary = "Confirm a delivery", description = "202 once every derived event is durable in Kafka; the answer "
            + "lists them, with the shortfall (delivered - received) per lot.")
    @APIResponse(responseCode = "202", description = "Accepted: the derived events are durable in Kafka")
    @APIResponse(responseCode = "400", description = "Invalid confirmation; every bad field is listed; nothing was published")
    @APIResponse(responseCode = "401", description = "Missing, stale, wrong or already used signature")
    @APIResponse(responseCode = "409", description = "confirmationId already used for a different confirmation")
    @APIResponse(responseCode = "413", description = "Body larger than the limit")
    @APIResponse(responseCode = "429", description = "Rate limit of the client reached")
    @APIResponse(responseCode = "503", description = "Kafka or Redis unavailable; retry after the Retry-After header")
    public Uni<Response> confirm(HttpServerRequest request, byte[] body) {
        return gatekeeper.admit(request, body, client -> {
            DeliveryConfirmationReader.Derived derived = reader.read(JsonBodies.object(body), Sources.client(client));
            return intake.accept(derived.submissions()).map(results -> answer(derived, results));
        });
    }

    private static Response answer(DeliveryConfirmationReader.Derived derived, List<BatchResult.Item> results) {
        List<FieldViolation> refused = results.stream().filter(r -> !Intake.ACCEPTED.equals(r.status()))
                .flatMap(r -> r.errors().stream()).toList();
        if (!refused.isEmpty()) {
            throw new ProblemException(new Problem("https://docs.vaxtrace.ng/problems/duplicate-id", "Conflict", 409,
                    "confirmationId was already used for a different confirmation, or is being accepted right now",
                    List.of(new FieldViolation("confirmationId", refused.get(0).message()))), Map.of("Retry-After", "1"));
        }
        return Gatekeeper.json(202, derived.answer());
    }
}
