package ng.vaxtrace.stock.ledger;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import ng.vaxtrace.contracts.FacilityArea;
import ng.vaxtrace.contracts.FacilityTier;
import ng.vaxtrace.stock.ledger.BatchPlan.PairKey;

/**
 * A batch's per-day changes of facilities summed into the per-area daily rollup {@code stock_day_area} (V26): the
 * nation, the facility's zone, state and LGA each get the day's net change of the balance (every facility, stores
 * included) and the doses used (health facilities only: what a store issues to a facility is not consumption) — what
 * an area's trend sums, so it reads one row per day instead of every facility's. Plain code; the rows come out
 * sorted, so concurrent batches lock shared rows (the nation's, a state's) in one order and cannot deadlock.
 */
final class AreaDays {

    private AreaDays() {
    }

    /** One row to add to the rollup. */
    record Row(String areaCode, String productCode, LocalDate day, long used, long netDelta) {
    }

    private record Key(String areaCode, String productCode, LocalDate day) {
    }

    private static final Comparator<Key> ORDER = Comparator.comparing(Key::areaCode).thenComparing(Key::productCode)
            .thenComparing(Key::day);

    /**
     * The area rows of {@code changes} (facility × product → day → {used, net change, …}), in lock order.
     * {@code tierAndArea} places a facility; one it cannot place is left out (the ledger applies no event of one).
     */
    static List<Row> of(Map<PairKey, Map<LocalDate, long[]>> changes, Function<String, Placed> tierAndArea) {
        Map<Key, long[]> sums = new TreeMap<>(ORDER);
        changes.forEach((pair, byDay) -> {
            Placed placed = tierAndArea.apply(pair.facilityCode());
            if (placed == null) {
                return;
            }
            boolean consumes = placed.tier() == FacilityTier.HEALTH_FACILITY;
            for (String area : placed.area() == null ? List.of(FacilityArea.NATIONAL) : placed.area().chain()) {
                byDay.forEach((day, change) -> {
                    long[] sum = sums.computeIfAbsent(new Key(area, pair.productCode(), day), k -> new long[2]);
                    sum[0] += consumes ? change[0] : 0;
                    sum[1] += change[1];
                });
            }
        });
        List<Row> rows = new ArrayList<>(sums.size());
        sums.forEach((key, sum) -> rows.add(new Row(key.areaCode(), key.productCode(), key.day(), sum[0], sum[1])));
        return rows;
    }

    /** A facility's tier and its place in the area tree. */
    record Placed(FacilityTier tier, FacilityArea area) {
    }
}
