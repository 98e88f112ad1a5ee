package ng.vaxtrace.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.EventTypes;
import ng.vaxtrace.contracts.FacilityReference;
import ng.vaxtrace.contracts.FacilityTier;
import ng.vaxtrace.contracts.Lot;
import ng.vaxtrace.contracts.StockEvent;
import ng.vaxtrace.contracts.StockEventType;
import ng.vaxtrace.contracts.Topics;
import ng.vaxtrace.security.Roles;
import ng.vaxtrace.testing.LocalInfra;
import ng.vaxtrace.testing.OwnKafka;
import ng.vaxtrace.testing.ServiceProcess;
import ng.vaxtrace.testing.TestIssuer;
import ng.vaxtrace.testing.TopicProbe;
import ng.vaxtrace.testing.TopicWriter;

/**
 * The Kafka broker dies (kill -9) while stock-service is applying a stream and comes back 10 s later: stock-service
 * stays alive (liveness UP throughout), resumes by itself, and every event is applied exactly once and published.
 * ingest-service, on the same broker, answers 503 while it is away (never a 202 for an event it could not hand to
 * Kafka), says so in its readiness, and accepts the device's retry once the broker is back.
 */
class BrokerRestartTest {

    private static final String READER = TestIssuer.bearer(Roles.NATIONAL_OFFICER, null);
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void shouldResumeAndApplyEveryEventOnceAfterTheBrokerRestarts() throws Exception {
        LocalInfra.Endpoints infra = LocalInfra.start();
        Path kafkaDir = Files.createTempDirectory("vaxtrace-broker-restart");
        String bootstrap = OwnKafka.create(kafkaDir, Topics.STOCK_EVENTS, Topics.STOCK_LEVELS, Topics.REFERENCE_DATA,
                Topics.COLDCHAIN_READINGS, "vaxtrace.stock.events.dlq.v1", "vaxtrace.reference.dlq.v1");
        String facility = "NG-KN-017-B" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        int events = 1_500;
        Instant start = Instant.now().minus(2, ChronoUnit.HOURS);
        Map<String, String> config = new HashMap<>(Map.of("kafka.bootstrap.servers", bootstrap,
                "quarkus.redis.hosts", infra.redisUrl(),
                "quarkus.datasource.reactive.url", infra.reactiveUrl("vaxtrace_stock"),
                "quarkus.datasource.jdbc.url", infra.jdbcUrl("vaxtrace_stock"),
                "quarkus.datasource.username", infra.pgUser()));
        String secret = UUID.randomUUID().toString();
        Map<String, String> ingestConfig = new HashMap<>(Map.of("kafka.bootstrap.servers", bootstrap, "quarkus.redis.hosts", infra.redisUrl(),
                "vaxtrace.ingest.clients.broker-app.secrets", secret));
        for (String channel : new String[] { "stock-events-out", "coldchain-readings-out" }) {
            // An outage shows within seconds rather than after the producer's default two minutes.
            ingestConfig.putAll(Map.of("mp.messaging.outgoing." + channel + ".max.block.ms", "3000",
                    "mp.messaging.outgoing." + channel + ".request.timeout.ms", "2500",
                    "mp.messaging.outgoing." + channel + ".delivery.timeout.ms", "3000"));
        }
        try (ServiceProcess stock = ServiceProcess.start("stock-service", config, Map.of("QUARKUS_DATASOURCE_PASSWORD", infra.pgPassword()));
                ServiceProcess ingest = ServiceProcess.start("ingest-service", ingestConfig, Map.of());
                TopicProbe levels = new TopicProbe(bootstrap, Topics.STOCK_LEVELS)) {
            stock.awaitReady();
            ingest.awaitReady();
            FieldApp device = new FieldApp(ingest.uri("/api/v1/stock-events"), "broker-app", secret);
            try (TopicWriter writer = new TopicWriter(bootstrap)) {
                writer.send(Topics.REFERENCE_DATA, facility, EventJson.write(CloudEvent.of(UUID.randomUUID().toString(), "/e2e",
                        EventTypes.REFERENCE_FACILITY, facility, Instant.now(), new FacilityReference(facility, "Broker PHC",
                                FacilityTier.HEALTH_FACILITY, "NG-NW", "NG-KN", "NG-KN-017", 11.9, 8.5, true))));
                await().atMost(WAIT).ignoreExceptions().until(() -> quantity(stock, facility) >= 0);
                send(writer, facility, start, 0, events / 2);
                await().atMost(WAIT).ignoreExceptions().until(() -> quantity(stock, facility) > 0);
            }
            OwnKafka.kill(kafkaDir);
            Instant killed = Instant.now();
            // A field app posts while the broker is away: refused with 503 and Retry-After, never accepted.
            List<String> refused = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                String body = FieldApp.event("broker-ingest-" + facility + "-" + i, "receipt", facility, 5);
                HttpResponse<String> answer = device.post(body);
                assertThat(answer.statusCode()).as("ingest's answer while the broker is away").isEqualTo(503);
                assertThat(answer.headers().firstValue("Retry-After")).isPresent();
                refused.add(body);
            }
            // Ten seconds without a broker: the services keep saying they are alive (a restart would not help).
            Instant outageEnds = killed.plusSeconds(10);
            while (Instant.now().isBefore(outageEnds)) {
                assertThat(live(stock)).as("liveness during the broker outage").isEqualTo(200);
                assertThat(status(ingest, "/q/health/live")).as("ingest liveness during the broker outage").isEqualTo(200);
                Thread.sleep(500);
            }
            assertThat(status(ingest, "/q/health/ready")).as("ingest readiness 10 s into the broker outage").isEqualTo(503);
            OwnKafka.start(kafkaDir);
            try (TopicWriter writer = new TopicWriter(bootstrap)) {
                send(writer, facility, start, events / 2, events);
            }
            // The device retries what was refused (signed anew) until it is accepted.
            for (String body : refused) {
                await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> device.resend(body).statusCode() == 202);
            }

