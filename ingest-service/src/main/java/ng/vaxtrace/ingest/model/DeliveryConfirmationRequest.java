package ng.vaxtrace.ingest.model;

import java.time.Instant;
import java.util.List;

import ng.vaxtrace.contracts.Lot;

/**
 * A last-mile delivery as the receiving health worker confirms it: what arrived, per lot, and in what state.
 * {@code confirmationId} (a UUID made on the device) is the idempotency key of the whole confirmation.
 */
public record DeliveryConfirmationRequest(
        String confirmationId,
        String facilityCode,
        String fromFacilityCode,
        Instant receivedAt,
        String sourceSystem,
        Location location,
        Double temperatureAtReceiptCelsius,
        Boolean coldChainBreak,
        List<LotLine> lots) {

    /** Where the device was when the delivery was confirmed (WGS 84 degrees). */
    public record Location(Double latitude, Double longitude) {
    }

    /** One lot of the delivery: doses on the delivery note, doses actually received, VVM stage seen on arrival. */
    public record LotLine(String productCode, Lot lot, Long quantityDelivered, Long quantityReceived, Integer vvmStage) {
    }
}
