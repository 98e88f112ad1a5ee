package ng.vaxtrace.ingest.service;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;

import ng.vaxtrace.http.JsonProblems;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.ColdChainReading;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.EventTypes;
import ng.vaxtrace.contracts.FieldViolation;
import ng.vaxtrace.contracts.InputLimits;
import ng.vaxtrace.contracts.StockEventValidator;
import ng.vaxtrace.ingest.model.ColdChainReadingRequest;

/**
 * Turns a fridge monitor's reading into a {@link EventTypes#COLDCHAIN_READING} event keyed by fridge id, with the
 * rules of docs/events/schemas/coldchain.reading.v1.json checked field by field.
 */
@ApplicationScoped
public class ColdChainReadingReader {

    /** Same as the schema's fridgeId. */
    static final Pattern FRIDGE_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$");
    static final double MIN_CELSIUS = -90;
    static final double MAX_CELSIUS = 80;

    private static final ObjectReader REQUEST = EventJson.mapper().readerFor(ColdChainReadingRequest.class)
            .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Clock clock;
    private final InputLimits limits;

    public ColdChainReadingReader(Clock clock, InputLimits limits) {
        this.clock = clock;
        this.limits = limits;
    }

    public Submission read(JsonNode node, String source, String pathPrefix) {
        FieldViolation notAnObject = JsonBodies.notAnObject(node, pathPrefix);
        if (notAnObject != null) {
            return Submission.invalid(null, List.of(notAnObject));
        }
        ColdChainReadingRequest request;
        try {
            request = REQUEST.readValue(node);
        } catch (JsonProcessingException e) {
            return Submission.invalid(JsonBodies.text(node, "readingId"), List.of(JsonProblems.violation(e, pathPrefix, "a reading")));
        } catch (IOException e) {
            return Submission.invalid(JsonBodies.text(node, "readingId"), List.of(new FieldViolation(pathPrefix, e.getMessage())));
        }
        List<FieldViolation> errors = violations(request);
        String id = request.readingId() != null ? request.readingId()
                : request.fridgeId() != null && request.measuredAt() != null ? request.fridgeId() + "@" + request.measuredAt() : null;
        if (!errors.isEmpty()) {
            return Submission.invalid(id, JsonBodies.prefixed(pathPrefix, errors));
        }
        ColdChainReading reading = new ColdChainReading(request.fridgeId(), request.facilityCode(), request.measuredAt(),
                request.temperatureCelsius(), request.powerAvailable());
        return Submission.valid(CloudEvent.of(id, source, EventTypes.COLDCHAIN_READING, request.fridgeId(), request.measuredAt(), reading));
    }

    private List<FieldViolation> violations(ColdChainReadingRequest request) {
        List<FieldViolation> errors = new ArrayList<>();
        if (request.readingId() != null && !StockEventValidator.EVENT_ID.matcher(request.readingId()).matches()) {
            errors.add(new FieldViolation("readingId", "must be 8-128 letters, digits, '.', '_', ':' or '-' (or be left out)"));
        }
        if (request.fridgeId() == null || !FRIDGE_ID.matcher(request.fridgeId()).matches()) {
            errors.add(new FieldViolation("fridgeId", "is required: 1-64 letters, digits, '.', '_', ':', '/' or '-'"));
        }
        if (request.facilityCode() == null || !StockEventValidator.CODE.matcher(request.facilityCode()).matches()) {
            errors.add(new FieldViolation("facilityCode", "is required: 2-64 upper-case letters, digits, '-' or '_'"));
        }
        limits.eventTime(errors, "measuredAt", request.measuredAt(), clock.instant());
        Double celsius = request.temperatureCelsius();
        if (celsius == null || celsius.isNaN() || celsius < MIN_CELSIUS || celsius > MAX_CELSIUS) {
            errors.add(new FieldViolation("temperatureCelsius", "is required: °C between " + (int) MIN_CELSIUS + " and " + (int) MAX_CELSIUS));
        }
        return errors;
    }
}
