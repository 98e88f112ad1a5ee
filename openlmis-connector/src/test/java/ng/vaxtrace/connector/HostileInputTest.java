package ng.vaxtrace.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import ng.vaxtrace.openlmis.simulator.OpenLmisSimulator;
import ng.vaxtrace.security.Roles;
import ng.vaxtrace.testing.HostileRequest;
import ng.vaxtrace.testing.InfraTestResource;
import ng.vaxtrace.testing.RawHostileRequest;
import ng.vaxtrace.testing.TestIssuer;

/**
 * The input contract on the connector's API (docs/input-contract.md): run ids that are not UUIDs (traversal, injection,
 * NUL, full-width digits, overlong), runs that do not exist, forged tokens and roles that may not start a sync, wrong
 * methods and media types, bodies where none belongs, oversized and malformed requests. Each is a 4xx problem naming
 * what to fix, never a 5xx; and no refused request starts a sync: no run is recorded and OpenLMIS is not asked for
 * anything.
 */
@QuarkusTest
@WithTestResource(value = InfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "vaxtrace_connector"))
@WithTestResource(SimulatorTestResource.class)
class HostileInputTest {

    private static final Duration DB = Duration.ofSeconds(10);

    @TestHTTPResource("/")
    URI base;

    @Inject
    Pool pool;

    private final OpenLmisSimulator simulator = SimulatorTestResource.simulator();

    @TestFactory
    Stream<DynamicTest> shouldRefuseEveryHostileRequestAndStartNoSync() {
        List<DynamicTest> tests = new ArrayList<>();
        long[] runs = new long[1];
        long[] asked = new long[1];
        tests.add(DynamicTest.dynamicTest("sync runs and OpenLMIS reads before", () -> {
            runs[0] = syncRuns();
            asked[0] = openLmisReads();
        }));
        for (Case c : cases()) {
            tests.add(DynamicTest.dynamicTest(c.request().name(), () -> c.request().assertRefused(base, c.authorization())));
        }
        for (RawHostileRequest c : rawCases()) {
            tests.add(DynamicTest.dynamicTest(c.name(), () -> c.assertRefused(base)));
        }
        tests.add(DynamicTest.dynamicTest("no sync was started and OpenLMIS was not asked", () -> {
            assertThat(syncRuns()).isEqualTo(runs[0]);
            assertThat(openLmisReads()).isEqualTo(asked[0]);
        }));
        return tests.stream();
    }

    private long syncRuns() {
        return pool.query("select count(*) from sync_run").execute().await().atMost(DB).iterator().next().getLong(0);
    }

