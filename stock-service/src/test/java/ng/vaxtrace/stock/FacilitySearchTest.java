package ng.vaxtrace.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.EventTypes;
import ng.vaxtrace.contracts.FacilityReference;
import ng.vaxtrace.contracts.FacilityTier;
import ng.vaxtrace.contracts.Topics;
import ng.vaxtrace.security.Roles;
import ng.vaxtrace.testing.TopicWriter;

/**
 * Facilities by place (PostGIS): what a bounding box or a radius holds is exactly what the map's own coordinates say
 * it holds, nearest first, within the caller's area, and a moved facility is found at its new place.
 */
@QuarkusTest
@WithTestResource(value = StockTestResource.class, initArgs = @ResourceArg(name = "database", value = "vaxtrace_stock"))
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FacilitySearchTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    /** The sphere PostGIS's ST_DistanceSphere uses. */
    private static final double EARTH_RADIUS_KM = 6370.986;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private TopicWriter writer;

    @BeforeAll
    void openWriter() {
        writer = new TopicWriter(bootstrap);
    }

    @AfterAll
    void closeWriter() {
        writer.close();
    }

    @Test
    void shouldFindExactlyTheFacilitiesWithinTheRadiusNearestFirst() {
        double[] kano = coordinates("NG-KN-SS");
        JsonPath found = Api.national().queryParam("near", kano[0] + "," + kano[1]).queryParam("radiusKm", "40")
                .get("/api/v1/facilities").then().statusCode(200).extract().jsonPath();

        List<Map<String, Object>> facilities = found.getList("facilities");
        assertThat(facilities).isNotEmpty();
        assertThat(found.getString("facilities[0].code")).isEqualTo("NG-KN-SS");
        assertThat(found.getDouble("facilities[0].distanceKm")).isZero();
        List<Float> distances = found.getList("facilities.distanceKm", Float.class);
        assertThat(distances).isSorted().allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(40f));
        // The same answer from the map's coordinates, away from the rim where rounding could decide.
        Set<String> expected = new TreeSet<>();
        Set<String> rim = new TreeSet<>();
        mapFeatures().forEach((code, point) -> {
            double km = sphereKm(kano, point);
            if (Math.abs(km - 40) < 0.1) {
                rim.add(code);
            } else if (km < 40) {
                expected.add(code);
            }
        });
        Set<String> actual = new TreeSet<>(found.getList("facilities.code", String.class));
        actual.removeAll(rim);
        assertThat(actual).isEqualTo(expected);
        assertThat(found.getInt("count")).isEqualTo(facilities.size());
        assertThat(found.getBoolean("truncated")).isFalse();
    }

    @Test
    void shouldFindExactlyTheFacilitiesInsideTheBoundingBox() {
        double[] kano = coordinates("NG-KN-SS");
        double west = kano[1] - 0.6, south = kano[0] - 0.4, east = kano[1] + 0.6, north = kano[0] + 0.4;
        JsonPath found = Api.national().queryParam("bbox", west + "," + south + "," + east + "," + north)
                .get("/api/v1/facilities").then().statusCode(200).extract().jsonPath();

        Set<String> expected = new TreeSet<>();
        mapFeatures().forEach((code, point) -> {
            if (point[0] >= south && point[0] <= north && point[1] >= west && point[1] <= east) {
                expected.add(code);
            }
        });
        assertThat(expected).contains("NG-KN-SS");
        assertThat(new TreeSet<>(found.getList("facilities.code", String.class))).isEqualTo(expected);
        assertThat(found.getList("facilities", Map.class)).allSatisfy(f -> assertThat(f).doesNotContainKey("distanceKm"));
    }

    @Test
    void shouldKeepToTheCallersAreaAndSayWhenTheLimitCutTheList() {
        double[] kano = coordinates("NG-KN-SS");
        String near = kano[0] + "," + kano[1];
        List<String> states = Api.as(Roles.STATE_OFFICER, "NG-JI").queryParam("near", near).queryParam("radiusKm", "150")
                .get("/api/v1/facilities").then().statusCode(200).extract().jsonPath().getList("facilities.stateCode", String.class);
        assertThat(states).isNotEmpty().containsOnly("NG-JI");
        Api.as(Roles.STATE_OFFICER, "NG-JI").queryParam("near", near).queryParam("area", "NG-KN").get("/api/v1/facilities")
                .then().statusCode(403).contentType("application/problem+json");
        Api.as(Roles.FACILITY_OFFICER, "KANO").queryParam("near", near).get("/api/v1/facilities").then().statusCode(403);

        Api.national().queryParam("near", near).queryParam("radiusKm", "100").queryParam("limit", "2").get("/api/v1/facilities")
                .then().statusCode(200).body("count", equalTo(2)).body("truncated", equalTo(true))
                .body("facilities[0].code", equalTo("NG-KN-SS"));
    }

    @Test
    void shouldFindAMovedFacilityAtItsNewPlaceOnly() {
        String code = "NG-BY-001-HF-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        place(code, 4.10, 5.90);
        await().atMost(WAIT).until(() -> codesNear(4.10, 5.90).contains(code));
        place(code, 4.30, 6.20);
        await().atMost(WAIT).until(() -> codesNear(4.30, 6.20).contains(code));
        assertThat(codesNear(4.10, 5.90)).doesNotContain(code);
    }

    @Test
    void shouldAnswerBadPlaceFiltersWithAProblemNamingTheParameter() {
        Map<String, Map<String, String>> cases = Map.of(
                "bbox", Map.of(),
                "bbox ", Map.of("bbox", "3,7,4"),
                "bbox  ", Map.of("bbox", "4,8,3,7"),
                "near", Map.of("near", "91,7"),
                "near ", Map.of("near", "12,8", "bbox", "3,7,4,8"),
                "near  ", Map.of("near", "1e1,8"),
                "radiusKm", Map.of("near", "12,8", "radiusKm", "0"),
                "radiusKm ", Map.of("near", "12,8", "radiusKm", "NaN"),
                "radiusKm  ", Map.of("bbox", "3,7,4,8", "radiusKm", "5"),
                "limit", Map.of("near", "12,8", "limit", "0"));
        cases.forEach((field, query) -> Api.national().queryParams(query).get("/api/v1/facilities").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo(field.strip())));
    }

    private void place(String code, double latitude, double longitude) {
        FacilityReference facility = new FacilityReference(code, "Test PHC " + code, FacilityTier.HEALTH_FACILITY, "NG-SS", "NG-BY",
                "NG-BY-001", latitude, longitude, true);
        writer.send(Topics.REFERENCE_DATA, code, EventJson.write(CloudEvent.of(UUID.randomUUID().toString(), "/tests",
                EventTypes.REFERENCE_FACILITY, code, Instant.now(), facility)));
    }

    private static List<String> codesNear(double latitude, double longitude) {
        return Api.national().queryParam("near", latitude + "," + longitude).queryParam("radiusKm", "1").get("/api/v1/facilities")
                .then().statusCode(200).extract().jsonPath().getList("facilities.code", String.class);
    }

    private static double[] coordinates(String facility) {
        JsonPath detail = Api.national().get("/api/v1/facilities/{f}", facility).then().statusCode(200).extract().jsonPath();
        return new double[] { detail.getDouble("latitude"), detail.getDouble("longitude") };
    }

    /** Every facility the national map shows, by code: latitude, longitude. */
    private static Map<String, double[]> mapFeatures() {
        JsonPath map = Api.national().get("/api/v1/map/facilities").then().statusCode(200).extract().jsonPath();
        List<String> codes = map.getList("features.id", String.class);
        List<List<Double>> coordinates = map.getList("features.geometry.coordinates");
        Map<String, double[]> points = new java.util.HashMap<>();
        for (int i = 0; i < codes.size(); i++) {
            points.put(codes.get(i), new double[] { ((Number) coordinates.get(i).get(1)).doubleValue(), ((Number) coordinates.get(i).get(0)).doubleValue() });
        }
        return points;
    }

    private static double sphereKm(double[] a, double[] b) {
        double dLat = Math.toRadians(b[0] - a[0]);
        double dLon = Math.toRadians(b[1] - a[1]);
        double h = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(Math.toRadians(a[0])) * Math.cos(Math.toRadians(b[0])) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
    }
}
