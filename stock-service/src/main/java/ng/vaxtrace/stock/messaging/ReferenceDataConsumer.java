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
                case EventTypes.REFERENCE_FACILITY -> reference.upsertFacility(EventJson.mapper().treeToValue(data, FacilityReference.class));
                case EventTypes.REFERENCE_PRODUCT -> reference.upsertProduct(EventJson.mapper().treeToValue(data, ProductReference.class));
                case EventTypes.REFERENCE_LOT -> reference.upsertLot(EventJson.mapper().treeToValue(data, LotReference.class));
                default -> throw new IllegalArgumentException("unknown reference-data type '" + type + "'");
            };
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("unreadable " + type + ": " + e.getOriginalMessage(), e);
        }
    }
}
