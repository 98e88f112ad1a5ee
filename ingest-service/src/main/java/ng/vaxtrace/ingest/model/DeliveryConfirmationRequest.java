package ng.vaxtrace.ingest.model;

import java.time.Instant;
import java.util.List;

import ng.vaxtrace.contracts.Lot;
import ng.vaxtrace.ingest.delivery.ColdChainAtDelivery.ShakeTest;

/**
 * A last-mile delivery as the receiving health worker confirms it: what arrived, per lot, and in what state.
 * {@code confirmationId} (a UUID made on the device) is the idempotency key of the whole confirmation;
 * {@code freezeIndicatorAlarm} is true when the freeze indicator travelling with the delivery alarmed.
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
        List<LotLine> lots,
        Boolean freezeIndicatorAlarm) {

    /** Where the device was when the delivery was confirmed (WGS 84 degrees). */
    public record Location(Double latitude, Double longitude) {
    }

    /**
     * One lot of the delivery: doses on the delivery note, doses actually received, VVM stage seen on arrival and,
     * after freezing, the shake test's result.
     */
    public record LotLine(String productCode, Lot lot, Long quantityDelivered, Long quantityReceived, Integer vvmStage, ShakeTest shakeTest) {
    }
}
