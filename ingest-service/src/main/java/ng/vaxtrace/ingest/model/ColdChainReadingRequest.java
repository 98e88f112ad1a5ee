package ng.vaxtrace.ingest.model;

import java.time.Instant;

/**
 * A temperature reading as a fridge monitor sends it: the contract's payload plus an optional {@code readingId}
 * (the idempotency key; without it the reading is identified by {@code <fridgeId>@<measuredAt>}).
 */
public record ColdChainReadingRequest(
        String readingId,
        String fridgeId,
        String facilityCode,
        Instant measuredAt,
        Double temperatureCelsius,
        Boolean powerAvailable) {
}
