package ng.vaxtrace.stock.rest.model;

import java.time.Instant;

/** A stock event that was not applied, with the reason and the record as received. */
public record RejectedEventView(String eventId, String eventType, String facilityCode, String reason, Instant receivedAt,
        String payload) {
}
