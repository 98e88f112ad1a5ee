package ng.vaxtrace.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;

import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.EventTypes;
import ng.vaxtrace.contracts.FacilityReference;
import ng.vaxtrace.contracts.FacilityTier;
import ng.vaxtrace.contracts.Topics;
import ng.vaxtrace.security.Roles;
import ng.vaxtrace.testing.LocalInfra;
import ng.vaxtrace.testing.ServiceProcess;
import ng.vaxtrace.testing.TestIssuer;
import ng.vaxtrace.testing.TopicWriter;

/**
 * The smoke test of a deployment, safe to run against staging: only the public edge (signed HTTP, REST with an OIDC
 * token, the WebSocket), no faults, no infrastructure access, and only the dedicated test facility is written to — a
 * receipt and then an issue of the same doses, so its balance ends where it started (the ledger keeps both lines:
 * it is append-only by design). With {@code VAXTRACE_TARGET_*} set it checks that deployment
 * ({@code ./vaxtrace system-test --target staging}); without, it starts the services itself, so the suite keeps it
 * working.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeployedSmokeTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private DeployedTarget target;
    private FieldApp device;
    private List<ServiceProcess> started = List.of();

    @BeforeAll
    void findTarget() throws Exception {
        target = DeployedTarget.configured() ? DeployedTarget.fromEnvironment() : startLocally();
        System.out.println("smoke test against " + target.describe());
        device = new FieldApp(target.ingestUri("/api/v1/stock-events"), target.ingestClient(), target.ingestSecret());
    }

    @AfterAll
    void stopLocalServices() throws Exception {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }

    @Test
    void shouldCarryASignedEventToTheLedgerAndALiveDashboardAndTakeItBackOut() throws Exception {
        String facility = target.facility();
        String receipt = UUID.randomUUID().toString();
        String issue = UUID.randomUUID().toString();
        long before = lotBalance(facility);
        assertThat(device.post(event(receipt, "receipt", facility, 7)).statusCode()).isEqualTo(202);
        await().atMost(WAIT).until(() -> lotBalance(facility) == before + 7);
        try (DashboardClient dashboard = new DashboardClient(target.webSocket())) {
            // The gateway knows a facility from its stock-level events (the receipt's, at the latest): ask until it does.
            await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> {
                dashboard.subscribe("facility:" + facility);
                return !dashboard.frames("subscribed").isEmpty();
            });
            assertThat(device.post(event(issue, "issue", facility, 7)).statusCode()).isEqualTo(202);
            await().atMost(WAIT).until(() -> !dashboard.stockUpdatesCausedBy(issue).isEmpty());
            JsonNode out = dashboard.stockUpdatesCausedBy(issue).get(0).path("data");
            assertThat(out.path("lotBalanceBefore").asLong()).isEqualTo(before + 7);
            assertThat(out.path("lotBalanceAfter").asLong()).isEqualTo(before);
        }
        await().atMost(WAIT).until(() -> lotBalance(facility) == before);
        assertThat(ledgerEventIds(facility)).contains(receipt, issue);
    }

    @Test
    void shouldRefuseAForgedSignatureWithAProblem() throws Exception {
        HttpResponse<String> refused = device.post(event(UUID.randomUUID().toString(), "receipt", target.facility(), 10_000),
                "a-guessed-secret");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    }

    @Test
    void shouldFindTheTestFacilityByItsPlace() throws Exception {
        JsonNode detail = EventJson.tree(get(target.stockUri("/api/v1/facilities/" + target.facility())).body());
        String near = detail.path("latitude").asDouble() + "," + detail.path("longitude").asDouble();
        HttpResponse<String> found = get(target.stockUri("/api/v1/facilities?radiusKm=1&area=" + target.lga() + "&near=" + near));
        assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
        JsonNode first = EventJson.tree(found.body()).path("facilities").get(0);
        assertThat(first.path("code").asText()).isEqualTo(target.facility());
        assertThat(first.path("distanceKm").asDouble()).isZero();
    }

    @Test
    void shouldAnswerTheTestFacilitysAlertsAndStock() throws Exception {
        HttpResponse<String> alerts = get(target.alertUri("/api/v1/alerts?status=ALL&limit=5&facility=" + target.facility()));
        assertThat(alerts.statusCode()).as(alerts.body()).isEqualTo(200);
        assertThat(EventJson.tree(alerts.body()).path("items").isArray()).isTrue();
        HttpResponse<String> stock = get(target.stockUri("/api/v1/facilities/" + target.facility() + "/stock"));
        assertThat(stock.statusCode()).as(stock.body()).isEqualTo(200);
        assertThat(stock.headers().firstValue("ETag")).isPresent();
    }

    @Test
    void shouldRefuseCallersWithoutAToken() throws Exception {
        for (URI api : List.of(target.stockUri("/api/v1/locations"), target.alertUri("/api/v1/alerts"))) {
            HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(api).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).as(api.toString()).isEqualTo(401);
        }
    }

    /** A field app's event of the smoke test's own lot, expiring in a year, recorded as from the smoke test. */
    private static String event(String id, String type, String facility, long quantity) {
        LocalDate expiry = LocalDate.now(ZoneOffset.UTC).plusYears(1).withDayOfMonth(1);
        return """
                {"eventId":"%s","type":"%s","facilityCode":"%s","productCode":"PENTA",
                 "lot":{"code":"PT-SMOKE","expiry":"%s"},"quantity":%d,
                 "occurredAt":"%s","sourceSystem":"smoke-test"}""".formatted(id, type, facility, expiry, quantity,
                Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS));
    }

    private long lotBalance(String facility) throws Exception {
        JsonNode stock = EventJson.tree(get(target.stockUri("/api/v1/facilities/" + facility + "/stock")).body());
        for (JsonNode product : stock.path("products")) {
            for (JsonNode lot : product.path("lots")) {
                if (product.path("productCode").asText().equals("PENTA") && lot.path("lotCode").asText().equals("PT-SMOKE")) {
                    return lot.path("quantity").asLong();
                }
            }
        }
        return 0;
    }

    private List<String> ledgerEventIds(String facility) throws Exception {
        JsonNode page = EventJson.tree(get(target.stockUri("/api/v1/facilities/" + facility + "/ledger?product=PENTA&limit=20")).body());
        return page.path("items").findValuesAsText("eventId");
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + target.token().get()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * No target configured: the services of this build on servers of this machine, with what staging provides made
     * here — the test facility (staging seeds it), the smoke device's secret and an officer of the facility's LGA.
     */
    private DeployedTarget startLocally() throws Exception {
        LocalInfra.Endpoints infra = LocalInfra.start();
        String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(24));
        Map<String, String> database = Map.of("QUARKUS_DATASOURCE_PASSWORD", infra.pgPassword());
        ServiceProcess ingest = ServiceProcess.start("ingest-service", Map.of("kafka.bootstrap.servers", infra.kafkaBootstrap(),
                "quarkus.redis.hosts", infra.redisUrl(), "vaxtrace.ingest.clients.smoke-test.secrets", secret), Map.of());
        ServiceProcess gateway = ServiceProcess.start("realtime-gateway", Map.of("kafka.bootstrap.servers", infra.kafkaBootstrap()), Map.of());
        ServiceProcess alerts = ServiceProcess.start("alert-service", Map.of("kafka.bootstrap.servers", infra.kafkaBootstrap(),
                "quarkus.datasource.reactive.url", infra.reactiveUrl("vaxtrace_alert"), "quarkus.datasource.jdbc.url",
                infra.jdbcUrl("vaxtrace_alert"), "quarkus.datasource.username", infra.pgUser()), database);
        ServiceProcess stock = ServiceProcess.start("stock-service", Map.of("kafka.bootstrap.servers", infra.kafkaBootstrap(),
                "quarkus.redis.hosts", infra.redisUrl(), "quarkus.datasource.reactive.url", infra.reactiveUrl("vaxtrace_stock"),
                "quarkus.datasource.jdbc.url", infra.jdbcUrl("vaxtrace_stock"), "quarkus.datasource.username", infra.pgUser()), database);
        started = List.of(ingest, gateway, alerts, stock);
        for (ServiceProcess service : started) {
            service.awaitReady();
        }
        String facility = DeployedTarget.DEFAULT_FACILITY;
        try (TopicWriter writer = new TopicWriter(infra.kafkaBootstrap())) {
            writer.send(Topics.REFERENCE_DATA, facility, EventJson.write(CloudEvent.of(UUID.randomUUID().toString(), "/smoke",
                    EventTypes.REFERENCE_FACILITY, facility, Instant.now(), new FacilityReference(facility, "Smoke test PHC",
                            FacilityTier.HEALTH_FACILITY, "NG-NC", "NG-FC", "NG-FC-001", 9.06, 7.49, true))));
        }
        String token = TestIssuer.token(Roles.LGA_OFFICER, "NG-FC-001");
        // Until stock-service applied this reference (the facility may exist already, seeded by an earlier test of the
        // suite at another place): then the place the tests search at is the one the database holds.
        await().atMost(WAIT).until(() -> {
            HttpResponse<String> detail = HTTP.send(HttpRequest.newBuilder(stock.uri("/api/v1/facilities/" + facility))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode place = detail.statusCode() == 200 ? EventJson.tree(detail.body()) : null;
            return place != null && place.path("latitude").asDouble() == 9.06 && place.path("longitude").asDouble() == 7.49;
        });
        return new DeployedTarget(ingest.uri(""), stock.uri(""), alerts.uri(""), URI.create("ws://127.0.0.1:" + gateway.port),
                "smoke-test", secret, facility, () -> token);
    }
}
