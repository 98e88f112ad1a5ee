package ng.vaxtrace.alert;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

import ng.vaxtrace.contracts.Alert;
import ng.vaxtrace.contracts.AlertType;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.ColdChainReading;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.EventTypes;
import ng.vaxtrace.contracts.FacilityArea;
import ng.vaxtrace.contracts.LevelMetrics;
import ng.vaxtrace.contracts.StockLevelChanged;
import ng.vaxtrace.contracts.Topics;
import ng.vaxtrace.security.Roles;
import ng.vaxtrace.testing.TestIssuer;
import ng.vaxtrace.testing.TopicProbe;
import ng.vaxtrace.testing.TopicWriter;

/** Publishes what stock-service and ingest-service would, and waits for alert events. */
final class AlertTestSupport {

    static final FacilityArea KANO = new FacilityArea("NG-NW", "NG-KN", "NG-KN-017");
    static final FacilityArea LAGOS = new FacilityArea("NG-SW", "NG-LA", "NG-LA-001");
    static final Duration WAIT = Duration.ofSeconds(30);

    private AlertTestSupport() {
    }

    /** A request with a bearer token for this role and area claim. */
    static RequestSpecification as(String role, String area) {
        return RestAssured.given().header("Authorization", TestIssuer.bearer(role, area));
    }

    /** A request of a national officer: sees every alert. */
    static RequestSpecification asNational() {
        return as(Roles.NATIONAL_OFFICER, null);
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }

    /** A level change as stock-service publishes it; returns its event id. */
    static String publishLevel(TopicWriter writer, String facility, FacilityArea area, String product, String lot, long lotBalance,
            long productBalance, LevelMetrics metrics, LocalDate lotExpiry, Integer vvmStage, Instant recordedAt) {
        String id = UUID.randomUUID().toString();
        publishLevel(writer, id, facility, area, product, lot, lotBalance, productBalance, metrics, lotExpiry, vvmStage, recordedAt);
        return id;
    }

    static void publishLevel(TopicWriter writer, String id, String facility, FacilityArea area, String product, String lot,
            long lotBalance, long productBalance, LevelMetrics metrics, LocalDate lotExpiry, Integer vvmStage, Instant recordedAt) {
        publish(writer, id, new StockLevelChanged(facility, product, lot, UUID.randomUUID().toString(), "issue", lotBalance + 1,
                lotBalance, productBalance, recordedAt.minusSeconds(60), recordedAt, metrics, area, lotExpiry, vvmStage));
    }

    /** A change caused by a stock event of {@code causeType} that moved the lot from {@code before} to {@code after}. */
    static void publishChange(TopicWriter writer, String facility, String product, String lot, String causeType, long before, long after,
            LevelMetrics metrics, LocalDate lotExpiry, Integer vvmStage) {
        Instant now = Instant.now();
        publish(writer, UUID.randomUUID().toString(), new StockLevelChanged(facility, product, lot, UUID.randomUUID().toString(), causeType,
                before, after, after, now.minusSeconds(60), now, metrics, KANO, lotExpiry, vvmStage));
    }

    private static void publish(TopicWriter writer, String id, StockLevelChanged change) {
        writer.send(Topics.STOCK_LEVELS, change.facilityCode(), EventJson.write(CloudEvent.of(id, "/stock-service",
                EventTypes.STOCK_LEVEL_CHANGED, change.facilityCode(), change.recordedAt(), change)));
    }

    static LevelMetrics withinRange() {
        return new LevelMetrics(400L, new BigDecimal("0.75"), "WITHIN_RANGE", 0, 0.25, 1.25);
    }

    static LevelMetrics stockedOut() {
        return new LevelMetrics(400L, BigDecimal.ZERO, "STOCKED_OUT", 3, 0.25, 1.25);
    }

    static void publishReading(TopicWriter writer, String fridge, String facility, Instant at, double celsius) {
        ColdChainReading reading = new ColdChainReading(fridge, facility, at, celsius, true);
        writer.send(Topics.COLDCHAIN_READINGS, fridge, EventJson.write(CloudEvent.of(fridge + "@" + at, "/ingest-service/clients/test",
                EventTypes.COLDCHAIN_READING, fridge, at, reading)));
    }

    static CloudEvent<Alert> await(TopicProbe alerts, String eventType, String facility, AlertType type) {
        ConsumerRecord<String, String> record = alerts.await(r -> {
            CloudEvent<Alert> e = EventJson.read(r.value(), EventJson.ALERT);
            return e.type().equals(eventType) && e.data().facilityCode().equals(facility) && e.data().alertType() == type;
        }, WAIT);
        return EventJson.read(record.value(), EventJson.ALERT);
    }

    static long count(TopicProbe alerts, String eventType, String facility, AlertType type) {
        return alerts.seen().stream().map(r -> EventJson.read(r.value(), EventJson.ALERT))
                .filter(e -> e.type().equals(eventType) && e.data().facilityCode().equals(facility) && e.data().alertType() == type)
                .count();
    }
}
