package ng.vaxtrace.connector.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ng.vaxtrace.connector.client.OpenLmis;
import ng.vaxtrace.connector.state.CardState;
import ng.vaxtrace.connector.state.IdMapping;
import ng.vaxtrace.contracts.StockEventType;

class StockCardsTest {

    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final Map<String, IdMapping> PRODUCTS = Map.of("bcg", mapping(IdMapping.PRODUCT, "bcg", "BCG"),
            "bcg-dil", mapping(IdMapping.PRODUCT, "bcg-dil", "BCG-DIL"));
    private static final Map<String, IdMapping> TRADE_ITEMS = Map.of("bcg-sb", mapping(IdMapping.TRADE_ITEM, "bcg-sb", "BCG"));
    private static final Map<String, IdMapping> LOTS = Map.of("lot-1",
            new IdMapping(IdMapping.LOT, "lot-1", "BCG-16-1", "BCG", LocalDate.parse("2027-01-31"), null));

    @Test
    void shouldKeepOneCardWhenATradeItemShowsUnderItsCommodityTypeAndItself() {
        OpenLmis.Entry entry = entry("card-1", "bcg-sb", "lot-1", 400);
        var cards = StockCards.newCollection();

        StockCards.collect(List.of(new OpenLmis.Summary(ref("bcg"), 400L, List.of(entry)),
                new OpenLmis.Summary(ref("bcg-sb"), 400L, List.of(entry))), cards);

        assertThat(cards).containsOnlyKeys("card-1");
        assertThat(cards.get("card-1").summaryOrderableId()).isEqualTo("bcg");
    }

    @Test
    void shouldSkipEntriesWithoutStockOnHandAndSummariesWithoutEntries() {
        var cards = StockCards.newCollection();

        StockCards.collect(List.of(new OpenLmis.Summary(ref("bcg"), null, null),
                new OpenLmis.Summary(ref("bcg"), null, List.of(new OpenLmis.Entry(ref("card-2"), ref("bcg"), null, null,
                        LocalDate.parse("2026-11-01"), null, true)))), cards);

        assertThat(cards).isEmpty();
    }

    @Test
    void shouldMapATradeItemCardToItsProductWithTheLotAndExpiry() {
        var card = new StockCards.CardRead("card-1", "bcg-sb", "bcg", "lot-1", 400, LocalDate.parse("2026-11-20"));

        var outcome = StockCards.compare(card, "NG-FC-SS", null, PRODUCTS, TRADE_ITEMS, LOTS, "openlmis", NOW).orElseThrow();

        assertThat(outcome.skipped()).isNull();
        assertThat(outcome.event().type()).isEqualTo(StockEventType.PHYSICAL_COUNT.cloudEventType());
        assertThat(outcome.event().subject()).isEqualTo("NG-FC-SS");
        assertThat(outcome.event().data().productCode()).isEqualTo("BCG");
        assertThat(outcome.event().data().lot().code()).isEqualTo("BCG-16-1");
        assertThat(outcome.event().data().lot().expiry()).isEqualTo(LocalDate.parse("2027-01-31"));
        assertThat(outcome.event().data().quantity()).isEqualTo(400);
        assertThat(outcome.event().data().occurredAt()).isEqualTo(Instant.parse("2026-11-20T23:59:59Z"));
        assertThat(outcome.state().eventId()).isEqualTo(outcome.event().id());
    }

    @Test
    void shouldPublishACardWithoutALotWithoutOne() {
        var card = new StockCards.CardRead("card-3", "bcg-dil", "bcg-dil", null, 60, LocalDate.parse("2026-11-20"));

        var outcome = StockCards.compare(card, "NG-FC-SS", null, PRODUCTS, TRADE_ITEMS, LOTS, "openlmis", NOW).orElseThrow();

        assertThat(outcome.event().data().lot()).isNull();
        assertThat(outcome.event().data().productCode()).isEqualTo("BCG-DIL");
    }

    @Test
    void shouldNotDateACountOfTodayInTheFuture() {
        var card = new StockCards.CardRead("card-3", "bcg-dil", "bcg-dil", null, 60, LocalDate.parse("2026-11-29"));

        var outcome = StockCards.compare(card, "NG-FC-SS", null, PRODUCTS, TRADE_ITEMS, LOTS, "openlmis", NOW).orElseThrow();

        assertThat(outcome.event().data().occurredAt()).isEqualTo(NOW);
    }

