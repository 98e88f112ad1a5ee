package ng.vaxtrace.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
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
import ng.vaxtrace.testing.ServiceProcess;
import ng.vaxtrace.testing.TestIssuer;
import ng.vaxtrace.testing.TopicProbe;
import ng.vaxtrace.testing.TopicWriter;

/**
 * stock-service dies right after a ledger transaction committed and before the stock-level change was published.
 * After a restart the change is published exactly once, and the redelivered event changes nothing.
 */
class CrashRecoveryTest {

    private static final String READER = TestIssuer.bearer(Roles.NATIONAL_OFFICER, null);

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** haltAfter: the event id after whose commit the JVM halts (events left in the topic by other tests pass first), or null. */
    private static Map<String, String> stockServiceConfig(LocalInfra.Endpoints infra, String haltAfter) {
        Map<String, String> config = new HashMap<>(Map.of("kafka.bootstrap.servers", infra.kafkaBootstrap(),
                "quarkus.redis.hosts", infra.redisUrl(),
                "quarkus.datasource.reactive.url", infra.reactiveUrl("vaxtrace_stock"),
                "quarkus.datasource.jdbc.url", infra.jdbcUrl("vaxtrace_stock"),
                "quarkus.datasource.username", infra.pgUser(),
                // A dead member holds its partitions until its session expires: keep that short for the restart.
                "kafka.session.timeout.ms", "6000",
                "kafka.heartbeat.interval.ms", "1000"));
        config.put("vaxtrace.stock.faults.halt-after-commit", Boolean.toString(haltAfter != null));
        if (haltAfter != null) {
            config.put("vaxtrace.stock.faults.halt-after-event", haltAfter);
        }
        return config;
    }

    private static String stockEvent(String id, StockEventType type, String facility, long quantity) {
        Instant at = Instant.now().minus(1, ChronoUnit.MINUTES);
        StockEvent data = new StockEvent(facility, "BCG", new Lot("BCG-CRASH-1", LocalDate.parse("2027-03-31")), quantity, at,
                "crash-test", null, null, null);
        return EventJson.write(CloudEvent.of(id, "/e2e", type.cloudEventType(), facility, at, data));
    }

