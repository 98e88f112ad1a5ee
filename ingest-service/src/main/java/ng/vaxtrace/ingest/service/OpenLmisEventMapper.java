package ng.vaxtrace.ingest.service;

import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;

import ng.vaxtrace.http.JsonProblems;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.FieldViolation;
import ng.vaxtrace.contracts.Lot;
import ng.vaxtrace.contracts.StockEventType;
import ng.vaxtrace.ingest.config.IngestConfig;
import ng.vaxtrace.ingest.model.OpenLmisStockEvent;
import ng.vaxtrace.ingest.model.OpenLmisStockEvent.LineItem;
import ng.vaxtrace.ingest.model.StockEventRequest;
import ng.vaxtrace.http.ProblemException;

/**
 * Maps an OpenLMIS stock event (the body of {@code POST /api/stockEvents}) onto our contract, one stock event per
 * line item. OpenLMIS rules kept: no line item with a reason, source or destination makes the whole event a physical
 * inventory (quantity = counted stock on hand); a source makes a receipt, a destination an issue; otherwise the
 * reason decides (configured map). Quantities are ≥ 0; an adjustment's sign comes from its reason. Dates are
 * local days in Nigeria, so a line item occurred at the start of that day, West Africa Time.
 */
@ApplicationScoped
public class OpenLmisEventMapper {

    static final ZoneId NIGERIA = ZoneId.of("Africa/Lagos");
    static final String SOURCE_SYSTEM = "openlmis";