    @Test
    void shouldPublishNothingForACardAsLastSeen() {
        var card = new StockCards.CardRead("card-1", "bcg-sb", "bcg", "lot-1", 400, LocalDate.parse("2026-11-20"));
        var previous = new CardState("card-1", "NG-FC-SS", "BCG", "BCG-16-1", 400, LocalDate.parse("2026-11-20"), StockCards.eventId(card), null);

        assertThat(StockCards.compare(card, "NG-FC-SS", previous, PRODUCTS, TRADE_ITEMS, LOTS, "openlmis", NOW)).isEmpty();
    }

    @Test
    void shouldPublishACountWhenTheBalanceOrItsDateChanged() {
        var previous = new CardState("card-1", "NG-FC-SS", "BCG", "BCG-16-1", 400, LocalDate.parse("2026-11-20"), "x", null);
        var lower = new StockCards.CardRead("card-1", "bcg-sb", "bcg", "lot-1", 380, LocalDate.parse("2026-11-20"));
        var recounted = new StockCards.CardRead("card-1", "bcg-sb", "bcg", "lot-1", 400, LocalDate.parse("2026-11-27"));

        assertThat(StockCards.compare(lower, "NG-FC-SS", previous, PRODUCTS, TRADE_ITEMS, LOTS, "openlmis", NOW)).isPresent();
        assertThat(StockCards.compare(recounted, "NG-FC-SS", previous, PRODUCTS, TRADE_ITEMS, LOTS, "openlmis", NOW)).isPresent();
    }

    @Test
    void shouldDeriveTheSameEventIdFromTheSameObservation() {
        var card = new StockCards.CardRead("card-1", "bcg-sb", "bcg", "lot-1", 400, LocalDate.parse("2026-11-20"));
        var same = new StockCards.CardRead("card-1", "bcg", "bcg", "lot-1", 400, LocalDate.parse("2026-11-20"));
        var other = new StockCards.CardRead("card-1", "bcg-sb", "bcg", "lot-1", 401, LocalDate.parse("2026-11-20"));

        assertThat(StockCards.eventId(card)).isEqualTo(StockCards.eventId(same)).isNotEqualTo(StockCards.eventId(other));
    }

    @Test
    void shouldSkipCardsOfUnmappedLotsOrOrderables() {
        var unknownLot = new StockCards.CardRead("card-1", "bcg-sb", "bcg", "lot-9", 400, LocalDate.parse("2026-11-20"));
        var unknownOrderable = new StockCards.CardRead("card-5", "x", "y", null, 4, LocalDate.parse("2026-11-20"));

        assertThat(StockCards.compare(unknownLot, "NG-FC-SS", null, PRODUCTS, TRADE_ITEMS, LOTS, "openlmis", NOW).orElseThrow().skipped())
                .contains("lot-9");
        assertThat(StockCards.compare(unknownOrderable, "NG-FC-SS", null, PRODUCTS, TRADE_ITEMS, LOTS, "openlmis", NOW).orElseThrow().skipped())
                .contains("not a mapped product");
    }

    @Test
    void shouldSkipACardWhoseCountWouldBreakTheStockEventContract() {
        var negative = new StockCards.CardRead("card-6", "bcg-dil", "bcg-dil", null, -3, LocalDate.parse("2026-11-20"));

        assertThat(StockCards.compare(negative, "NG-FC-SS", null, PRODUCTS, TRADE_ITEMS, LOTS, "openlmis", NOW).orElseThrow().skipped())
                .contains("quantity");
    }

