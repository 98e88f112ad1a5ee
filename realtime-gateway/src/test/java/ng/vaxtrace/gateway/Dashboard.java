package ng.vaxtrace.gateway;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketClientConnection;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.security.Roles;
import ng.vaxtrace.testing.TestIssuer;

/** A test dashboard: one WebSocket connection that records every frame it receives. */
final class Dashboard implements AutoCloseable {

    /** A national officer's token: sees every room. */
    static final String NATIONAL_TOKEN = TestIssuer.token(Roles.NATIONAL_OFFICER, null);

    final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    volatile CloseReason closeReason;
    private final WebSocketClientConnection connection;

    Dashboard(URI baseUri) {
        this(baseUri, NATIONAL_TOKEN);
    }

    Dashboard(URI baseUri, String token) {
        connection = BasicWebSocketConnector.create().baseUri(baseUri).path("/ws/v1")
                .addHeader("Authorization", "Bearer " + token)
                // On the event loop, one frame after the other: the recorded order is the order on the wire.
                .executionModel(BasicWebSocketConnector.ExecutionModel.NON_BLOCKING)
                .onTextMessage((c, text) -> frames.add(EventJson.tree(text)))
                .onClose((c, reason) -> closeReason = reason)
                .connectAndAwait();
        await().atMost(Duration.ofSeconds(5)).until(() -> !of("connected").isEmpty());
    }

    void send(String json) {
        connection.sendTextAndAwait(json);
    }

    /** Subscribes and waits for {@code subscribed}; returns it. */
    JsonNode subscribe(String room) {
        return subscribeWith("{\"action\":\"subscribe\",\"room\":\"" + room + "\"}");
    }

    JsonNode subscribeWith(String json) {
        int before = of("subscribed").size();
        send(json);
        await().atMost(Duration.ofSeconds(5)).until(() -> of("subscribed").size() > before);
        return of("subscribed").get(before);
    }

    /**
     * Asks to join and waits for the answer: {@code subscribed}, or the {@code error} frame naming the room (a
     * refusal). Returns that frame.
     */
    JsonNode join(String room) {
        send("{\"action\":\"subscribe\",\"room\":\"" + room + "\"}");
        await().atMost(Duration.ofSeconds(5)).until(() -> !answers(room).isEmpty());
        return answers(room).get(0);
    }

    private List<JsonNode> answers(String room) {
        return where(f -> room.equals(f.path("room").asText())
                && ("subscribed".equals(f.path("event").asText()) || "error".equals(f.path("event").asText())));
    }

    List<JsonNode> of(String event) {
        return where(f -> event.equals(f.path("event").asText()));
    }

    List<JsonNode> of(String event, String room) {
        return where(f -> event.equals(f.path("event").asText()) && room.equals(f.path("room").asText()));
    }

    /**
     * The stock changes a room delivered, in order, as {@code {"id", "facilityCode", "productCode", "status",
     * "productBalance"}}: from {@code stock:update} frames (LGA and facility rooms) and from the {@code updates} of
     * {@code stock:batch} frames (national, zone and state rooms).
     */
    List<JsonNode> changes(String room) {
        List<JsonNode> changes = new java.util.ArrayList<>();
        for (JsonNode frame : where(f -> room.equals(f.path("room").asText()))) {
            String event = frame.path("event").asText();
            if ("stock:update".equals(event)) {
                JsonNode data = frame.path("data");
                changes.add(EventJson.mapper().createObjectNode().put("id", frame.path("id").asText())
                        .put("facilityCode", data.path("facilityCode").asText()).put("productCode", data.path("productCode").asText())
                        .put("status", data.path("metrics").path("status").asText())
                        .put("productBalance", data.path("productBalanceAfter").asLong()));
            } else if ("stock:batch".equals(event)) {
                frame.path("data").path("updates").forEach(changes::add);
            }
        }
        return changes;
    }

    /** The event ids of the stock changes a room delivered, in order. */
    List<String> changeIds(String room) {
        return changes(room).stream().map(c -> c.path("id").asText()).toList();
    }

    /** Every frame of a room's stream (those with a sequence number), in arrival order. */
    List<JsonNode> stream(String room) {
        return where(f -> room.equals(f.path("room").asText()) && f.has("seq"));
    }

    List<JsonNode> where(Predicate<JsonNode> filter) {
        return frames.stream().filter(filter).toList();
    }

    @Override
    public void close() {
        if (connection.isOpen()) {
            connection.closeAndAwait();
        }
    }
}
