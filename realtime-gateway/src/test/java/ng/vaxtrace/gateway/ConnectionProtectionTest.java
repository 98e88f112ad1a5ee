package ng.vaxtrace.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import ng.vaxtrace.contracts.Alert;
import ng.vaxtrace.contracts.EventTypes;
import ng.vaxtrace.contracts.FacilityArea;
import ng.vaxtrace.testing.InfraTestResource;

@QuarkusTest
@WithTestResource(InfraTestResource.class)
class ConnectionProtectionTest {

    @TestHTTPResource("/")
    URI baseUri;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void shouldDisconnectASlowConsumerWithAReasonWithoutDelayingOthers() throws Exception {
        String lga = "NG-BO-001";
        FacilityArea area = Feed.area("NG-NE", lga);
        String facility = Feed.facility(lga);
        try (Feed feed = new Feed(bootstrap); Dashboard fast = new Dashboard(baseUri); Socket slow = new Socket()) {
            feed.awaitLive(baseUri);
            fast.subscribe("lga:" + lga);
            slow.setReceiveBufferSize(4096); // a small window: the server's writes back up quickly
            slow.connect(new InetSocketAddress(baseUri.getHost(), baseUri.getPort()), 5000);
            slow.setSoTimeout(15_000);
            RawWebSocket.handshake(slow);
            RawWebSocket.sendText(slow.getOutputStream(), "{\"action\":\"subscribe\",\"room\":\"lga:" + lga + "\"}");

            // Big frames, each its own alert (nothing to coalesce), that the slow client never reads.
            String message = "x".repeat(16_000);
            List<String> ids = new ArrayList<>();
            double disconnectsBefore = slowDisconnects();
            for (int i = 0; i < 400; i++) {
                ids.add(feed.alert(EventTypes.ALERT_OPENED, UUID.randomUUID().toString(), facility, area, "PENTA", Alert.OPEN, message));
            }
            await().atMost(Duration.ofSeconds(15)).until(() -> fast.of("alert:new", "lga:" + lga).size() == ids.size());
            assertThat(fast.of("alert:new", "lga:" + lga)).extracting(f -> f.path("id").asText())
                    .containsExactlyInAnyOrderElementsOf(ids); // keyed by alert id: partitions interleave
            await().atMost(Duration.ofSeconds(10)).until(() -> slowDisconnects() > disconnectsBefore);

            // Reading now, the slow client finds the close frame after what was already on its way.
            assertThat(RawWebSocket.closeCode(slow.getInputStream())).isEqualTo(4429);
            assertThat(fast.closeReason).isNull();
        }
    }

    @Test
    void shouldCloseAConnectionThatSendsAnOversizedFrameWithMessageTooBig() {
        try (Dashboard dashboard = new Dashboard(baseUri)) {
            dashboard.send("{\"action\":\"ping\",\"room\":\"" + "x".repeat(8_000) + "\"}");
            await().atMost(Duration.ofSeconds(5)).until(() -> dashboard.closeReason != null);
            assertThat(dashboard.closeReason.getCode()).isEqualTo(1009);
        }
    }

    @Test
    void shouldAnswerAOneMegabyteFrameWithTheDocumentedCloseNotAReset() throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(baseUri.getHost(), baseUri.getPort()), 5000);
            socket.setSoTimeout(15_000);
            RawWebSocket.handshake(socket);
            RawWebSocket.sendText(socket.getOutputStream(), "{\"action\":\"ping\",\"room\":\"" + "x".repeat(1024 * 1024) + "\"}");
            assertThat(RawWebSocket.closeCode(socket.getInputStream())).isEqualTo(1009);
        }
    }

    private static double slowDisconnects() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("vaxtrace_gateway_disconnects_total{") && l.contains("reason=\"slow\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
