package ng.vaxtrace.ingest.model;

import java.util.List;

/** Several stock events in one request, for devices syncing after being offline. */
public record StockEventBatch(List<StockEventRequest> events) {
}
