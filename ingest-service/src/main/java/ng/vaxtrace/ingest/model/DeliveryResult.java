package ng.vaxtrace.ingest.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The answer to an accepted delivery confirmation: the stock events it became, all durable in Kafka. */
public record DeliveryResult(String confirmationId, String status, List<Event> events) {

    /**
     * One stock event derived from the confirmation; {@code shortfall} = delivered − received, when not zero;
     * {@code advice} what the health worker must still do before using a received lot (SHAKE_TEST, CHECK_VVM) and
     * {@code note} why the cold chain did or did not spoil it.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Event(String eventId, String type, String productCode, String lotCode, long quantity, String reason, Long shortfall,
            String advice, String note) {
    }
}