    /** Requests for OpenLMIS data (facilities, stock cards, reference data), not the readiness check's. */
    private long openLmisReads() {
        return simulator.stats().entrySet().stream().filter(e -> e.getKey().startsWith("requests /api/") && !e.getKey().contains("oauth"))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** A request and the Authorization it is sent with. */
    private record Case(HostileRequest request, String authorization) {

        static Case asAdmin(HostileRequest request) {
            return new Case(request, TestIssuer.bearer(Roles.ADMIN, null));
        }
    }

    private static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (String id : List.of("nope", "1", "-1", "%27%20or%201=1--", "..%2F..%2Fetc%2Fpasswd", "%00",
                "00000000-0000-0000-0000-00000000000g", UUID.randomUUID() + "x", "%EF%BC%91", "x".repeat(2000), "%F0%9F%92%89",
                "%3Cscript%3E", "0x10", "%7Bid%7D")) {
            String shown = id.length() > 40 ? id.substring(0, 10) + "…(" + id.length() + ")" : id;
            cases.add(Case.asAdmin(new HostileRequest("GET run " + shown, "GET", "/api/v1/sync/" + id, null, Map.of(), 400, "id")));
            cases.add(Case.asAdmin(new HostileRequest("GET unplaced of run " + shown, "GET", "/api/v1/sync/" + id + "/unplaced", null, Map.of(), 400, "id")));
        }
        // A traversal resolves before routing: /api/v1/sync/.. is /api/v1, which serves nothing.
        cases.add(Case.asAdmin(new HostileRequest("GET run %2e%2e", "GET", "/api/v1/sync/%2e%2e", null, Map.of(), 404, null)));
        String unknown = UUID.randomUUID().toString();
        cases.add(Case.asAdmin(new HostileRequest("GET a run that does not exist", "GET", "/api/v1/sync/" + unknown, null, Map.of(), 404, null)));
        cases.add(Case.asAdmin(new HostileRequest("GET unplaced of a run that does not exist", "GET", "/api/v1/sync/" + unknown + "/unplaced", null,
                Map.of(), 404, null)));
        // Who may not start a sync: a 403 for readers, 401 for what does not verify.
        for (String role : List.of(Roles.NATIONAL_OFFICER, Roles.ANALYST, Roles.STATE_OFFICER, "nurse")) {
            cases.add(new Case(new HostileRequest("POST sync as " + role, "POST", "/api/v1/sync", null, Map.of(), 403, null),
                    TestIssuer.bearer(role, role.equals(Roles.STATE_OFFICER) ? "NG-FC" : null)));
        }
        cases.add(new Case(new HostileRequest("GET runs as a facility officer", "GET", "/api/v1/sync", null, Map.of(), 403, null),
                TestIssuer.bearer(Roles.FACILITY_OFFICER, "NG-FC-001-LS")));
        TestIssuer.forgedTokens().forEach((what, token) -> {
            cases.add(new Case(new HostileRequest("POST sync with a token " + what, "POST", "/api/v1/sync", null, Map.of(), 401, null),
                    "Bearer " + token));
            cases.add(new Case(new HostileRequest("GET runs with a token " + what, "GET", "/api/v1/sync", null, Map.of(), 401, null),
                    "Bearer " + token));
        });
        cases.add(new Case(new HostileRequest("POST sync with Basic credentials", "POST", "/api/v1/sync", null, Map.of(), 401, null),
                "Basic YWRtaW46YWRtaW4="));
        // Wrong methods and media types.
        for (String method : List.of("PUT", "DELETE", "PATCH")) {
            cases.add(Case.asAdmin(new HostileRequest(method + " /api/v1/sync", method, "/api/v1/sync", null, Map.of(), 405, null)));
        }
        cases.add(Case.asAdmin(new HostileRequest("POST a run", "POST", "/api/v1/sync/" + unknown, null, Map.of(), 405, null)));
        cases.add(Case.asAdmin(new HostileRequest("DELETE a run", "DELETE", "/api/v1/sync/" + unknown, null, Map.of(), 405, null)));
        cases.add(Case.asAdmin(new HostileRequest("GET runs as XML", "GET", "/api/v1/sync", null, Map.of("Accept", "application/xml"), 406, null)));
        // Bodies: the sync takes none; a body in another media type or encoding is refused before anything starts.
        for (Map<String, String> headers : List.of(Map.of("Content-Type", "text/plain"), Map.of("Content-Type", "application/xml"),
                Map.of("Content-Type", "application/x-www-form-urlencoded"), Map.of("Content-Type", "application/json; charset=utf-16"))) {
            cases.add(Case.asAdmin(new HostileRequest("POST sync with " + headers, "POST", "/api/v1/sync", "{\"full\":true}", headers, 415, "Content-Type")));
        }
        cases.add(Case.asAdmin(new HostileRequest("POST sync gzip", "POST", "/api/v1/sync", "{}", Map.of("Content-Type", "application/json",
                "Content-Encoding", "gzip"), 415, "Content-Encoding")));
        return cases;
    }

    private static List<RawHostileRequest> rawCases() {
        String admin = TestIssuer.bearer(Roles.ADMIN, null);
        List<RawHostileRequest> cases = new ArrayList<>();
        cases.add(RawHostileRequest.of("POST sync with a body over 16 KiB", "POST", "/api/v1/sync", Map.of("Authorization", admin,
                "Content-Type", "application/json"), "{\"x\":\"" + "x".repeat(20_000) + "\"}", 413, false));
        cases.add(RawHostileRequest.of("POST sync with a 30 KB header", "POST", "/api/v1/sync", Map.of("Authorization", admin,
                "X-Padding", "p".repeat(30_000)), null, 431, false));
        cases.add(RawHostileRequest.of("GET a run with a 10 KB id", "GET", "/api/v1/sync/" + "a".repeat(10_000), Map.of("Authorization", admin),
                null, 414, false));
        cases.add(RawHostileRequest.of("POST sync with a negative Content-Length", "POST", "/api/v1/sync", Map.of("Authorization", admin,
                "Content-Length", "-1"), null, 400, false));
        cases.add(RawHostileRequest.of("POST sync with two Content-Lengths", "POST", "/api/v1/sync", Map.of("Authorization", admin,
                "Content-Type", "application/json", "Content-Length", "2", "Content-length", "5"), null, 400, false));
        cases.add(new RawHostileRequest("a request line that is not HTTP", "POST\r\n\r\n", 400, false));
        cases.add(RawHostileRequest.of("POST /api/v1/sync/.. (traversal to the collection)", "POST", "/api/v1/sync/..%2F..%2Fsync",
                Map.of("Authorization", admin), null, 405, true));
        return cases;
    }
}
