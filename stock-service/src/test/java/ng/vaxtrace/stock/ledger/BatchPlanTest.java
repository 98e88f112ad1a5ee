package ng.vaxtrace.stock.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

import ng.vaxtrace.contracts.Lot;
import ng.vaxtrace.contracts.StockEvent;
import ng.vaxtrace.contracts.StockEventType;
import ng.vaxtrace.stock.ledger.BatchPlan.CardKey;
import ng.vaxtrace.stock.ledger.BatchPlan.PairKey;

/**
 * The batch planner against the plainest possible reference: a ledger that re-runs a card from its first entry for
 * every event, applied one event at a time. Random streams with late events, counts and refusals must give the same
 * ledger rows, balances and refusals either way.
 */
class BatchPlanTest {

    private static final Instant T0 = Instant.parse("2026-10-01T08:00:00Z");
    /** PostgreSQL's {@code infinity} as the PG client reads it. */
    private static final Instant INFINITY = OffsetDateTime.MAX.toInstant();
    private static final List<String> LOTS = List.of("A", "B", "");
    private static final StockEventType[] TYPES = { StockEventType.RECEIPT, StockEventType.RECEIPT, StockEventType.ISSUE,
            StockEventType.CONSUMPTION, StockEventType.CONSUMPTION, StockEventType.PHYSICAL_COUNT, StockEventType.DISCARD,
            StockEventType.ADJUSTMENT };

    /** One ledger row of the reference model. */
    private static final class Row {
        final long id;
        final CardKey card;
        final StockEventType type;
        final long quantity;
        final Instant at;
        long delta;
        long balance;

        Row(long id, CardKey card, StockEventType type, long quantity, Instant at) {
            this.id = id;
            this.card = card;
            this.type = type;
            this.quantity = quantity;
            this.at = at;
        }
    }

    /** The reference ledger: every event replays its whole card; a refused event changes nothing. */
    private static final class Reference {
        final Map<CardKey, List<Row>> cards = new LinkedHashMap<>();
        long nextId = 1;

        String apply(StockEvent e, StockEventType type) {
            CardKey key = new CardKey(e.facilityCode(), e.productCode(), e.lotCode());
            List<Row> card = new ArrayList<>(cards.getOrDefault(key, List.of()));
            Row row = new Row(nextId, key, type, e.quantity(), e.occurredAt());
            card.add(row);
            card.sort(Comparator.comparing((Row r) -> r.at).thenComparingLong(r -> r.id));
            long running = 0;
            long[] deltas = new long[card.size()];
            for (int i = 0; i < card.size(); i++) {
                deltas[i] = card.get(i).type.delta(running, card.get(i).quantity);
                if (running + deltas[i] < 0) {
                    return "refused";
                }
                running += deltas[i];
            }
            running = 0;
            for (int i = 0; i < card.size(); i++) {
                running += deltas[i];
                card.get(i).delta = deltas[i];
                card.get(i).balance = running;
            }
            nextId++;
            cards.put(key, card);
            return null;
        }

        long balance(CardKey key) {
            List<Row> card = cards.getOrDefault(key, List.of());
            return card.isEmpty() ? 0 : card.get(card.size() - 1).balance;
        }

        Instant last(CardKey key) {
            return cards.getOrDefault(key, List.of()).stream().map(r -> r.at).max(Comparator.naturalOrder()).orElse(null);
        }

        /** What the batch's read phase would load from this state. */
        BatchPlan planFor(List<StockEvent> batch) {
            Map<CardKey, Instant> earliest = new HashMap<>();
            List<PairKey> pairs = new ArrayList<>();
            for (StockEvent e : batch) {
                earliest.merge(new CardKey(e.facilityCode(), e.productCode(), e.lotCode()), e.occurredAt(), (a, b) -> a.isBefore(b) ? a : b);
                PairKey pair = new PairKey(e.facilityCode(), e.productCode());
                if (!pairs.contains(pair)) {
                    pairs.add(pair);
                }
            }
            List<BatchPlan.LotRow> lots = new ArrayList<>();
            List<BatchPlan.TailRow> tails = new ArrayList<>();
            for (Map.Entry<CardKey, List<Row>> card : cards.entrySet()) {
                CardKey key = card.getKey();
                if (!pairs.contains(new PairKey(key.facilityCode(), key.productCode()))) {
                    continue;
                }
                lots.add(new BatchPlan.LotRow(key, balance(key), last(key), null));
                Instant from = earliest.get(key);
                for (Row r : card.getValue()) {
                    if (from != null && !r.at.isBefore(from)) {
                        tails.add(new BatchPlan.TailRow(key, r.id, r.type.wireName(), r.quantity, r.delta, r.balance, r.at));
                    }
                }
            }
            return new BatchPlan(lots, tails, pairs);
        }
    }

    /** An event with its movement type (carried by the CloudEvent type on the wire). */
    private record Typed(StockEventType type, StockEvent event) {
    }

