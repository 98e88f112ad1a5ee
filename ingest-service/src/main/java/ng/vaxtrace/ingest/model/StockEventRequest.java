package ng.vaxtrace.ingest.model;

import java.time.Instant;

import ng.vaxtrace.contracts.Lot;
import ng.vaxtrace.contracts.StockEvent;

/**
 * A stock event as a field app sends it: the contract's payload plus the client-chosen {@code eventId} (the
 * idempotency key, usually a UUID made on the device) and the movement {@code type} (receipt, issue, ...).
 */
public record StockEventRequest(
        String eventId,
        String type,
        String facilityCode,
        String productCode,
        Lot lot,
        Long quantity,
        Instant occurredAt,
        String sourceSystem,
        Integer vvmStage,
        String reason,
        String counterpartyCode) {

    public StockEvent payload() {
        return new StockEvent(facilityCode, productCode, lot, quantity, occurredAt, sourceSystem, vvmStage, reason,
                counterpartyCode);
    }
}
