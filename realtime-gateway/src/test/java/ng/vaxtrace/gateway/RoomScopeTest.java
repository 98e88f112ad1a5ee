package ng.vaxtrace.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import ng.vaxtrace.contracts.FacilityArea;
import ng.vaxtrace.security.Roles;
import ng.vaxtrace.testing.InfraTestResource;
import ng.vaxtrace.testing.TestIssuer;

/** Which rooms each role may watch, what a scoped subscriber receives, and the end of a connection at token expiry. */
@QuarkusTest
@WithTestResource(InfraTestResource.class)
class RoomScopeTest {

    private static final Duration SOON = Duration.ofSeconds(10);

    // Kano (NG-KN, zone NG-NW): LGAs NG-KN-001 and NG-KN-002; Lagos (NG-LA, zone NG-SW): LGA NG-LA-001.
    private static final FacilityArea KANO_001 = Feed.area("NG-NW", "NG-KN-001");
    private static final FacilityArea KANO_002 = Feed.area("NG-NW", "NG-KN-002");
    private static final FacilityArea LAGOS_001 = Feed.area("NG-SW", "NG-LA-001");
    private static final String FACILITY = Feed.facility("NG-KN-001");
    private static final String SAME_STATE_FACILITY = Feed.facility("NG-KN-002");
    private static final String OTHER_STATE_FACILITY = Feed.facility("NG-LA-001");
    /** Never reported to the gateway: its area is unknown. */
    private static final String UNKNOWN_FACILITY = Feed.facility("NG-KN-001");

    private static final String NATIONAL = "national";
    /** The national room that also carries each stock change: the witness that an event went through. */
    private static final String NATIONAL_CHANGES = "national?changes=true";
    private static final String ZONE = "zone:NG-NW";
    private static final String STATE = "state:NG-KN";
    private static final String OTHER_STATE = "state:NG-LA";
    private static final String LGA = "lga:NG-KN-001";
    private static final String OTHER_LGA = "lga:NG-KN-002";
    private static final String FACILITY_ROOM = "facility:" + FACILITY;
    private static final String SAME_STATE_FACILITY_ROOM = "facility:" + SAME_STATE_FACILITY;
    private static final String OTHER_FACILITY_ROOM = "facility:" + OTHER_STATE_FACILITY;
    private static final String UNKNOWN_FACILITY_ROOM = "facility:" + UNKNOWN_FACILITY;
    private static final List<String> ROOMS = List.of(NATIONAL, ZONE, STATE, OTHER_STATE, LGA, OTHER_LGA, FACILITY_ROOM,
            SAME_STATE_FACILITY_ROOM, OTHER_FACILITY_ROOM, UNKNOWN_FACILITY_ROOM);

    @TestHTTPResource("/")
    URI baseUri;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private static volatile boolean facilitiesKnown;

    /** The gateway learns where facilities are from their events: let it see one of each (once per JVM). */
    @BeforeEach
    void reportFacilities() {
        if (facilitiesKnown) {
            return;
        }
        try (Feed feed = new Feed(bootstrap); Dashboard national = new Dashboard(baseUri)) {
            feed.awaitLive(baseUri);
            national.subscribe(NATIONAL_CHANGES);
            List<String> ids = List.of(feed.level(FACILITY, KANO_001, "BCG", 10, "WITHIN_RANGE"),
                    feed.level(SAME_STATE_FACILITY, KANO_002, "BCG", 10, "WITHIN_RANGE"),
                    feed.level(OTHER_STATE_FACILITY, LAGOS_001, "BCG", 10, "WITHIN_RANGE"));
            await().atMost(SOON).until(() -> national.changeIds(NATIONAL_CHANGES).containsAll(ids));
        }
        facilitiesKnown = true;
    }

    static Stream<Arguments> roles() {
        Set<String> all = Set.copyOf(ROOMS);
        Set<String> kano = Set.of(STATE, LGA, OTHER_LGA, FACILITY_ROOM, SAME_STATE_FACILITY_ROOM);
        return Stream.of(
                Arguments.of(Roles.NATIONAL_OFFICER, null, all),
                Arguments.of(Roles.ANALYST, null, all),
                Arguments.of(Roles.ADMIN, "NG", all),
                Arguments.of(Roles.STATE_OFFICER, "NG-NW", union(kano, Set.of(ZONE))),
                Arguments.of(Roles.STATE_OFFICER, "NG-KN", kano),
                Arguments.of(Roles.LGA_OFFICER, "NG-KN-001", Set.of(LGA, FACILITY_ROOM)),
                Arguments.of(Roles.FACILITY_OFFICER, FACILITY, Set.of(FACILITY_ROOM)));
    }

