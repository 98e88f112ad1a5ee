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
import ng.vaxtrace.ingest.service.ColdChainReadingReader;

/**
 * Signed temperature readings from fridge monitors, published to vaxtrace.coldchain.readings.v1 keyed by fridge id
 * (alert-service watches them for cold-chain breaks). Same signature, limits and guarantees as stock events.
 */
@Path("/api/v1/coldchain/readings")
@Tag(name = "Cold-chain readings", description = "Signed like stock events. The reading's id is readingId when given, "
        + "else <fridgeId>@<measuredAt>; a re-sent reading is answered 202 again and published once.")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "Missing, stale, wrong or already used signature")
@APIResponse(responseCode = "413", description = "Body larger than the limit (1 MB by default)")
@APIResponse(responseCode = "429", description = "Rate limit of the client reached; retry after the Retry-After header")
@APIResponse(responseCode = "503", description = "Kafka or Redis unavailable; retry after the Retry-After header")
public class ColdChainReadingResource {

    private final ItemEndpoints endpoints;
    private final ColdChainReadingReader reader;

    public ColdChainReadingResource(ItemEndpoints endpoints, ColdChainReadingReader reader) {
        this.endpoints = endpoints;
        this.reader = reader;
    }

    @POST
    @Operation(summary = "Submit one temperature reading", description = "202 once durable in Kafka.")
    @APIResponse(responseCode = "202", description = "Accepted: durable in Kafka; eventId is the reading's id")
    @APIResponse(responseCode = "400", description = "Invalid reading; every bad field is listed")
    @APIResponse(responseCode = "409", description = "readingId already used for a different reading")
    public Uni<Response> submit(HttpServerRequest request, byte[] body) {
        return endpoints.one(request, body, "reading", reader::read);
    }

    @POST
    @Path("/batch")
    @Operation(summary = "Submit several readings (a monitor's backlog)", description = "{\"readings\":[…]}: 202 all "
            + "accepted, 207 some (per-item results[]), 400 none.")
    @APIResponse(responseCode = "202", description = "All accepted")
    @APIResponse(responseCode = "207", description = "Some accepted; see results[].status")
    @APIResponse(responseCode = "400", description = "None accepted, or the body is not a batch")
    public Uni<Response> submitBatch(HttpServerRequest request, byte[] body) {
        return endpoints.batch(request, body, "readings", reader::read);
    }
}
