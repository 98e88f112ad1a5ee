package ng.vaxtrace.ingest.service;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;

import ng.vaxtrace.http.JsonProblems;
import ng.vaxtrace.contracts.DiscardReason;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.FieldViolation;
import ng.vaxtrace.contracts.InputLimits;
import ng.vaxtrace.contracts.StockEventType;
import ng.vaxtrace.contracts.StockEventValidator;
import ng.vaxtrace.ingest.delivery.ColdChainAtDelivery;
import ng.vaxtrace.ingest.model.DeliveryConfirmationRequest;
import ng.vaxtrace.ingest.model.DeliveryConfirmationRequest.LotLine;
import ng.vaxtrace.ingest.model.DeliveryResult;
import ng.vaxtrace.ingest.model.StockEventRequest;
import ng.vaxtrace.http.ProblemException;

/**
 * Turns a delivery confirmation into stock events: per lot a receipt of the doses received, and a discard of them
 * when they must not be used — VVM stage 3 or 4, or cold-chain damage to that product ({@link ColdChainAtDelivery}
 * judges each line by the WHO rules). A confirmation is all or nothing: one bad field refuses it.
 */
@ApplicationScoped
public class DeliveryConfirmationReader {

    /** The events a confirmation became, with the submissions to accept and the answer to give once they are. */
    public record Derived(List<Submission> submissions, DeliveryResult answer) {
    }

    private static final ObjectReader REQUEST = EventJson.mapper().readerFor(DeliveryConfirmationRequest.class)
            .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final StockEventReader events;
    private final ColdChainAtDelivery coldChain;
    private final Clock clock;
    private final InputLimits limits;

    public DeliveryConfirmationReader(StockEventReader events, ColdChainAtDelivery coldChain, Clock clock, InputLimits limits) {
        this.events = events;
        this.coldChain = coldChain;
        this.clock = clock;
        this.limits = limits;
    }

