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
        assertThat(outcome.event().data().occurredAt()).isEqualTo(Instant.parse("2026-11-20T22:59:59Z")); // 23:59:59 in Lagos
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

    /** A v2 summaries page exactly as OpenLMIS sends it (docs: the reference's example payload, section 7). */
    private static final String SUMMARIES = """
            {"content":[
              {"orderable":{"id":"8ef9d4da-b6e5-401c-b433-765a5fd8a0cc","href":"https://lmis.example.org/api/orderables/8ef9d4da-b6e5-401c-b433-765a5fd8a0cc","versionNumber":1},
               "stockOnHand":620,
               "canFulfillForMe":[
                {"stockCard":{"id":"1f6b2a10-0c55-4c0e-9a4e-3b7e2f0d9a01","href":"https://lmis.example.org/api/stockCards/1f6b2a10-0c55-4c0e-9a4e-3b7e2f0d9a01"},
                 "orderable":{"id":"9c3bea84-487b-4e22-8759-3fe93f8201d9","href":"https://lmis.example.org/api/orderables/9c3bea84-487b-4e22-8759-3fe93f8201d9"},
                 "lot":{"id":"f08d3db1-9132-487c-ba58-15ea12302aee","href":"https://lmis.example.org/api/lots/f08d3db1-9132-487c-ba58-15ea12302aee"},
                 "stockOnHand":400,"occurredDate":"2026-05-02","processedDate":"2026-05-02T09:14:22.123Z","active":true},
                {"stockCard":{"id":"5c2e9d44-7b1a-4f3e-8d61-2a9f0c4b7e12","href":"https://lmis.example.org/api/stockCards/5c2e9d44-7b1a-4f3e-8d61-2a9f0c4b7e12"},
                 "orderable":{"id":"9c3bea84-487b-4e22-8759-3fe93f8201d9","href":"https://lmis.example.org/api/orderables/9c3bea84-487b-4e22-8759-3fe93f8201d9"},
                 "lot":{"id":"9d0cd7cb-5739-491b-8d6b-890fd17ec810","href":"https://lmis.example.org/api/lots/9d0cd7cb-5739-491b-8d6b-890fd17ec810"},
                 "stockOnHand":220,"occurredDate":"2026-04-28","processedDate":"2026-04-28T15:03:10Z","active":true}]},
              {"orderable":{"id":"c0d41166-01fd-4a28-ae2f-46f867ffb368","href":"https://lmis.example.org/api/orderables/c0d41166-01fd-4a28-ae2f-46f867ffb368","versionNumber":1},
               "stockOnHand":0,
               "canFulfillForMe":[
                {"stockCard":{"id":"a7d3e1c2-6f4b-4b8a-9e2d-71c5f0a3b9d4","href":"https://lmis.example.org/api/stockCards/a7d3e1c2-6f4b-4b8a-9e2d-71c5f0a3b9d4"},
                 "orderable":{"id":"c0d41166-01fd-4a28-ae2f-46f867ffb368","href":"https://lmis.example.org/api/orderables/c0d41166-01fd-4a28-ae2f-46f867ffb368"},
                 "lot":null,"stockOnHand":0,"occurredDate":"2026-04-30","processedDate":"2026-04-30T08:00:00Z","active":true}]}],
             "totalPages":1,"totalElements":2,"size":2147483647,"number":0,"numberOfElements":2,"first":true,"last":true,"sort":[]}
            """;

    /** The same card's line items as {@code GET /api/stockCards/{id}} lists them (a count of 0, receipts from P001, then consumption). */
    private static final String LINE_ITEMS = """
            [{"id":"li-0","quantity":0,"occurredDate":"2026-04-29","stockOnHand":0,"extraData":{},"reason":null,"source":null,"destination":null},
             {"id":"li-1","quantity":300,"occurredDate":"2026-04-30","stockOnHand":300,"extraData":{"vvmStatus":"STAGE_1"},
              "reason":null,"source":{"id":"e94d5aad-1c40-4370-bac2-d326d65d277c"},"destination":null},
             {"id":"li-2","quantity":150,"occurredDate":"2026-05-02","stockOnHand":450,"extraData":{"vvmStatus":"STAGE_1"},
              "reason":{"id":"r-1","name":"Transfer In","reasonType":"CREDIT","reasonCategory":"TRANSFER"},
              "source":{"id":"e94d5aad-1c40-4370-bac2-d326d65d277c"},"destination":null},
             {"id":"li-3","quantity":50,"occurredDate":"2026-05-02","stockOnHand":400,"extraData":{},
              "reason":{"id":"r-2","name":"Consumed","reasonType":"DEBIT","reasonCategory":"ADJUSTMENT"},"source":null,"destination":null}]
            """;

    @Test
    void shouldDateOpenLmisBusinessDaysInLagosNotUtc() throws Exception {
        var mapper = ng.vaxtrace.contracts.EventJson.mapper();
        OpenLmis.Page<OpenLmis.Summary> page = mapper.readValue(SUMMARIES,
                new com.fasterxml.jackson.core.type.TypeReference<OpenLmis.Page<OpenLmis.Summary>>() { });
        List<OpenLmis.LineItem> lines = mapper.readValue(LINE_ITEMS,
                new com.fasterxml.jackson.core.type.TypeReference<List<OpenLmis.LineItem>>() { });
        var cards = StockCards.newCollection();
        StockCards.collect(page.contentOrEmpty(), cards);
        var bcg = cards.get("1f6b2a10-0c55-4c0e-9a4e-3b7e2f0d9a01");
        Map<String, IdMapping> products = Map.of("8ef9d4da-b6e5-401c-b433-765a5fd8a0cc",
                mapping(IdMapping.PRODUCT, "8ef9d4da-b6e5-401c-b433-765a5fd8a0cc", "BCG"));
        Map<String, IdMapping> lots = Map.of("f08d3db1-9132-487c-ba58-15ea12302aee", new IdMapping(IdMapping.LOT,
                "f08d3db1-9132-487c-ba58-15ea12302aee", "BCGI2017A", "BCG", LocalDate.parse("2027-06-01"), null));
        var previous = new CardState(bcg.cardId(), "NG-FC-SS", "BCG", "BCGI2017A", 0, LocalDate.parse("2026-04-29"), "x", null);

        var counted = StockCards.compare(bcg, "NG-FC-SS", previous, products, Map.of(), lots, "openlmis", NOW).orElseThrow();
        var movements = StockCards.movements(counted, previous, lines, "openlmis", NOW);

        // 2026-05-02 is that day in Lagos (UTC+1): the count closes it at 23:59:59 WAT, the movements start at 00:00 WAT.
        assertThat(counted.event().data().occurredAt()).isEqualTo(Instant.parse("2026-05-02T22:59:59Z"));
        assertThat(movements).extracting(e -> e.data().occurredAt()).containsExactly(Instant.parse("2026-04-29T23:00:02Z"),
                Instant.parse("2026-05-01T23:00:03Z"), Instant.parse("2026-05-01T23:00:04Z"));
        assertThat(movements).extracting(e -> e.type()).containsExactly(StockEventType.RECEIPT.cloudEventType(),
                StockEventType.RECEIPT.cloudEventType(), StockEventType.CONSUMPTION.cloudEventType());
        var lagos = java.time.ZoneId.of("Africa/Lagos");
        assertThat(LocalDate.ofInstant(counted.event().data().occurredAt(), lagos)).isEqualTo(bcg.occurredDate());
        for (int i = 0; i < movements.size(); i++) {
            assertThat(LocalDate.ofInstant(movements.get(i).data().occurredAt(), lagos)).isEqualTo(lines.get(i + 1).occurredDate());
        }
        assertThat(movements).allSatisfy(m -> assertThat(m.time()).isBefore(counted.event().time()));
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
