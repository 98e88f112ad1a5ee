package ng.vaxtrace.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import ng.vaxtrace.contracts.EventTypes;
import ng.vaxtrace.contracts.FacilityArea;
import ng.vaxtrace.testing.InfraTestResource;

/**
 * Redistribution suggestions from vaxtrace.transfers.v1 (real Kafka) reach the dashboards of both the donor's and the
 * receiver's areas as {@code transfer:suggested} / {@code transfer:withdrawn}, once per room, and a redelivered event
 * is not sent again.
 */
@QuarkusTest
@WithTestResource(InfraTestResource.class)
class TransferFramesTest {

    private static final Duration SOON = Duration.ofSeconds(10);
    private static final FacilityArea KANO_001 = Feed.area("NG-NW", "NG-KN-001");
    private static final FacilityArea KANO_002 = Feed.area("NG-NW", "NG-KN-002");

    @TestHTTPResource("/")
    URI baseUri;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private final List<Dashboard> dashboards = new ArrayList<>();

    @AfterEach
    void closeAll() {
        dashboards.forEach(Dashboard::close);
    }

    private Dashboard dashboard(String... rooms) {
        Dashboard dashboard = new Dashboard(baseUri);
        dashboards.add(dashboard);
        for (String room : rooms) {
            dashboard.subscribe(room);
        }
        return dashboard;
    }

    @Test
    void shouldSendEachChangeOnceToTheRoomsOfTheDonorAndOfTheReceiver() {
        String donor = Feed.facility("NG-KN-001");
        String receiver = Feed.facility("NG-KN-002");
        Dashboard donorLga = dashboard("lga:NG-KN-001", "facility:" + donor);
        Dashboard receiverLga = dashboard("lga:NG-KN-002");
        Dashboard kano = dashboard("state:NG-KN", "national", "zone:NG-NW");
        Dashboard elsewhere = dashboard("lga:NG-LA-001", "state:NG-KN?product=BCG");
        try (Feed feed = new Feed(bootstrap)) {
            // The gateway reads the topic from its live end: wait until it delivers from it.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                feed.transfer(UUID.randomUUID().toString(), EventTypes.TRANSFER_SUGGESTED, "PROBE", Feed.facility("NG-KN-001"), KANO_001,
                        Feed.facility("NG-KN-001"), KANO_001, 1);
                return !kano.of("transfer:suggested", "national").isEmpty();
            });

            String suggested = UUID.randomUUID().toString();
            String withdrawn = UUID.randomUUID().toString();
            feed.transfer(suggested, EventTypes.TRANSFER_SUGGESTED, "PENTA", donor, KANO_001, receiver, KANO_002, 1);
            feed.transfer(suggested, EventTypes.TRANSFER_SUGGESTED, "PENTA", donor, KANO_001, receiver, KANO_002, 1); // redelivered
            feed.transfer(withdrawn, EventTypes.TRANSFER_WITHDRAWN, "PENTA", donor, KANO_001, receiver, KANO_002, 2);

            await().atMost(SOON).until(() -> !receiverLga.of("transfer:withdrawn", "lga:NG-KN-002").isEmpty());
            for (String room : List.of("lga:NG-KN-001", "facility:" + donor)) {
                assertThat(ids(donorLga, room)).as(room).containsExactly(suggested, withdrawn);
            }
            assertThat(ids(receiverLga, "lga:NG-KN-002")).containsExactly(suggested, withdrawn);
            await().atMost(SOON).until(() -> ids(kano, "national").contains(withdrawn));
            for (String room : List.of("state:NG-KN", "national", "zone:NG-NW")) {
                assertThat(ids(kano, room)).as(room).containsExactly(suggested, withdrawn); // both parties there: still once
            }
            JsonNode frame = receiverLga.of("transfer:suggested", "lga:NG-KN-002").get(0);
            assertThat(frame.path("seq").asLong()).isPositive();
            assertThat(frame.path("data").path("suggestionId").asText()).isEqualTo("PENTA/" + donor + "/" + receiver);
            assertThat(frame.path("data").path("from").path("lgaCode").asText()).isEqualTo("NG-KN-001");
            assertThat(receiverLga.of("transfer:withdrawn", "lga:NG-KN-002").get(0).path("data").path("status").asText())
                    .isEqualTo("WITHDRAWN");
            assertThat(elsewhere.where(f -> f.path("event").asText().startsWith("transfer:"))).isEmpty();
        }
    }

    /** The ids of the PENTA transfer frames a room delivered, in order (the liveness probe's frames left out). */
    private static List<String> ids(Dashboard dashboard, String room) {
        return dashboard.where(f -> room.equals(f.path("room").asText()) && f.path("event").asText().startsWith("transfer:")
                && "PENTA".equals(f.path("data").path("productCode").asText())).stream().map(f -> f.path("id").asText()).toList();
    }
}
