package ng.vaxtrace.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import ng.vaxtrace.security.Roles;
import ng.vaxtrace.testing.InfraTestResource;
import ng.vaxtrace.testing.RawHostileRequest;
import ng.vaxtrace.testing.TestIssuer;

/**
 * The input contract at the gateway's HTTP side (docs/input-contract.md): the WebSocket upgrade with forged, misplaced
 * and misfitting tokens, broken handshakes and foreign origins; wrong methods, traversal, oversized and malformed
 * requests on the upgrade path and the operations endpoints. Each is refused with its 4xx, never a 5xx (a refused
 * upgrade answers with its status and challenge only: WebSockets Next writes no body there; the HTTP endpoints answer
 * problem+json), and no refused upgrade ever opens a connection.
 */
@QuarkusTest
@WithTestResource(InfraTestResource.class)
class HostileInputTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestHTTPResource("/")
    URI base;

    @TestFactory
    Stream<DynamicTest> shouldRefuseEveryHostileRequestAndOpenNoConnection() {
        List<DynamicTest> tests = new ArrayList<>();
        double[] opened = new double[1];
        tests.add(DynamicTest.dynamicTest("connections opened before", () -> opened[0] = metric("vaxtrace_gateway_connections_opened_total")));
        for (RawHostileRequest c : cases()) {
            tests.add(DynamicTest.dynamicTest(c.name(), () -> c.assertRefused(base)));
        }
        tests.add(DynamicTest.dynamicTest("no refused upgrade opened a connection",
                () -> assertThat(metric("vaxtrace_gateway_connections_opened_total")).isEqualTo(opened[0])));
        return tests.stream();
    }

    /** A counter or gauge of the gateway's Prometheus text, summed over its labels. */
    private double metric(String name) throws IOException, InterruptedException {
        String text = HTTP.send(HttpRequest.newBuilder(base.resolve("/q/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        return text.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static List<RawHostileRequest> cases() {
        List<RawHostileRequest> cases = new ArrayList<>();
        String national = TestIssuer.token(Roles.NATIONAL_OFFICER, null);
        // Upgrades without a token that verifies: 401 with the Bearer challenge.
        cases.add(RawHostileRequest.upgrade("upgrade without a token", "/ws/v1", Map.of(), 401));
        cases.add(RawHostileRequest.upgrade("upgrade with an empty bearer", "/ws/v1", Map.of("Authorization", "Bearer"), 401));
        cases.add(RawHostileRequest.upgrade("upgrade with Basic credentials", "/ws/v1", Map.of("Authorization", "Basic YWRtaW46YWRtaW4="), 401));
        TestIssuer.forgedTokens().forEach((what, token) -> {
            cases.add(RawHostileRequest.upgrade("upgrade with a token " + what + " in the header", "/ws/v1",
                    Map.of("Authorization", "Bearer " + token), 401));
            String query = "/ws/v1?access_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
            // Beyond the request line's 4 KiB the token never reaches authentication.
            cases.add(RawHostileRequest.upgrade("upgrade with a token " + what + " as access_token", query, Map.of(),
                    query.length() > 4000 ? 414 : 401));
        });
        for (String query : List.of("access_token=", "access_token=%00", "access_token=%27%20or%201=1--", "access_token=" + national
                + "%27", "access_token[]=x", "token=" + national)) {
            cases.add(RawHostileRequest.upgrade("upgrade with ?" + query.replace(national, "<token>"), "/ws/v1?" + query, Map.of(), 401));
        }
        cases.add(RawHostileRequest.upgrade("upgrade with a garbage subprotocol carrier", "/ws/v1",
                Map.of("Sec-WebSocket-Protocol", "bearer-token-carrier, quarkus-http-upgrade#Authorization#Bearer%20nope"), 401));
        // Tokens that verify but do not fit: 403.
        for (String[] misfit : List.of(new String[] { "nurse", "NG-KN" }, new String[] { Roles.FACILITY_OFFICER, "NG-KN-001" },
                new String[] { Roles.STATE_OFFICER, null }, new String[] { Roles.NATIONAL_OFFICER, "NG-KN" })) {
            cases.add(RawHostileRequest.upgrade("upgrade as " + misfit[0] + " of " + misfit[1], "/ws/v1",
                    Map.of("Authorization", TestIssuer.bearer(misfit[0], misfit[1])), 403));
        }
        cases.add(RawHostileRequest.upgrade("upgrade from a foreign origin", "/ws/v1",
                Map.of("Authorization", "Bearer " + national, "Origin", "https://evil.example"), 403));
        // Broken handshakes with a good token.
        cases.add(RawHostileRequest.upgrade("upgrade of WebSocket version 99", "/ws/v1",
                Map.of("Authorization", "Bearer " + national, "Sec-WebSocket-Version", "99"), 426));
        // Without a key it is no upgrade: /ws/v1 serves nothing else.
        cases.add(new RawHostileRequest("upgrade without a key", RawHostileRequest.upgrade("", "/ws/v1",
                Map.of("Authorization", "Bearer " + national, "Sec-WebSocket-Key", ""), 404).request(), 404, true));
        cases.add(RawHostileRequest.upgrade("upgrade with two Authorization headers", "/ws/v1", Map.of("Authorization", "Bearer " + national,
                "authorization", "Bearer " + national), 401));
        // Other paths and methods.
        for (String path : List.of("/ws/v2", "/ws/v1/x", "/ws", "/ws/v1%00", "/ws/v1/..%2F..%2Fq%2Fhealth", "/%2e%2e/%2e%2e/etc/passwd",
                "/api/v1/rooms", "/q/health/..%2F..%2Fetc%2Fpasswd")) {
            cases.add(RawHostileRequest.upgrade("upgrade of " + path, path, Map.of("Authorization", "Bearer " + national), 404));
            cases.add(RawHostileRequest.of("GET " + path, "GET", path, Map.of(), null, 404, true));
        }
        // /ws/v1 serves upgrades only; any other request there finds nothing. (The read-only /q endpoints answer every
        // method alike: nothing there to refuse or change.)
        for (String method : List.of("GET", "POST", "PUT", "DELETE", "PATCH")) {
            cases.add(RawHostileRequest.of(method + " /ws/v1 without an upgrade", method, "/ws/v1", Map.of("Authorization", "Bearer " + national),
                    null, 404, true));
        }
        // Bodies where none belongs, in the wrong media type or encoding: refused before anything reads them.
        cases.add(RawHostileRequest.of("GET /q/health/ready with a text body", "GET", "/q/health/ready", Map.of("Content-Type", "text/plain"),
                "x", 415, true));
        cases.add(RawHostileRequest.of("GET /q/health/ready with a gzip body", "GET", "/q/health/ready",
                Map.of("Content-Type", "application/json", "Content-Encoding", "gzip"), "{}", 415, true));
        cases.add(RawHostileRequest.of("upgrade with a text body", "GET", "/ws/v1", Map.of("Authorization", "Bearer " + national,
                "Content-Type", "text/plain"), "x", 415, true));
        cases.add(RawHostileRequest.of("GET /q/health/ready with a body over 64 KiB", "GET", "/q/health/ready",
                Map.of("Content-Type", "application/json"), "{\"x\":\"" + "x".repeat(70_000) + "\"}", 413, false));
        // Oversized and malformed requests.
        cases.add(RawHostileRequest.upgrade("upgrade with a 30 KB header", "/ws/v1", Map.of("Authorization", "Bearer " + national,
                "X-Padding", "p".repeat(30_000)), 431));
        cases.add(RawHostileRequest.of("GET with a 10 KB path", "GET", "/q/health/" + "a".repeat(10_000), Map.of(), null, 414, false));
        cases.add(RawHostileRequest.of("upgrade with a 10 KB query", "GET", "/ws/v1?room=" + "a".repeat(10_000), Map.of(), null, 414, false));
        cases.add(RawHostileRequest.of("GET with a negative Content-Length", "GET", "/q/health/live", Map.of("Content-Length", "-1"), null,
                400, false));
        cases.add(RawHostileRequest.of("GET with a header line without a colon", "GET", "/q/health/live", Map.of("NoColonHere\r\nX", "y"),
                null, 400, false));
        cases.add(new RawHostileRequest("a request line that is not HTTP", "GARBAGE\r\n\r\n", 400, false));
        cases.add(new RawHostileRequest("a request line with a space in the path", "GET /q/health /live HTTP/1.1\r\nHost: x\r\n\r\n", 400, false));
        return cases;
    }
}
