package ng.vaxtrace.connector.sync;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
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
 * Stock cards read from v2 summaries → physical-count events. Pure logic: de-duplication (a trade item's card shows
 * under its commodity type and again under itself), the comparison with the last-seen state, and deterministic event
 * ids, so that publishing the same observation twice is dropped by every consumer.
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
     * physical count of its stock on hand, dated at the end of its occurred date (OpenLMIS's SOH is the balance at
     * the end of that day), or now if that is still ahead.
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
        Instant endOfDay = card.occurredDate().plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).minusSeconds(1);
        Instant occurredAt = endOfDay.isAfter(now) ? now : endOfDay;
        String id = eventId(card);
        StockEvent data = new StockEvent(facilityCode, productCode, lot, card.stockOnHand(), occurredAt, sourceSystem, null, null, null);
        List<FieldViolation> violations = StockEventValidator.validate(StockEventType.PHYSICAL_COUNT, data, now);
        if (!violations.isEmpty()) {
            return Optional.of(new Outcome(card, null, null, "breaks the stock-event contract: " + violations));
        }
        CloudEvent<StockEvent> event = CloudEvent.of(id, SOURCE, StockEventType.PHYSICAL_COUNT.cloudEventType(), facilityCode, occurredAt, data);
        CardState state = new CardState(card.cardId(), facilityCode, productCode, lot == null ? null : lot.code(), card.stockOnHand(),
                card.occurredDate(), id);
        return Optional.of(new Outcome(card, event, state, null));
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
