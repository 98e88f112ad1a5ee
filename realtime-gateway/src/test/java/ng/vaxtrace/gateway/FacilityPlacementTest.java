package ng.vaxtrace.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import ng.vaxtrace.security.Roles;
import ng.vaxtrace.testing.InfraTestResource;
import ng.vaxtrace.testing.TestIssuer;

/**
 * A facility room whose facility the gateway has never seen in an event (as after a restart): the gateway asks
 * stock-service (here {@link FakeStockService}) with the caller's own token where it lies, and admits or refuses as
 * stock-service's area rules say; without an answer in time it refuses at once, saying so.
 */
@QuarkusTest
@WithTestResource(InfraTestResource.class)
@WithTestResource(FakeStockService.class)
class FacilityPlacementTest {

    /** stock-timeout is 1 s in this test; the answer must come well before a client would give up. */
    private static final Duration QUICKLY = Duration.ofSeconds(3);

    @TestHTTPResource("/")
    URI baseUri;

    // Read when used, not injected: other test classes boot the same application without this resource.
    private static FakeStockService.Control stock() {
        return new FakeStockService.Control(ConfigProvider.getConfig().getValue("vaxtrace.test.fake-stock-control", String.class));
    }

    @AfterEach
    void stockServiceUp() {
        stock().mode("up");
    }

    @Test
    void shouldAdmitAnLgaOfficerToAnUnseenFacilityOfItsLgaAskingWithItsOwnToken() {
        String facility = Feed.facility("NG-KN-001");
        String token = TestIssuer.token(Roles.LGA_OFFICER, "NG-KN-001");
        try (Dashboard officer = new Dashboard(baseUri, token)) {
            assertThat(officer.join("facility:" + facility).path("event").asText()).isEqualTo("subscribed");
            // The snapshot is its own frame right after "subscribed": wait for it rather than race it.
            await().atMost(QUICKLY).until(() -> !officer.of("snapshot", "facility:" + facility).isEmpty());
        }
        assertThat(stock().seen()).containsOnlyOnce(facility + " Bearer " + token);

        // Remembered: the next caller of that LGA is admitted without asking again.
        try (Dashboard colleague = new Dashboard(baseUri, TestIssuer.token(Roles.LGA_OFFICER, "NG-KN-001"))) {
            assertThat(colleague.join("facility:" + facility).path("event").asText()).isEqualTo("subscribed");
        }
        assertThat(stock().seen()).filteredOn(line -> line.startsWith(facility + " ")).hasSize(1);
    }

    @Test
    void shouldAdmitAStateOfficerToAnUnseenFacilityOfItsState() {
        String facility = Feed.facility("NG-KN-002");
        try (Dashboard officer = new Dashboard(baseUri, TestIssuer.token(Roles.STATE_OFFICER, "NG-KN"))) {
            assertThat(officer.join("facility:" + facility).path("event").asText()).isEqualTo("subscribed");
        }
    }

    @Test
    void shouldAdmitAFacilityOfficerToItsOwnUnseenFacility() {
        String facility = Feed.facility("NG-KN-001");
        try (Dashboard officer = new Dashboard(baseUri, TestIssuer.token(Roles.FACILITY_OFFICER, facility))) {
            assertThat(officer.join("facility:" + facility).path("event").asText()).isEqualTo("subscribed");
            assertThat(officer.join("facility:" + Feed.facility("NG-KN-001")).path("data").path("code").asText())
                    .isEqualTo("forbidden");
        }
    }

    @Test
    void shouldRefuseAnLgaOfficerAFacilityOfAnotherLgaAsStockServiceSays() {
        String facility = Feed.facility("NG-KN-002");
        String token = TestIssuer.token(Roles.LGA_OFFICER, "NG-KN-001");
        try (Dashboard officer = new Dashboard(baseUri, token)) {
            JsonNode answer = officer.join("facility:" + facility);
            assertForbidden(answer, "facility " + facility + " is outside your area (NG-KN-001)");
            // The connection stays open for other joins.
            assertThat(officer.join("lga:NG-KN-001").path("event").asText()).isEqualTo("subscribed");
        }
        assertThat(stock().seen()).contains(facility + " Bearer " + token);
    }

    @Test
    void shouldRefuseAFacilityStockServiceDoesNotKnow() {
        String facility = "ZZ-NOWHERE-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        try (Dashboard officer = new Dashboard(baseUri, TestIssuer.token(Roles.STATE_OFFICER, "NG-NW"))) {
            assertForbidden(officer.join("facility:" + facility), "facility " + facility + " is not a known facility");
        }
    }

    @ParameterizedTest(name = "stock-service {0}")
    @ValueSource(strings = { "down", "failing", "hanging" })
    void shouldRefuseQuicklyWhenStockServiceCannotPlaceTheFacility(String mode) {
        String facility = Feed.facility("NG-KN-001");
        try (Dashboard officer = new Dashboard(baseUri, TestIssuer.token(Roles.LGA_OFFICER, "NG-KN-001"))) {
            stock().mode(mode);
            long start = System.nanoTime();
            JsonNode answer = officer.join("facility:" + facility);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(QUICKLY);
            assertForbidden(answer, "facility " + facility + " could not be placed now");
            assertThat(answer.path("data").path("message").asText()).contains("retry");

            // Once stock-service answers again, the same join succeeds (a failure is not remembered).
            stock().mode("up");
            assertThat(officer.join("facility:" + facility + "?product=BCG").path("event").asText()).isEqualTo("subscribed");
        }
    }

    private static void assertForbidden(JsonNode answer, String message) {
        assertThat(answer.path("event").asText()).isEqualTo("error");
        assertThat(answer.path("data").path("code").asText()).isEqualTo("forbidden");
        assertThat(answer.path("data").path("message").asText()).startsWith(message);
    }
}
