package ng.vaxtrace.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.quarkus.websockets.next.WebSocketClientConnection;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.EventTypes;
import ng.vaxtrace.contracts.StockLevelChanged;
import ng.vaxtrace.contracts.Topics;
import ng.vaxtrace.testing.InfraTestResource;
import ng.vaxtrace.testing.TopicWriter;

@QuarkusTest
@WithTestResource(InfraTestResource.class)
class DashboardSocketTest {

    @TestHTTPResource("/")
    URI baseUri;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    private WebSocketClientConnection client;
    private TopicWriter writer;

    @BeforeEach
    void connect() {
        writer = new TopicWriter(bootstrap);
        client = BasicWebSocketConnector.create().baseUri(baseUri).path("/ws/v1")
                .onTextMessage((connection, text) -> frames.add(EventJson.tree(text)))
                .connectAndAwait();
        await().atMost(Duration.ofSeconds(5)).until(() -> hasFrame("connected"));
    }

    @AfterEach
    void disconnect() {
        client.closeAndAwait();
        writer.close();
    }

    private boolean hasFrame(String event) {
        return frames.stream().anyMatch(f -> event.equals(f.path("event").asText()));
    }

    private List<JsonNode> updatesFor(String id) {
        return frames.stream().filter(f -> "stock:update".equals(f.path("event").asText()) && id.equals(f.path("id").asText())).toList();
    }

    private String publishChange(String facility, long after) {
        String id = UUID.randomUUID().toString();
        publishChange(id, facility, after);
        return id;
    }

    private void publishChange(String id, String facility, long after) {
        StockLevelChanged change = new StockLevelChanged(facility, "PENTA", "LOT-A", UUID.randomUUID().toString(), "receipt",
                0, after, after, Instant.now(), Instant.now(), null, null, null, null);
        writer.send(Topics.STOCK_LEVELS, facility, EventJson.write(CloudEvent.of(id, "/tests", EventTypes.STOCK_LEVEL_CHANGED,
                facility, Instant.now(), change)));
    }

    /** The gateway reads from the live end of the topic: wait until it is assigned partitions and delivering. */
    private void awaitLiveFeed(String facility) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    publishChange(facility, 1);
                    return frames.stream().anyMatch(f -> "stock:update".equals(f.path("event").asText()));
                });
    }

    @Test
    void shouldDeliverAStockUpdateToTheFacilityRoomOnlyOnce() {
        String facility = "NG-WS-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        client.sendTextAndAwait("{\"action\":\"subscribe\",\"room\":\"facility:" + facility + "\"}");
        await().atMost(Duration.ofSeconds(5)).until(() -> hasFrame("subscribed"));
        awaitLiveFeed(facility);

        String id = UUID.randomUUID().toString();
        publishChange(id, facility, 750);
        publishChange(id, facility, 750); // a re-publication of the same event
        String after = publishChange(facility, 751);
        await().atMost(Duration.ofSeconds(10)).until(() -> !updatesFor(after).isEmpty());

        List<JsonNode> updates = updatesFor(id);
        assertThat(updates).hasSize(1);
        assertThat(updates.get(0).path("room").asText()).isEqualTo("facility:" + facility);
        assertThat(updates.get(0).path("data").path("lotBalanceAfter").asLong()).isEqualTo(750);
    }

    @Test
    void shouldNotDeliverOtherFacilitiesUpdates() {
        String mine = "NG-WS-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        String other = "NG-WS-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        client.sendTextAndAwait("{\"action\":\"subscribe\",\"room\":\"facility:" + mine + "\"}");
        awaitLiveFeed(mine);
        String otherId = publishChange(other, 5);
        String mineId = publishChange(mine, 6);
        await().atMost(Duration.ofSeconds(10)).until(() -> !updatesFor(mineId).isEmpty());
        assertThat(updatesFor(otherId)).isEmpty();
    }

    @Test
    void shouldAnswerBadFramesWithErrorCodes() {
        client.sendTextAndAwait("{\"action\":\"subscribe\",\"room\":\"state:lagos\"}");
        client.sendTextAndAwait("not json");
        client.sendTextAndAwait("{\"action\":\"ping\"}");
        await().atMost(Duration.ofSeconds(5)).until(() -> hasFrame("pong"));
        assertThat(frames).filteredOn(f -> "error".equals(f.path("event").asText()))
                .extracting(f -> f.path("data").path("code").asText())
                .containsExactly("invalid-room", "bad-frame");
    }
}
