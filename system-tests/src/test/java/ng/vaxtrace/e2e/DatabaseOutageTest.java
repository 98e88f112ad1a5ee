package ng.vaxtrace.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;

import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.StockEventType;
import ng.vaxtrace.contracts.Topics;
import ng.vaxtrace.security.Roles;
import ng.vaxtrace.testing.LocalInfra;
import ng.vaxtrace.testing.OwnPostgres;
import ng.vaxtrace.testing.ServiceProcess;
import ng.vaxtrace.testing.TestIssuer;
import ng.vaxtrace.testing.TopicProbe;
import ng.vaxtrace.testing.TopicWriter;

/**
 * PostgreSQL stops for 30 s while events keep coming: stock-service and alert-service stay alive, say they are not
 * ready within 10 s, pause consumption instead of dead-lettering what is only waiting, and resume by themselves:
 * readiness back within 10 s of the database, every event applied once, the alert it causes raised.
 */
class DatabaseOutageTest {

    private static final String READER = TestIssuer.bearer(Roles.NATIONAL_OFFICER, null);
    private static final Duration HONEST = Duration.ofSeconds(10);
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void shouldPauseAndResumeByItselfWhenPostgresStopsForThirtySeconds() throws Exception {
        LocalInfra.Endpoints shared = LocalInfra.start();
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "own-postgres-");
        LocalInfra.Endpoints infra = OwnPostgres.create(dir, shared);
        int events = 200;
        Instant start = Instant.now().minus(2, ChronoUnit.HOURS);
        try (ServiceProcess stock = ServiceProcess.start("stock-service", Faults.stock(infra), Faults.password(infra));
                ServiceProcess alerts = ServiceProcess.start("alert-service", Faults.alerts(infra), Faults.password(infra));
                TopicWriter writer = new TopicWriter(infra.kafkaBootstrap());
                TopicProbe levels = new TopicProbe(infra.kafkaBootstrap(), Topics.STOCK_LEVELS);
                TopicProbe stockDlq = new TopicProbe(infra.kafkaBootstrap(), Faults.STOCK_DLQ);
                TopicProbe levelsDlq = new TopicProbe(infra.kafkaBootstrap(), Faults.LEVELS_DLQ)) {
            stock.awaitReady();
            alerts.awaitReady();
            String facility = Faults.facility(writer, "P");
            await().atMost(WAIT).until(() -> CrashRecoveryTest.quantity(stock, facility, READER) == 0);
            // Half the receipts before the outage, half during it, then an issue of everything: a stock-out.
            for (int i = 0; i < events / 2; i++) {
                writer.send(Topics.STOCK_EVENTS, facility, Faults.stockEvent("pg-" + facility + "-" + i, StockEventType.RECEIPT, facility, 2,
                        start.plusMillis(i)));
            }
            await().atMost(WAIT).until(() -> CrashRecoveryTest.quantity(stock, facility, READER) == events);

            OwnPostgres.stop(dir);
            Instant stopped = Instant.now();
            for (int i = events / 2; i < events; i++) {
                writer.send(Topics.STOCK_EVENTS, facility, Faults.stockEvent("pg-" + facility + "-" + i, StockEventType.RECEIPT, facility, 2,
                        start.plusMillis(i)));
            }
            writer.send(Topics.STOCK_EVENTS, facility, Faults.stockEvent("pg-" + facility + "-" + events, StockEventType.ISSUE, facility,
                    2L * events, start.plusMillis(events)));
            while (Instant.now().isBefore(stopped.plus(OUTAGE))) {
                assertThat(Faults.live(stock)).as("stock-service liveness without its database").isEqualTo(200);
                assertThat(Faults.live(alerts)).as("alert-service liveness without its database").isEqualTo(200);
                if (Instant.now().isAfter(stopped.plus(HONEST))) {
                    assertThat(Faults.ready(stock)).as("stock-service readiness 10 s into the outage").isEqualTo(503);
                    assertThat(Faults.ready(alerts)).as("alert-service readiness 10 s into the outage").isEqualTo(503);
                }
                Thread.sleep(500);
            }

            OwnPostgres.start(dir);
            await("readiness back within 10 s of the database").atMost(HONEST).pollInterval(Duration.ofMillis(250))
                    .until(() -> Faults.ready(stock) == 200 && Faults.ready(alerts) == 200);
            String cause = "\"causeEventId\":\"pg-" + facility + "-";
            levels.awaitSeen(records -> CrashRecoveryTest.distinctCauses(records, cause) == events + 1, WAIT);
            assertThat(CrashRecoveryTest.quantity(stock, facility, READER)).isZero();
            await("the stock-out alert").atMost(WAIT).until(() -> stockOutAlerts(alerts, facility) == 1);

            // Nothing that was only waiting for the database was dead-lettered.
            Faults.drain(stockDlq, writer, Faults.STOCK_DLQ);
            Faults.drain(levelsDlq, writer, Faults.LEVELS_DLQ);
            assertThat(stockDlq.seen()).noneMatch(r -> r.value().contains(facility));
            assertThat(levelsDlq.seen()).noneMatch(r -> r.value().contains(facility));
        } finally {
            OwnPostgres.stop(dir);
        }
    }

    private static int stockOutAlerts(ServiceProcess alerts, String facility) throws Exception {
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                alerts.uri("/api/v1/alerts?facility=" + facility + "&type=STOCK_OUT")).header("Authorization", READER).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return response.statusCode() != 200 ? -1 : EventJson.tree(response.body()).path("items").size();
    }
}
