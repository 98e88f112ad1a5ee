package ng.vaxtrace.connector.sync;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import ng.vaxtrace.connector.client.OpenLmis;
import ng.vaxtrace.connector.state.CardState;
import ng.vaxtrace.connector.state.IdMapping;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.FieldViolation;
import ng.vaxtrace.contracts.Lot;
import ng.vaxtrace.contracts.StockEvent;
import ng.vaxtrace.contracts.StockEventType;
import ng.vaxtrace.contracts.StockEventValidator;

/**
 * Stock cards read from v2 summaries → physical-count events, and a changed card's line items → movement events.
 * Pure logic: de-duplication (a trade item's card shows under its commodity type and again under itself), the
 * comparison with the last-seen state, and deterministic event ids, so that publishing the same observation twice is
 * dropped by every consumer.
 */
public final class StockCards {

    public static final String SOURCE = "/openlmis-connector";

    /** One stock card as a summary entry shows it, with the orderable of the summary it appeared under. */
    public record CardRead(String cardId, String orderableId, String summaryOrderableId, String lotId, long stockOnHand,
            LocalDate occurredDate) {
    }

    /** The outcome for one card: the event to publish and the state to keep, or why it was skipped. */
    public record Outcome(CardRead card, CloudEvent<StockEvent> event, CardState state, String skipped) {
    }

    private StockCards() {
    }

    /** Adds a page's cards to {@code into}, first occurrence wins; entries without a card id or SOH are left out. */
    public static void collect(Collection<OpenLmis.Summary> page, Map<String, CardRead> into) {
        for (OpenLmis.Summary summary : page) {
            if (summary.canFulfillForMe() == null) {
                continue;
            }
            String summaryOrderable = summary.orderable() == null ? null : summary.orderable().id();
            for (OpenLmis.Entry entry : summary.canFulfillForMe()) {
                if (entry.stockCard() == null || entry.stockCard().id() == null || entry.stockOnHand() == null || entry.occurredDate() == null) {
                    continue;
                }
                into.putIfAbsent(entry.stockCard().id(), new CardRead(entry.stockCard().id(),
                        entry.orderable() == null ? summaryOrderable : entry.orderable().id(), summaryOrderable,
                        entry.lot() == null ? null : entry.lot().id(), entry.stockOnHand(), entry.occurredDate()));
            }
        }
    }

    /**
     * What to do with one card of {@code facilityCode}: nothing when it matches {@code previous}; otherwise a
     * physical count of its stock on hand, dated at the end of its occurred date in Lagos (OpenLMIS's SOH is the
     * balance at the end of that business day: {@link BusinessDays}), or now if that is still ahead.
     */
    public static Optional<Outcome> compare(CardRead card, String facilityCode, CardState previous, Map<String, IdMapping> products,
            Map<String, IdMapping> tradeItems, Map<String, IdMapping> lots, String sourceSystem, Instant now) {
        if (previous != null && previous.stockOnHand() == card.stockOnHand() && previous.occurredDate().equals(card.occurredDate())) {
            return Optional.empty();
        }
        String productCode = productCode(card.orderableId(), products, tradeItems);
        if (productCode == null) {
            productCode = productCode(card.summaryOrderableId(), products, tradeItems);
        }
        if (productCode == null) {
            return Optional.of(new Outcome(card, null, null, "orderable " + card.orderableId() + " is not a mapped product"));
        }
        Lot lot = null;
        if (card.lotId() != null) {
            IdMapping mapped = lots.get(card.lotId());
            if (mapped == null) {
                return Optional.of(new Outcome(card, null, null, "lot " + card.lotId() + " is not mapped"));
            }
            lot = new Lot(mapped.code(), mapped.expiry());
        }
        Instant endOfDay = BusinessDays.endOf(card.occurredDate());
        Instant occurredAt = endOfDay.isAfter(now) ? now : endOfDay;
        String id = eventId(card);
        StockEvent data = new StockEvent(facilityCode, productCode, lot, card.stockOnHand(), occurredAt, sourceSystem, null, null, null);
        List<FieldViolation> violations = StockEventValidator.validate(StockEventType.PHYSICAL_COUNT, data, now);
        if (!violations.isEmpty()) {
            return Optional.of(new Outcome(card, null, null, "breaks the stock-event contract: " + violations));
        }
        CloudEvent<StockEvent> event = CloudEvent.of(id, SOURCE, StockEventType.PHYSICAL_COUNT.cloudEventType(), facilityCode, occurredAt, data);
        CardState state = new CardState(card.cardId(), facilityCode, productCode, lot == null ? null : lot.code(), card.stockOnHand(),
                card.occurredDate(), id, null);
        return Optional.of(new Outcome(card, event, state, null));
    }

