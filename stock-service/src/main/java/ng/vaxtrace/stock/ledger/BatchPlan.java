package ng.vaxtrace.stock.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ng.vaxtrace.contracts.StockEvent;
import ng.vaxtrace.contracts.StockEventType;
import ng.vaxtrace.stock.metrics.StockMetrics;

/**
 * Decides a whole batch of stock events in memory, as if they were applied one by one in order, from the state the
 * batch's read phase loaded: the lot balances of every facility × product it touches, and the tail of each lot's card
 * from the earliest event time of the batch (what a late event needs to replay only its own card). Pure: no I/O, so
 * the equivalence with one-by-one application is testable without a database. The result says what to write: new
 * ledger rows, recomputed rows, balances, per-day rollups and each event's outcome.
 */
final class BatchPlan {

    /** A lot card: one lot of one product at one facility ('' lot for products not tracked by lot). */
    record CardKey(String facilityCode, String productCode, String lotCode) {
    }

    /** One product at one facility: what metrics, locks and rollups are kept per. */
    record PairKey(String facilityCode, String productCode) {
    }

    /** A lot balance as stored. */
    record LotRow(CardKey card, long quantity, Instant lastOccurredAt, LocalDate lotExpiry) {
    }

    /** A stored ledger row of a card's tail. */
    record TailRow(CardKey card, long id, String eventType, long quantity, long delta, long balanceAfter, Instant occurredAt) {
    }

    /** One ledger row, stored or new; delta and balance are derived and may be recomputed by a late event. */
    static final class Entry {
        final long id;
        final StockEventType type;
        final long quantity;
        final Instant occurredAt;
        final long storedDelta;
        final long storedBalance;
        /** Set for the batch's own entries: the decision that made it. */
        Decided decided;
        long delta;
        long balanceAfter;

        private Entry(long id, StockEventType type, long quantity, Instant occurredAt, long delta, long balanceAfter) {
            this.id = id;
            this.type = type;
            this.quantity = quantity;
            this.occurredAt = occurredAt;
            this.storedDelta = delta;
            this.storedBalance = balanceAfter;
            this.delta = delta;
            this.balanceAfter = balanceAfter;
        }

        boolean isNew() {
            return decided != null;
        }

        boolean recomputed() {
            return !isNew() && (delta != storedDelta || balanceAfter != storedBalance);
        }

        /** Order within a card: time, then storage order (a new entry comes after every stored one of its time). */
        boolean after(Instant time) {
            return occurredAt.isAfter(time);
        }
    }

    /** The in-memory state of one card during the batch. */
    static final class Card {
        final CardKey key;
        final boolean stored;
        final List<Entry> entries = new ArrayList<>();
        long base;
        long quantity;
        Instant lastOccurredAt;
        LocalDate lotExpiry;
        boolean touched;

        Card(CardKey key, LotRow row) {
            this.key = key;
            this.stored = row != null;
            this.quantity = row == null ? 0 : row.quantity();
            this.base = quantity;
            this.lastOccurredAt = row == null ? null : row.lastOccurredAt();
            this.lotExpiry = row == null ? null : row.lotExpiry();
        }
    }

    /** An applied event: where it landed and the balances around it, for its published level change. */
    record Decided(int index, CardKey card, StockEventType type, StockEvent data, long lotBalanceBefore, long lotBalanceAfter,
            long productBalanceAfter, LocalDate lotExpiry, Entry entry) {
    }

    private final Map<CardKey, Card> cards = new LinkedHashMap<>();
    private final Map<PairKey, Long> productBalances = new HashMap<>();
    private final List<Decided> decided = new ArrayList<>();

    BatchPlan(List<LotRow> lots, List<TailRow> tails, List<PairKey> pairs) {
        for (PairKey pair : pairs) {
            productBalances.put(pair, 0L);
        }
        for (LotRow row : lots) {
            cards.put(row.card(), new Card(row.card(), row));
            productBalances.merge(new PairKey(row.card().facilityCode(), row.card().productCode()), row.quantity(), Long::sum);
        }
        // Tails arrive ordered by card, time and id.
        for (TailRow row : tails) {
            Card card = cards.get(row.card());
            if (card == null) {
                continue; // a ledger row without a balance cannot exist; ignore rather than invent one
            }
            if (card.entries.isEmpty()) {
                card.base = row.balanceAfter() - row.delta();
            }
            card.entries.add(new Entry(row.id(), StockEventType.fromWireName(row.eventType()).orElseThrow(), row.quantity(),
                    row.occurredAt(), row.delta(), row.balanceAfter()));
        }
    }

