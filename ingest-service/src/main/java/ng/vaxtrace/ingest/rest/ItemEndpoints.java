package ng.vaxtrace.ingest.rest;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import ng.vaxtrace.ingest.config.IngestConfig;
import ng.vaxtrace.ingest.service.Intake;
import ng.vaxtrace.ingest.service.JsonBodies;
import ng.vaxtrace.ingest.service.Submission;

/** The single and batch endpoints of every item kind (stock events, readings) work alike: one place for that. */
@ApplicationScoped
public class ItemEndpoints {

    /** Reads one item of a kind; {@code pathPrefix} (e.g. {@code events[3].}) prefixes field names in errors. */
    @FunctionalInterface
    public interface ItemReader {
        Submission read(JsonNode node, String source, String pathPrefix);
    }

    private final Gatekeeper gatekeeper;
    private final Intake intake;
    private final IngestConfig config;

    public ItemEndpoints(Gatekeeper gatekeeper, Intake intake, IngestConfig config) {
        this.gatekeeper = gatekeeper;
        this.intake = intake;
        this.config = config;
    }

    /** One item: 202 once durable, 400 naming every bad field, 409 when its id is taken. */
    public Uni<Response> one(HttpServerRequest request, byte[] body, String what, ItemReader reader) {
        return gatekeeper.admit(request, body, client -> {
            Submission item = Answers.requireValid(reader.read(JsonBodies.object(body), Sources.client(client), ""), what);
            return intake.accept(List.of(item)).map(results -> Answers.single(results.get(0)));
        });
    }

    /** {@code {"<field>": [...]}}: 202 all accepted, 207 some, 400 none. */
    public Uni<Response> batch(HttpServerRequest request, byte[] body, String field, ItemReader reader) {
        return gatekeeper.admit(request, body, client -> {
            JsonNode nodes = JsonBodies.items(body, field, config.maxBatchSize());
            List<Submission> items = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                items.add(reader.read(nodes.get(i), Sources.client(client), field + "[" + i + "]."));
            }
            return intake.accept(items).map(Answers::batch);
        });
    }
}