    /**
     * The movements a changed card went through since {@code previous}, from its line items: receipts (a source),
     * issues (a destination), consumption, discards and adjustments (by reason), physical inventories (no reason,
     * source or destination) as counts. New lines are those after {@code previous.lastLineItemId}; without it (the
     * card's line items were never read), those after the last line dated on or before the previous observation whose
     * balance was the balance then. Nothing is returned when that anchor is not found (history rewritten by a
     * back-dated event): the count alone then corrects the balance. Event ids derive from the OpenLMIS line item ids.
     * Movements are timed from the start of their Lagos day in card order (a second apart), before the day's closing count.
     */
    public static List<CloudEvent<StockEvent>> movements(Outcome counted, CardState previous, List<OpenLmis.LineItem> lines,
            String sourceSystem, Instant now) {
        int from = -1;
        if (previous.lastLineItemId() != null) {
            for (int i = 0; i < lines.size(); i++) {
                if (previous.lastLineItemId().equals(lines.get(i).id())) {
                    from = i + 1;
                }
            }
        }
        if (from < 0) {
            for (int i = 0; i < lines.size(); i++) {
                OpenLmis.LineItem line = lines.get(i);
                if (line.occurredDate() != null && !line.occurredDate().isAfter(previous.occurredDate())
                        && line.stockOnHand() != null && line.stockOnHand() == previous.stockOnHand()) {
                    from = i + 1;
                }
            }
        }
        List<CloudEvent<StockEvent>> events = new ArrayList<>();
        if (from < 0) {
            return events;
        }
        StockEvent count = counted.event().data();
        for (int i = from; i < lines.size(); i++) {
            OpenLmis.LineItem line = lines.get(i);
            if (line.id() == null || line.occurredDate() == null || line.quantity() == null) {
                continue;
            }
            Movement movement = movement(line);
            if (movement == null || (movement.type() == StockEventType.PHYSICAL_COUNT && i == lines.size() - 1)) {
                continue; // nothing to move, or the card's closing count, which the count event carries
            }
            Instant at = BusinessDays.startOf(line.occurredDate()).plusSeconds(i + 1L);
            StockEvent data = new StockEvent(count.facilityCode(), count.productCode(), count.lot(), movement.quantity(),
                    at.isAfter(now) ? now : at, sourceSystem, vvmStage(line.extraData()), movement.reason(), null);
            if (StockEventValidator.validate(movement.type(), data, now).isEmpty()) {
                String id = UUID.nameUUIDFromBytes(("openlmis:line-item:" + line.id()).getBytes(StandardCharsets.UTF_8)).toString();
                events.add(CloudEvent.of(id, SOURCE, movement.type().cloudEventType(), count.facilityCode(), data.occurredAt(), data));
            }
        }
        return events;
    }

    /** The last line item id of a card (what the next change reads after). */
    public static String lastLineItemId(List<OpenLmis.LineItem> lines) {
        return lines.isEmpty() ? null : lines.get(lines.size() - 1).id();
    }

    private record Movement(StockEventType type, long quantity, String reason) {
    }