    private static List<Typed> randomStream(Random random, int count, long hoursLater) {
        List<Typed> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String facility = "F" + random.nextInt(3);
            String lot = LOTS.get(random.nextInt(LOTS.size()));
            StockEventType type = TYPES[random.nextInt(TYPES.length)];
            long quantity = switch (type) {
                case PHYSICAL_COUNT -> random.nextInt(200);
                case ADJUSTMENT -> random.nextInt(60) - 30 == 0 ? 5 : random.nextInt(60) - 30;
                case RECEIPT -> 50 + random.nextInt(200);
                default -> 1 + random.nextInt(80);
            };
            // Mostly in order, often late (up to two days back), sometimes at the very same instant as another.
            Instant at = T0.plusSeconds(3_600L * (i + hoursLater) - (random.nextInt(4) == 0 ? random.nextInt(48) * 3_600L : 0));
            events.add(new Typed(type, new StockEvent(facility, "PENTA", lot.isEmpty() ? null : new Lot(lot, LocalDate.parse("2027-06-30")),
                    quantity, at, "test", null, null, null)));
        }
        return events;
    }

    @RepeatedTest(40)
    void shouldDecideABatchExactlyAsApplyingItsEventsOneByOne(RepetitionInfo repetition) {
        Random random = new Random(repetition.getCurrentRepetition());
        List<Typed> history = randomStream(random, 30, 0);
        List<Typed> batch = randomStream(random, 60, 20);

        Reference oneByOne = new Reference();
        Reference batched = new Reference();
        for (Typed e : history) {
            oneByOne.apply(e.event(), e.type());
            batched.apply(e.event(), e.type());
        }

        BatchPlan plan = batched.planFor(batch.stream().map(Typed::event).toList());
        List<String> batchRefusals = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            batchRefusals.add(plan.apply(i, batch.get(i).type(), batch.get(i).event(), batch.get(i).event().occurredAt()) == null ? null : "refused");
        }
        List<String> referenceRefusals = new ArrayList<>();
        for (Typed e : batch) {
            referenceRefusals.add(oneByOne.apply(e.event(), e.type()));
        }

        assertThat(batchRefusals).isEqualTo(referenceRefusals);
        // Write the plan's rows into the batched model as the write phase would, then compare the ledgers row by row.
        for (BatchPlan.Entry e : plan.recomputedEntries()) {
            Row row = batched.cards.values().stream().flatMap(List::stream).filter(r -> r.id == e.id).findFirst().orElseThrow();
            row.delta = e.delta;
            row.balance = e.balanceAfter;
        }
        for (BatchPlan.Entry e : plan.newEntries()) {
            Row row = new Row(batched.nextId++, e.decided.card(), e.type, e.quantity, e.occurredAt);
            row.delta = e.delta;
            row.balance = e.balanceAfter;
            batched.cards.computeIfAbsent(row.card, k -> new ArrayList<>()).add(row);
        }
        for (CardKey key : oneByOne.cards.keySet()) {
            List<String> expected = oneByOne.cards.get(key).stream().sorted(Comparator.comparingLong(r -> r.id))
                    .map(r -> r.type + " " + r.quantity + " @" + r.at + " Δ" + r.delta + " =" + r.balance).toList();
            List<String> actual = batched.cards.get(key).stream().sorted(Comparator.comparingLong(r -> r.id))
                    .map(r -> r.type + " " + r.quantity + " @" + r.at + " Δ" + r.delta + " =" + r.balance).toList();
            assertThat(actual).as("card %s", key).isEqualTo(expected);
        }
        for (BatchPlan.Card card : plan.touchedCards()) {
            assertThat(card.quantity).as("balance of %s", card.key).isEqualTo(oneByOne.balance(card.key));
        }
        for (String facility : List.of("F0", "F1", "F2")) {
            PairKey pair = new PairKey(facility, "PENTA");
            long expected = LOTS.stream().mapToLong(lot -> oneByOne.balance(new CardKey(facility, "PENTA", lot))).sum();
            if (batch.stream().anyMatch(e -> e.event().facilityCode().equals(facility))) {
                assertThat(plan.productBalance(pair)).isEqualTo(expected);
            }
        }
    }

    @Test
    void shouldMoveEveryLaterEntryAndTheDayRollupsWhenALateReceiptLandsBeforeACount() {
        CardKey card = new CardKey("F0", "PENTA", "A");
        Instant monday = Instant.parse("2026-11-02T09:00:00Z");
        Instant tuesday = monday.plusSeconds(86_400);
        Instant wednesday = tuesday.plusSeconds(86_400);
        // Stored: receipt 100 on Monday, count of 80 on Wednesday (so Wednesday's delta is -20).
        BatchPlan plan = new BatchPlan(List.of(new BatchPlan.LotRow(card, 80, wednesday, null)),
                List.of(new BatchPlan.TailRow(card, 2, "physical-count", 80, -20, 80, wednesday)), List.of(new PairKey("F0", "PENTA")));
        StockEvent lateReceipt = new StockEvent("F0", "PENTA", new Lot("A", LocalDate.parse("2027-06-30")), 30L, tuesday, "test", null, null,
                null);

        assertThat(plan.apply(0, StockEventType.RECEIPT, lateReceipt, lateReceipt.occurredAt())).isNull();

        assertThat(plan.recomputedEntries()).singleElement().satisfies(count -> {
            assertThat(count.delta).isEqualTo(-50);
            assertThat(count.balanceAfter).isEqualTo(80);
        });
        assertThat(plan.productBalance(new PairKey("F0", "PENTA"))).isEqualTo(80);
        Map<LocalDate, long[]> days = plan.dayChanges().get(new PairKey("F0", "PENTA"));
        assertThat(days.get(LocalDate.parse("2026-11-03"))[1]).isEqualTo(30);
        assertThat(days.get(LocalDate.parse("2026-11-04"))[1]).isEqualTo(-30);
    }

    @Test
    void shouldRefuseALateIssueThatWouldMakeALaterBalanceNegativeAndLeaveTheCardAsItWas() {
        CardKey card = new CardKey("F0", "PENTA", "");
        Instant monday = Instant.parse("2026-11-02T09:00:00Z");
        BatchPlan plan = new BatchPlan(List.of(new BatchPlan.LotRow(card, 10, monday.plusSeconds(7_200), null)),
                List.of(new BatchPlan.TailRow(card, 1, "receipt", 50, 50, 50, monday),
                        new BatchPlan.TailRow(card, 2, "consumption", 40, -40, 10, monday.plusSeconds(7_200))),
                List.of(new PairKey("F0", "PENTA")));
        StockEvent lateIssue = new StockEvent("F0", "PENTA", null, 20L, monday.plusSeconds(3_600), "test", null, null, null);

        assertThat(plan.apply(0, StockEventType.ISSUE, lateIssue, lateIssue.occurredAt())).startsWith("would make stock negative at 2026-11-02T11:00:00Z");
        assertThat(plan.recomputedEntries()).isEmpty();
        assertThat(plan.newEntries()).isEmpty();
        assertThat(plan.productBalance(new PairKey("F0", "PENTA"))).isEqualTo(10);
    }

    @Test
    void shouldOrderAVoidAfterAnEntryStoredAtInfinityAndCancelItsChangeOnThatEntrysDay() {
        CardKey card = new CardKey("F0", "PENTA", "A");
        PairKey pair = new PairKey("F0", "PENTA");
        Instant now = Instant.parse("2026-12-04T18:00:00Z");
        StockEvent compensation = new StockEvent("F0", "PENTA", new Lot("A", LocalDate.parse("2027-06-30")), -500L, now, "test", null,
                "CORRECTION", null);
        List<BatchPlan.TailRow> tail = List.of(new BatchPlan.TailRow(card, 7, "receipt", 500, 500, 500, INFINITY));

        // Dated now, the void lands before the receipt, which then adds 500 to -500.
        BatchPlan datedNow = new BatchPlan(List.of(new BatchPlan.LotRow(card, 500, INFINITY, null)), tail, List.of(pair));
        assertThat(datedNow.apply(0, StockEventType.ADJUSTMENT, compensation, now)).startsWith("would make stock negative");

        BatchPlan plan = new BatchPlan(List.of(new BatchPlan.LotRow(card, 500, INFINITY, null)), tail, List.of(pair));
        assertThat(plan.apply(0, StockEventType.ADJUSTMENT, compensation, INFINITY)).isNull();

        assertThat(plan.newEntries()).singleElement().satisfies(entry -> {
            assertThat(entry.occurredAt).isEqualTo(INFINITY);
            assertThat(entry.delta).isEqualTo(-500);
            assertThat(entry.balanceAfter).isZero();
        });
        assertThat(plan.recomputedEntries()).isEmpty();
        assertThat(plan.productBalance(pair)).isZero();
        // The receipt's day as PostgreSQL gives it (date 'infinity', read as LocalDate.MAX): the rollups net to nothing.
        assertThat(plan.dayChanges().get(pair)).containsOnlyKeys(LocalDate.MAX);
        assertThat(plan.dayChanges().get(pair).get(LocalDate.MAX)[1]).isEqualTo(-500);
    }

    @Test
    void shouldRecomputeACountStoredAtInfinityWhenAnEventLandsBeforeIt() {
        CardKey card = new CardKey("F0", "PENTA", "");
        PairKey pair = new PairKey("F0", "PENTA");
        Instant now = Instant.parse("2026-12-04T18:00:00Z");
        BatchPlan plan = new BatchPlan(List.of(new BatchPlan.LotRow(card, 80, INFINITY, null)),
                List.of(new BatchPlan.TailRow(card, 3, "physical-count", 80, 80, 80, INFINITY)), List.of(pair));
        StockEvent receipt = new StockEvent("F0", "PENTA", null, 30L, now, "test", null, null, null);

        assertThat(plan.apply(0, StockEventType.RECEIPT, receipt, now)).isNull();

        assertThat(plan.recomputedEntries()).singleElement().satisfies(count -> assertThat(count.delta).isEqualTo(50));
        Map<LocalDate, long[]> days = plan.dayChanges().get(pair);
        assertThat(days.get(LocalDate.parse("2026-12-04"))[1]).isEqualTo(30);
        assertThat(days.get(LocalDate.MAX)[1]).isEqualTo(-30);
    }
}
