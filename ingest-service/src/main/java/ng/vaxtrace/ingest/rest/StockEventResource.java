package ng.vaxtrace.ingest.rest;

import java.util.ArrayList;
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

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import ng.vaxtrace.contracts.FieldViolation;
import ng.vaxtrace.ingest.auth.RequestAuthenticator;
import ng.vaxtrace.ingest.config.IngestConfig;
import ng.vaxtrace.ingest.messaging.StockEventPublisher;
import ng.vaxtrace.ingest.model.Accepted;
import ng.vaxtrace.ingest.model.BatchResult;
import ng.vaxtrace.ingest.service.StockEventReader;

/**
 * Signed stock events from field apps. The body is taken as raw bytes so the signature is checked over exactly
 * what was sent; 202 is answered only after Kafka acknowledged the record.
 */
@Path("/api/v1/stock-events")
@Tag(name = "Stock events", description = "Every request is signed: headers X-VaxTrace-Client (client id), "
        + "X-VaxTrace-Timestamp (Unix seconds) and X-VaxTrace-Signature: v1=<hex HMAC-SHA256(secret, timestamp + '.' + raw body)>.")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class StockEventResource {

    private static final int RETRY_AFTER_SECONDS = 5;

    private final RequestAuthenticator authenticator;
    private final StockEventReader reader;
    private final StockEventPublisher publisher;
    private final IngestConfig config;

    public StockEventResource(RequestAuthenticator authenticator, StockEventReader reader, StockEventPublisher publisher,
            IngestConfig config) {
        this.authenticator = authenticator;
        this.reader = reader;
        this.publisher = publisher;
        this.config = config;
    }

    @POST
    @Operation(summary = "Submit one stock event", description = "202 once durable in Kafka; re-sending the same eventId is harmless.")
    @APIResponse(responseCode = "202", description = "Accepted: durable in Kafka")
    @APIResponse(responseCode = "400", description = "Invalid event; every bad field is listed")
    @APIResponse(responseCode = "401", description = "Missing, stale or wrong signature")
    @APIResponse(responseCode = "503", description = "Kafka unavailable; retry after the Retry-After header")
    public Uni<Response> submit(HttpServerRequest request, byte[] body) {
        String client = authenticator.authenticate(request, body);
        StockEventReader.Item item = reader.read(reader.tree(body), source(client), "");
        if (!item.errors().isEmpty()) {
            throw ProblemException.invalid("the stock event is invalid", item.errors());
        }
        Log.debugf("publishing %s from %s", item.eventId(), client);
        return publisher.publish(item.event())
                .onFailure().transform(StockEventResource::unavailable)
                .replaceWith(() -> Response.accepted(Accepted.of(item.eventId())).build());
    }

    @POST
    @Path("/batch")
    @Operation(summary = "Submit several stock events", description = "Valid items are accepted even when others are not: "
            + "202 when all were accepted, 207 when some were, 400 when none were. Items keep their order per facility.")
    @APIResponse(responseCode = "202", description = "All accepted")
    @APIResponse(responseCode = "207", description = "Some accepted; see results[].status")
    @APIResponse(responseCode = "400", description = "None accepted, or the body is not a batch")
    @APIResponse(responseCode = "401", description = "Missing, stale or wrong signature")
    @APIResponse(responseCode = "503", description = "Kafka unavailable; nothing in the batch is guaranteed; retry the whole batch")
    public Uni<Response> submitBatch(HttpServerRequest request, byte[] body) {
        String client = authenticator.authenticate(request, body);
        JsonNode events = reader.tree(body).get("events");
        if (events == null || !events.isArray() || events.isEmpty()) {
            throw ProblemException.invalid("a batch is {\"events\": [ ... ]} with at least one event",
                    List.of(new FieldViolation("events", "is required: a non-empty array")));
        }
        if (events.size() > config.maxBatchSize()) {
            throw ProblemException.invalid("too many events in one batch",
                    List.of(new FieldViolation("events", "must hold at most " + config.maxBatchSize() + " events")));
        }
        List<StockEventReader.Item> items = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            items.add(reader.read(events.get(i), source(client), "events[" + i + "]."));
        }
        List<Uni<Void>> sends = items.stream().filter(i -> i.errors().isEmpty()).map(i -> publisher.publish(i.event())).toList();
        Uni<Void> all = sends.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(sends).andFailFast().replaceWithVoid();
        return all.onFailure().transform(StockEventResource::unavailable).replaceWith(() -> batchResponse(items));
    }

    private static Response batchResponse(List<StockEventReader.Item> items) {
        List<BatchResult.Item> results = new ArrayList<>();
        int accepted = 0;
        for (int i = 0; i < items.size(); i++) {
            StockEventReader.Item item = items.get(i);
            boolean ok = item.errors().isEmpty();
            accepted += ok ? 1 : 0;
            results.add(new BatchResult.Item(i, item.eventId(), ok ? "accepted" : "rejected", item.errors()));
        }
        int rejected = items.size() - accepted;
        int status = rejected == 0 ? 202 : accepted == 0 ? 400 : 207;
        return Response.status(status).entity(new BatchResult(accepted, rejected, results)).build();
    }

    private static String source(String client) {
        return "/ingest-service/clients/" + client;
    }

    private static Throwable unavailable(Throwable cause) {
        Log.warnf("Kafka did not acknowledge: %s", cause.toString());
        return ProblemException.unavailable("the event store (Kafka) did not acknowledge; nothing was accepted, retry later",
                RETRY_AFTER_SECONDS);
    }
}
