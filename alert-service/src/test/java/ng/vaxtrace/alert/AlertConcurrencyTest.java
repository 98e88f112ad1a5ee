package ng.vaxtrace.alert;

import static ng.vaxtrace.alert.AlertTestSupport.KANO;
import static ng.vaxtrace.alert.AlertTestSupport.await;
import static ng.vaxtrace.alert.AlertTestSupport.publishLevel;
import static ng.vaxtrace.alert.AlertTestSupport.unique;
import static ng.vaxtrace.alert.AlertTestSupport.withinRange;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import ng.vaxtrace.alert.rules.Finding;
import ng.vaxtrace.alert.store.AlertBook;
import ng.vaxtrace.alert.sweep.TimeRules;
import ng.vaxtrace.contracts.AlertSeverity;
import ng.vaxtrace.contracts.AlertType;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.EventTypes;
import ng.vaxtrace.contracts.LevelMetrics;
import ng.vaxtrace.contracts.StockLevelChanged;
import ng.vaxtrace.contracts.Topics;
import ng.vaxtrace.testing.InfraTestResource;
import ng.vaxtrace.testing.TopicProbe;
import ng.vaxtrace.testing.TopicWriter;

/** One unresolved alert per key, however many transactions race to open it; time-driven rules. */
@QuarkusTest
@WithTestResource(value = InfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "vaxtrace_alert"))
class AlertConcurrencyTest {

    @Inject
    AlertBook book;

    @Inject
    Pool pool;

    @Inject
    TimeRules timeRules;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void shouldOpenExactlyOneAlertWhenManyTransactionsRaiseTheSameConditionAtOnce() {
        String facility = unique("NG-KN-017-HF");
        Finding raise = new Finding.Raise(AlertType.STOCK_OUT, "OPV", AlertSeverity.CRITICAL, "OPV is stocked out",
                Map.of("balance", 0), "OPV", null, null, Instant.now());
        List<Uni<List<AlertBook.Change>>> racers = IntStream.range(0, 16)
                .mapToObj(i -> pool.withTransaction(conn -> book.apply(conn, facility, KANO, List.of(raise), Instant.now())))
                .toList();
        List<List<AlertBook.Change>> results = Uni.join().all(racers).andFailFast().await().atMost(Duration.ofSeconds(30));

        assertThat(results.stream().mapToLong(List::size).sum()).isEqualTo(1);
        long unresolved = pool.preparedQuery("select count(*) from alert where facility_code = $1 and status <> 'RESOLVED'")
                .execute(Tuple.of(facility)).await().atMost(Duration.ofSeconds(5)).iterator().next().getLong(0);
        long opened = pool.preparedQuery("select count(*) from alert_transition t join alert a on a.id = t.alert_id "
                + "where a.facility_code = $1 and t.transition = 'OPENED'").execute(Tuple.of(facility))
                .await().atMost(Duration.ofSeconds(5)).iterator().next().getLong(0);
        assertThat(unresolved).isEqualTo(1);
        assertThat(opened).isEqualTo(1);
    }

    @Test
    void shouldRaiseAReportingGapForASilentFacilityAndClearItWhenItReports() {
        String facility = unique("NG-KN-017-HF");
        try (TopicWriter writer = new TopicWriter(bootstrap); TopicProbe alerts = new TopicProbe(bootstrap, Topics.ALERTS)) {
            Instant longAgo = Instant.now().minus(Duration.ofDays(31));
            String marker = publishLevel(writer, facility, KANO, "BCG", "", 100, 100, withinRange(), null, null, longAgo);
            awaitApplied(marker);

            timeRules.run().await().atMost(Duration.ofSeconds(60));
            var opened = await(alerts, EventTypes.ALERT_OPENED, facility, AlertType.REPORTING_GAP);
            assertThat(opened.data().severity()).isEqualTo(AlertSeverity.MEDIUM);
            assertThat(opened.data().productCode()).isNull();

            publishLevel(writer, facility, KANO, "BCG", "", 90, 90, withinRange(), null, null, Instant.now());
            var resolved = await(alerts, EventTypes.ALERT_RESOLVED, facility, AlertType.REPORTING_GAP);
            assertThat(resolved.data().alertId()).isEqualTo(opened.data().alertId());
        }
    }