    /** One line item as our movement; null for a zero quantity or a balance adjustment the count covers. */
    private static Movement movement(OpenLmis.LineItem line) {
        long q = Math.abs(line.quantity());
        if (line.reason() == null && line.source() == null && line.destination() == null) {
            long counted = line.stockOnHand() != null ? line.stockOnHand() : q;
            return new Movement(StockEventType.PHYSICAL_COUNT, counted, null);
        }
        if (q == 0) {
            return null;
        }
        String name = line.reason() == null || line.reason().name() == null ? "" : line.reason().name().toLowerCase(java.util.Locale.ROOT);
        String type = line.reason() == null || line.reason().reasonType() == null ? "" : line.reason().reasonType();
        boolean debit = line.destination() != null || "DEBIT".equals(type);
        if (name.contains("consum") || name.contains("dispens") || name.contains("administer")) {
            return new Movement(StockEventType.CONSUMPTION, q, null);
        }
        for (String[] discard : DISCARDS) {
            if (debit && name.contains(discard[0])) {
                return new Movement(StockEventType.DISCARD, q, discard[1]);
            }
        }
        for (String[] adjustment : ADJUSTMENTS) {
            if (name.contains(adjustment[0])) {
                return new Movement(StockEventType.ADJUSTMENT, debit ? -q : q, adjustment[1]);
            }
        }
        if (line.source() != null || name.contains("receipt") || name.contains("transfer in") || name.contains("received")) {
            return new Movement(StockEventType.RECEIPT, q, null);
        }
        if (line.destination() != null || name.contains("transfer out") || name.contains("issue")) {
            return new Movement(StockEventType.ISSUE, q, null);
        }
        return switch (type) {
            case "CREDIT" -> new Movement(StockEventType.ADJUSTMENT, q, "OTHER");
            case "DEBIT" -> new Movement(StockEventType.ADJUSTMENT, -q, "OTHER");
            default -> null;
        };
    }

    /** OpenLMIS reason name fragments → our discard reasons (debits only). */
    private static final String[][] DISCARDS = { { "expir", "EXPIRED" }, { "vvm", "VVM" }, { "freez", "FREEZE" }, { "frozen", "FREEZE" },
            { "heat", "HEAT" }, { "cold chain", "HEAT" }, { "damag", "BREAKAGE" }, { "broken", "BREAKAGE" }, { "breakage", "BREAKAGE" } };

    /** OpenLMIS reason name fragments → our adjustment reasons (sign from the reason type). */
    private static final String[][] ADJUSTMENTS = { { "open vial", "OPEN_VIAL_WASTAGE" }, { "open-vial", "OPEN_VIAL_WASTAGE" },
            { "wastage", "OPEN_VIAL_WASTAGE" }, { "lost", "LOST" }, { "stolen", "STOLEN" }, { "found", "FOUND" }, { "return", "RETURNED" },
            { "correction", "CORRECTION" } };

    /** {@code extraData.vvmStatus} "STAGE_n" → n (1–4), else null. */
    static Integer vvmStage(Map<String, Object> extraData) {
        Object status = extraData == null ? null : extraData.get("vvmStatus");
        if (status != null && String.valueOf(status).matches("STAGE_[1-4]")) {
            return Integer.parseInt(String.valueOf(status).substring(6));
        }
        return null;
    }

    /** The same card, quantity and date always give the same id. */
    public static String eventId(CardRead card) {
        return UUID.nameUUIDFromBytes(("openlmis:stock-card:" + card.cardId() + ":" + card.stockOnHand() + ":" + card.occurredDate())
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String productCode(String orderableId, Map<String, IdMapping> products, Map<String, IdMapping> tradeItems) {
        if (orderableId == null) {
            return null;
        }
        IdMapping product = products.get(orderableId);
        if (product != null) {
            return product.code();
        }
        IdMapping tradeItem = tradeItems.get(orderableId);
        return tradeItem == null ? null : tradeItem.code();
    }

    /** Keeps insertion order (summaries come most-entries first). */
    public static Map<String, CardRead> newCollection() {
        return new LinkedHashMap<>();
    }
}
