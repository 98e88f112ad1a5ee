package ng.vaxtrace.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;

import ng.vaxtrace.contracts.Alert;
import ng.vaxtrace.contracts.AlertSeverity;
import ng.vaxtrace.contracts.AlertType;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.ColdChainReading;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.EventTypes;
import ng.vaxtrace.contracts.FacilityArea;
import ng.vaxtrace.contracts.LevelMetrics;
import ng.vaxtrace.contracts.StockEventType;
import ng.vaxtrace.contracts.StockLevelChanged;
import ng.vaxtrace.contracts.Topics;
import ng.vaxtrace.contracts.TransferSuggestion;
import ng.vaxtrace.security.Roles;
import ng.vaxtrace.testing.LocalInfra;
import ng.vaxtrace.testing.OwnPostgres;
import ng.vaxtrace.testing.OwnRedis;
import ng.vaxtrace.testing.ServiceProcess;
import ng.vaxtrace.testing.TestIssuer;
import ng.vaxtrace.testing.TopicProbe;
import ng.vaxtrace.testing.TopicWriter;

/**
 * Faults injected into the running suite (ingest, stock-service, alert-service and the gateway as their own
 * processes, on a PostgreSQL and a Redis of the test's own): a poison record on every consumed topic, kill -9 of
 * ingest, of alert-service and of the gateway mid-stream, PostgreSQL stopped for 30 s, Redis stopped. Each case asserts that nothing accepted is lost,
 * nothing is doubled, and health tells the truth within 10 s. The table of cases: docs/fault-suite.md.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultInjectionTest {

    private static final String READER = TestIssuer.bearer(Roles.NATIONAL_OFFICER, null);
    private static final String CLIENT = "fault-app";
    private static final Duration HONEST = Duration.ofSeconds(10);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Where {@link Faults#facility} registers facilities: Kano's LGA 017. */
    private static final FacilityArea FACILITY_AREA = new FacilityArea("NG-NW", "NG-KN", "NG-KN-017");

    private LocalInfra.Endpoints infra;
    private Path redisDir;
    private Path postgresDir;
    private String secret;
    private ServiceProcess ingest;
    private ServiceProcess stock;
    private ServiceProcess alerts;
    private ServiceProcess gateway;
    private TopicWriter writer;

    @BeforeAll
    void startSuite() throws Exception {
        LocalInfra.Endpoints shared = LocalInfra.start();
        redisDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "own-redis-");
        postgresDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "own-postgres-");
        LocalInfra.Endpoints postgres = OwnPostgres.create(postgresDir, shared);
        infra = new LocalInfra.Endpoints(postgres.pgHost(), postgres.pgPort(), postgres.pgUser(), postgres.pgPassword(),
                OwnRedis.create(redisDir), shared.kafkaBootstrap());
        secret = HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        ingest = ServiceProcess.start("ingest-service", Faults.ingest(infra, CLIENT, secret), Map.of());
        stock = ServiceProcess.start("stock-service", Faults.stock(infra), Faults.password(infra));
        alerts = startAlerts();
        gateway = startGateway();
        for (ServiceProcess service : List.of(ingest, stock, alerts, gateway)) {
            service.awaitReady();
        }
        writer = new TopicWriter(infra.kafkaBootstrap());
    }

    @AfterAll
    void stopSuite() throws Exception {
        if (writer != null) {
            writer.close();
        }
        for (ServiceProcess service : new ServiceProcess[] { gateway, alerts, stock, ingest }) {
            if (service != null) {
                service.close();
            }
        }
        if (redisDir != null) {
            OwnRedis.kill(redisDir);
        }
        if (postgresDir != null) {
            OwnPostgres.stop(postgresDir);
        }
    }

    private ServiceProcess startAlerts() throws Exception {
        return ServiceProcess.start("alert-service", Faults.alerts(infra), Faults.password(infra));
    }

    private ServiceProcess startGateway() throws Exception {
        Map<String, String> config = new HashMap<>(Faults.gateway(infra));
        config.put("vaxtrace.gateway.stock-url", "http://127.0.0.1:" + stock.port);
        config.put("vaxtrace.gateway.alert-url", "http://127.0.0.1:" + alerts.port);
        return ServiceProcess.start("realtime-gateway", config, Map.of());
    }

    private DashboardClient dashboard() throws Exception {
        return new DashboardClient(URI.create("ws://127.0.0.1:" + gateway.port + "/ws/v1?access_token="
                + TestIssuer.token(Roles.NATIONAL_OFFICER, null)));
    }

    private String facility(String prefix) {
        String code = Faults.facility(writer, prefix);
        await().atMost(WAIT).until(() -> Faults.doses(stock, code, READER) == 0);
        return code;
    }

    @Test
    void shouldDeadLetterAPoisonRecordOnEveryConsumedTopicAndMoveOn() throws Exception {
        try (TopicProbe stockDlq = new TopicProbe(infra.kafkaBootstrap(), Faults.STOCK_DLQ);
                TopicProbe referenceDlq = new TopicProbe(infra.kafkaBootstrap(), Faults.REFERENCE_DLQ);
                TopicProbe levelsDlq = new TopicProbe(infra.kafkaBootstrap(), Faults.LEVELS_DLQ);
                TopicProbe readingsDlq = new TopicProbe(infra.kafkaBootstrap(), Faults.READINGS_DLQ)) {
            // Reference data: a record that is not JSON, then a good facility behind it on the topic's one partition.
            String referencePoison = "{\"poison\":\"reference-" + UUID.randomUUID() + "\"";
            writer.send(Topics.REFERENCE_DATA, "poison", referencePoison);
            String facility = facility("X");
            assertThat(reason(referenceDlq.await(r -> referencePoison.equals(r.value()), WAIT))).isNotBlank();

            try (DashboardClient dashboard = dashboard()) {
                dashboard.subscribe("facility:" + facility);
                await().atMost(WAIT).until(() -> !dashboard.frames("subscribed").isEmpty());

                // Stock events and stock-level changes: poison on the facility's own partition, then good events that
                // must be applied (stock-service), raise an alert (alert-service) and reach the dashboard (gateway).
                String stockPoison = "{\"id\":\"poison-" + UUID.randomUUID() + "\",\"type\":\"" + StockEventType.RECEIPT.cloudEventType()
                        + "\",\"data\":{\"facilityCode\":\"" + facility + "\",\"quantity\":\"ten\"}}";
                writer.send(Topics.STOCK_EVENTS, facility, stockPoison);
                String levelsPoison = "not json at all: levels " + facility;
                double unreadableBefore = gatewayUnreadable(Topics.STOCK_LEVELS);
                writer.send(Topics.STOCK_LEVELS, facility, levelsPoison);
                Instant at = Instant.now().minus(1, ChronoUnit.HOURS);
                String receipt = "poison-next-" + UUID.randomUUID();
                String issue = "poison-next-" + UUID.randomUUID();
                writer.send(Topics.STOCK_EVENTS, facility, Faults.stockEvent(receipt, StockEventType.RECEIPT, facility, 50, at));
                writer.send(Topics.STOCK_EVENTS, facility, Faults.stockEvent(issue, StockEventType.ISSUE, facility, 50, at.plusSeconds(1)));

                ConsumerRecord<String, String> deadStock = stockDlq.await(r -> stockPoison.equals(r.value()), WAIT);
                assertThat(reason(deadStock)).contains("quantity");
                ConsumerRecord<String, String> deadLevel = levelsDlq.await(r -> levelsPoison.equals(r.value()), WAIT);
                assertThat(reason(deadLevel)).startsWith("unreadable");
                await().atMost(WAIT).until(() -> !dashboard.stockUpdatesCausedBy(issue).isEmpty());
                await().atMost(WAIT).until(() -> gatewayUnreadable(Topics.STOCK_LEVELS) > unreadableBefore);
                await("the stock-out behind the poison").atMost(WAIT).until(() -> alertsOf(facility, "STOCK_OUT").size() == 1);
                assertThat(Faults.doses(stock, facility, READER)).isZero();

                // Alerts (consumed by the gateway only): poison on every partition is skipped and counted; the next
                // alert still reaches the dashboard, and so does a good alert behind the poison on each partition.
                List<String> alertsBehind = poisonEachPartitionOfTheGateway(Topics.ALERTS, key -> goodAlertOnPartitionOf(key, facility));
                await("a good alert behind the poison on each partition").atMost(WAIT).until(() -> dashboard.frames("alert:new").stream()
                        .map(f -> f.path("data").path("alertId").asText()).collect(Collectors.toSet()).containsAll(alertsBehind));
                writer.send(Topics.STOCK_EVENTS, facility, Faults.stockEvent("poison-next-" + UUID.randomUUID(), StockEventType.RECEIPT,
                        facility, 5, at.plusSeconds(2)));
                writer.send(Topics.STOCK_EVENTS, facility, Faults.stockEvent("poison-next-" + UUID.randomUUID(), StockEventType.ISSUE,
                        facility, 5, at.plusSeconds(3)));
                await("an alert after the poisoned alerts").atMost(WAIT)
                        .until(() -> dashboard.frames("alert:resolved").size() + dashboard.frames("alert:new").size() >= 5);

                // Transfer suggestions (consumed by the gateway only): a poison on each of its 3 partitions is skipped
                // and counted, never a stalled partition or a closed consumer: a good suggestion sent behind the poison
                // on each partition (same key) reaches the dashboard of the receiving facility.
                List<String> transfersBehind = poisonEachPartitionOfTheGateway(Topics.TRANSFERS, key -> goodTransferOnPartitionOf(key, facility));
                await("a good transfer behind the poison on each partition").atMost(WAIT).until(() -> dashboard.frames("transfer:suggested")
                        .stream().map(f -> f.path("data").path("suggestionId").asText()).collect(Collectors.toSet()).containsAll(transfersBehind));
                assertThat(Faults.live(gateway)).isEqualTo(200);
            }

            // Cold-chain readings (alert-service): poison, then readings of the same fridge behind it (same key, same
            // partition) that freeze it for more than an hour: the freeze alert proves they were read.
            String fridge = "CCE-POISON-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
            String readingPoison = "{\"id\":\"poison-" + UUID.randomUUID() + "\",\"type\":\"" + EventTypes.COLDCHAIN_READING
                    + "\",\"data\":{\"fridgeId\":\"" + fridge + "\",\"temperatureCelsius\":\"warm\"}}";
            writer.send(Topics.COLDCHAIN_READINGS, fridge, readingPoison);
            Instant frozenSince = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
            for (Instant measuredAt : List.of(frozenSince, frozenSince.plus(61, ChronoUnit.MINUTES))) {
                writer.send(Topics.COLDCHAIN_READINGS, fridge, EventJson.write(CloudEvent.of(fridge + "@" + measuredAt, "/e2e",
                        EventTypes.COLDCHAIN_READING, fridge, measuredAt, new ColdChainReading(fridge, facility, measuredAt, -2.0, true))));
            }
            assertThat(reason(readingsDlq.await(r -> readingPoison.equals(r.value()), WAIT))).isNotBlank();
            await("the freeze behind the poisoned reading").atMost(WAIT).until(() -> alertsOf(facility, "FREEZE_EXCURSION").size() == 1);
        }
    }

    @Test
    void shouldLoseNoAcceptedEventWhenIngestIsKilledMidStream() throws Exception {
        String facility = facility("I");
        int events = 150;
        Map<String, Integer> answers = new ConcurrentHashMap<>();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            bodies.add(FieldApp.event("ingest-kill-" + facility + "-" + i, "receipt", facility, 2));
        }
        try (TopicProbe stockEvents = new TopicProbe(infra.kafkaBootstrap(), Topics.STOCK_EVENTS)) {
            FieldApp app = new FieldApp(ingest.uri("/api/v1/stock-events"), CLIENT, secret);
            Thread device = new Thread(() -> {
                for (int i = 0; i < events; i++) {
                    try {
                        answers.put(bodies.get(i), app.post(bodies.get(i)).statusCode());
                    } catch (Exception e) {
                        answers.put(bodies.get(i), -1); // no answer: the connection died with the process
                    }
                }
            });
            device.start();
            await().atMost(WAIT).until(() -> answers.size() >= events / 3);
            ingest.kill();
            device.join(WAIT.toMillis());

            // Every 202 given before the kill is on the topic: nothing was acknowledged and then lost.
            Set<String> accepted = answers.entrySet().stream().filter(e -> e.getValue() == 202).map(e -> id(e.getKey()))
                    .collect(Collectors.toSet());
            assertThat(accepted).isNotEmpty();
            stockEvents.awaitSeen(records -> records.stream().map(r -> EventJson.tree(r.value()).path("id").asText())
                    .collect(Collectors.toSet()).containsAll(accepted), WAIT);

            // The device re-sends what got no 202 to the restarted service (signed anew) until it is accepted.
            ingest = ServiceProcess.start("ingest-service", Faults.ingest(infra, CLIENT, secret), Map.of());
            ingest.awaitReady();
            FieldApp restarted = new FieldApp(ingest.uri("/api/v1/stock-events"), CLIENT, secret);
            for (String body : bodies) {
                if (answers.get(body) == null || answers.get(body) != 202) {
                    // At once; a claim the killed process held stays "in progress" for up to 30 s, then expires.
                    await().atMost(Duration.ofSeconds(45)).pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(1))
                            .until(() -> restarted.resend(body).statusCode() == 202);
                }
            }
        }
        await().atMost(WAIT).until(() -> Faults.doses(stock, facility, READER) == 2L * events);
    }

    @Test
    void shouldRaiseEveryAlertOnceWhenAlertServiceIsKilledMidStream() throws Exception {
        int facilities = 150;
        String prefix = "NG-KN-017-A" + UUID.randomUUID().toString().substring(0, 6).toUpperCase() + "-";
        Thread feeder = new Thread(() -> {
            try (TopicWriter feed = new TopicWriter(infra.kafkaBootstrap())) {
                for (int i = 0; i < facilities; i++) {
                    feed.send(Topics.STOCK_LEVELS, prefix + i, stockedOut(prefix + i));
                }
            }
        });
        try (TopicProbe alertEvents = new TopicProbe(infra.kafkaBootstrap(), Topics.ALERTS)) {
            feeder.start();
            await().atMost(WAIT).until(() -> openedAlerts(alertEvents, prefix).size() >= facilities / 5);
            alerts.kill();
            feeder.join(WAIT.toMillis());
            assertThat(Faults.ready(alerts)).isEqualTo(-1);
            alerts = startAlerts();
            alerts.awaitReady();

            // Exactly one STOCK_OUT alert per facility, each opened exactly once on the topic (a re-publication
            // carries the same event id).
            await().atMost(WAIT).until(() -> openedAlerts(alertEvents, prefix).size() == facilities);
            Map<String, Set<String>> alertIdsByFacility = new HashMap<>();
            for (JsonNode opened : openedAlerts(alertEvents, prefix).values()) {
                alertIdsByFacility.computeIfAbsent(opened.path("data").path("facilityCode").asText(), f -> new HashSet<>())
                        .add(opened.path("data").path("alertId").asText());
            }
            assertThat(alertIdsByFacility).hasSize(facilities).allSatisfy((f, ids) -> assertThat(ids).as(f).hasSize(1));
            for (int i = 0; i < facilities; i += 10) {
                assertThat(alertsOf(prefix + i, "STOCK_OUT")).as(prefix + i).hasSize(1);
            }
        }
    }

    /**
     * kill -9 of the gateway while a dashboard watches two facilities and their stock keeps changing, and changes go on
     * during the outage: the restarted gateway is ready only with the whole state read back (its warm start), the
     * reconnecting dashboard (presenting the dead process's epoch) gets a fresh, complete snapshot holding every
     * facility's balance as stock-service has it, and later changes arrive live.
     */
    @Test
    void shouldGiveAReconnectingDashboardTheWholeStateWhenTheGatewayIsKilledMidStream() throws Exception {
        List<String> facilities = List.of(facility("G"), facility("G"));
        Instant start = Instant.now().minus(30, ChronoUnit.MINUTES);
        Map<String, Long> sent = new ConcurrentHashMap<>();
        Map<String, String> epochs = new HashMap<>();
        Map<String, Long> lastSeq = new HashMap<>();
        Thread feeder;
        try (DashboardClient before = dashboard()) {
            for (String facility : facilities) {
                before.subscribe("facility:" + facility);
            }
            await().atMost(WAIT).until(() -> before.frames("subscribed").size() == facilities.size());
            // Receipts keep coming for both facilities while the gateway dies and restarts.
            feeder = new Thread(() -> {
                try (TopicWriter feed = new TopicWriter(infra.kafkaBootstrap())) {
                    for (int i = 0; i < 200; i++) {
                        String facility = facilities.get(i % facilities.size());
                        feed.send(Topics.STOCK_EVENTS, facility, Faults.stockEvent("gw-kill-" + facility + "-" + i, StockEventType.RECEIPT,
                                facility, 3, start.plusMillis(i)));
                        sent.merge(facility, 3L, Long::sum);
                        Thread.sleep(25);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            feeder.start();
            await("live changes before the kill").atMost(WAIT).until(() -> before.frames("stock:update").size() >= 20);
            gateway.kill();
            for (String facility : facilities) {
                String room = "facility:" + facility;
                epochs.put(room, before.frames("subscribed", room).get(0).path("data").path("epoch").asText());
                lastSeq.put(room, before.frames("stock:update", room).stream().mapToLong(f -> f.path("seq").asLong()).max().orElse(0));
            }
        }
        assertThat(Faults.ready(gateway)).as("a killed gateway answers nothing").isEqualTo(-1);
        gateway = startGateway();
        feeder.join(WAIT.toMillis());
        gateway.awaitReady();
        assertThat(Faults.live(gateway)).isEqualTo(200);
        for (String facility : facilities) {
            await().atMost(WAIT).until(() -> Faults.doses(stock, facility, READER) == sent.get(facility));
        }

        try (DashboardClient after = dashboard()) {
            for (String facility : facilities) {
                String room = "facility:" + facility;
                after.resume(room, epochs.get(room), lastSeq.get(room));
            }
            // Another process's epoch is never replayed: a fresh snapshot, complete within 10 s of readiness, holding
            // every balance that changed before and during the outage.
            for (String facility : facilities) {
                String room = "facility:" + facility;
                await().atMost(HONEST).until(() -> !after.frames("subscribed", room).isEmpty());
                assertThat(after.frames("subscribed", room).get(0).path("data").path("resumed").asBoolean()).isFalse();
                await("a complete snapshot of " + room).atMost(HONEST).until(() -> after.frames("snapshot", room).stream().anyMatch(f -> f.path("data").path("complete").asBoolean()));
                JsonNode snapshot = after.frames("snapshot", room).stream().filter(f -> f.path("data").path("complete").asBoolean())
                        .reduce((a, b) -> b).orElseThrow();
                long balance = 0;
                for (JsonNode entry : snapshot.path("data").path("stock")) {
                    balance += entry.path("productBalance").asLong();
                }
                assertThat(balance).as(room + " in the snapshot").isEqualTo(sent.get(facility));
            }

            // After the restart, changes arrive live.
            String next = "gw-kill-after-" + UUID.randomUUID();
            writer.send(Topics.STOCK_EVENTS, facilities.get(0), Faults.stockEvent(next, StockEventType.RECEIPT, facilities.get(0), 4,
                    start.plusSeconds(1)));
            await("a change after the restart, live").atMost(WAIT).until(() -> !after.stockUpdatesCausedBy(next).isEmpty());
            assertThat(after.stockUpdatesCausedBy(next).get(0).path("data").path("productBalanceAfter").asLong())
                    .isEqualTo(sent.get(facilities.get(0)) + 4);
        }
        assertThat(Faults.ready(gateway)).isEqualTo(200);
    }

    /**
     * PostgreSQL stops for 30 s while events keep coming: stock-service and alert-service stay alive, say they are not
     * ready within 10 s, pause consumption instead of dead-lettering what is only waiting, and resume by themselves:
     * readiness back within 10 s of the database, every event applied once, the alert it causes raised.
     */
    @Test
    void shouldPauseAndResumeByItselfWhenPostgresStopsForThirtySeconds() throws Exception {
        Duration outage = Duration.ofSeconds(30);
        int events = 200;
        Instant start = Instant.now().minus(2, ChronoUnit.HOURS);
        try (TopicProbe levels = new TopicProbe(infra.kafkaBootstrap(), Topics.STOCK_LEVELS);
                TopicProbe stockDlq = new TopicProbe(infra.kafkaBootstrap(), Faults.STOCK_DLQ);
                TopicProbe levelsDlq = new TopicProbe(infra.kafkaBootstrap(), Faults.LEVELS_DLQ)) {
            String facility = facility("P");
            // Half the receipts before the outage, half during it, then an issue of everything: a stock-out.
            for (int i = 0; i < events / 2; i++) {
                writer.send(Topics.STOCK_EVENTS, facility, Faults.stockEvent("pg-" + facility + "-" + i, StockEventType.RECEIPT, facility, 2,
                        start.plusMillis(i)));
            }
            await().atMost(WAIT).until(() -> Faults.doses(stock, facility, READER) == events);

            OwnPostgres.stop(postgresDir);
            try {
                Instant stopped = Instant.now();
                for (int i = events / 2; i < events; i++) {
                    writer.send(Topics.STOCK_EVENTS, facility, Faults.stockEvent("pg-" + facility + "-" + i, StockEventType.RECEIPT, facility,
                            2, start.plusMillis(i)));
                }
                writer.send(Topics.STOCK_EVENTS, facility, Faults.stockEvent("pg-" + facility + "-" + events, StockEventType.ISSUE, facility,
                        2L * events, start.plusMillis(events)));
                while (Instant.now().isBefore(stopped.plus(outage))) {
                    assertThat(Faults.live(stock)).as("stock-service liveness without its database").isEqualTo(200);
                    assertThat(Faults.live(alerts)).as("alert-service liveness without its database").isEqualTo(200);
                    if (Instant.now().isAfter(stopped.plus(HONEST))) {
                        assertThat(Faults.ready(stock)).as("stock-service readiness 10 s into the outage").isEqualTo(503);
                        assertThat(Faults.ready(alerts)).as("alert-service readiness 10 s into the outage").isEqualTo(503);
                    }
                    Thread.sleep(500);
                }
            } finally {
                OwnPostgres.start(postgresDir);
            }
            await("readiness back within 10 s of the database").atMost(HONEST).pollInterval(Duration.ofMillis(250))
                    .until(() -> Faults.ready(stock) == 200 && Faults.ready(alerts) == 200);
            String cause = "\"causeEventId\":\"pg-" + facility + "-";
            levels.awaitSeen(records -> CrashRecoveryTest.distinctCauses(records, cause) == events + 1, WAIT);
            assertThat(Faults.doses(stock, facility, READER)).isZero();
            await("the stock-out alert").atMost(WAIT).until(() -> alertsOf(facility, "STOCK_OUT").size() == 1);

            // Nothing that was only waiting for the database was dead-lettered.
            Faults.drain(stockDlq, writer, Faults.STOCK_DLQ);
            Faults.drain(levelsDlq, writer, Faults.LEVELS_DLQ);
            assertThat(stockDlq.seen()).noneMatch(r -> r.value().contains(facility));
            assertThat(levelsDlq.seen()).noneMatch(r -> r.value().contains(facility));
        }
    }

    @Test
    void shouldServeFromPostgresAndRefuseIngestWhileRedisIsDown() throws Exception {
        String facility = facility("R");
        FieldApp app = new FieldApp(ingest.uri("/api/v1/stock-events"), CLIENT, secret);
        assertThat(app.post(FieldApp.event(UUID.randomUUID().toString(), "receipt", facility, 10)).statusCode()).isEqualTo(202);
        await().atMost(WAIT).until(() -> Faults.doses(stock, facility, READER) == 10);

        OwnRedis.kill(redisDir);
        try {
            // ingest fails closed: without its replay and duplicate guards it accepts nothing (503, retry later).
            String during = FieldApp.event(UUID.randomUUID().toString(), "receipt", facility, 5);
            HttpResponse<String> refused = app.post(during);
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            await("ingest not ready without Redis").atMost(HONEST).until(() -> Faults.ready(ingest) == 503);
            assertThat(Faults.live(ingest)).isEqualTo(200);

            // stock-service goes on: events from Kafka are applied and reads are served from PostgreSQL.
            writer.send(Topics.STOCK_EVENTS, facility, Faults.stockEvent("redis-" + UUID.randomUUID(), StockEventType.RECEIPT, facility,
                    7, Instant.now().minus(1, ChronoUnit.MINUTES)));
            await().atMost(WAIT).until(() -> Faults.doses(stock, facility, READER) == 17);
            assertThat(Faults.status(stock, "/api/v1/facilities/" + facility, READER)).isEqualTo(200);
            assertThat(Faults.status(stock, "/api/v1/areas/NG-KN/stock", READER)).isEqualTo(200);
            assertThat(Faults.live(stock)).isEqualTo(200);
            HttpResponse<String> readiness = HTTP.send(HttpRequest.newBuilder(stock.uri("/q/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(readiness.statusCode()).as("stock-service serves without Redis, so it stays ready").isEqualTo(200);
            assertThat(readiness.body()).contains("unreachable, serving uncached");

            OwnRedis.start(redisDir);
            await("ingest ready again").atMost(HONEST).until(() -> Faults.ready(ingest) == 200);
            await().atMost(HONEST).until(() -> app.resend(during).statusCode() == 202);
            await().atMost(WAIT).until(() -> Faults.doses(stock, facility, READER) == 22);
        } finally {
            if (!Files.exists(redisDir.resolve("pid"))) { // a failed assertion left it down: the other tests need it
                OwnRedis.start(redisDir);
            }
        }
    }

    /** A stock-level change that leaves the facility with nothing: a STOCK_OUT for alert-service. */
    private static String stockedOut(String facility) {
        String cause = UUID.randomUUID().toString();
        Instant at = Instant.now().minus(10, ChronoUnit.MINUTES);
        StockLevelChanged change = new StockLevelChanged(facility, "BCG", "BCG-FAULT-1", cause, "issue", 20, 0, 0, at, Instant.now(),
                new LevelMetrics(null, null, "STOCKED_OUT", 0, 0.25, 1.25), new FacilityArea("NG-NW", "NG-KN", "NG-KN-017"),
                LocalDate.parse("2027-03-31"), null);
        return EventJson.write(CloudEvent.of(UUID.nameUUIDFromBytes(("stock-level-changed:" + cause).getBytes(StandardCharsets.UTF_8))
                .toString(), "/stock-service", EventTypes.STOCK_LEVEL_CHANGED, facility, Instant.now(), change));
    }

    /** Reads what has arrived on the probe's topic since the last look (one short poll). */
    private static void readMore(TopicProbe probe) {
        probe.awaitSeen(records -> true, Duration.ofMillis(200));
    }

    /** The opened-alert events of facilities starting with {@code prefix}, by CloudEvent id (a re-publication is the same id). */
    private static Map<String, JsonNode> openedAlerts(TopicProbe probe, String prefix) {
        readMore(probe);
        Map<String, JsonNode> opened = new HashMap<>();
        for (ConsumerRecord<String, String> r : probe.seen()) {
            if (r.value().contains("\"facilityCode\":\"" + prefix)) {
                JsonNode event = EventJson.tree(r.value());
                if (EventTypes.ALERT_OPENED.equals(event.path("type").asText())) {
                    opened.put(event.path("id").asText(), event);
                }
            }
        }
        return opened;
    }

    private List<JsonNode> alertsOf(String facility, String type) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(alerts.uri("/api/v1/alerts?status=ALL&facility=" + facility
                + "&type=" + type)).header("Authorization", READER).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        EventJson.tree(response.body()).path("items").forEach(items::add);
        return items;
    }

    /**
     * Writes a poison record on each of the 3 partitions of {@code topic} (read by the gateway only) and, behind each
     * with the same key, the good record {@code good} writes for that key; waits until the gateway counted the 3
     * unreadable records and returns the ids {@code good} gave.
     */
    private List<String> poisonEachPartitionOfTheGateway(String topic, Function<String, String> good) throws Exception {
        double unreadableBefore = gatewayUnreadable(topic);
        List<String> keys = keysForEveryPartition(3);
        for (String key : keys) {
            writer.send(topic, key, "[\"poison\"]");
        }
        List<String> behind = keys.stream().map(good).toList();
        await().atMost(WAIT).until(() -> gatewayUnreadable(topic) >= unreadableBefore + 3);
        return behind;
    }

    /**
     * Writes an opened alert of {@code facility} with {@code key} (so on the partition of the poison sent with it), as
     * alert-service publishes one; returns its alert id.
     */
    private String goodAlertOnPartitionOf(String key, String facility) {
        String alertId = "behind-poison-" + UUID.randomUUID();
        Alert alert = new Alert(alertId, AlertType.STOCK_OUT, AlertSeverity.HIGH, Alert.OPEN, facility, FACILITY_AREA, "BCG", null, null,
                "behind a poison record", Map.of(), Instant.now(), Instant.now(), null, null, null, null, null, null, null);
        writer.send(Topics.ALERTS, key, EventJson.write(CloudEvent.of(UUID.randomUUID().toString(), "/e2e", EventTypes.ALERT_OPENED,
                facility, Instant.now(), alert)));
        return alertId;
    }

    /**
     * Writes a suggested transfer to {@code facility} with {@code key} (so on the partition of the poison sent with
     * it), as alert-service publishes one; returns its suggestion id.
     */
    private String goodTransferOnPartitionOf(String key, String facility) {
        String donor = "NG-KN-017-DONOR" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        TransferSuggestion.Party from = new TransferSuggestion.Party(donor, FACILITY_AREA.zoneCode(), FACILITY_AREA.stateCode(),
                FACILITY_AREA.lgaCode(), 11.9, 8.5);
        TransferSuggestion.Party to = new TransferSuggestion.Party(facility, FACILITY_AREA.zoneCode(), FACILITY_AREA.stateCode(),
                FACILITY_AREA.lgaCode(), 11.9, 8.5);
        TransferSuggestion suggestion = new TransferSuggestion(TransferSuggestion.idOf("BCG", donor, facility), 1, TransferSuggestion.SUGGESTED,
                "BCG", from, to, 50, List.of(), 1.5, "SAME_LGA", "STOCKED_OUT", Instant.now());
        writer.send(Topics.TRANSFERS, key, EventJson.write(CloudEvent.of(UUID.randomUUID().toString(), "/e2e", EventTypes.TRANSFER_SUGGESTED,
                facility, Instant.now(), suggestion)));
        return suggestion.suggestionId();
    }

    /** The gateway's count of records it could not read on {@code topic} (Prometheus text format). */
    private double gatewayUnreadable(String topic) throws Exception {
        String metrics = HTTP.send(HttpRequest.newBuilder(gateway.uri("/q/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(l -> l.startsWith("vaxtrace_gateway_unreadable_events_total") && l.contains("topic=\"" + topic + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** One key per partition of a topic of {@code partitions}, as Kafka's default partitioner places keys. */
    private static List<String> keysForEveryPartition(int partitions) {
        Map<Integer, String> keys = new HashMap<>();
        for (int i = 0; keys.size() < partitions; i++) {
            String key = "poison-" + i;
            keys.putIfAbsent(Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions, key);
        }
        return List.copyOf(keys.values());
    }

    private static String reason(ConsumerRecord<String, String> record) {
        Header header = record.headers().lastHeader("dead-letter-reason");
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String id(String body) {
        return EventJson.tree(body).path("eventId").asText();
    }
}
