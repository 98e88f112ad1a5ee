package ng.vaxtrace.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;


import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import ng.vaxtrace.contracts.StockEventType;
import ng.vaxtrace.contracts.Topics;
import ng.vaxtrace.security.Roles;
import ng.vaxtrace.testing.HostileRequest;
import ng.vaxtrace.testing.TestIssuer;
import ng.vaxtrace.testing.TopicProbe;
import ng.vaxtrace.testing.TopicWriter;

/**
 * The input contract on stock-service's HTTP side (docs/input-contract.md): hostile query parameters on every read,
 * hostile adjustment and contact bodies, each answered with a 4xx problem naming the field and never a 5xx, with
 * nothing written to the ledger or published; and reads that stay up whatever value is already stored.
 */
@QuarkusTest
@WithTestResource(value = StockTestResource.class, initArgs = @ResourceArg(name = "database", value = "vaxtrace_stock"))
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @TestHTTPResource("/")
    URI base;

    @Inject
    Pool pool;

    private TopicWriter writer;

    @BeforeAll
    void openWriter() {
        writer = new TopicWriter(bootstrap);
    }

    @AfterAll
    void closeWriter() {
        writer.close();
    }

    private String facilityWithStock() {
        String facility = StockEvents.registerFacility(writer);
        String id = UUID.randomUUID().toString();
        try (TopicProbe levels = new TopicProbe(bootstrap, Topics.STOCK_LEVELS)) {
            writer.send(Topics.STOCK_EVENTS, facility, StockEvents.record(id, StockEventType.RECEIPT, facility, "LOT-INF", 100));
            levels.await(r -> r.value().contains("\"causeEventId\":\"" + id + "\""), WAIT);
        }
        return facility;
    }

    @Test
    void shouldServeAFacilityWhoseStoredTimesAreInfinite() {
        for (String infinity : List.of("infinity", "-infinity")) {
            String facility = facilityWithStock();
            // As an event with occurredAt -999999999-01-01T00:00:00Z left them before the contract refused such times.
            pool.preparedQuery("update stock_status set last_event_at = '" + infinity + "', first_event_at = '" + infinity
                    + "' where facility_code = $1").execute(Tuple.of(facility)).await().atMost(WAIT);
            pool.preparedQuery("update stock_balance set last_occurred_at = '" + infinity + "', lot_expiry = '" + infinity
                    + "' where facility_code = $1").execute(Tuple.of(facility)).await().atMost(WAIT);
            // The receipt's commit emptied the cache for this facility: these reads see the stored values.
            Api.national().get("/api/v1/facilities/{f}", facility).then().statusCode(200);
            Api.national().get("/api/v1/facilities/{f}/stock", facility).then().statusCode(200);
            Api.national().get("/api/v1/facilities/{f}/ledger", facility).then().statusCode(200);
            Api.national().queryParam("area", "NG-KN").get("/api/v1/map/facilities").then().statusCode(200);
            Api.national().queryParam("area", "NG-KN").get("/api/v1/kpis").then().statusCode(200);
            Api.national().get("/api/v1/areas/{a}/stock", "NG-KN").then().statusCode(200);
        }
    }

    @Test
    void shouldRejectOrDeadLetterWhatAnotherProducerWritesOutsideTheContract() {
        String facility = facilityWithStock();
        String ancient = UUID.randomUUID().toString();
        String coerced = UUID.randomUUID().toString();
        String loose = StockEvents.record(coerced, StockEventType.RECEIPT, facility, "LOT-INF", 10).replace("\"quantity\":10", "\"quantity\":\"10\"");
        try (TopicProbe deadLetters = new TopicProbe(bootstrap, Topics.STOCK_EVENTS_DLQ)) {
            writer.send(Topics.STOCK_EVENTS, facility, StockEvents.record(ancient, StockEventType.RECEIPT, facility, "PENTA", "LOT-INF", 10,
                    null, Instant.parse("-999999999-01-01T00:00:00Z")));
            writer.send(Topics.STOCK_EVENTS, facility, loose);
            var record = deadLetters.await(r -> r.value().contains(coerced), WAIT);
            assertThat(new String(record.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8)).contains("quantity");
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(Api.admin().queryParam("facilityCode", facility).get("/api/v1/rejected-events")
                .then().statusCode(200).extract().jsonPath().getList("findAll { it.eventId == '" + ancient + "' }.reason", String.class))
                .singleElement().asString().contains("occurredAt"));
        assertThat(ledgerEntries(facility)).isEqualTo(1);
        Api.national().get("/api/v1/facilities/{f}/stock", facility).then().statusCode(200);
    }

    @TestFactory
    Stream<DynamicTest> shouldRefuseEveryHostileInputByNameAndWriteNothing() {
        List<DynamicTest> tests = new ArrayList<>();
        String[] facility = new String[1];
        long[] entriesBefore = new long[1];
        TopicProbe[] levels = new TopicProbe[1];
        tests.add(DynamicTest.dynamicTest("a facility with stock", () -> {
            facility[0] = facilityWithStock();
            entriesBefore[0] = ledgerEntries(facility[0]);
            levels[0] = new TopicProbe(bootstrap, Topics.STOCK_LEVELS);
        }));
        for (HostileRequest c : cases()) {
            tests.add(DynamicTest.dynamicTest(c.name(),
                    () -> c.at(c.path().replace("{f}", facility[0])).assertRefused(base, TestIssuer.bearer(Roles.ADMIN, null))));
        }
        tests.add(DynamicTest.dynamicTest("nothing refused was written or published", () -> {
            try (TopicProbe probe = levels[0]) {
                assertThat(ledgerEntries(facility[0])).isEqualTo(entriesBefore[0]);
                String sentinel = Api.admin().contentType("application/json")
                        .body("{\"productCode\":\"PENTA\",\"lotCode\":\"LOT-INF\",\"quantity\":1,\"reason\":\"FOUND\"}")
                        .post("/api/v1/facilities/{f}/adjustments", facility[0]).then().statusCode(201).extract().path("eventId");
                probe.await(r -> r.value().contains(sentinel), WAIT);
                assertThat(probe.seen()).filteredOn(r -> r.value().contains(facility[0])).allMatch(r -> r.value().contains(sentinel));
            }
        }));
        return tests.stream();
    }

    private long ledgerEntries(String facility) {
        return pool.preparedQuery("select count(*) from ledger_entry where facility_code = $1").execute(Tuple.of(facility))
                .await().atMost(WAIT).iterator().next().getLong(0);
    }

    private static List<HostileRequest> cases() {
        List<HostileRequest> cases = new ArrayList<>();
        Map<String, String> json = Map.of("Content-Type", "application/json");
        // Query parameters of every read.
        for (String limit : List.of("abc", "-1", "0", "1.5", "1e3", "99999999999", "%20", "0x10", "%00", "%EF%BC%91%EF%BC%90", "+5", "1%2C5")) {
            for (String path : List.of("/api/v1/facilities/{f}/ledger", "/api/v1/audit", "/api/v1/rejected-events")) {
                cases.add(new HostileRequest("GET " + path + "?limit=" + limit, "GET", path + "?limit=" + limit, null, Map.of(), 400, "limit"));
            }
        }
        for (String cursor : List.of("garbage", "%00", "' or 1=1 --", "-1", "eyJ9")) {
            cases.add(new HostileRequest("ledger cursor=" + cursor, "GET", "/api/v1/facilities/{f}/ledger?cursor=" + cursor.replace(" ", "%20")
                    .replace("'", "%27"), null, Map.of(), 400, "cursor"));
        }
        for (String path : List.of("/api/v1/kpis", "/api/v1/map/facilities", "/api/v1/areas/NG-KN/stock")) {
            for (String product : List.of("NOPE", "penta", "%27--", "P%00")) {
                cases.add(new HostileRequest("GET " + path + "?product=" + product, "GET", path + "?product=" + product, null, Map.of(), 400, "product"));
            }
            for (String tier : List.of("MOON", "health_facility", "1")) {
                cases.add(new HostileRequest("GET " + path + "?tier=" + tier, "GET", path + "?tier=" + tier, null, Map.of(), 400, "tier"));
            }
        }
        for (String area : List.of("lagos", "NG-KN%27", "NG-KN%20", "N")) {
            cases.add(new HostileRequest("levels of " + area, "GET", "/api/v1/areas/" + area + "/levels", null, Map.of(), 400, "areaCode"));
        }
        for (String area : List.of("NG-ZZ", "lagos", "NG-KN%27", "..%2F..")) {
            cases.add(new HostileRequest("kpis area=" + area, "GET", "/api/v1/kpis?area=" + area, null, Map.of(), 400, "area"));
            cases.add(new HostileRequest("map area=" + area, "GET", "/api/v1/map/facilities?area=" + area, null, Map.of(), 400, "area"));
        }
        for (String bbox : List.of("%00", "1,2,3,4,5", "NaN,1,2,3", "1e2,0,1,1", "0x1,0,1,1", "%27--", "1,,2,3", "-200,0,0,1", "1%2C2")) {
            cases.add(new HostileRequest("facilities bbox=" + bbox, "GET", "/api/v1/facilities?bbox=" + bbox, null, Map.of(), 400, "bbox"));
        }
        for (String near : List.of("%00", "91,0", "0,181", "Infinity,0", "1.5", "%EF%BC%91,2")) {
            cases.add(new HostileRequest("facilities near=" + near, "GET", "/api/v1/facilities?near=" + near, null, Map.of(), 400, "near"));
        }
        for (String radius : List.of("0", "-1", "501", "NaN", "1e3", "%00")) {
            cases.add(new HostileRequest("facilities radiusKm=" + radius, "GET", "/api/v1/facilities?near=12,8&radiusKm=" + radius, null,
                    Map.of(), 400, "radiusKm"));
        }
        for (String from : List.of("yesterday", "1764410400", "2026-13-01T00:00:00Z", "2026-01-01")) {
            cases.add(new HostileRequest("audit from=" + from, "GET", "/api/v1/audit?from=" + from, null, Map.of(), 400, "from"));
            cases.add(new HostileRequest("audit to=" + from, "GET", "/api/v1/audit?to=" + from, null, Map.of(), 400, "to"));
        }
        // Adjustment bodies: one broken field each.
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Map<String, List<String>> adjustment = new LinkedHashMap<>();
        adjustment.put("quantity", List.of("\"10\"", "1.5", "1e3", "10.0", "true", "null", "0", "1000000000", "-1000000000", "[]"));
        adjustment.put("occurredAt", List.of("1764410400", "\"-999999999-01-01T00:00:00Z\"", "\"0001-01-01T00:00:00Z\"",
                "\"" + Instant.now().minus(400, ChronoUnit.DAYS) + "\"", "\"" + Instant.now().plus(1, ChronoUnit.DAYS) + "\"", "\"soon\"", "[]"));
        adjustment.put("lotExpiry", List.of("20270630", "[2027,6,30]", "\"+999999999-12-31\"", "\"" + today.plusYears(30) + "\"",
                "\"2027-02-30\"", "\"2027-06-30T00:00:00Z\""));
        adjustment.put("reason", List.of("\"lost\"", "5", "null", "\"DROP\""));
        adjustment.put("productCode", List.of("5", "null", "\"penta\"", "\"NOPE\""));
        adjustment.put("lotCode", List.of("5", "\"../x\"", "\"\""));
        adjustment.put("note", List.of("5", "\"" + "n".repeat(501) + "\""));
        adjustment.forEach((field, values) -> {
            for (String value : values) {
                Map<String, String> body = new LinkedHashMap<>(Map.of("productCode", "\"PENTA\"", "lotCode", "\"NEW-LOT-1\"",
                        "lotExpiry", "\"" + today.plusYears(1) + "\"", "quantity", "5", "reason", "\"FOUND\""));
                body.put(field, value);
                String expected = field;
                cases.add(new HostileRequest("adjustment " + field + "=" + value, "POST", "/api/v1/facilities/{f}/adjustments", json(body), json,
                        400, expected));
            }
        });
        String valid = "{\"productCode\":\"PENTA\",\"lotCode\":\"LOT-INF\",\"quantity\":5,\"reason\":\"FOUND\"}";
        for (String body : List.of("null", "[]", "[null,1,\"x\",[]]", "\"x\"", "1", "{", valid + "x", valid + valid,
                valid.replace("}", ",\"quantity\":-500}"), "{'a':1}", "{\"quantity\":NaN}")) {
            String field = body.equals("null") ? "body" : body.contains("NaN") || body.contains("-500") ? "quantity" : "";
            cases.add(new HostileRequest("adjustment body " + body, "POST", "/api/v1/facilities/{f}/adjustments", body, json, 400, field));
        }
        // Contact bodies.
        for (String body : List.of("null", "[]", "{\"name\":5,\"phone\":\"+2348031234567\"}", "{\"name\":\"A\",\"phone\":2348031234567}",
                "{\"name\":\"A\",\"phone\":\"+2348031234567\",\"phone\":\"+2348030000000\"}", "{\"name\":\"A\",\"phone\":\"+2348031234567\"} x")) {
            String field = body.contains("\"name\":5") || body.equals("null") ? "name" : body.contains(":2348") || body.contains("0000") ? "phone" : "";
            cases.add(new HostileRequest("contact body " + body, "PUT", "/api/v1/facilities/{f}/contact", body, json, 400, field));
        }
        // Media types and encodings of every body.
        for (String[] write : List.of(new String[] { "POST", "/api/v1/facilities/{f}/adjustments", valid },
                new String[] { "PUT", "/api/v1/facilities/{f}/contact", "{\"name\":\"A\",\"phone\":\"+2348031234567\"}" })) {
            for (Map<String, String> headers : List.of(Map.<String, String>of(), Map.of("Content-Type", "text/plain"),
                    Map.of("Content-Type", "application/json; charset=utf-16"), Map.of("Content-Type", "application/xml"),
                    Map.of("Content-Type", "application/x-www-form-urlencoded"))) {
                cases.add(new HostileRequest(write[0] + " " + write[1] + " with " + headers, write[0], write[1], write[2], headers, 415, "Content-Type"));
            }
            cases.add(new HostileRequest(write[0] + " " + write[1] + " gzip", write[0], write[1], write[2],
                    Map.of("Content-Type", "application/json", "Content-Encoding", "gzip"), 415, "Content-Encoding"));
        }
        // Bodies not in UTF-8 (Quarkus REST would guess UTF-16/32 from the bytes and read them).
        cases.addAll(HostileRequest.otherEncodings("POST", "/api/v1/facilities/{f}/adjustments",
                valid.replace("}", ",\"note\":\"reçu à Kano\"}")));
        cases.addAll(HostileRequest.otherEncodings("PUT", "/api/v1/facilities/{f}/contact", "{\"name\":\"Adé\",\"phone\":\"+2348031234567\"}"));
        return cases;
    }

    private static String json(Map<String, String> fields) {
        StringBuilder out = new StringBuilder("{");
        fields.forEach((k, v) -> out.append(out.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
        return out.append('}').toString();
    }
}