            // BCG from the stream, PENTA (5 doses each) from the field app: nothing lost, nothing twice.
            await().atMost(WAIT).ignoreExceptions().until(() -> quantity(stock, facility) == events * 2L);
            await().atMost(WAIT).ignoreExceptions().until(() -> quantity(stock, facility, "PENTA") == 5L * refused.size());
            // Every event's level change published (those caught by the outage by the outbox sweep), none lost.
            String cause = "\"causeEventId\":\"broker-" + facility + "-";
            levels.awaitSeen(records -> CrashRecoveryTest.distinctCauses(records, cause) == events, WAIT);
            assertThat(live(stock)).isEqualTo(200);
            await().atMost(WAIT).until(() -> status(stock, "/q/health/ready") == 200 && status(ingest, "/q/health/ready") == 200);
        } finally {
            OwnKafka.kill(kafkaDir);
        }
    }

    /** Receipts of 2 doses, numbered {@code from} to {@code to} (exclusive), a millisecond apart. */
    private static void send(TopicWriter writer, String facility, Instant start, int from, int to) {
        for (int i = from; i < to; i++) {
            StockEvent data = new StockEvent(facility, "BCG", new Lot("BCG-BROKER-1", LocalDate.parse("2027-03-31")), 2L,
                    start.plusMillis(i), "broker-test", null, null, null);
            writer.send(Topics.STOCK_EVENTS, facility, EventJson.write(CloudEvent.of("broker-" + facility + "-" + i, "/e2e",
                    StockEventType.RECEIPT.cloudEventType(), facility, data.occurredAt(), data)));
        }
    }

    private static int live(ServiceProcess stock) throws Exception {
        return status(stock, "/q/health/live");
    }

    private static int status(ServiceProcess service, String path) {
        return Faults.status(service, path, null);
    }

    /** The facility's BCG balance (the stream's product). */
    private static long quantity(ServiceProcess stock, String facility) throws Exception {
        return quantity(stock, facility, "BCG");
    }

    /** The facility's balance of {@code product} through the API, -1 while the facility is not known yet. */
    private static long quantity(ServiceProcess stock, String facility, String product) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(stock.uri("/api/v1/facilities/" + facility + "/stock"))
                .header("Authorization", READER).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            return -1;
        }
        for (var p : EventJson.tree(response.body()).path("products")) {
            if (product.equals(p.path("productCode").asText())) {
                return p.path("quantity").asLong();
            }
        }
        return 0;
    }
}