    @Test
    void shouldTurnTheLineItemsSinceTheLastObservationIntoMovementsWithIdsFromTheLineItems() {
        var previous = new CardState("card-1", "NG-FC-SS", "BCG", "BCG-16-1", 400, LocalDate.parse("2026-11-20"), "x", null);
        var card = new StockCards.CardRead("card-1", "bcg-sb", "bcg", "lot-1", 468, LocalDate.parse("2026-11-28"));
        var counted = StockCards.compare(card, "NG-FC-SS", previous, PRODUCTS, TRADE_ITEMS, LOTS, "openlmis", NOW).orElseThrow();
        List<OpenLmis.LineItem> lines = List.of(
                line("l1", 400, "2026-11-18", null, null, null, 400),
                line("l2", 100, "2026-11-22", null, new OpenLmis.Party("n", "NG-FC-NS", "Supplier"), null, 500),
                line("l3", 20, "2026-11-23", reason("Consumed", "DEBIT"), null, null, 480),
                line("l4", 5, "2026-11-24", reason("Expired", "DEBIT"), null, null, 475),
                line("l5", 2, "2026-11-25", reason("Lost", "DEBIT"), null, null, 473),
                line("l6", 5, "2026-11-26", null, null, new OpenLmis.Party("m", "NG-FC-001-HF-001", "PHC"), 468),
                line("l7", 468, "2026-11-28", null, null, null, 468));

        var events = StockCards.movements(counted, previous, lines, "openlmis", NOW);

        assertThat(events).extracting(e -> e.type()).containsExactly(StockEventType.RECEIPT.cloudEventType(),
                StockEventType.CONSUMPTION.cloudEventType(), StockEventType.DISCARD.cloudEventType(),
                StockEventType.ADJUSTMENT.cloudEventType(), StockEventType.ISSUE.cloudEventType());
        assertThat(events).extracting(e -> e.data().quantity()).containsExactly(100L, 20L, 5L, -2L, 5L);
        assertThat(events).extracting(e -> e.data().reason()).containsExactly(null, null, "EXPIRED", "LOST", null);
        assertThat(events).allSatisfy(e -> assertThat(e.data().lot().code()).isEqualTo("BCG-16-1"));
        assertThat(events.get(0).id()).isEqualTo(java.util.UUID.nameUUIDFromBytes("openlmis:line-item:l2".getBytes()).toString());
        assertThat(events.get(0).time()).isBefore(counted.event().time());
        assertThat(StockCards.lastLineItemId(lines)).isEqualTo("l7");
        var next = new CardState("card-1", "NG-FC-SS", "BCG", "BCG-16-1", 468, LocalDate.parse("2026-11-28"), "y", "l5");
        assertThat(StockCards.movements(counted, next, lines, "openlmis", NOW)).as("after the last line read").hasSize(1);
    }

    @Test
    void shouldEmitNoMovementsWhenTheLastObservationIsNotInTheCardsHistory() {
        var previous = new CardState("card-1", "NG-FC-SS", "BCG", "BCG-16-1", 999, LocalDate.parse("2026-11-20"), "x", null);
        var card = new StockCards.CardRead("card-1", "bcg-sb", "bcg", "lot-1", 480, LocalDate.parse("2026-11-23"));
        var counted = StockCards.compare(card, "NG-FC-SS", previous, PRODUCTS, TRADE_ITEMS, LOTS, "openlmis", NOW).orElseThrow();

        assertThat(StockCards.movements(counted, previous, List.of(line("l1", 400, "2026-11-18", null, null, null, 400),
                line("l3", 20, "2026-11-23", reason("Consumed", "DEBIT"), null, null, 480)), "openlmis", NOW)).isEmpty();
    }

    private static OpenLmis.LineItem line(String id, long quantity, String date, OpenLmis.Reason reason, OpenLmis.Party source,
            OpenLmis.Party destination, long soh) {
        return new OpenLmis.LineItem(id, quantity, LocalDate.parse(date), reason, source, destination, soh, Map.of("vvmStatus", "STAGE_1"), null);
    }

    private static OpenLmis.Reason reason(String name, String type) {
        return new OpenLmis.Reason("r-" + name, name, type, "ADJUSTMENT");
    }

    private static IdMapping mapping(String kind, String id, String code) {
        return new IdMapping(kind, id, code, code, null, null);
    }

    private static OpenLmis.Ref ref(String id) {
        return new OpenLmis.Ref(id, "http://openlmis/api/x/" + id);
    }

    private static OpenLmis.Entry entry(String card, String orderable, String lot, long soh) {
        return new OpenLmis.Entry(ref(card), ref(orderable), lot == null ? null : ref(lot), soh, LocalDate.parse("2026-11-20"),
                Instant.parse("2026-11-20T09:00:00Z"), true);
    }
}
