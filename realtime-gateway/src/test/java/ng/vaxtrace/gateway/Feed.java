package ng.vaxtrace.gateway;

import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import ng.vaxtrace.contracts.Alert;
import ng.vaxtrace.contracts.AlertSeverity;
import ng.vaxtrace.contracts.AlertType;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.EventTypes;
import ng.vaxtrace.contracts.FacilityArea;
import ng.vaxtrace.contracts.LevelMetrics;
import ng.vaxtrace.contracts.StockLevelChanged;
import ng.vaxtrace.contracts.Topics;
import ng.vaxtrace.contracts.TransferSuggestion;
import ng.vaxtrace.testing.TopicWriter;

/** Publishes stock-level changes and alert events to the topics, as stock-service and alert-service would. */
final class Feed implements AutoCloseable {

    private static volatile boolean live;
    private final TopicWriter writer;

    Feed(String bootstrap) {
        writer = new TopicWriter(bootstrap);
    }

    static String facility(String lga) {
        return lga + "-HF-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
    }

    static FacilityArea area(String zone, String lga) {
        return new FacilityArea(zone, lga.substring(0, 5), lga);
    }

    /** Publishes a level change; returns its event id. */
    String level(String facility, FacilityArea area, String product, long balance, String status) {
        String id = UUID.randomUUID().toString();
        level(id, facility, area, product, balance, status);
        return id;
    }

    void level(String id, String facility, FacilityArea area, String product, long balance, String status) {
        LevelMetrics metrics = new LevelMetrics(100L, BigDecimal.ONE, status, 0, 1.0, 3.0);
        StockLevelChanged change = new StockLevelChanged(facility, product, "LOT-A", UUID.randomUUID().toString(), "receipt",
                0, balance, balance, Instant.now(), Instant.now(), metrics, area, null, null);
        writer.send(Topics.STOCK_LEVELS, facility, EventJson.write(CloudEvent.of(id, "/tests", EventTypes.STOCK_LEVEL_CHANGED,
                facility, Instant.now(), change)));
    }

    /** Publishes an alert lifecycle event; returns its event id. */
    String alert(String type, String alertId, String facility, FacilityArea area, String product, String status, String message) {
        String id = UUID.randomUUID().toString();
        Alert alert = new Alert(alertId, AlertType.STOCK_OUT, AlertSeverity.HIGH, status, facility, area, product, null, null,
                message, Map.of(), Instant.now(), Instant.now(), null, null, null, null, null, null, null);
        writer.send(Topics.ALERTS, alertId, EventJson.write(CloudEvent.of(id, "/tests", type, facility, Instant.now(), alert)));
        return id;
    }

    /** A redistribution event as alert-service publishes it (key: the receiver), under the given event id. */
    void transfer(String id, String type, String product, String from, FacilityArea fromArea, String to, FacilityArea toArea, int version) {
        TransferSuggestion suggestion = new TransferSuggestion(TransferSuggestion.idOf(product, from, to), version,
                EventTypes.TRANSFER_WITHDRAWN.equals(type) ? TransferSuggestion.WITHDRAWN : TransferSuggestion.SUGGESTED, product,
                party(from, fromArea), party(to, toArea), 200, List.of(), 4.2, "SAME_STATE", "STOCKED_OUT", Instant.now());
        writer.send(Topics.TRANSFERS, to, EventJson.write(CloudEvent.of(id, "/tests", type, to, Instant.now(), suggestion)));
    }

    private static TransferSuggestion.Party party(String facility, FacilityArea area) {
        return new TransferSuggestion.Party(facility, area.zoneCode(), area.stateCode(), area.lgaCode(), 12.0, 8.5);
    }

    /**
     * The gateway reads from the live end of both topics: once per JVM, wait until it is assigned partitions and
     * delivering from each.
     */
    void awaitLive(URI baseUri) {
        if (live) {
            return;
        }
        String facility = facility("NG-AB-001");
        FacilityArea area = area("NG-SE", "NG-AB-001");
        try (Dashboard probe = new Dashboard(baseUri)) {
            probe.subscribe("facility:" + facility);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                level(facility, area, "PENTA", 1, "WITHIN_RANGE");
                return !probe.of("stock:update").isEmpty();
            });
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                alert(EventTypes.ALERT_OPENED, UUID.randomUUID().toString(), facility, area, "PENTA", Alert.OPEN, "probe");
                return !probe.of("alert:new").isEmpty();
            });
        }
        live = true;
    }

    @Override
    public void close() {
        writer.close();
    }
}
