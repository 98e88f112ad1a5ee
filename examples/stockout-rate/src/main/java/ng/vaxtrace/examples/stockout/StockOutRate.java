package ng.vaxtrace.examples.stockout;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import ng.vaxtrace.contracts.StockLevelChanged;

/**
 * The stock-out rate of an area and month, from stock-level changes:
 * <pre>
 *   stock-out rate = facility-days stocked out / facility-days observed
 * </pre>
 * per state, calendar month (Nigerian time) and product. A facility × product is observed from its first change on;
 * between two changes (ordered by {@code occurredAt}, the time in the field) its balance is the later-recorded
 * {@code productBalanceAfter} of the earlier one, and it is stocked out while that balance is 0 — stock-service's
 * {@code STOCKED_OUT} status. Events are de-duplicated by CloudEvent id (the topic is delivered at least once).
 */
public final class StockOutRate {

    /** Months are Nigeria's (West Africa Time, UTC+1, no daylight saving). */
    public static final ZoneId NIGERIA = ZoneId.of("Africa/Lagos");
    private static final double SECONDS_PER_DAY = 86_400.0;

    /** One output row. */
    public record Row(YearMonth month, String stateCode, String productCode, int facilities, double facilityDays,
            double stockedOutDays) {

        public double rate() {
            return facilityDays == 0 ? 0 : stockedOutDays / facilityDays;
        }
    }

    private record Point(long balance, Instant recordedAt) {
    }

    private record Series(String facility, String state, String product, TreeMap<Instant, Point> points) {
    }

    private final Set<String> seen = new HashSet<>();
    private final Map<String, Series> series = new HashMap<>();
    private long duplicates;
    private long unplaced;

    /** Takes one change; returns false for a duplicate (same event id) or a change without a state. */
    public boolean accept(String eventId, StockLevelChanged change) {
        if (!seen.add(eventId)) {
            duplicates++;
            return false;
        }
        if (change.area() == null || change.area().stateCode() == null || change.occurredAt() == null) {
            unplaced++; // area is optional in the contract (v1.2); such changes cannot be given a state
            return false;
        }
        Series s = series.computeIfAbsent(change.facilityCode() + '|' + change.productCode(),
                k -> new Series(change.facilityCode(), change.area().stateCode(), change.productCode(), new TreeMap<>()));
        Instant recorded = change.recordedAt() == null ? Instant.EPOCH : change.recordedAt();
        // Two changes at the same field time: the one recorded later holds the balance after both.
        s.points().merge(change.occurredAt(), new Point(change.productBalanceAfter(), recorded),
                (old, fresh) -> fresh.recordedAt().isBefore(old.recordedAt()) ? old : fresh);
        return true;
    }

    public long duplicates() {
        return duplicates;
    }

    public long unplaced() {
        return unplaced;
    }

    /** Rows for every state, month and product observed up to {@code asOf}, in that order. */
    public List<Row> rows(Instant asOf) {
        Map<String, double[]> totals = new TreeMap<>(); // "yyyy-MM|state|product" → {facility-days, stocked-out days}
        Map<String, Set<String>> facilities = new HashMap<>();
        for (Series s : series.values()) {
            List<Map.Entry<Instant, Point>> points = new ArrayList<>(s.points().entrySet());
            for (int i = 0; i < points.size(); i++) {
                Instant from = points.get(i).getKey();
                Instant to = i + 1 < points.size() ? points.get(i + 1).getKey() : asOf;
                boolean out = points.get(i).getValue().balance() <= 0;
                addSegment(s, from.isAfter(asOf) ? asOf : from, to.isAfter(asOf) ? asOf : to, out, totals, facilities);
            }
        }
        List<Row> rows = new ArrayList<>(totals.size());
        totals.forEach((key, t) -> {
            String[] k = key.split("\\|");
            rows.add(new Row(YearMonth.parse(k[0]), k[1], k[2], facilities.get(key).size(), t[0], t[1]));
        });
        return rows;
    }

    /** Adds one interval of constant balance, split at month boundaries. */
    private static void addSegment(Series s, Instant from, Instant to, boolean out, Map<String, double[]> totals,
            Map<String, Set<String>> facilities) {
        Instant start = from;
        while (start.isBefore(to)) {
            YearMonth month = YearMonth.from(start.atZone(NIGERIA));
            Instant monthEnd = month.plusMonths(1).atDay(1).atStartOfDay(NIGERIA).toInstant();
            Instant end = monthEnd.isBefore(to) ? monthEnd : to;
            double days = Duration.between(start, end).toSeconds() / SECONDS_PER_DAY;
            String key = month + "|" + s.state() + "|" + s.product();
            double[] t = totals.computeIfAbsent(key, k -> new double[2]);
            t[0] += days;
            if (out) {
                t[1] += days;
            }
            facilities.computeIfAbsent(key, k -> new HashSet<>()).add(s.facility());
            start = end;
        }
    }
}
