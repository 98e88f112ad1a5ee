package ng.vaxtrace.connector.state;

import java.time.LocalDate;

/**
 * What the connector last saw of an OpenLMIS stock card, the id of the event it published for it, and the last of
 * the card's line items it turned into movement events (null until line items were read).
 */
public record CardState(String cardId, String facilityCode, String productCode, String lotCode, long stockOnHand,
        LocalDate occurredDate, String eventId, String lastLineItemId) {
}