    private static final ObjectReader REQUEST = EventJson.mapper().readerFor(OpenLmisStockEvent.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final IngestConfig.OpenLmis ids;
    private final StockEventReader events;
    private final Clock clock;

    public OpenLmisEventMapper(IngestConfig config, StockEventReader events, Clock clock) {
        this.ids = config.openlmis();
        this.events = events;
        this.clock = clock;
    }

    /**
     * The stock events of one OpenLMIS event, ids {@code olmis:<hash of the body>:<line index>} (so a re-sent body
     * maps to the same ids); a 400 problem naming every field that cannot be mapped.
     */
    public List<Submission> map(JsonNode node, byte[] body, String source) {
        OpenLmisStockEvent event;
        try {
            event = REQUEST.readValue(node);
        } catch (JsonProcessingException e) {
            throw ProblemException.invalid("the OpenLMIS stock event is invalid", List.of(JsonProblems.violation(e, "", "a stock event")));
        } catch (IOException e) {
            throw ProblemException.invalid("the OpenLMIS stock event could not be read", List.of());
        }
        List<FieldViolation> errors = new ArrayList<>();
        String facility = mapped(errors, "facilityId", event.facilityId(), ids.facilities(), "facility");
        if (event.lineItems() == null || event.lineItems().isEmpty()) {
            errors.add(new FieldViolation("lineItems", "is required: at least one line item"));
            throw ProblemException.invalid("the OpenLMIS stock event is invalid", errors);
        }
        boolean physicalInventory = event.lineItems().stream().allMatch(l -> l == null
                || (l.reasonId() == null && l.sourceId() == null && l.destinationId() == null));
        String idBase = "olmis:" + Submission.sha256(body) + ":";
        List<StockEventRequest> requests = new ArrayList<>();
        for (int i = 0; i < event.lineItems().size(); i++) {
            requests.add(line(errors, "lineItems[" + i + "].", event.lineItems().get(i), idBase + i, facility, physicalInventory));
        }
        List<Submission> submissions = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            if (requests.get(i) != null) {
                Submission s = events.validate(requests.get(i), source, "lineItems[" + i + "].");
                s.errors().forEach(v -> errors.add(inOpenLmisTerms(v)));
                submissions.add(s);
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("the OpenLMIS stock event is invalid", errors.stream().distinct().toList());
        }
        return submissions;
    }

    private StockEventRequest line(List<FieldViolation> errors, String prefix, LineItem item, String id, String facility,
            boolean physicalInventory) {
        if (item == null) {
            errors.add(JsonBodies.notAnObject(null, prefix));
            return null;
        }
        int before = errors.size();
        String product = mapped(errors, prefix + "orderableId", item.orderableId(), ids.orderables(), "orderable");
        Lot lot = item.lotId() == null ? null : lot(errors, prefix + "lotId", item.lotId());
        if (item.quantity() == null || item.quantity() < 0) {
            errors.add(new FieldViolation(prefix + "quantity", "is required: 0 or more (the sign comes from the reason)"));
        }
        if (item.occurredDate() == null) {
            errors.add(new FieldViolation(prefix + "occurredDate", "is required (yyyy-MM-dd)"));
        } else if (item.occurredDate().isAfter(LocalDate.now(clock.withZone(NIGERIA)))) {
            errors.add(new FieldViolation(prefix + "occurredDate", "must not be in the future"));
        }
        Movement movement = physicalInventory ? new Movement(StockEventType.PHYSICAL_COUNT, null, 1, null)
                : movement(errors, prefix, item);
        if (errors.size() > before || movement == null) {
            return null;
        }
        return new StockEventRequest(id, movement.type().wireName(), facility, product, lot, movement.sign() * item.quantity(),
                item.occurredDate().atStartOfDay(NIGERIA).toInstant(), SOURCE_SYSTEM, vvmStage(item.extraData()), movement.reason(),
                movement.counterparty());
    }

    /** A rule of our contract broken by a mapped line item, named by the OpenLMIS field it came from. */
    private static FieldViolation inOpenLmisTerms(FieldViolation v) {
        String field = v.field().replaceFirst("\\.occurredAt$", ".occurredDate").replaceFirst("\\.lot\\.(expiry|code)$", ".lotId");
        return new FieldViolation(field, v.message());
    }

    /** What a line item does to stock: its type, reason, sign (adjustments only) and counterparty. */
    record Movement(StockEventType type, String reason, int sign, String counterparty) {
    }

    private Movement movement(List<FieldViolation> errors, String prefix, LineItem item) {
        if (item.sourceId() != null) {
            return new Movement(StockEventType.RECEIPT, null, 1, ids.nodes().get(item.sourceId()));
        }
        if (item.destinationId() != null) {
            return new Movement(StockEventType.ISSUE, null, 1, ids.nodes().get(item.destinationId()));
        }
        if (item.reasonId() == null) {
            errors.add(new FieldViolation(prefix + "reasonId", "is required when other line items have a reason, source or destination"));
            return null;
        }
        String rule = mapped(errors, prefix + "reasonId", item.reasonId(), ids.reasons(), "reason");
        if (rule == null) {
            return null;
        }
        String[] parts = rule.split(":");
        StockEventType type = StockEventType.fromWireName(parts[0]).orElse(null);
        if (type == null) {
            errors.add(new FieldViolation(prefix + "reasonId", "is mapped to an unknown event type '" + parts[0] + "' (configuration)"));
            return null;
        }
        int sign = parts.length > 2 && parts[2].equals("debit") ? -1 : 1;
        return new Movement(type, parts.length > 1 ? parts[1] : null, sign, null);
    }

    private Lot lot(List<FieldViolation> errors, String field, String lotId) {
        String value = mapped(errors, field, lotId, ids.lots(), "lot");
        if (value == null) {
            return null;
        }
        int at = value.lastIndexOf('@');
        try {
            return new Lot(value.substring(0, at), LocalDate.parse(value.substring(at + 1)));
        } catch (RuntimeException e) {
            errors.add(new FieldViolation(field, "is mapped to '" + value + "', not <lot code>@<YYYY-MM-DD> (configuration)"));
            return null;
        }
    }

    private static String mapped(List<FieldViolation> errors, String field, String id, Map<String, String> map, String what) {
        if (id == null) {
            errors.add(new FieldViolation(field, "is required"));
            return null;
        }
        String code = map.get(id);
        if (code == null) {
            errors.add(new FieldViolation(field, "no VaxTrace code is configured for OpenLMIS " + what + " " + id));
        }
        return code;
    }

    /** OpenLMIS keeps the VVM status as extraData.vvmStatus = STAGE_1..STAGE_4. */
    static Integer vvmStage(Map<String, String> extraData) {
        String status = extraData == null ? null : extraData.get("vvmStatus");
        if (status == null || !status.matches("STAGE_[1-4]")) {
            return null;
        }
        return status.charAt(6) - '0';
    }
}
