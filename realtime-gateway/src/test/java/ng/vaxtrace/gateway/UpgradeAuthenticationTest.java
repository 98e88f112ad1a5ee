package ng.vaxtrace.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import ng.vaxtrace.security.DevIssuer;
import ng.vaxtrace.security.Roles;
import ng.vaxtrace.testing.InfraTestResource;
import ng.vaxtrace.testing.TestIssuer;

/** The upgrade: who gets a WebSocket at all (401 without a valid token, 403 with one that does not fit). */
@QuarkusTest
@WithTestResource(InfraTestResource.class)
class UpgradeAuthenticationTest {

    @TestHTTPResource("/")
    URI baseUri;

    private final HttpClient http = HttpClient.newHttpClient();

    private URI wsUri(String query) {
        return URI.create("ws://" + baseUri.getHost() + ":" + baseUri.getPort() + "/ws/v1" + query);
    }

    /** The refused handshake's response (the test fails if the upgrade succeeds). */
    private HttpResponse<?> refused(String query, UnaryOperator<WebSocket.Builder> request) {
        Throwable[] failure = new Throwable[1];
        assertThatThrownBy(() -> request.apply(http.newWebSocketBuilder()).buildAsync(wsUri(query), new WebSocket.Listener() {
        }).join()).isInstanceOf(CompletionException.class).cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> failure[0] = e);
        return ((WebSocketHandshakeException) failure[0]).getResponse();
    }

    private HttpResponse<?> refusedWithHeader(String token) {
        return refused("", b -> b.header("Authorization", "Bearer " + token));
    }

    private static Map<String, Object> claims(String issuer, Instant expires) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("sub", "someone");
        claims.put("preferred_username", "someone");
        claims.put("groups", List.of(Roles.NATIONAL_OFFICER));
        claims.put("iat", expires.minus(Duration.ofHours(1)).getEpochSecond());
        claims.put("exp", expires.getEpochSecond());
        return claims;
    }

    @Test
    void shouldAnswer401WithABearerChallengeWithoutAToken() {
        HttpResponse<?> response = refused("", b -> b);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    }

    @Test
    void shouldAnswer401ForAMalformedExpiredForeignOrMisissuedToken() {
        Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
        Instant inAnHour = Instant.now().plus(Duration.ofHours(1));
        Map<String, String> tokens = Map.of(
                "malformed", "nope",
                "expired", TestIssuer.shared().sign(claims(DevIssuer.ISSUER, hourAgo)),
                "signed by another key", DevIssuer.generate().token("mallory", Roles.NATIONAL_OFFICER, null, Duration.ofHours(1)),
                "another issuer", TestIssuer.shared().sign(claims("https://elsewhere.example/realms/x", inAnHour)));
        tokens.forEach((what, token) -> {
            HttpResponse<?> response = refusedWithHeader(token);
            assertThat(response.statusCode()).as(what).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate").orElse("")).as(what).contains("invalid_token");
        });
        assertThat(refused("?access_token=wrong", b -> b).statusCode()).isEqualTo(401);
    }

    @Test
    void shouldAnswer403WhenTheRoleOrAreaDoNotFit() {
        Map<String, String> tokens = Map.of(
                "no VaxTrace role", TestIssuer.token("nurse", "NG-KN"),
                "state officer with an LGA", TestIssuer.token(Roles.STATE_OFFICER, "NG-KN-001"),
                "state officer without an area", TestIssuer.token(Roles.STATE_OFFICER, null),
                "LGA officer with a state", TestIssuer.token(Roles.LGA_OFFICER, "NG-KN"),
                "national officer with a state", TestIssuer.token(Roles.NATIONAL_OFFICER, "NG-KN"),
                "facility officer with an LGA code", TestIssuer.token(Roles.FACILITY_OFFICER, "NG-KN-001"));
        tokens.forEach((what, token) -> {
            HttpResponse<?> response = refusedWithHeader(token);
            assertThat(response.statusCode()).as(what).isEqualTo(403);
            assertThat(response.headers().firstValue("WWW-Authenticate").orElse("")).as(what)
                    .contains("insufficient_scope").contains("error_description");
        });
    }

    @Test
    void shouldAcceptTheTokenAsAQueryParameterForBrowsers() {
        List<String> texts = new CopyOnWriteArrayList<>();
        String token = URLEncoder.encode(TestIssuer.token(Roles.STATE_OFFICER, "NG-KN"), StandardCharsets.UTF_8);
        WebSocket socket = http.newWebSocketBuilder().buildAsync(wsUri("?access_token=" + token), recorder(texts)).join();
        await().atMost(Duration.ofSeconds(5)).until(() -> texts.stream().anyMatch(t -> t.contains("\"connected\"")));
        assertThat(texts.get(0)).contains("\"role\":\"state-officer\"").contains("\"area\":\"NG-KN\"");
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }

    @Test
    void shouldAcceptTheTokenInTheSubprotocolCarrier() {
        List<String> texts = new CopyOnWriteArrayList<>();
        String carrier = "quarkus-http-upgrade#Authorization#"
                + URLEncoder.encode("Bearer " + TestIssuer.token(Roles.ANALYST, null), StandardCharsets.UTF_8).replace("+", "%20");
        WebSocket socket = http.newWebSocketBuilder().subprotocols("bearer-token-carrier", carrier)
                .buildAsync(wsUri(""), recorder(texts)).join();
        await().atMost(Duration.ofSeconds(5)).until(() -> texts.stream().anyMatch(t -> t.contains("\"connected\"")));
        assertThat(socket.getSubprotocol()).isEqualTo("bearer-token-carrier");
        assertThat(texts.get(0)).contains("\"role\":\"analyst\"");
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }

    @Test
    void shouldRefuseABrowserUpgradeFromAnOriginNotAllowed() {
        String token = TestIssuer.token(Roles.NATIONAL_OFFICER, null);
        HttpResponse<?> response = refused("", b -> b.header("Authorization", "Bearer " + token).header("Origin", "https://evil.example"));
        assertThat(response.statusCode()).isEqualTo(403);
    }

    private static WebSocket.Listener recorder(List<String> texts) {
        return new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                texts.add(data.toString());
                webSocket.request(1);
                return null;
            }
        };
    }
}
