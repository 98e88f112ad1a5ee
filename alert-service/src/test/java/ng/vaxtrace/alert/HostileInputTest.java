package ng.vaxtrace.alert;

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
import ng.vaxtrace.security.Roles;
import ng.vaxtrace.testing.HostileRequest;
import ng.vaxtrace.testing.InfraTestResource;
import ng.vaxtrace.testing.TestIssuer;

/**
 * The input contract on alert-service's API (docs/input-contract.md): hostile query parameters, action bodies, media
 * types and encodings, each a 4xx problem naming the field, never a 5xx, and no audit row or transition written.
 */
@QuarkusTest
@WithTestResource(value = InfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "vaxtrace_alert"))
class HostileInputTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    Pool pool;

    @TestFactory
    Stream<DynamicTest> shouldRefuseEveryHostileInputByNameAndWriteNothing() {
        List<DynamicTest> tests = new ArrayList<>();
        long[] auditRows = new long[1];
        tests.add(DynamicTest.dynamicTest("audit rows before", () -> auditRows[0] = auditRows()));
        for (HostileRequest c : cases()) {
            tests.add(DynamicTest.dynamicTest(c.name(), () -> c.assertRefused(base, TestIssuer.bearer(Roles.ADMIN, null))));
        }
        // Forged and malformed tokens, on a read and on a write: 401, never a 500 from parsing them.
        String some = UUID.randomUUID().toString();
        TestIssuer.forgedTokens().forEach((what, token) -> {
            tests.add(DynamicTest.dynamicTest("GET alerts with a token " + what,
                    () -> HostileRequest.get("/api/v1/alerts", 401, null).assertRefused(base, "Bearer " + token)));
            tests.add(DynamicTest.dynamicTest("POST acknowledge with a token " + what, () -> new HostileRequest("acknowledge", "POST",
                    "/api/v1/alerts/" + some + "/acknowledge", "{\"note\":\"a\"}", Map.of("Content-Type", "application/json"), 401, null)
                    .assertRefused(base, "Bearer " + token)));
        });
        tests.add(DynamicTest.dynamicTest("no audit row was written", () -> assertThat(auditRows()).isEqualTo(auditRows[0])));
        return tests.stream();
    }

    private long auditRows() {
        return pool.query("select count(*) from audit_log").execute().await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
    }

    private static List<HostileRequest> cases() {
        List<HostileRequest> cases = new ArrayList<>();
        for (String path : List.of("/api/v1/alerts", "/api/v1/audit")) {
            String overLimit = path.equals("/api/v1/alerts") ? "5001" : "501";
            for (String limit : List.of("abc", "-1", "0", overLimit, "1.5", "1e3", "99999999999", "%20", "0x10", "%00", "%EF%BC%91%EF%BC%90", "+5")) {
                cases.add(HostileRequest.get(path + "?limit=" + limit, 400, "limit"));
            }
            for (String time : List.of("yesterday", "1764410400", "2026-13-01T00:00:00Z", "2026-01-01", "%00")) {
                cases.add(HostileRequest.get(path + "?from=" + time, 400, "from"));
                cases.add(HostileRequest.get(path + "?to=" + time, 400, "to"));
            }
            cases.add(HostileRequest.get(path + "?cursor=garbage", 400, "cursor"));
            cases.add(HostileRequest.get(path + "?cursor=%27%20or%201=1--", 400, "cursor"));
        }
        for (String path : List.of("/api/v1/alerts", "/api/v1/alerts/counts")) {
            for (String[] bad : List.of(new String[] { "severity", "MOON" }, new String[] { "severity", "HIGH%7CLOW" },
                    new String[] { "status", "GONE" }, new String[] { "type", "NOPE" }, new String[] { "area", "lagos" },
                    new String[] { "area", "NG-ZZ%27" }, new String[] { "facility", "x%20y" }, new String[] { "product", "PEN%20TA" }, new String[] { "product", "%27--" }, new String[] { "facility", "..%2Fx" })) {
                cases.add(HostileRequest.get(path + "?" + bad[0] + "=" + bad[1], 400, bad[0]));
            }
        }
        // Every open alert of an area: the area is the path; anything but an area code is a 400 naming it, not a 404 or 500.
        for (String area : List.of("lagos", "NG-ZZ%27", "%27%20or%201=1--", "NG-KN-999", "%00", "%20", "NG-KN%2F..", "NG%3Bdrop")) {
            cases.add(HostileRequest.get("/api/v1/areas/" + area + "/open-alerts", 400, "area"));
        }
        String some = UUID.randomUUID().toString();
        Map<String, String> json = Map.of("Content-Type", "application/json");
        for (String action : List.of("acknowledge", "resolve")) {
            String path = "/api/v1/alerts/" + some + "/" + action;
            for (String[] body : List.of(new String[] { "{\"note\":5}", "note" }, new String[] { "{\"note\":true}", "note" },
                    new String[] { "{\"note\":[\"a\"]}", "note" }, new String[] { "{\"note\":\"a\",\"note\":\"b\"}", "note" },
                    new String[] { "{\"actor\":\"mallory\"}", "actor" }, new String[] { "[]", "" }, new String[] { "\"x\"", "" },
                    new String[] { "1", "" }, new String[] { "{\"note\":\"a\"} x", "" }, new String[] { "{", "" },
                    new String[] { "{'note':'a'}", "" }, new String[] { "[null,1,\"x\",[]]", "" })) {
                cases.add(new HostileRequest("POST " + action + " " + body[0], "POST", path, body[0], json, 400, body[1]));
            }
            for (Map<String, String> headers : List.of(Map.<String, String>of(), Map.of("Content-Type", "text/plain"),
                    Map.of("Content-Type", "application/json; charset=utf-16"), Map.of("Content-Type", "application/xml"))) {
                cases.add(new HostileRequest("POST " + action + " with " + headers, "POST", path, "{\"note\":\"a\"}", headers, 415, "Content-Type"));
            }
            cases.add(new HostileRequest("POST " + action + " gzip", "POST", path, "{\"note\":\"a\"}",
                    Map.of("Content-Type", "application/json", "Content-Encoding", "gzip"), 415, "Content-Encoding"));
            cases.addAll(HostileRequest.otherEncodings("POST", path, "{\"note\":\"reçu à Kano\"}"));
        }
        return cases;
    }
}
