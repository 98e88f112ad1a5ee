package ng.vaxtrace.stock.rest.model;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A facility's current stock: per product, the total and its lots. */
public record FacilityStock(String facilityCode, List<ProductStock> products, Instant lastOccurredAt) {

    public record ProductStock(String productCode, long quantity, List<LotStock> lots) {
    }

    public record LotStock(String lotCode, LocalDate expiry, long quantity, Instant lastOccurredAt) {
    }
}
