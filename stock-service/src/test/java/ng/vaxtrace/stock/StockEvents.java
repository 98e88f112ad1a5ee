package ng.vaxtrace.stock;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.EventTypes;
import ng.vaxtrace.contracts.FacilityReference;
import ng.vaxtrace.contracts.FacilityTier;
import ng.vaxtrace.contracts.Lot;
import ng.vaxtrace.contracts.ProductReference;
import ng.vaxtrace.contracts.StockEvent;
import ng.vaxtrace.contracts.StockEventType;
import ng.vaxtrace.contracts.Topics;
import ng.vaxtrace.testing.TopicWriter;

/** Builds records as ingest-service and the OpenLMIS connector publish them. */
final class StockEvents {

    /** An LGA of Kano, seeded at start-up like every LGA. */
    static final String LGA = "NG-KN-017";

    private StockEvents() {
    }

    /** Registers a product of the calling test alone (so area figures over it count only that test's facilities). */
    static String registerProduct(TopicWriter writer) {
        String code = "TEST-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        writer.send(Topics.REFERENCE_DATA, code, EventJson.write(CloudEvent.of(UUID.randomUUID().toString(), "/tests",
                EventTypes.REFERENCE_PRODUCT, code, Instant.now(), new ProductReference(code, "Test vaccine", "VACCINE", 10, 2, 8,
                        false, true, null, null))));
        await().atMost(Duration.ofSeconds(15)).until(() -> Api.national().queryParam("product", code).get("/api/v1/kpis").statusCode() == 200);
        return code;
    }

    /** A new health facility code in {@code lga}, unique to the test (the database outlives test runs). */
    static String facility(String lga) {
        return lga + "-T" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }

    /** Registers a health facility in {@link #LGA} through a reference-data event, as the connector would. */
    static String registerFacility(TopicWriter writer) {
        return registerFacility(writer, "NG-NW", "NG-KN", LGA);
    }

    /** Registers a health facility in the given LGA (with its state and zone). */
    static String registerFacility(TopicWriter writer, String zone, String state, String lga) {
        return registerFacility(writer, zone, state, lga, null);
    }

    /** Registers a health facility in {@link #LGA} with an annual target population. */
    static String registerFacility(TopicWriter writer, Integer targetPopulation) {
        return registerFacility(writer, "NG-NW", "NG-KN", LGA, targetPopulation);
    }

    private static String registerFacility(TopicWriter writer, String zone, String state, String lga, Integer targetPopulation) {
        String code = facility(lga);
        FacilityReference facility = new FacilityReference(code, "Test PHC " + code, FacilityTier.HEALTH_FACILITY, zone, state, lga,
                11.9, 8.5, true, targetPopulation);
        writer.send(Topics.REFERENCE_DATA, code, EventJson.write(CloudEvent.of(UUID.randomUUID().toString(), "/tests",
                EventTypes.REFERENCE_FACILITY, code, Instant.now(), facility)));
        await().atMost(Duration.ofSeconds(15)).until(() -> Api.national().get("/api/v1/facilities/{f}", code).statusCode() == 200);
        return code;
    }

    /** Sends a new version of a health facility of {@link #LGA} registered before, with this target population. */
    static void updateFacility(TopicWriter writer, String code, Integer targetPopulation) {
        FacilityReference facility = new FacilityReference(code, "Test PHC " + code, FacilityTier.HEALTH_FACILITY, "NG-NW", "NG-KN", LGA,
                11.9, 8.5, true, targetPopulation);
        writer.send(Topics.REFERENCE_DATA, code, EventJson.write(CloudEvent.of(UUID.randomUUID().toString(), "/tests",
                EventTypes.REFERENCE_FACILITY, code, Instant.now(), facility)));
    }

    static String record(String id, StockEventType type, String facility, String product, String lot, long quantity, String reason,
            Instant occurredAt) {
        StockEvent data = new StockEvent(facility, product, lot == null ? null : new Lot(lot, LocalDate.parse("2027-12-31")),
                quantity, occurredAt, "test", null, reason, null);
        return EventJson.write(CloudEvent.of(id, "/tests", type.cloudEventType(), facility, data.occurredAt(), data));
    }

    /** A record of a lot with the given expiry date. */
    static String record(String id, StockEventType type, String facility, String product, Lot lot, long quantity, String reason,
            Instant occurredAt) {
        StockEvent data = new StockEvent(facility, product, lot, quantity, occurredAt, "test", null, reason, null);
        return EventJson.write(CloudEvent.of(id, "/tests", type.cloudEventType(), facility, data.occurredAt(), data));
    }

    static String record(String id, StockEventType type, String facility, String product, String lot, long quantity, String reason) {
        return record(id, type, facility, product, lot, quantity, reason, Instant.now().minus(1, ChronoUnit.HOURS));
    }

    static String record(String id, StockEventType type, String facility, String lot, long quantity) {
        return record(id, type, facility, "PENTA", lot, quantity, null);
    }

    static String record(String id, StockEventType type, String facility, String lot, long quantity, Instant occurredAt) {
        return record(id, type, facility, "PENTA", lot, quantity, null, occurredAt);
    }
}
