package ng.vaxtrace.stock;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.Lot;
import ng.vaxtrace.contracts.StockEvent;
import ng.vaxtrace.contracts.StockEventType;

/** Builds stock-event records as ingest-service would publish them. */
final class StockEvents {

    private StockEvents() {
    }

    static String facility() {
        return "NG-TEST-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }

    static String record(String id, StockEventType type, String facility, String product, String lot, long quantity, String reason) {
        StockEvent data = new StockEvent(facility, product, lot == null ? null : new Lot(lot, LocalDate.parse("2027-12-31")),
                quantity, Instant.now().minus(1, ChronoUnit.HOURS), "test", null, reason, null);
        return EventJson.write(CloudEvent.of(id, "/tests", type.cloudEventType(), facility, data.occurredAt(), data));
    }

    static String record(String id, StockEventType type, String facility, String lot, long quantity) {
        return record(id, type, facility, "PENTA", lot, quantity, null);
    }
}
