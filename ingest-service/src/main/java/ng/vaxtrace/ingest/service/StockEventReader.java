package ng.vaxtrace.ingest.service;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.FieldViolation;
import ng.vaxtrace.contracts.StockEvent;
import ng.vaxtrace.contracts.StockEventType;
import ng.vaxtrace.contracts.StockEventValidator;
import ng.vaxtrace.ingest.model.StockEventRequest;
import ng.vaxtrace.ingest.rest.ProblemException;

/**
 * Turns raw request bytes into contract events, naming every bad field by its JSON path. Unknown fields are refused
 * too: a misspelt field silently ignored would lose data.
 */
@ApplicationScoped
public class StockEventReader {

    /** A parsed item: either an event ready to publish, or the reasons it was refused. */
    public record Item(String eventId, CloudEvent<StockEvent> event, List<FieldViolation> errors) {
    }

    private static final ObjectReader REQUEST = EventJson.mapper().readerFor(StockEventRequest.class)
            .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private final Clock clock;

    public StockEventReader(Clock clock) {
        this.clock = clock;
    }

    /** The body as one JSON document; a 400 problem when it is not JSON at all. */
    public JsonNode tree(byte[] body) {
        try {
            JsonNode node = EventJson.mapper().readTree(body);
            if (node == null || node.isMissingNode()) {
                throw ProblemException.invalid("the request body is empty", List.of(new FieldViolation("", "is required")));
            }
            return node;
        } catch (JsonProcessingException e) {
            throw ProblemException.invalid("the request body is not valid JSON",
                    List.of(new FieldViolation("", e.getOriginalMessage())));
        } catch (IOException e) {
            throw ProblemException.invalid("the request body could not be read", List.of());
        }
    }

    /** Reads and validates one event; {@code pathPrefix} (e.g. {@code events[3].}) prefixes field names in errors. */
    public Item read(JsonNode node, String source, String pathPrefix) {
        StockEventRequest request;
        try {
            request = REQUEST.readValue(node);
        } catch (JsonMappingException e) {
            return new Item(text(node, "eventId"), null, List.of(mappingViolation(e, pathPrefix)));
        } catch (IOException e) {
            return new Item(text(node, "eventId"), null, List.of(new FieldViolation(pathPrefix, e.getMessage())));
        }
        List<FieldViolation> errors = new ArrayList<>();
        if (request.eventId() == null || !StockEventValidator.EVENT_ID.matcher(request.eventId()).matches()) {
            errors.add(new FieldViolation("eventId", "is required: 8-128 letters, digits, '.', '_', ':' or '-' (a UUID is best)"));
        }
        StockEventType type = request.type() == null ? null : StockEventType.fromWireName(request.type()).orElse(null);
        if (type == null) {
            errors.add(new FieldViolation("type", "is required, one of " + wireNames()));
        } else {
            errors.addAll(StockEventValidator.validate(type, request.payload(), clock.instant()));
        }
        if (!errors.isEmpty()) {
            return new Item(request.eventId(), null, errors.stream()
                    .map(v -> new FieldViolation(pathPrefix + v.field(), v.message())).toList());
        }
        StockEvent payload = request.payload();
        CloudEvent<StockEvent> event = CloudEvent.of(request.eventId(), source, type.cloudEventType(), payload.facilityCode(),
                payload.occurredAt(), payload);
        return new Item(request.eventId(), event, List.of());
    }

    private static FieldViolation mappingViolation(JsonMappingException e, String pathPrefix) {
        StringBuilder path = new StringBuilder(pathPrefix);
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0 && path.charAt(path.length() - 1) != '.') {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        String message = e instanceof UnrecognizedPropertyException ? "is not a field of a stock event"
                : "has the wrong type or format: " + e.getOriginalMessage();
        return new FieldViolation(path.toString(), message);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private static List<String> wireNames() {
        return java.util.Arrays.stream(StockEventType.values()).map(StockEventType::wireName).toList();
    }
}
