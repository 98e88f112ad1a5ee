package ng.vaxtrace.stock.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ng.vaxtrace.contracts.FacilityArea;
import ng.vaxtrace.contracts.FacilityTier;
import ng.vaxtrace.stock.ledger.BatchPlan.PairKey;

class AreaDaysTest {

    private static final LocalDate DAY = LocalDate.parse("2026-12-01");
    private static final FacilityArea KANO_17 = new FacilityArea("NG-NW", "NG-KN", "NG-KN-017");
    private static final FacilityArea KANO_18 = new FacilityArea("NG-NW", "NG-KN", "NG-KN-018");
    private static final FacilityArea KANO_STORE = new FacilityArea("NG-NW", "NG-KN", null);

    @Test
    void shouldAddEachFacilitysDayToTheNationItsZoneStateAndLgaInLockOrder() {
        Map<PairKey, Map<LocalDate, long[]>> changes = new LinkedHashMap<>();
        changes.put(new PairKey("HF-B", "PENTA"), Map.of(DAY, new long[] { 30, -30, 0 }));
        changes.put(new PairKey("HF-A", "PENTA"), Map.of(DAY, new long[] { 100, -100, 0 }, DAY.plusDays(1), new long[] { 0, 500, 0 }));
        Map<String, AreaDays.Placed> places = Map.of("HF-A", new AreaDays.Placed(FacilityTier.HEALTH_FACILITY, KANO_17),
                "HF-B", new AreaDays.Placed(FacilityTier.HEALTH_FACILITY, KANO_18));

        List<AreaDays.Row> rows = AreaDays.of(changes, places::get);

        assertThat(rows).containsExactly(
                new AreaDays.Row("NG", "PENTA", DAY, 130, -130), new AreaDays.Row("NG", "PENTA", DAY.plusDays(1), 0, 500),
                new AreaDays.Row("NG-KN", "PENTA", DAY, 130, -130), new AreaDays.Row("NG-KN", "PENTA", DAY.plusDays(1), 0, 500),
                new AreaDays.Row("NG-KN-017", "PENTA", DAY, 100, -100), new AreaDays.Row("NG-KN-017", "PENTA", DAY.plusDays(1), 0, 500),
                new AreaDays.Row("NG-KN-018", "PENTA", DAY, 30, -30),
                new AreaDays.Row("NG-NW", "PENTA", DAY, 130, -130), new AreaDays.Row("NG-NW", "PENTA", DAY.plusDays(1), 0, 500));
    }

    @Test
    void shouldCountAStoresStockButNotWhatItIssuesAsConsumption() {
        Map<PairKey, Map<LocalDate, long[]>> changes = Map.of(new PairKey("STORE", "BCG"), Map.of(DAY, new long[] { 400, 600, 0 }));

        List<AreaDays.Row> rows = AreaDays.of(changes, code -> new AreaDays.Placed(FacilityTier.STATE, KANO_STORE));

        assertThat(rows).containsExactly(new AreaDays.Row("NG", "BCG", DAY, 0, 600), new AreaDays.Row("NG-KN", "BCG", DAY, 0, 600),
                new AreaDays.Row("NG-NW", "BCG", DAY, 0, 600));
    }

    @Test
    void shouldLeaveOutAFacilityItCannotPlace() {
        assertThat(AreaDays.of(Map.of(new PairKey("GONE", "BCG"), Map.of(DAY, new long[] { 1, 1, 0 })), code -> null)).isEmpty();
    }
}
