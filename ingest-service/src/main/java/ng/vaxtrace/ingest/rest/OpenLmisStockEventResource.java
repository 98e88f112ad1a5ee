package ng.vaxtrace.ingest.rest;

import java.util.List;

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
import ng.vaxtrace.ingest.service.Intake;
import ng.vaxtrace.ingest.service.JsonBodies;
import ng.vaxtrace.ingest.service.OpenLmisEventMapper;
import ng.vaxtrace.ingest.service.Submission;

/**
 * Stock events in OpenLMIS's own format (the body of its {@code POST /api/stockEvents}), for tools that already speak
 * it; mapped onto our contract with configured id maps and published like our own stock events.
 */
@Path("/api/v1/openlmis/stock-events")
@Tag(name = "OpenLMIS-format stock events", description = "Signed like stock events. Body: OpenLMIS StockEventDto "
        + "(facilityId, lineItems[orderableId, lotId, quantity, occurredDate, reasonId | sourceId | destinationId, extraData.vvmStatus]). "
        + "OpenLMIS UUIDs are mapped to VaxTrace codes by configuration (vaxtrace.ingest.openlmis.*).")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class OpenLmisStockEventResource {

    private final Gatekeeper gatekeeper;
    private final OpenLmisEventMapper mapper;
    private final Intake intake;

    public OpenLmisStockEventResource(Gatekeeper gatekeeper, OpenLmisEventMapper mapper, Intake intake) {
        this.gatekeeper = gatekeeper;
        this.mapper = mapper;
        this.intake = intake;
    }

    @POST
    @Operation(summary = "Submit an OpenLMIS stock event", description = "All line items or none: 202 with one result per "
            + "line item (event ids olmis:<body hash>:<index>, so re-sending the same body publishes nothing new).")
    @APIResponse(responseCode = "202", description = "Every line item is durable in Kafka")
    @APIResponse(responseCode = "400", description = "A field cannot be read or mapped; every one is listed; nothing was published")
    @APIResponse(responseCode = "401", description = "Missing, stale, wrong or already used signature")
    @APIResponse(responseCode = "409", description = "Being accepted by a concurrent request")
    @APIResponse(responseCode = "429", description = "Rate limit of the client reached")
    @APIResponse(responseCode = "503", description = "Kafka or Redis unavailable; retry after the Retry-After header")
    public Uni<Response> submit(HttpServerRequest request, byte[] body) {
        return gatekeeper.admit(request, body, client -> {
            List<Submission> items = mapper.map(JsonBodies.object(body), body, Sources.client(client));
            return intake.accept(items).map(results -> {
                results.stream().filter(r -> !Intake.ACCEPTED.equals(r.status())).findFirst().ifPresent(Answers::single);
                return Answers.batch(results);
            });
        });
    }
}
