package ng.vaxtrace.ingest.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import ng.vaxtrace.contracts.FieldViolation;

/** Per-item outcome of a batch: accepted items are durable in Kafka; rejected ones list their bad fields. */
public record BatchResult(int accepted, int rejected, List<Item> results) {

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Item(int index, String eventId, String status, List<FieldViolation> errors) {
    }
}
