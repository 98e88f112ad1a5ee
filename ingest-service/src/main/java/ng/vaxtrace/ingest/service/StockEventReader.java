package ng.vaxtrace.ingest.service;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;

import ng.vaxtrace.http.JsonProblems;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.FieldViolation;
import ng.vaxtrace.contracts.InputLimits;
import ng.vaxtrace.contracts.StockEvent;
import ng.vaxtrace.contracts.StockEventType;
import ng.vaxtrace.contracts.StockEventValidator;
import ng.vaxtrace.ingest.model.StockEventRequest;

/**
 * Turns a stock event as a field app sends it into a contract event, naming every bad field by its JSON path.
 * Unknown fields are refused too: a misspelt field silently ignored would lose data.
 */
@ApplicationScoped
public class StockEventReader {

    private static final ObjectReader REQUEST = EventJson.mapper().readerFor(StockEventRequest.class)
            .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private final Clock clock;
    private final InputLimits limits;

    public StockEventReader(Clock clock, InputLimits limits) {
        this.clock = clock;
        this.limits = limits;
    }

    /** Reads and validates one event; {@code pathPrefix} (e.g. {@code events[3].}) prefixes field names in errors. */
    public Submission read(JsonNode node, String source, String pathPrefix) {
        FieldViolation notAnObject = JsonBodies.notAnObject(node, pathPrefix);
        if (notAnObject != null) {
            return Submission.invalid(null, List.of(notAnObject));
        }
        StockEventRequest request;
        try {
            request = REQUEST.readValue(node);
        } catch (JsonProcessingException e) {
            return Submission.invalid(JsonBodies.text(node, "eventId"), List.of(JsonProblems.violation(e, pathPrefix, "a stock event")));
        } catch (IOException e) {
            return Submission.invalid(JsonBodies.text(node, "eventId"), List.of(new FieldViolation(pathPrefix, e.getMessage())));
        }
        return validate(request, source, pathPrefix);
    }

    /** Validates a request already read (also used for events mapped from other formats). */
    public Submission validate(StockEventRequest request, String source, String pathPrefix) {
        List<FieldViolation> errors = new ArrayList<>();
        if (request.eventId() == null || !StockEventValidator.EVENT_ID.matcher(request.eventId()).matches()) {
            errors.add(new FieldViolation("eventId", "is required: 8-128 letters, digits, '.', '_', ':' or '-' (a UUID is best)"));
        }
        StockEventType type = request.type() == null ? null : StockEventType.fromWireName(request.type()).orElse(null);
        if (type == null) {
            errors.add(new FieldViolation("type", "is required, one of " + wireNames()));
        } else {
            errors.addAll(StockEventValidator.validate(type, request.payload(), clock.instant(), limits));
        }
        if (!errors.isEmpty()) {
            return Submission.invalid(request.eventId(), JsonBodies.prefixed(pathPrefix, errors));
        }
        StockEvent payload = request.payload();
        return Submission.valid(CloudEvent.of(request.eventId(), source, type.cloudEventType(), payload.facilityCode(),
                payload.occurredAt(), payload));
    }

    private static List<String> wireNames() {
        return Arrays.stream(StockEventType.values()).map(StockEventType::wireName).toList();
    }
}
