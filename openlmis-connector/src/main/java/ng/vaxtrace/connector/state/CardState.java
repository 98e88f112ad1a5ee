package ng.vaxtrace.connector.state;

import java.time.LocalDate;

/** What the connector last saw of an OpenLMIS stock card, and the id of the event it published for it. */
public record CardState(String cardId, String facilityCode, String productCode, String lotCode, long stockOnHand,
        LocalDate occurredDate, String eventId) {
}
