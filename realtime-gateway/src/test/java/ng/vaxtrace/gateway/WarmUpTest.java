package ng.vaxtrace.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import ng.vaxtrace.contracts.FacilityArea;
import ng.vaxtrace.testing.InfraTestResource;

/**
 * A gateway that has consumed nothing yet (as after a restart) still gives complete snapshots: at start it reads the
 * current levels and open alerts from stock-service and alert-service (here {@link FakeStateServices}) with its own
 * service identity, and the stream's newer changes win over what it read.
 */
@QuarkusTest
@WithTestResource(InfraTestResource.class)
@WithTestResource(FakeStateServices.class)
class WarmUpTest {

    private static final Duration SOON = Duration.ofSeconds(10);

    @TestHTTPResource("/")
    URI baseUri;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void shouldSnapshotTheLevelsAndOpenAlertsReadAtStartBeforeAnyEventArrives() throws Exception {
        awaitWarm();
        try (Dashboard dashboard = new Dashboard(baseUri)) {
            dashboard.subscribe("lga:NG-KW-001");
            await().atMost(SOON).until(() -> !dashboard.of("snapshot").isEmpty());
            JsonNode snapshot = dashboard.of("snapshot").get(0).path("data");
            assertThat(snapshot.path("complete").asBoolean()).isTrue();
            assertThat(snapshot.path("stock")).extracting(e -> e.path("facilityCode").asText() + "/" + e.path("productCode").asText()
                    + "=" + e.path("status").asText() + ":" + e.path("productBalance").asLong())
                    .containsExactlyInAnyOrder(FakeStateServices.FACILITY + "/PENTA=STOCKED_OUT:0",
                            FakeStateServices.FACILITY + "/BCG=WITHIN_RANGE:120");
            assertThat(snapshot.path("alerts")).extracting(a -> a.path("alertId").asText()).containsExactly(FakeStateServices.ALERT_ID);
            // The alert's figures as alert-service copied them from PostgreSQL ("0.10", spaces) read as the same values.
            assertThat(snapshot.path("alerts").get(0).path("details").path("monthsOfStock").asDouble()).isEqualTo(0.1);
            assertThat(snapshot.path("alerts").get(0).path("updatedAt").asText()).isEqualTo("2026-11-30T08:00:00.250Z");

            dashboard.subscribe("national");
            await().atMost(SOON).until(() -> dashboard.of("snapshot", "national").size() == 1);
            JsonNode national = dashboard.of("snapshot", "national").get(0).path("data");
            JsonNode kwara = null;
            for (JsonNode area : national.path("areas")) {
                kwara = "NG-KW".equals(area.path("code").asText()) ? area : kwara;
            }
            assertThat(kwara).isNotNull();
            assertThat(kwara.path("products").path("PENTA").path("STOCKED_OUT").asInt()).isEqualTo(1);
            assertThat(kwara.path("openAlerts").path("HIGH").asInt()).isEqualTo(2); // both alerts of the answer were read
        }
        // The gateway asked as itself: a development-issuer token with the analyst group, accepted every time.
        assertThat(seen()).filteredOn(line -> line.startsWith("/")).isNotEmpty().allSatisfy(line -> assertThat(line).endsWith(" ok"))
                .anySatisfy(line -> assertThat(line).startsWith("/api/v1/areas/NG/levels"))
                .anySatisfy(line -> assertThat(line).startsWith("/api/v1/areas/NG/open-alerts"))
                .noneSatisfy(line -> assertThat(line).startsWith("/api/v1/alerts")); // one answer, no pages
    }

    @Test
    void shouldLetAChangeFromTheStreamWinOverTheLevelReadAtStart() {
        awaitWarm();
        try (Feed feed = new Feed(bootstrap); Dashboard dashboard = new Dashboard(baseUri)) {
            feed.awaitLive(baseUri);
            FacilityArea area = new FacilityArea("NG-NC", "NG-KW", "NG-KW-002");
            String id = feed.level(FakeStateServices.OTHER_FACILITY, area, "PENTA", 280, "WITHIN_RANGE");
            dashboard.subscribe("facility:" + FakeStateServices.OTHER_FACILITY);
            await().atMost(SOON).until(() -> dashboard.of("stock:update").stream().anyMatch(f -> id.equals(f.path("id").asText()))
                    || dashboard.of("snapshot").stream().anyMatch(f -> f.toString().contains("\"productBalance\":280")));

            try (Dashboard later = new Dashboard(baseUri)) {
                later.subscribe("facility:" + FakeStateServices.OTHER_FACILITY);
                await().atMost(SOON).until(() -> !later.of("snapshot").isEmpty());
                assertThat(later.of("snapshot").get(0).path("data").path("stock")).singleElement()
                        .satisfies(e -> assertThat(e.path("productBalance").asLong()).isEqualTo(280));
            }
        }
    }

    @Test
    void shouldReadTheLevelsAndTheOpenAlertsAtTheSameTime() throws Exception {
        awaitWarm();
        // Sequential reads never overlap (each answer takes 300 ms); the warm-up reads stock-service's levels while
        // alert-service's open alerts are read alongside.
        List<String> seen = seen();
        assertThat(seen.get(seen.size() - 1)).startsWith("most-at-once ");
        assertThat(Integer.parseInt(seen.get(seen.size() - 1).substring("most-at-once ".length()))).isGreaterThanOrEqualTo(2);
    }

    private static void awaitWarm() {
        await().atMost(SOON).until(() -> given().get("/q/health/ready").then().extract().body().asString()
                .contains("\"complete\": true"));
    }

    private static List<String> seen() throws Exception {
        String url = ConfigProvider.getConfig().getValue("vaxtrace.test.fake-state", String.class);
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/seen")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return body.isEmpty() ? List.of() : List.of(body.split("\n"));
    }
}