    @ParameterizedTest(name = "{0} of {1}")
    @MethodSource("roles")
    void shouldLetEachRoleJoinOnlyTheRoomsWithinItsArea(String role, String area, Set<String> allowed) {
        try (Dashboard dashboard = new Dashboard(baseUri, TestIssuer.token(role, area))) {
            Map<String, JsonNode> answers = new LinkedHashMap<>();
            ROOMS.forEach(room -> answers.put(room, dashboard.join(room)));

            Set<String> joined = new TreeSet<>();
            answers.forEach((room, answer) -> {
                if (answer.path("event").asText().equals("subscribed")) {
                    joined.add(room);
                } else {
                    assertThat(answer.path("data").path("code").asText()).as(room).isEqualTo("forbidden");
                    assertThat(answer.path("data").path("message").asText()).as(room).isNotBlank();
                }
            });
            assertThat(joined).isEqualTo(new TreeSet<>(allowed));
            // Refusals leave the connection open: it still answers.
            dashboard.send("{\"action\":\"ping\"}");
            await().atMost(SOON).until(() -> !dashboard.of("pong").isEmpty());
            assertThat(dashboard.closeReason).isNull();
        }
    }

    @Test
    void shouldSayWhyAFacilityNotYetReportedIsRefused() {
        try (Dashboard dashboard = new Dashboard(baseUri, TestIssuer.token(Roles.LGA_OFFICER, "NG-KN-001"))) {
            assertThat(dashboard.join(UNKNOWN_FACILITY_ROOM).path("data").path("message").asText())
                    .contains("has not reported").contains("NG-KN-001");
            assertThat(dashboard.join(OTHER_STATE).path("data").path("message").asText()).contains("outside your area (NG-KN-001)");
        }
    }

    @Test
    void shouldDeliverTheRoomsInScopeAndNothingOfTheRefusedOnes() {
        try (Feed feed = new Feed(bootstrap);
                Dashboard officer = new Dashboard(baseUri, TestIssuer.token(Roles.LGA_OFFICER, "NG-KN-001"));
                Dashboard national = new Dashboard(baseUri)) {
            officer.subscribe(LGA);
            officer.subscribe(FACILITY_ROOM);
            assertThat(officer.join(STATE).path("event").asText()).isEqualTo("error");
            assertThat(officer.join(OTHER_FACILITY_ROOM).path("event").asText()).isEqualTo("error");
            national.subscribe(NATIONAL_CHANGES);

            String mine = feed.level(FACILITY, KANO_001, "PENTA", 42, "BELOW_MIN");
            String neighbour = feed.level(SAME_STATE_FACILITY, KANO_002, "PENTA", 7, "BELOW_MIN");
            String elsewhere = feed.level(OTHER_STATE_FACILITY, LAGOS_001, "PENTA", 3, "BELOW_MIN");
            await().atMost(SOON).until(() -> national.changeIds(NATIONAL_CHANGES).containsAll(List.of(mine, neighbour, elsewhere)));
            await().atMost(SOON).until(() -> officer.of("stock:update", FACILITY_ROOM).stream()
                    .anyMatch(f -> f.path("id").asText().equals(mine)));

            // The pong is queued behind anything the hub handed this connection: whatever leaked would be here now.
            officer.send("{\"action\":\"ping\"}");
            await().atMost(SOON).until(() -> !officer.of("pong").isEmpty());

            assertThat(officer.of("stock:update", LGA)).extracting(f -> f.path("id").asText()).contains(mine);
            List<JsonNode> stream = officer.where(f -> f.has("seq"));
            assertThat(stream).extracting(f -> f.path("room").asText()).containsOnly(LGA, FACILITY_ROOM);
            assertThat(stream).extracting(JsonNode::toString)
                    .noneMatch(text -> text.contains(SAME_STATE_FACILITY) || text.contains(OTHER_STATE_FACILITY));
        }
    }

    @Test
    void shouldCloseTheConnectionWith4401WhenItsTokenExpires() {
        String shortLived = TestIssuer.shared().token("brief", Roles.STATE_OFFICER, "NG-KN", Duration.ofSeconds(5));
        try (Dashboard dashboard = new Dashboard(baseUri, shortLived); Dashboard lasting = new Dashboard(baseUri)) {
            dashboard.subscribe(STATE);
            await().atMost(SOON).until(() -> dashboard.closeReason != null);
            assertThat(dashboard.closeReason.getCode()).isEqualTo(4401);
            assertThat(dashboard.closeReason.getMessage()).contains("token expired");
            assertThat(lasting.closeReason).isNull();
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }
}
