package ng.vaxtrace.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.Topics;
import ng.vaxtrace.openlmis.simulator.Faults;
import ng.vaxtrace.openlmis.simulator.OpenLmisSimulator;
import ng.vaxtrace.security.Roles;
import ng.vaxtrace.testing.LocalInfra;
import ng.vaxtrace.testing.ServiceProcess;
import ng.vaxtrace.testing.TestIssuer;
import ng.vaxtrace.testing.TopicProbe;

/**
 * The OpenLMIS connector dies (kill -9) in the middle of a sync. Restarted, it says so (the run is INTERRUPTED, not
 * left RUNNING), is ready again, and the next sync resumes that run where it stopped: in the end every stock card of
 * the instance has been published under its one event id (a card published twice, before and after the crash, is
 * the same event, which stock-service applies once): as many distinct events as the instance has cards, no more.
 */
class ConnectorCrashTest {

    private static final String ADMIN = TestIssuer.bearer(Roles.ADMIN, null);
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void shouldResumeAnInterruptedSyncAfterAKillAndPublishEveryCard() throws Exception {
        LocalInfra.Endpoints infra = LocalInfra.start();
        // A connector deployed for the first time (as OpenLmisSyncTest does): no sync state from earlier runs or tests.
        try (java.sql.Connection db = java.sql.DriverManager.getConnection(infra.jdbcUrl("vaxtrace_connector"), infra.pgUser(),
                infra.pgPassword()); java.sql.Statement sql = db.createStatement()) {
            sql.execute("truncate sync_run_facility, sync_run_unplaced, sync_run, stock_card_state, id_map, facility_detail");
        }
        // A state no other test syncs (Nasarawa): its events are this test's alone on the topic. Each OpenLMIS
        // request takes 100 ms, so the run lasts long enough to be cut in the middle.
        try (OpenLmisSimulator openlmis = new OpenLmisSimulator(0, 11, 1, Set.of("NG-NA")).start();
                TopicProbe stockEvents = new TopicProbe(infra.kafkaBootstrap(), Topics.STOCK_EVENTS)) {
            openlmis.faults(Faults.none().withSlowRequests(1_000_000, 100));
            // Nasarawa's facilities' cards (the instance also holds the national store's).
            int cards = openlmis.data().facilities().stream().filter(f -> String.valueOf(f.get("code")).startsWith("NG-NA-"))
                    .mapToInt(f -> openlmis.data().cards((String) f.get("id")).size()).sum();
            assertThat(cards).isGreaterThan(20);
            Map<String, String> config = Map.of("kafka.bootstrap.servers", infra.kafkaBootstrap(),
                    "quarkus.datasource.reactive.url", infra.reactiveUrl("vaxtrace_connector"),
                    "quarkus.datasource.jdbc.url", infra.jdbcUrl("vaxtrace_connector"),
                    "quarkus.datasource.username", infra.pgUser(),
                    "vaxtrace.connector.openlmis-url", openlmis.baseUrl(),
                    "vaxtrace.connector.schedule", "off");
            Map<String, String> env = Map.of("QUARKUS_DATASOURCE_PASSWORD", infra.pgPassword());

            String runId;
            try (ServiceProcess doomed = ServiceProcess.start("openlmis-connector", config, env)) {
                doomed.awaitReady();
                runId = EventJson.tree(send(doomed.uri("/api/v1/sync"), "POST").body()).path("id").asText();
                // Part of the cards are out, not all: then kill -9.
                stockEvents.awaitSeen(records -> published(records).size() >= 5, WAIT);
                assertThat(run(doomed, runId).path("status").asText()).isEqualTo("RUNNING");
                doomed.kill();
            }
            assertThat(published(stockEvents.seen())).hasSizeLessThan(cards);

            try (ServiceProcess restarted = ServiceProcess.start("openlmis-connector", config, env)) {
                restarted.awaitReady(); // ready again by itself: the dead run does not hold it back
                assertThat(run(restarted, runId).path("status").asText()).isEqualTo("INTERRUPTED");
                openlmis.faults(Faults.none());
                assertThat(EventJson.tree(send(restarted.uri("/api/v1/sync"), "POST").body()).path("id").asText())
                        .as("the next sync resumes the interrupted run").isEqualTo(runId);
                await().atMost(WAIT).until(() -> run(restarted, runId).path("status").asText().startsWith("COMPLETED"));
                JsonNode resumed = run(restarted, runId);
                assertThat(resumed.path("attempts").asInt()).isEqualTo(2);
                assertThat(resumed.path("resumedFrom").asInt()).isPositive();
                assertThat(resumed.path("facilitiesDone").asInt()).isEqualTo(resumed.path("facilitiesTotal").asInt());
                stockEvents.awaitSeen(records -> published(records).size() >= cards, WAIT);
                assertThat(published(stockEvents.seen())).hasSize(cards);
            }
        }
    }

    /** The distinct ids of the stock events seen for Nasarawa's facilities (only this test's instance has them). */
    private static Set<String> published(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(r -> EventJson.tree(r.value()))
                .filter(e -> e.path("data").path("facilityCode").asText().startsWith("NG-NA-")).map(e -> e.path("id").asText())
                .collect(Collectors.toSet());
    }

    private static JsonNode run(ServiceProcess connector, String id) throws Exception {
        return EventJson.tree(send(connector.uri("/api/v1/sync/" + id), "GET").body());
    }

    private static HttpResponse<String> send(URI uri, String method) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).header("Authorization", ADMIN).method(method, HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