    /**
     * Applies one valid event for a known facility and product at {@code at} in its card (the event's time; a void's
     * may be later, LedgerService.Received#notBefore); returns null when applied, else why it is refused (it would make
     * the lot's stock negative, now or at some later entry of its card).
     */
    String apply(int index, StockEventType type, StockEvent data, Instant at) {
        CardKey key = new CardKey(data.facilityCode(), data.productCode(), data.lotCode());
        Card card = cards.computeIfAbsent(key, k -> new Card(k, null));
        boolean late = card.lastOccurredAt != null && at.isBefore(card.lastOccurredAt);
        if (late && card.entries.isEmpty()) {
            throw new IllegalStateException("late event for " + key + " without its card's tail loaded");
        }
        int position = card.entries.size();
        while (position > 0 && card.entries.get(position - 1).after(at)) {
            position--;
        }
        long running = position == 0 ? card.base : card.entries.get(position - 1).balanceAfter;
        // Check the new entry and every later one before changing anything: a refused event leaves the card as it was.
        int later = card.entries.size() - position;
        long[] deltas = new long[later + 1];
        long check = running;
        for (int i = 0; i <= later; i++) {
            StockEventType t = i == 0 ? type : card.entries.get(position + i - 1).type;
            long quantity = i == 0 ? data.quantity() : card.entries.get(position + i - 1).quantity;
            Instant when = i == 0 ? at : card.entries.get(position + i - 1).occurredAt;
            deltas[i] = t.delta(check, quantity);
            if (check + deltas[i] < 0) {
                return late
                        ? "would make stock negative at " + when + " (late event occurred " + at + "): balance " + check + ", change " + deltas[i]
                        : "would make stock negative: lot balance " + check + ", change " + deltas[i];
            }
            check += deltas[i];
        }
        long before = card.quantity;
        LocalDate expiry = data.lot() != null && data.lot().expiry() != null ? data.lot().expiry() : card.lotExpiry;
        if (card.entries.isEmpty()) {
            card.base = card.quantity;
        }
        Entry entry = new Entry(-1, type, data.quantity(), at, 0, 0);
        card.entries.add(position, entry);
        for (int i = 0; i <= later; i++) {
            Entry e = card.entries.get(position + i);
            running += deltas[i];
            e.delta = deltas[i];
            e.balanceAfter = running;
        }
        card.quantity = card.entries.get(card.entries.size() - 1).balanceAfter;
        card.lastOccurredAt = card.lastOccurredAt == null || at.isAfter(card.lastOccurredAt) ? at : card.lastOccurredAt;
        card.lotExpiry = expiry;
        card.touched = true;
        PairKey pair = new PairKey(key.facilityCode(), key.productCode());
        long product = productBalances.merge(pair, card.quantity - before, Long::sum);
        entry.decided = new Decided(index, key, type, data, before, card.quantity, product, expiry, entry);
        decided.add(entry.decided);
        return null;
    }

    /** The applied events in the order they were applied. */
    List<Decided> decided() {
        return decided;
    }

    /** New ledger rows with their final delta and balance (a later late event of the batch may have moved them). */
    List<Entry> newEntries() {
        List<Entry> rows = new ArrayList<>();
        for (Card card : cards.values()) {
            for (Entry e : card.entries) {
                if (e.isNew()) {
                    rows.add(e);
                }
            }
        }
        rows.sort((a, b) -> Integer.compare(a.decided.index(), b.decided.index()));
        return rows;
    }

    /** Stored ledger rows whose derived delta or balance a late event changed. */
    List<Entry> recomputedEntries() {
        List<Entry> rows = new ArrayList<>();
        for (Card card : cards.values()) {
            for (Entry e : card.entries) {
                if (e.recomputed()) {
                    rows.add(e);
                }
            }
        }
        return rows;
    }

    /** The cards whose balance the batch changed. */
    List<Card> touchedCards() {
        return cards.values().stream().filter(c -> c.touched).toList();
    }

    /** Every facility × product's balance over all its lots after the batch. */
    long productBalance(PairKey pair) {
        return productBalances.getOrDefault(pair, 0L);
    }

    /**
     * What the batch adds to each business day's rollup: doses used, the net change of the product's balance, and the
     * part of that change physical counts made (consumption of facilities that only count, metrics/StockMetrics).
     */
    Map<PairKey, Map<LocalDate, long[]>> dayChanges() {
        Map<PairKey, Map<LocalDate, long[]>> days = new LinkedHashMap<>();
        for (Card card : cards.values()) {
            PairKey pair = new PairKey(card.key.facilityCode(), card.key.productCode());
            for (Entry e : card.entries) {
                long used = e.isNew() && (e.type == StockEventType.CONSUMPTION || e.type == StockEventType.ISSUE) ? e.quantity : 0;
                long net = e.isNew() ? e.delta : e.delta - e.storedDelta;
                if (used != 0 || net != 0) {
                    long[] day = days.computeIfAbsent(pair, p -> new HashMap<>())
                            .computeIfAbsent(StockMetrics.businessDay(e.occurredAt), d -> new long[3]);
                    day[0] += used;
                    day[1] += net;
                    day[2] += e.type == StockEventType.PHYSICAL_COUNT ? net : 0;
                }
            }
        }
        return days;
    }
}