    /** The derived events; a 400 problem naming every bad field when the confirmation is invalid. */
    public Derived read(JsonNode node, String source) {
        DeliveryConfirmationRequest request;
        try {
            request = REQUEST.readValue(node);
        } catch (JsonProcessingException e) {
            throw ProblemException.invalid("the delivery confirmation is invalid", List.of(JsonProblems.violation(e, "", "a delivery confirmation")));
        } catch (IOException e) {
            throw ProblemException.invalid("the delivery confirmation could not be read", List.of());
        }
        List<FieldViolation> errors = violations(request);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("the delivery confirmation is invalid", errors);
        }
        List<Submission> submissions = new ArrayList<>();
        List<DeliveryResult.Event> described = new ArrayList<>();
        var conditions = new ColdChainAtDelivery.Conditions(request.facilityCode(), request.temperatureAtReceiptCelsius(),
                Boolean.TRUE.equals(request.coldChainBreak()), Boolean.TRUE.equals(request.freezeIndicatorAlarm()));
        for (int i = 0; i < request.lots().size(); i++) {
            LotLine line = request.lots().get(i);
            long received = line.quantityReceived();
            Long shortfall = line.quantityDelivered() - received == 0 ? null : line.quantityDelivered() - received;
            if (received == 0) {
                described.add(new DeliveryResult.Event(null, "none", line.productCode(), lotCode(line), 0, null, shortfall, null, null));
                continue;
            }
            ColdChainAtDelivery.Verdict verdict = coldChain.judge(conditions,
                    new ColdChainAtDelivery.Line(line.productCode(), line.vvmStage(), line.shakeTest()));
            DiscardReason reason = verdict.discard();
            String advice = verdict.advice() == null ? null : verdict.advice().name();
            String receiptId = request.confirmationId() + ":" + i + ":receipt";
            submissions.add(event(request, line, receiptId, StockEventType.RECEIPT, null, source, i));
            described.add(new DeliveryResult.Event(receiptId, StockEventType.RECEIPT.wireName(), line.productCode(), lotCode(line),
                    received, null, shortfall, advice, reason == null ? verdict.note() : null));
            if (reason != null) {
                String discardId = request.confirmationId() + ":" + i + ":discard";
                submissions.add(event(request, line, discardId, StockEventType.DISCARD, reason, source, i));
                described.add(new DeliveryResult.Event(discardId, StockEventType.DISCARD.wireName(), line.productCode(), lotCode(line),
                        received, reason.name(), null, null, verdict.note()));
            }
        }
        return new Derived(submissions, new DeliveryResult(request.confirmationId(), Intake.ACCEPTED, described));
    }

    private Submission event(DeliveryConfirmationRequest request, LotLine line, String id, StockEventType type, DiscardReason reason,
            String source, int index) {
        // The discard follows the receipt by a millisecond, so that stock computed by occurredAt applies it second.
        var occurredAt = type == StockEventType.DISCARD ? request.receivedAt().plusMillis(1) : request.receivedAt();
        StockEventRequest event = new StockEventRequest(id, type.wireName(), request.facilityCode(), line.productCode(), line.lot(),
                line.quantityReceived(), occurredAt, request.sourceSystem(), line.vvmStage(), reason == null ? null : reason.name(),
                type == StockEventType.RECEIPT ? request.fromFacilityCode() : null);
        Submission submission = events.validate(event, source, "lots[" + index + "].");
        if (!submission.isValid()) {
            // The contract's rules on the derived event: a lot expired before receipt, an expiry decades away.
            throw ProblemException.invalid("the delivery confirmation is invalid", submission.errors());
        }
        return submission;
    }

    private List<FieldViolation> violations(DeliveryConfirmationRequest r) {
        List<FieldViolation> errors = new ArrayList<>();
        if (r.confirmationId() == null || !StockEventValidator.EVENT_ID.matcher(r.confirmationId()).matches()
                || r.confirmationId().length() > 100) {
            errors.add(new FieldViolation("confirmationId", "is required: 8-100 letters, digits, '.', '_', ':' or '-' (a UUID is best)"));
        }
        code(errors, "facilityCode", r.facilityCode(), true);
        code(errors, "fromFacilityCode", r.fromFacilityCode(), false);
        limits.eventTime(errors, "receivedAt", r.receivedAt(), clock.instant());
        if (r.sourceSystem() == null || !StockEventValidator.SOURCE_SYSTEM.matcher(r.sourceSystem()).matches()) {
            errors.add(new FieldViolation("sourceSystem", "is required: 1-64 letters, digits, '.', '_', ':' or '-'"));
        }
        if (r.location() != null) {
            range(errors, "location.latitude", r.location().latitude(), -90, 90, true);
            range(errors, "location.longitude", r.location().longitude(), -180, 180, true);
        }
        range(errors, "temperatureAtReceiptCelsius", r.temperatureAtReceiptCelsius(), ColdChainReadingReader.MIN_CELSIUS,
                ColdChainReadingReader.MAX_CELSIUS, false);
        if (r.lots() == null || r.lots().isEmpty()) {
            errors.add(new FieldViolation("lots", "is required: at least one lot"));
        } else {
            for (int i = 0; i < r.lots().size(); i++) {
                lotLine(errors, "lots[" + i + "].", r.lots().get(i));
            }
        }
        return errors;
    }

    private void lotLine(List<FieldViolation> errors, String prefix, LotLine line) {
        if (line == null) {
            errors.add(JsonBodies.notAnObject(null, prefix));
            return;
        }
        code(errors, prefix + "productCode", line.productCode(), true);
        if (line.lot() != null) {
            if (line.lot().code() == null || !StockEventValidator.LOT_CODE.matcher(line.lot().code()).matches()) {
                errors.add(new FieldViolation(prefix + "lot.code", "is required: 1-64 letters, digits, '.', '_', '/' or '-'"));
            }
            if (line.lot().expiry() == null) {
                errors.add(new FieldViolation(prefix + "lot.expiry", "is required (ISO date, YYYY-MM-DD)"));
            }
        }
        quantity(errors, prefix + "quantityDelivered", line.quantityDelivered());
        quantity(errors, prefix + "quantityReceived", line.quantityReceived());
        if (line.quantityDelivered() != null && line.quantityReceived() != null && line.quantityReceived() > line.quantityDelivered()) {
            errors.add(new FieldViolation(prefix + "quantityReceived", "must not exceed quantityDelivered"));
        }
        if (line.vvmStage() != null && (line.vvmStage() < 1 || line.vvmStage() > 4)) {
            errors.add(new FieldViolation(prefix + "vvmStage", "must be between 1 and 4"));
        }
    }

    private void quantity(List<FieldViolation> errors, String field, Long value) {
        if (value == null || value < 0 || value > limits.maxQuantity()) {
            errors.add(new FieldViolation(field, "is required: 0 to " + limits.maxQuantity() + " doses"));
        }
    }

    private static void code(List<FieldViolation> errors, String field, String value, boolean required) {
        if (value == null ? required : !StockEventValidator.CODE.matcher(value).matches()) {
            errors.add(new FieldViolation(field, (required ? "is required: " : "must be ") + "2-64 upper-case letters, digits, '-' or '_'"));
        }
    }

    private static void range(List<FieldViolation> errors, String field, Double value, double min, double max, boolean required) {
        if (value == null ? required : value.isNaN() || value < min || value > max) {
            errors.add(new FieldViolation(field, (required ? "is required: " : "must be ") + "between " + min + " and " + max));
        }
    }

    private static String lotCode(LotLine line) {
        return line.lot() == null ? null : line.lot().code();
    }
}
