package ng.vaxtrace.connector.sync;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * OpenLMIS dates ({@code occurredDate}, a {@code LocalDate}) are business days in Nigeria, so a date means that day in
 * Africa/Lagos, the zone stock-service cuts its days and months in (and ingest's OpenLMIS endpoint reads them in):
 * read as UTC, a count at the end of a day would land on the next Lagos day.
 */
final class BusinessDays {

    /** Africa/Lagos: UTC+1 all year (no daylight saving since 1919). */
    static final ZoneId NIGERIA = ZoneId.of("Africa/Lagos");

    private BusinessDays() {
    }

    /** 00:00 of {@code day} in Lagos (23:00Z the day before): where a day's movements start, in card order. */
    static Instant startOf(LocalDate day) {
        return day.atStartOfDay(NIGERIA).toInstant();
    }

    /** The last second of {@code day} in Lagos (22:59:59Z): a stock on hand is the balance at the end of its day. */
    static Instant endOf(LocalDate day) {
        return day.plusDays(1).atStartOfDay(NIGERIA).toInstant().minusSeconds(1);
    }
}
