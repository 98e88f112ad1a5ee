package ng.vaxtrace.stock;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import ng.vaxtrace.contracts.StockEventType;
import ng.vaxtrace.contracts.Topics;
import ng.vaxtrace.security.DevIssuer;
import ng.vaxtrace.security.Roles;
import ng.vaxtrace.testing.TestIssuer;
import ng.vaxtrace.testing.TopicWriter;

/**
 * Who may read what: 401 without a valid token; for every role and area, which areas, facilities, map features,
 * location subtrees and rejected events come back, and 403 (naming why) for the rest.
 */
@QuarkusTest
@WithTestResource(value = StockTestResource.class, initArgs = @ResourceArg(name = "database", value = "vaxtrace_stock"))
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessControlTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Facility "A" lies in Kano (NG-NW › NG-KN › NG-KN-017), facility "B" in Lagos (NG-SW › NG-LA › NG-LA-001). */
    private static final List<String> PROBE_AREAS = List.of("NG", "NG-NW", "NG-KN", "NG-KN-017", "NG-LA");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private TopicWriter writer;
    private String kano;
    private String lagos;
    private String kanoRejected;
    private String lagosRejected;

    /** A caller of the matrix: which probe areas and which of the two facilities it may see. */
    record Who(String role, String area, List<String> areas, boolean seesKano, boolean seesLagos) {
        @Override
        public String toString() {
            return role + (area == null ? "" : "@" + area);
        }
    }

    static Stream<Who> callers() {
        return Stream.of(
                new Who(Roles.NATIONAL_OFFICER, null, PROBE_AREAS, true, true),
                new Who(Roles.ANALYST, null, PROBE_AREAS, true, true),
                new Who(Roles.ADMIN, "NG", PROBE_AREAS, true, true),
                new Who(Roles.STATE_OFFICER, "NG-NW", List.of("NG-NW", "NG-KN", "NG-KN-017"), true, false),
                new Who(Roles.STATE_OFFICER, "NG-KN", List.of("NG-KN", "NG-KN-017"), true, false),
                new Who(Roles.STATE_OFFICER, "NG-LA", List.of("NG-LA"), false, true),
                new Who(Roles.LGA_OFFICER, "NG-KN-017", List.of("NG-KN-017"), true, false),
                new Who(Roles.FACILITY_OFFICER, "KANO", List.of(), true, false));
    }

    @BeforeAll
    void openWriter() {
        writer = new TopicWriter(bootstrap);
    }

    /** Once per class, in the first test (RestAssured knows the application's port only then). */
    @BeforeEach
    void registerFacilitiesAndRejectedEvents() {
        if (lagosRejected != null) {
            return;
        }
        kano = StockEvents.registerFacility(writer);
        lagos = StockEvents.registerFacility(writer, "NG-SW", "NG-LA", "NG-LA-001");
        String kanoId = UUID.randomUUID().toString();
        String lagosId = UUID.randomUUID().toString();
        writer.send(Topics.STOCK_EVENTS, kano, StockEvents.record(kanoId, StockEventType.ISSUE, kano, "LOT-A", 5));
        writer.send(Topics.STOCK_EVENTS, lagos, StockEvents.record(lagosId, StockEventType.ISSUE, lagos, "LOT-A", 5));
        // Asked per facility: the store keeps other tests' rejections too (and those of earlier runs on the same database).
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(Api.national().queryParam("facilityCode", kano).get("/api/v1/rejected-events")
                    .then().statusCode(200).extract().jsonPath().getList("eventId")).contains(kanoId);
            assertThat(Api.national().queryParam("facilityCode", lagos).get("/api/v1/rejected-events")
                    .then().statusCode(200).extract().jsonPath().getList("eventId")).contains(lagosId);
        });
        kanoRejected = kanoId;
        lagosRejected = lagosId;
    }

    @AfterAll
    void closeWriter() {
        writer.close();
    }

    private RequestSpecification as(Who who) {
        return Api.as(who.role(), "KANO".equals(who.area()) ? kano : who.area());
    }

    @Test
    void shouldAnswer401WithoutAValidToken() {
        Instant now = Instant.now();
        Map<String, Object> expired = new LinkedHashMap<>();
        expired.put("iss", DevIssuer.ISSUER);
        expired.put("sub", "someone");
        expired.put("groups", List.of(Roles.NATIONAL_OFFICER));
        expired.put("iat", now.minusSeconds(7200).getEpochSecond());
        expired.put("exp", now.minusSeconds(3600).getEpochSecond());
        String foreign = DevIssuer.generate().token("intruder", Roles.ADMIN, null, Duration.ofHours(1));
        for (String path : List.of("/api/v1/locations", "/api/v1/kpis", "/api/v1/map/facilities", "/api/v1/areas/NG/stock",
                "/api/v1/areas/NG/levels", "/api/v1/facilities/" + kano, "/api/v1/facilities/" + kano + "/stock", "/api/v1/facilities/" + kano + "/ledger",
                "/api/v1/rejected-events", "/api/v1/audit", "/api/v1/facilities/" + kano + "/contact")) {
            given().get(path).then().statusCode(401).contentType("application/problem+json").header("WWW-Authenticate", containsString("Bearer"));
            given().header("Authorization", "Bearer " + TestIssuer.shared().sign(expired)).get(path).then().statusCode(401);
            given().header("Authorization", "Bearer " + foreign).get(path).then().statusCode(401);
        }
        given().contentType("application/json").body("{}").post("/api/v1/facilities/{f}/adjustments", kano).then().statusCode(401);
        given().post("/api/v1/admin/contacts/re-encrypt").then().statusCode(401);
    }

    @Test
    void shouldRefuseATokenWhoseRoleAndAreaDoNotFit() {
        Api.as(Roles.LGA_OFFICER, "NG-KN").get("/api/v1/kpis").then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("does not fit"));
        Api.as("visitor", null).get("/api/v1/kpis").then().statusCode(403).body("detail", containsString("none of the VaxTrace roles"));
    }

    @Test
    void shouldLeaveHealthMetricsOpenApiAndTheStatusPageConfigOpen() {
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
        // Tests run without a provider: no sign-in button, and the development token path is open (never under prod).
        given().get("/api/v1/status-page/config").then().statusCode(200).body("alertsUrl", containsString(":8083"))
                .body("signIn", nullValue()).body("devTokens", is(true));
        given().get("/status/").then().statusCode(200);
    }

    @Test
    void shouldSendSecurityHeadersThatLetTheStatusPageReachTheOtherServices() {
        var response = given().get("/status/").then().statusCode(200).extract();
        assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(response.header("Strict-Transport-Security")).contains("max-age=");
        assertThat(response.header("Content-Security-Policy")).contains("connect-src 'self' http: https: ws: wss:");
        assertThat(Api.national().get("/api/v1/kpis").then().statusCode(200).extract().header("Cache-Control")).contains("private");
    }

    @Test
    void shouldRefuseRequestBodiesOverTheSizeLimit() {
        Api.national().contentType("application/json").body("{\"note\":\"" + "x".repeat(70_000) + "\"}")
                .post("/api/v1/facilities/{f}/adjustments", kano).then().statusCode(413);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callers")
    void shouldServeAreaAggregatesOnlyWithinTheCallersArea(Who who) {
        for (String area : PROBE_AREAS) {
            int expected = who.areas().contains(area) ? 200 : 403;
            as(who).get("/api/v1/areas/{a}/stock", area).then().statusCode(expected);
            as(who).get("/api/v1/areas/{a}/levels", area).then().statusCode(expected);
            as(who).queryParam("area", area).get("/api/v1/kpis").then().statusCode(expected);
            as(who).queryParam("area", area).queryParam("tier", "HEALTH_FACILITY").get("/api/v1/map/facilities").then().statusCode(expected);
        }
        if (who.role().equals(Roles.FACILITY_OFFICER)) {
            as(who).get("/api/v1/kpis").then().statusCode(403).body("detail", containsString("facility officer"));
            as(who).get("/api/v1/areas/{a}/stock", "NG-KN-017").then().body("detail", containsString("facility officer"));
        } else {
            String own = who.area() == null ? "NG" : who.area();
            as(who).get("/api/v1/kpis").then().statusCode(200).body("area.code", equalTo(own));
            as(who).get("/api/v1/areas/{a}/stock", "NG-LA-001").then().statusCode(who.areas().contains("NG") || own.equals("NG-LA") ? 200 : 403);
        }
        if (!who.areas().contains("NG-LA") && !who.role().equals(Roles.FACILITY_OFFICER)) {
            as(who).get("/api/v1/areas/{a}/stock", "NG-LA").then().body("detail", containsString("outside your area"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callers")
    void shouldShowOnTheMapOnlyFacilitiesInScope(Who who) {
        JsonPath map = as(who).queryParam("tier", "HEALTH_FACILITY").get("/api/v1/map/facilities").then().statusCode(200).extract().jsonPath();
        List<String> ids = map.getList("features.id");
        assertThat(ids.contains(kano)).isEqualTo(who.seesKano());
        assertThat(ids.contains(lagos)).isEqualTo(who.seesLagos());
        switch (who.role()) {
            case Roles.FACILITY_OFFICER -> {
                assertThat(ids).containsExactly(kano);
                as(who).queryParam("area", "NG-KN-017").get("/api/v1/map/facilities").then().statusCode(403);
            }
            case Roles.LGA_OFFICER -> assertThat(map.getList("features.properties.lgaCode")).containsOnly("NG-KN-017");
            case Roles.STATE_OFFICER -> assertThat(map.getString("properties.area")).isEqualTo(who.area());
            default -> assertThat(map.getString("properties.area")).isEqualTo("NG");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callers")
    void shouldServeFacilitiesOnlyWithinTheCallersArea(Who who) {
        for (String path : List.of("/api/v1/facilities/{f}", "/api/v1/facilities/{f}/stock", "/api/v1/facilities/{f}/ledger")) {
            as(who).get(path, kano).then().statusCode(who.seesKano() ? 200 : 403);
            as(who).get(path, lagos).then().statusCode(who.seesLagos() ? 200 : 403);
            // An unknown facility: 404 for national callers; the same 403 as an out-of-area one for the others.
            as(who).get(path, "NG-XX-NOWHERE").then().statusCode(who.areas().contains("NG") ? 404 : 403);
        }
        if (!who.seesLagos()) {
            as(who).get("/api/v1/facilities/{f}/stock", lagos).then().contentType("application/problem+json")
                    .body("detail", containsString("outside your area"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callers")
    void shouldPruneTheLocationTreeToTheCallersArea(Who who) {
        JsonPath tree = as(who).get("/api/v1/locations").then().statusCode(200).extract().jsonPath();
        assertThat(tree.getString("code")).isEqualTo("NG");
        if (who.areas().contains("NG")) {
            assertThat(tree.getList("children")).hasSize(6);
            assertThat(tree.getLong("facilities")).isGreaterThanOrEqualTo(818);
            return;
        }
        assertThat(tree.getMap("").containsKey("facilities")).as("ancestors carry no counts").isFalse();
        String zone = who.seesKano() ? "NG-NW" : "NG-SW";
        assertThat(tree.getList("children.code")).containsExactly(zone);
        switch (String.valueOf(who.area())) {
            case "NG-NW" -> assertThat(tree.getList("children[0].children")).hasSize(7);
            case "NG-KN" -> {
                assertThat(tree.getList("children[0].children.code")).containsExactly("NG-KN");
                assertThat(tree.getList("children[0].children[0].children")).hasSize(44);
                assertThat(tree.getLong("children[0].children[0].facilities")).isGreaterThan(0);
            }
            case "NG-LA" -> assertThat(tree.getList("children[0].children.code")).containsExactly("NG-LA");
            default -> { // LGA and facility officers: the path down to NG-KN-017
                assertThat(tree.getList("children[0].children.code")).containsExactly("NG-KN");
                assertThat(tree.getList("children[0].children[0].children.code")).containsExactly("NG-KN-017");
                boolean counted = tree.getMap("children[0].children[0].children[0]").containsKey("facilities");
                assertThat(counted).isEqualTo(who.role().equals(Roles.LGA_OFFICER));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callers")
    void shouldListRejectedEventsOnlyOfFacilitiesInScope(Who who) {
        List<String> ids = as(who).queryParam("limit", 500).get("/api/v1/rejected-events").then().statusCode(200)
                .extract().jsonPath().getList("eventId");
        assertThat(ids.contains(kanoRejected)).isEqualTo(who.seesKano());
        assertThat(ids.contains(lagosRejected)).isEqualTo(who.seesLagos());
        as(who).queryParam("facilityCode", lagos).get("/api/v1/rejected-events").then().statusCode(who.seesLagos() ? 200 : 403);
    }
}
