package ng.vaxtrace.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;

import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.ContractSchemas;
import ng.vaxtrace.contracts.EventTypes;
import ng.vaxtrace.contracts.FacilityReference;
import ng.vaxtrace.contracts.FacilityTier;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.Topics;
import ng.vaxtrace.openlmis.simulator.OpenLmisSimulator;
import ng.vaxtrace.testing.LocalInfra;
import ng.vaxtrace.testing.ServiceProcess;
import ng.vaxtrace.testing.TopicProbe;
import ng.vaxtrace.testing.TopicWriter;

/**
 * One stock event's whole journey with every service running as its own process against real PostgreSQL, Redis and
 * Kafka: signed HTTP request → ingest → Kafka → stock-service → Postgres → Kafka → gateway → WebSocket client.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StockEventJourneyTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private LocalInfra.Endpoints infra;
    private ServiceProcess ingest;
    private ServiceProcess stock;
    private ServiceProcess gateway;
    private ServiceProcess alerts;
    private ServiceProcess connector;
    private OpenLmisSimulator openlmis;
    private FieldApp fieldApp;

    @BeforeAll
    void startSuite() throws Exception {
        infra = LocalInfra.start();
        Map<String, String> kafka = Map.of("kafka.bootstrap.servers", infra.kafkaBootstrap());
        Map<String, String> noEnv = Map.of();
        String secret = randomSecret();
        ingest = ServiceProcess.start("ingest-service", Map.of("kafka.bootstrap.servers", infra.kafkaBootstrap(),
                "vaxtrace.ingest.clients.e2e-app.secrets", secret), noEnv);
        stock = ServiceProcess.start("stock-service", Map.of("kafka.bootstrap.servers", infra.kafkaBootstrap(),
                "quarkus.redis.hosts", infra.redisUrl(),
                "quarkus.datasource.reactive.url", infra.reactiveUrl("vaxtrace_stock"),
                "quarkus.datasource.jdbc.url", infra.jdbcUrl("vaxtrace_stock"),
                "quarkus.datasource.username", infra.pgUser()),
                Map.of("QUARKUS_DATASOURCE_PASSWORD", infra.pgPassword()));
        gateway = ServiceProcess.start("realtime-gateway", kafka, noEnv);
        alerts = ServiceProcess.start("alert-service", kafka, noEnv);
        // The connector reads an OpenLMIS simulator (FCT's stores only) on demand: its scheduled sync is off here.
        openlmis = new OpenLmisSimulator(0, 42, 0, Set.of("NG-FC")).start();
        connector = ServiceProcess.start("openlmis-connector", Map.of("kafka.bootstrap.servers", infra.kafkaBootstrap(),
                "quarkus.datasource.reactive.url", infra.reactiveUrl("vaxtrace_connector"),
                "quarkus.datasource.jdbc.url", infra.jdbcUrl("vaxtrace_connector"),
                "quarkus.datasource.username", infra.pgUser(),
                "vaxtrace.connector.openlmis-url", openlmis.baseUrl(),
                "vaxtrace.connector.schedule", "off"),
                Map.of("QUARKUS_DATASOURCE_PASSWORD", infra.pgPassword()));
        for (ServiceProcess service : List.of(ingest, stock, gateway, alerts, connector)) {
            service.awaitReady();
        }
        fieldApp = new FieldApp(ingest.uri("/api/v1/stock-events"), "e2e-app", secret);
        awaitLivePipeline();
    }

    @AfterAll
    void stopSuite() throws Exception {
        for (ServiceProcess service : new ServiceProcess[] { connector, alerts, gateway, stock, ingest }) {
            if (service != null) {
                service.close();
            }
        }
        if (openlmis != null) {
            openlmis.close();
        }
    }

    /** The gateway reads from the live end of the topic: wait until an event posted now reaches a dashboard. */
    private void awaitLivePipeline() throws Exception {
        String facility = newFacility();
        try (DashboardClient warmUp = new DashboardClient(wsUri())) {
            warmUp.subscribe("facility:" + facility);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                fieldApp.post(FieldApp.event(UUID.randomUUID().toString(), "receipt", facility, 1));
                return !warmUp.frames("stock:update").isEmpty();
            });
        }
    }

    private URI wsUri() {
        return URI.create("ws://127.0.0.1:" + gateway.port + "/ws/v1");
    }

    /** A new health facility, registered through a reference-data event as the OpenLMIS connector would. */
    private String newFacility() {
        String code = "NG-KN-017-E" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        FacilityReference facility = new FacilityReference(code, "E2E PHC", FacilityTier.HEALTH_FACILITY, "NG-NW", "NG-KN", "NG-KN-017",
                11.9, 8.5, true);
        try (TopicWriter writer = new TopicWriter(infra.kafkaBootstrap())) {
            writer.send(Topics.REFERENCE_DATA, code, EventJson.write(CloudEvent.of(UUID.randomUUID().toString(), "/e2e",
                    EventTypes.REFERENCE_FACILITY, code, java.time.Instant.now(), facility)));
        }
        await().atMost(WAIT).until(() -> HTTP.send(HttpRequest.newBuilder(stock.uri("/api/v1/facilities/" + code)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        return code;
    }

    private JsonNode stockOf(String facility) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(stock.uri("/api/v1/facilities/" + facility + "/stock")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return EventJson.tree(response.body());
    }

    @Test
    void shouldCarryASignedEventToTheLedgerTheApiAndALiveDashboard() throws Exception {
        String facility = newFacility();
        String eventId = UUID.randomUUID().toString();
        try (DashboardClient dashboard = new DashboardClient(wsUri());
                TopicProbe stockEvents = new TopicProbe(infra.kafkaBootstrap(), Topics.STOCK_EVENTS);
                TopicProbe levels = new TopicProbe(infra.kafkaBootstrap(), Topics.STOCK_LEVELS)) {
            dashboard.subscribe("facility:" + facility);
            await().atMost(WAIT).until(() -> !dashboard.frames("subscribed").isEmpty());

            HttpResponse<String> accepted = fieldApp.post(FieldApp.event(eventId, "receipt", facility, 600));
            assertThat(accepted.statusCode()).isEqualTo(202);

            await().atMost(WAIT).until(() -> !dashboard.stockUpdatesCausedBy(eventId).isEmpty());
            JsonNode update = dashboard.stockUpdatesCausedBy(eventId).get(0);
            assertThat(update.path("room").asText()).isEqualTo("facility:" + facility);
            assertThat(update.path("data").path("lotBalanceAfter").asLong()).isEqualTo(600);
            assertThat(stockOf(facility).path("products").get(0).path("quantity").asLong()).isEqualTo(600);

            // What the services really produced conforms to the published schemas.
            assertThat(ContractSchemas.violations(stockEvents.await(r -> r.value().contains(eventId), WAIT).value())).isEmpty();
            assertThat(ContractSchemas.violations(levels.await(r -> r.value().contains(eventId), WAIT).value())).isEmpty();
        }
    }

    @Test
    void shouldChangeNothingWhenTheSameEventIsPostedAgain() throws Exception {
        String facility = newFacility();
        String eventId = UUID.randomUUID().toString();
        String body = FieldApp.event(eventId, "receipt", facility, 300);
        String later = UUID.randomUUID().toString();
        try (DashboardClient dashboard = new DashboardClient(wsUri())) {
            dashboard.subscribe("facility:" + facility);
            await().atMost(WAIT).until(() -> !dashboard.frames("subscribed").isEmpty());
            assertThat(fieldApp.post(body).statusCode()).isEqualTo(202);
            assertThat(fieldApp.post(body).statusCode()).isEqualTo(202);
            assertThat(fieldApp.post(FieldApp.event(later, "issue", facility, 50)).statusCode()).isEqualTo(202);

            // The later event is applied after both copies (same facility, same partition, in order).
            await().atMost(WAIT).until(() -> !dashboard.stockUpdatesCausedBy(later).isEmpty());
            assertThat(dashboard.stockUpdatesCausedBy(eventId)).hasSize(1);
            assertThat(dashboard.stockUpdatesCausedBy(later).get(0).path("data").path("lotBalanceAfter").asLong()).isEqualTo(250);
            assertThat(stockOf(facility).path("products").get(0).path("quantity").asLong()).isEqualTo(250);
        }
    }

    @Test
    void shouldRefuseABadSignatureAndLeaveNoTrace() throws Exception {
        String facility = newFacility();
        String forged = UUID.randomUUID().toString();
        HttpResponse<String> refused = fieldApp.post(FieldApp.event(forged, "receipt", facility, 10_000), "a-guessed-secret");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));

        String genuine = UUID.randomUUID().toString();
        try (DashboardClient dashboard = new DashboardClient(wsUri())) {
            dashboard.subscribe("facility:" + facility);
            await().atMost(WAIT).until(() -> !dashboard.frames("subscribed").isEmpty());
            assertThat(fieldApp.post(FieldApp.event(genuine, "receipt", facility, 7)).statusCode()).isEqualTo(202);
            await().atMost(WAIT).until(() -> !dashboard.stockUpdatesCausedBy(genuine).isEmpty());
            assertThat(dashboard.stockUpdatesCausedBy(forged)).isEmpty();
        }
        assertThat(stockOf(facility).path("products").get(0).path("quantity").asLong()).isEqualTo(7);
        HttpResponse<String> rejected = HTTP.send(HttpRequest.newBuilder(stock.uri("/api/v1/rejected-events?facilityCode=" + facility)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(rejected.body()).doesNotContain(forged);
    }

    private static String randomSecret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