    @Test
    void shouldKeepAReportingGapOpenThroughStockServicesDailyRecomputeWhichIsNoReport() {
        String facility = unique("NG-KN-017-HF");
        try (TopicWriter writer = new TopicWriter(bootstrap); TopicProbe alerts = new TopicProbe(bootstrap, Topics.ALERTS)) {
            Instant longAgo = Instant.now().minus(Duration.ofDays(31));
            awaitApplied(publishLevel(writer, facility, KANO, "BCG", "", 100, 100, withinRange(), null, null, longAgo));
            timeRules.run().await().atMost(Duration.ofSeconds(60));
            var opened = await(alerts, EventTypes.ALERT_OPENED, facility, AlertType.REPORTING_GAP);

            // At midnight stock-service recomputes the silent facility's figures and publishes what aged.
            Instant midnight = Instant.now();
            String recompute = java.util.UUID.randomUUID().toString();
            StockLevelChanged aged = new StockLevelChanged(facility, "BCG", "", "recompute:" + midnight, StockLevelChanged.RECOMPUTE, 100,
                    100, 100, midnight, midnight, new LevelMetrics(400L, new BigDecimal("0.25"), "WITHIN_RANGE", 0, 0.25, 1.25), KANO,
                    null, null, longAgo, 31);
            writer.send(Topics.STOCK_LEVELS, facility, EventJson.write(CloudEvent.of(recompute, "/stock-service",
                    EventTypes.STOCK_LEVEL_CHANGED, facility, midnight, aged)));
            awaitApplied(recompute);
            timeRules.run().await().atMost(Duration.ofSeconds(60));

            assertThat(AlertTestSupport.count(alerts, EventTypes.ALERT_RESOLVED, facility, AlertType.REPORTING_GAP)).isZero();
            AlertTestSupport.asNational().queryParam("facility", facility).queryParam("type", "REPORTING_GAP").get("/api/v1/alerts")
                    .then().statusCode(200).body("items[0].alertId", org.hamcrest.Matchers.equalTo(opened.data().alertId()))
                    .body("items[0].status", org.hamcrest.Matchers.equalTo("OPEN"));
        }
    }

    @Test
    void shouldRaiseAnExpiryWarningWhenTimeBringsALotIntoTheWindow() {
        String facility = unique("NG-KN-017-HF");
        try (TopicWriter writer = new TopicWriter(bootstrap); TopicProbe alerts = new TopicProbe(bootstrap, Topics.ALERTS)) {
            java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.of("Africa/Lagos"));
            String marker = publishLevel(writer, facility, KANO, "HEPB", "H-1", 80, 80, withinRange(), today.plusDays(120), null,
                    Instant.now());
            awaitApplied(marker);
            // Four months pass without a stock event: the lot is now 25 days from expiry.
            pool.preparedQuery("update lot_level set expiry = $2 where facility_code = $1").execute(Tuple.of(facility, today.plusDays(25)))
                    .await().atMost(Duration.ofSeconds(5));

            timeRules.run().await().atMost(Duration.ofSeconds(60));
            var opened = await(alerts, EventTypes.ALERT_OPENED, facility, AlertType.LOT_EXPIRING);
            assertThat(opened.data().severity()).isEqualTo(AlertSeverity.HIGH);
            assertThat(opened.data().lotCode()).isEqualTo("H-1");
        }
    }

    @Test
    void shouldPublishAnAlertEventThatACrashLeftInTheOutbox() {
        String facility = unique("NG-KN-017-HF");
        String eventId = java.util.UUID.randomUUID().toString();
        var alert = new ng.vaxtrace.contracts.Alert(java.util.UUID.randomUUID().toString(), AlertType.STOCK_OUT, AlertSeverity.CRITICAL,
                "OPEN", facility, KANO, "OPV", null, null, "OPV is stocked out", Map.of(), Instant.now(), Instant.now(), null, null,
                null, null, null, List.of(), null);
        String payload = ng.vaxtrace.contracts.EventJson.write(ng.vaxtrace.contracts.CloudEvent.of(eventId, "/alert-service",
                EventTypes.ALERT_OPENED, facility, Instant.now(), alert));
        try (TopicProbe alerts = new TopicProbe(bootstrap, Topics.ALERTS)) {
            // What a JVM that died after commit and before publishing leaves behind.
            pool.preparedQuery("insert into outbox_message (message_key, payload, created_at) values ($1, $2, now() - interval '1 minute')")
                    .execute(Tuple.of(alert.alertId(), payload)).await().atMost(Duration.ofSeconds(5));
            alerts.await(r -> r.value().contains(eventId), Duration.ofSeconds(30));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> pool
                    .preparedQuery("select count(*) from outbox_message where payload like $1").execute(Tuple.of("%" + eventId + "%"))
                    .await().atMost(Duration.ofSeconds(5)).iterator().next().getLong(0) == 0);
        }
    }

    private void awaitApplied(String eventId) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> pool
                .preparedQuery("select count(*) from processed_event where event_id = $1").execute(Tuple.of(eventId))
                .await().atMost(Duration.ofSeconds(5)).iterator().next().getLong(0) == 1);
    }
}
