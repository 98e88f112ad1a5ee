package ng.vaxtrace.ingest.model;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The body of OpenLMIS stock management's {@code POST /api/stockEvents} (StockEventDto), as far as VaxTrace uses it.
 * Fields we do not use ({@code programId}, {@code signature}, free texts, ...) are accepted and ignored: this is a
 * foreign format, sent as OpenLMIS clients send it.
 */
public record OpenLmisStockEvent(String facilityId, String programId, String documentNumber, List<LineItem> lineItems) {

    public record LineItem(String orderableId, String lotId, Long quantity, LocalDate occurredDate, String reasonId,
            String sourceId, String destinationId, Map<String, String> extraData) {
    }
}
