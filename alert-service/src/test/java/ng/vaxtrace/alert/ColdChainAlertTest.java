package ng.vaxtrace.alert;

import static ng.vaxtrace.alert.AlertTestSupport.KANO;
import static ng.vaxtrace.alert.AlertTestSupport.await;
import static ng.vaxtrace.alert.AlertTestSupport.count;
import static ng.vaxtrace.alert.AlertTestSupport.publishLevel;
import static ng.vaxtrace.alert.AlertTestSupport.publishReading;
import static ng.vaxtrace.alert.AlertTestSupport.unique;
import static ng.vaxtrace.alert.AlertTestSupport.withinRange;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import ng.vaxtrace.contracts.Alert;
import ng.vaxtrace.contracts.AlertSeverity;
import ng.vaxtrace.contracts.AlertType;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.ContractSchemas;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.EventTypes;
import ng.vaxtrace.contracts.Topics;
import ng.vaxtrace.testing.InfraTestResource;
import ng.vaxtrace.testing.TopicProbe;
import ng.vaxtrace.testing.TopicWriter;

/** Fridge readings on their topic → heat and freeze excursions at the WHO thresholds, resolved when back in range. */
@QuarkusTest
@WithTestResource(value = InfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "vaxtrace_alert"))
class ColdChainAlertTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private TopicWriter writer;
    private TopicProbe alerts;

    @BeforeEach
    void connect() {
        writer = new TopicWriter(bootstrap);
        alerts = new TopicProbe(bootstrap, Topics.ALERTS);
    }

    @AfterEach
    void disconnect() {
        writer.close();
        alerts.close();
    }

    @Test
    void shouldRaiseHeatJustAfterTenHoursAboveEightAndResolveWhenCoolAgain() {
        String facility = unique("NG-KN-017-HF");
        String fridge = unique("TCW3000");
        // A facility alert-service knows (its stock-out alert proves the report was applied): the alert carries its area.
        publishLevel(writer, facility, KANO, "BCG", "", 0, 0, AlertTestSupport.stockedOut(), null, null, Instant.now());
        await(alerts, EventTypes.ALERT_OPENED, facility, AlertType.STOCK_OUT);
        Instant start = Instant.now().minus(Duration.ofHours(12)).truncatedTo(ChronoUnit.MINUTES);
        publishReading(writer, fridge, facility, start.minus(Duration.ofMinutes(30)), 5.0);
        for (int half = 0; half <= 20; half++) { // every 30 minutes for exactly 10 hours at 8.5 °C: not yet an alarm
            publishReading(writer, fridge, facility, start.plus(Duration.ofMinutes(30L * half)), 8.5);
        }
        publishReading(writer, fridge, facility, start.plus(Duration.ofHours(10).plusMinutes(15)), 9.0);

        CloudEvent<Alert> opened = await(alerts, EventTypes.ALERT_OPENED, facility, AlertType.HEAT_EXCURSION);
        assertThat(opened.data().fridgeId()).isEqualTo(fridge);
        assertThat(opened.data().area()).isEqualTo(KANO);
        assertThat(opened.data().severity()).isEqualTo(AlertSeverity.HIGH);
        // Raised by the reading 10 h 15 min into the run, not by the one at exactly 10 h.
        assertThat(((Number) opened.data().details().get("durationMinutes")).longValue()).isEqualTo(615);
        assertThat(opened.data().raisedAt()).isEqualTo(start.plus(Duration.ofHours(10)));
        assertThat(ContractSchemas.violations(EventJson.write(opened))).isEmpty();

        publishReading(writer, fridge, facility, start.plus(Duration.ofHours(10).plusMinutes(30)), 6.0);
        CloudEvent<Alert> resolved = await(alerts, EventTypes.ALERT_RESOLVED, facility, AlertType.HEAT_EXCURSION);
        assertThat(resolved.data().alertId()).isEqualTo(opened.data().alertId());
        assertThat(resolved.data().resolution()).isEqualTo("AUTO");
        assertThat(count(alerts, EventTypes.ALERT_OPENED, facility, AlertType.HEAT_EXCURSION)).isEqualTo(1);
    }

    @Test
    void shouldRaiseFreezeAfterMoreThanSixtyMinutesAtOrBelowMinusHalfADegreeEvenInOneOfflineUpload() {
        String facility = unique("NG-KN-017-HF");
        String fridge = unique("SDD");
        Instant start = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.MINUTES);
        // One upload holding a whole episode: 60 minutes at -0.5 (no alarm yet), then 75, then back to +4.
        publishReading(writer, fridge, facility, start, -0.5);
        publishReading(writer, fridge, facility, start.plus(Duration.ofMinutes(60)), -0.5);
        publishReading(writer, fridge, facility, start.plus(Duration.ofMinutes(75)), -1.5);
        publishReading(writer, fridge, facility, start.plus(Duration.ofMinutes(90)), 4.0);

        CloudEvent<Alert> opened = await(alerts, EventTypes.ALERT_OPENED, facility, AlertType.FREEZE_EXCURSION);
        assertThat(opened.data().severity()).isEqualTo(AlertSeverity.CRITICAL);
        assertThat(((Number) opened.data().details().get("durationMinutes")).longValue()).isEqualTo(75);
        assertThat(opened.data().area()).isNull(); // a facility alert-service has not seen a stock report from
        await(alerts, EventTypes.ALERT_RESOLVED, facility, AlertType.FREEZE_EXCURSION);

        // The same readings sent again (a device re-sending its buffer) change nothing.
        publishReading(writer, fridge, facility, start, -0.5);
        publishReading(writer, fridge, facility, start.plus(Duration.ofMinutes(75)), -1.5);
        publishReading(writer, fridge, facility, start.plus(Duration.ofMinutes(90)), 4.0);
        // A fresh, in-range reading marks the point where the re-sends have been processed (same fridge, same partition).
        String marker = unique("NG-KN-017-HF");
        publishReading(writer, fridge, marker, start.plus(Duration.ofMinutes(100)), -3.0);
        publishReading(writer, fridge, marker, start.plus(Duration.ofMinutes(200)), -3.0);
        await(alerts, EventTypes.ALERT_OPENED, marker, AlertType.FREEZE_EXCURSION);
        assertThat(count(alerts, EventTypes.ALERT_OPENED, facility, AlertType.FREEZE_EXCURSION)).isEqualTo(1);

        // The facility's first stock report tells where it is: its earlier alerts can then be found by area.
        publishLevel(writer, facility, KANO, "BCG", "", 10, 10, withinRange(), null, null, Instant.now());
        org.awaitility.Awaitility.await().atMost(AlertTestSupport.WAIT).untilAsserted(() -> AlertTestSupport.asNational()
                .queryParam("area", "NG-KN-017").queryParam("facility", facility).queryParam("status", "ALL").get("/api/v1/alerts")
                .then().statusCode(200).body("items.alertType", org.hamcrest.Matchers.hasItem("FREEZE_EXCURSION")));
    }

    @Test
    void shouldDeadLetterAnUnreadableReadingWithItsReason() {
        try (TopicProbe dlq = new TopicProbe(bootstrap, "vaxtrace.coldchain.readings.dlq.alert-service.v1")) {
            String key = unique("BROKEN");
            writer.send(Topics.COLDCHAIN_READINGS, key, "{\"specversion\":\"1.0\",\"id\":\"" + key + "\",\"type\":\""
                    + EventTypes.COLDCHAIN_READING + "\",\"data\":{\"fridgeId\":\"" + key + "\"}}");
            ConsumerRecord<String, String> dead = dlq.await(r -> key.equals(r.key()), AlertTestSupport.WAIT);
            assertThat(new String(dead.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8))
                    .contains("facilityCode").contains("measuredAt");
        }
    }
}
