package ng.vaxtrace.contracts;

import java.time.Instant;
import java.time.LocalDate;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Payload of {@link EventTypes#STOCK_LEVEL_CHANGED}: the balance of one facility/product/lot moved because of one
 * stock event. Published by stock-service after the ledger write committed.
 *
 * @param causeEventId        the id of the stock event that caused the change
 * @param causeEventType      its wire name (receipt, issue, ...)
 * @param lotBalanceBefore    the lot's balance before the event, in doses
 * @param lotBalanceAfter     the lot's balance after it
 * @param productBalanceAfter the facility's balance of the product over all lots after it
 * @param occurredAt          when the cause happened in the field
 * @param recordedAt          when stock-service committed it
 * @param metrics             the facility's metrics for the product after the change (added in v1.1; optional)
 * @param area                where the facility sits, so consumers can route by zone/state/LGA (v1.2; optional)
 * @param lotExpiry           the lot's expiry date, when the product is tracked by lot (v1.2; optional)
 * @param vvmStage            the VVM stage the cause reported, 1–4 (v1.2; optional)
 * @param lastEventAt         when the facility last reported this product, field time (v1.3; optional)
 * @param reportingGapDays    Africa/Lagos days from {@code lastEventAt} to {@code recordedAt} (v1.3; optional)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StockLevelChanged(
        String facilityCode,
        String productCode,
        String lotCode,
        String causeEventId,
        String causeEventType,
        long lotBalanceBefore,
        long lotBalanceAfter,
        long productBalanceAfter,
        Instant occurredAt,
        Instant recordedAt,
        LevelMetrics metrics,
        FacilityArea area,
        LocalDate lotExpiry,
        Integer vvmStage,
        Instant lastEventAt,
        Integer reportingGapDays) {

    /**
     * {@code causeEventType} of a change no stock event caused (v1.3): the daily recompute at midnight Africa/Lagos
     * aged the metrics of a silent facility. No balance moved: {@code lotCode} is empty and both lot balances equal
     * the product's balance.
     */
    public static final String RECOMPUTE = "recompute";

    /** A change caused by a stock event, without the v1.3 fields. */
    public StockLevelChanged(String facilityCode, String productCode, String lotCode, String causeEventId, String causeEventType,
            long lotBalanceBefore, long lotBalanceAfter, long productBalanceAfter, Instant occurredAt, Instant recordedAt,
            LevelMetrics metrics, FacilityArea area, LocalDate lotExpiry, Integer vvmStage) {
        this(facilityCode, productCode, lotCode, causeEventId, causeEventType, lotBalanceBefore, lotBalanceAfter, productBalanceAfter,
                occurredAt, recordedAt, metrics, area, lotExpiry, vvmStage, null, null);
    }
}
