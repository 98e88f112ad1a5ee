package ng.vaxtrace.contracts;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The payload ({@code data}) of every stock event; the CloudEvent {@code type} says which movement it is.
 *
 * @param facilityCode  where the movement happened
 * @param productCode   the product (antigen, diluent or device) code
 * @param lot           the lot; absent for products not tracked by lot
 * @param quantity      doses: &gt; 0 for movements, &ge; 0 for a physical count, a signed non-zero delta for an adjustment
 * @param occurredAt    when it happened in the field (stock is computed by this time)
 * @param sourceSystem  the system that reported it (a field app id, "openlmis", ...)
 * @param vvmStage      vaccine vial monitor stage 1–4, when observed
 * @param reason        required for adjustments and discards (see {@link AdjustmentReason}, {@link DiscardReason})
 * @param counterpartyCode the other facility of a transfer, issue or receipt, when known
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StockEvent(
        String facilityCode,
        String productCode,
        Lot lot,
        Long quantity,
        Instant occurredAt,
        String sourceSystem,
        Integer vvmStage,
        String reason,
        String counterpartyCode) {

    /** The lot code used as a balance key: empty for products not tracked by lot. */
    public String lotCode() {
        return lot == null || lot.code() == null ? "" : lot.code();
    }
}
