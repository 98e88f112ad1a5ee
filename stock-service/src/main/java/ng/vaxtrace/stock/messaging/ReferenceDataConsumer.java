package ng.vaxtrace.stock.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.EventTypes;
import ng.vaxtrace.contracts.FacilityReference;
import ng.vaxtrace.contracts.LotReference;
import ng.vaxtrace.contracts.ProductReference;
import ng.vaxtrace.contracts.StockEventValidator;
import ng.vaxtrace.stock.reference.ReferenceDataService;

/**
 * Applies reference-data events (facilities, products, lots). Upserts are idempotent, so redelivery is harmless; a
 * record of an unknown type or shape goes to the dead-letter topic with the reason.
 */
@ApplicationScoped
public class ReferenceDataConsumer {

    private final ReferenceDataService reference;

    public ReferenceDataConsumer(ReferenceDataService reference) {
        this.reference = reference;
    }

    @Incoming("reference")
    public Uni<Void> consume(String value) {
        JsonNode event = EventJson.tree(value);
        String type = event.path("type").asText();
        JsonNode data = event.path("data");
        try {
            return switch (type) {
                case EventTypes.REFERENCE_FACILITY -> reference.upsertFacility(valid(EventJson.mapper().treeToValue(data, FacilityReference.class)));
                case EventTypes.REFERENCE_PRODUCT -> reference.upsertProduct(valid(EventJson.mapper().treeToValue(data, ProductReference.class)));
                case EventTypes.REFERENCE_LOT -> reference.upsertLot(valid(EventJson.mapper().treeToValue(data, LotReference.class)));
                default -> throw new IllegalArgumentException("unknown reference-data type '" + type + "'");
            };
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("unreadable " + type + ": " + e.getOriginalMessage(), e);
        }
    }

    private static FacilityReference valid(FacilityReference f) {
        require(f.code() != null && StockEventValidator.CODE.matcher(f.code()).matches(), "facility code");
        require(f.name() != null && !f.name().isBlank() && f.tier() != null, "facility name and tier");
        return f;
    }

    private static ProductReference valid(ProductReference p) {
        require(p.code() != null && StockEventValidator.CODE.matcher(p.code()).matches(), "product code");
        require(p.name() != null && p.kind() != null && p.dosesPerVial() > 0, "product name, kind and doses per vial");
        return p;
    }

    private static LotReference valid(LotReference l) {
        require(l.productCode() != null && l.code() != null && StockEventValidator.LOT_CODE.matcher(l.code()).matches(),
                "lot product and code");
        return l;
    }

    /** A reference record we cannot store goes to the dead-letter topic with this reason. */
    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalArgumentException("invalid reference data: " + what + " missing or malformed");
        }
    }
}
