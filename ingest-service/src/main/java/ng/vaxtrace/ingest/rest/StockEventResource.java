package ng.vaxtrace.ingest.rest;

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
import ng.vaxtrace.ingest.service.StockEventReader;

/**
 * Signed stock events from field apps. The body is taken as raw bytes so the signature is checked over exactly
 * what was sent; 202 is answered only after Kafka acknowledged the record.
 */
@Path("/api/v1/stock-events")
@Tag(name = "Stock events", description = "Every request is signed: headers X-VaxTrace-Client (client id), "
        + "X-VaxTrace-Timestamp (Unix seconds) and X-VaxTrace-Signature: v1=<hex HMAC-SHA256(secret, timestamp + '.' + raw body)>. "
        + "Optional Idempotency-Key: a re-sent request with the same key gets the first answer again.")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "Missing, stale, wrong or already used signature")
@APIResponse(responseCode = "413", description = "Body larger than the limit (1 MB by default)")
@APIResponse(responseCode = "422", description = "Idempotency-Key already used for a different body")
@APIResponse(responseCode = "429", description = "Rate limit of the client reached; retry after the Retry-After header")
@APIResponse(responseCode = "503", description = "Kafka or Redis unavailable; retry after the Retry-After header")
public class StockEventResource {

    private final ItemEndpoints endpoints;
    private final StockEventReader reader;

    public StockEventResource(ItemEndpoints endpoints, StockEventReader reader) {
        this.endpoints = endpoints;
        this.reader = reader;
    }

    @POST
    @Operation(summary = "Submit one stock event", description = "202 once durable in Kafka; re-sending the same eventId "
            + "with the same content answers 202 again and publishes nothing.")
    @APIResponse(responseCode = "202", description = "Accepted: durable in Kafka")
    @APIResponse(responseCode = "400", description = "Invalid event; every bad field is listed")
    @APIResponse(responseCode = "409", description = "eventId already used for a different event, or being accepted right now")
    public Uni<Response> submit(HttpServerRequest request, byte[] body) {
        return endpoints.one(request, body, "stock event", reader::read);
    }

    @POST
    @Path("/batch")
    @Operation(summary = "Submit several stock events (offline sync)", description = "Valid items are accepted even when "
            + "others are not: 202 when all were accepted, 207 when some were, 400 when none were. Items keep their order "
            + "per facility; order across requests does not matter (stock is computed by occurredAt). Re-sending a batch "
            + "is safe: items already accepted are answered \"accepted\" and not published again.")
    @APIResponse(responseCode = "202", description = "All accepted")
    @APIResponse(responseCode = "207", description = "Some accepted; see results[].status")
    @APIResponse(responseCode = "400", description = "None accepted, or the body is not a batch")
    public Uni<Response> submitBatch(HttpServerRequest request, byte[] body) {
        return endpoints.batch(request, body, "events", reader::read);
    }
}