    @Test
    void shouldPublishAChangeCommittedJustBeforeACrashExactlyOnceAfterRestart() throws Exception {
        LocalInfra.Endpoints infra = LocalInfra.start();
        Map<String, String> password = Map.of("QUARKUS_DATASOURCE_PASSWORD", infra.pgPassword());
        String facility = "NG-KN-017-C" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        String eventId = UUID.randomUUID().toString();
        String marker = UUID.randomUUID().toString();

        try (TopicWriter writer = new TopicWriter(infra.kafkaBootstrap());
                TopicProbe levels = new TopicProbe(infra.kafkaBootstrap(), Topics.STOCK_LEVELS)) {
            try (ServiceProcess doomed = ServiceProcess.start("stock-service", stockServiceConfig(infra, eventId), password)) {
                doomed.awaitReady();
                writer.send(Topics.REFERENCE_DATA, facility, EventJson.write(CloudEvent.of(UUID.randomUUID().toString(), "/e2e",
                        EventTypes.REFERENCE_FACILITY, facility, Instant.now(), new FacilityReference(facility, "Crash PHC",
                                FacilityTier.HEALTH_FACILITY, "NG-NW", "NG-KN", "NG-KN-017", 11.9, 8.5, true))));
                await().atMost(WAIT).ignoreExceptionsInstanceOf(java.io.IOException.class)
                        .until(() -> HTTP.send(HttpRequest.newBuilder(doomed.uri("/api/v1/facilities/" + facility))
                                .header("Authorization", READER).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200);

                writer.send(Topics.STOCK_EVENTS, facility, stockEvent(eventId, StockEventType.RECEIPT, facility, 400));
                assertThat(doomed.awaitExit(WAIT)).isEqualTo(99);
            }
            assertThat(levels.seen()).noneMatch(r -> r.value().contains(eventId));

            try (ServiceProcess restarted = ServiceProcess.start("stock-service", stockServiceConfig(infra, null), password)) {
                restarted.awaitReady();
                writer.send(Topics.STOCK_EVENTS, facility, stockEvent(marker, StockEventType.ISSUE, facility, 100));
                levels.await(r -> r.value().contains("\"causeEventId\":\"" + eventId + "\""), WAIT);
                levels.await(r -> r.value().contains("\"causeEventId\":\"" + marker + "\""), WAIT);
                assertThat(levels.seen()).filteredOn(r -> r.value().contains("\"causeEventId\":\"" + eventId + "\"")).hasSize(1);

                HttpResponse<String> stock = HTTP.send(HttpRequest.newBuilder(restarted.uri("/api/v1/facilities/" + facility + "/stock"))
                        .header("Authorization", READER).build(),
                        HttpResponse.BodyHandlers.ofString());
                // 400 received once (the redelivered copy was recognised), 100 issued.
                assertThat(EventJson.tree(stock.body()).path("products").get(0).path("quantity").asLong()).isEqualTo(300);
            }
        }
    }

    /**
     * kill -9 while events are still being written and applied: after a restart every event is in the ledger exactly
     * once (the balance says no event counted twice, the published changes say none was lost).
     */
    @Test
    void shouldApplyEveryEventExactlyOnceWhenKilledMidStream() throws Exception {
        LocalInfra.Endpoints infra = LocalInfra.start();
        Map<String, String> password = Map.of("QUARKUS_DATASOURCE_PASSWORD", infra.pgPassword());
        String facility = "NG-KN-017-K" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        int events = 3_000;
        Instant start = Instant.now().minus(2, ChronoUnit.HOURS);

        try (TopicWriter writer = new TopicWriter(infra.kafkaBootstrap());
                TopicProbe levels = new TopicProbe(infra.kafkaBootstrap(), Topics.STOCK_LEVELS)) {
            ServiceProcess doomed = ServiceProcess.start("stock-service", stockServiceConfig(infra, null), password);
            doomed.awaitReady();
            writer.send(Topics.REFERENCE_DATA, facility, EventJson.write(CloudEvent.of(UUID.randomUUID().toString(), "/e2e",
                    EventTypes.REFERENCE_FACILITY, facility, Instant.now(), new FacilityReference(facility, "Kill PHC",
                            FacilityTier.HEALTH_FACILITY, "NG-NW", "NG-KN", "NG-KN-017", 11.9, 8.5, true))));
            await().atMost(WAIT).ignoreExceptionsInstanceOf(java.io.IOException.class).until(() -> quantity(doomed, facility) >= 0);

            // Receipt, receipt, issue, ...: 10 + 10 - 3 per three events, never negative whatever was applied before.
            Thread feeder = new Thread(() -> {
                for (int i = 0; i < events; i++) {
                    StockEventType type = i % 3 == 2 ? StockEventType.ISSUE : StockEventType.RECEIPT;
                    StockEvent data = new StockEvent(facility, "BCG", new Lot("BCG-KILL-1", LocalDate.parse("2027-03-31")),
                            type == StockEventType.ISSUE ? 3L : 10L, start.plusMillis(i), "kill-test", null, null, null);
                    writer.send(Topics.STOCK_EVENTS, facility, EventJson.write(CloudEvent.of("kill-" + facility + "-" + i, "/e2e",
                            type.cloudEventType(), facility, data.occurredAt(), data)));
                }
            });
            feeder.start();
            await().atMost(WAIT).ignoreExceptionsInstanceOf(java.io.IOException.class).until(() -> quantity(doomed, facility) > 0);
            doomed.kill();

            try (ServiceProcess restarted = ServiceProcess.start("stock-service", stockServiceConfig(infra, null), password)) {
                restarted.awaitReady();
                feeder.join(WAIT.toMillis());
                await().atMost(WAIT).ignoreExceptionsInstanceOf(java.io.IOException.class)
                        .until(() -> quantity(restarted, facility) == events / 3 * 17L);
                levels.awaitSeen(records -> distinctCauses(records, "\"causeEventId\":\"kill-" + facility + "-") == events, WAIT);
                HttpResponse<String> live = HTTP.send(HttpRequest.newBuilder(restarted.uri("/q/health/live")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(live.statusCode()).isEqualTo(200);
            }
        }
    }

    /** How many different causes starting with {@code causePrefix} the level changes name. */
    static long distinctCauses(List<ConsumerRecord<String, String>> records, String causePrefix) {
        return records.stream().map(ConsumerRecord::value).filter(v -> v.contains(causePrefix))
                .map(v -> v.substring(v.indexOf(causePrefix), v.indexOf('"', v.indexOf(causePrefix) + causePrefix.length()))).distinct().count();
    }

    /** The facility's balance of its one product through the API, -1 while the facility is not known yet. */
    private static long quantity(ServiceProcess stock, String facility) throws Exception {
        return quantity(stock, facility, READER);
    }

    static long quantity(ServiceProcess stock, String facility, String reader) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(stock.uri("/api/v1/facilities/" + facility + "/stock"))
                .header("Authorization", reader).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            return -1;
        }
        var products = EventJson.tree(response.body()).path("products");
        return products.isEmpty() ? 0 : products.get(0).path("quantity").asLong();
    }
}
