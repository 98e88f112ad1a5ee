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
import java.util.HashMap;
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
                "vaxtrace.stock.events.dlq.v1", "vaxtrace.reference.dlq.v1");
        String facility = "NG-KN-017-B" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        int events = 1_500;
        Instant start = Instant.now().minus(2, ChronoUnit.HOURS);
        Map<String, String> config = new HashMap<>(Map.of("kafka.bootstrap.servers", bootstrap,
                "quarkus.redis.hosts", infra.redisUrl(),
                "quarkus.datasource.reactive.url", infra.reactiveUrl("vaxtrace_stock"),
                "quarkus.datasource.jdbc.url", infra.jdbcUrl("vaxtrace_stock"),
                "quarkus.datasource.username", infra.pgUser()));
        try (ServiceProcess stock = ServiceProcess.start("stock-service", config, Map.of("QUARKUS_DATASOURCE_PASSWORD", infra.pgPassword()));
                TopicProbe levels = new TopicProbe(bootstrap, Topics.STOCK_LEVELS)) {
            stock.awaitReady();
            try (TopicWriter writer = new TopicWriter(bootstrap)) {
                writer.send(Topics.REFERENCE_DATA, facility, EventJson.write(CloudEvent.of(UUID.randomUUID().toString(), "/e2e",
                        EventTypes.REFERENCE_FACILITY, facility, Instant.now(), new FacilityReference(facility, "Broker PHC",
                                FacilityTier.HEALTH_FACILITY, "NG-NW", "NG-KN", "NG-KN-017", 11.9, 8.5, true))));
                await().atMost(WAIT).ignoreExceptions().until(() -> quantity(stock, facility) >= 0);
                send(writer, facility, start, 0, events / 2);
                await().atMost(WAIT).ignoreExceptions().until(() -> quantity(stock, facility) > 0);
            }
            OwnKafka.kill(kafkaDir);
            // Ten seconds without a broker: the service keeps saying it is alive (a restart would not help).
            Instant outageEnds = Instant.now().plusSeconds(10);
            while (Instant.now().isBefore(outageEnds)) {
                assertThat(live(stock)).as("liveness during the broker outage").isEqualTo(200);
                Thread.sleep(500);
            }
            OwnKafka.start(kafkaDir);
            try (TopicWriter writer = new TopicWriter(bootstrap)) {
                send(writer, facility, start, events / 2, events);
            }

            await().atMost(WAIT).ignoreExceptions().until(() -> quantity(stock, facility) == events * 2L);
            // Every event's level change published (those caught by the outage by the outbox sweep), none lost.
            String cause = "\"causeEventId\":\"broker-" + facility + "-";
            levels.awaitSeen(records -> CrashRecoveryTest.distinctCauses(records, cause) == events, WAIT);
            assertThat(live(stock)).isEqualTo(200);
            await().atMost(WAIT).until(() -> HTTP.send(HttpRequest.newBuilder(stock.uri("/q/health/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
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
        return HTTP.send(HttpRequest.newBuilder(stock.uri("/q/health/live")).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static long quantity(ServiceProcess stock, String facility) throws Exception {
        return CrashRecoveryTest.quantity(stock, facility, READER);
    }
}
