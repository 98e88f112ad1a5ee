package ng.vaxtrace.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import ng.vaxtrace.testing.InfraTestResource;

@QuarkusTest
@TestProfile(HeartbeatTest.ShortIdleTimeout.class)
@WithTestResource(InfraTestResource.class)
class HeartbeatTest {

    /** Pings every 300 ms, idle after 2 s: long enough for a pong, short enough for a test. */
    public static class ShortIdleTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("vaxtrace.gateway.idle-timeout", "2s", "quarkus.websockets-next.server.auto-ping-interval", "300ms");
        }
    }

    @TestHTTPResource("/")
    URI baseUri;

    @Test
    void shouldCloseAClientThatNeverAnswersWhileOneThatPongsStays() throws Exception {
        try (Dashboard answering = new Dashboard(baseUri); Socket silent = new Socket()) {
            silent.connect(new InetSocketAddress(baseUri.getHost(), baseUri.getPort()), 5000);
            silent.setSoTimeout(10_000);
            RawWebSocket.handshake(silent);

            // The raw client reads (pings, `connected`) but never answers a ping nor sends a frame.
            assertThat(RawWebSocket.closeCode(silent.getInputStream())).isEqualTo(4408);
            answering.send("{\"action\":\"ping\"}");
            await().atMost(Duration.ofSeconds(5)).until(() -> !answering.of("pong").isEmpty());
            assertThat(answering.closeReason).isNull();
        }
    }
}
