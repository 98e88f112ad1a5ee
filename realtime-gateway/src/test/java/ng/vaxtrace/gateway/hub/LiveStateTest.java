package ng.vaxtrace.gateway.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import ng.vaxtrace.contracts.Alert;
import ng.vaxtrace.contracts.AlertSeverity;
import ng.vaxtrace.contracts.AlertType;
import ng.vaxtrace.contracts.FacilityArea;
import ng.vaxtrace.gateway.hub.Payloads.StockEntry;

/** The warm-up's bulk-built state answers exactly as the same levels put one by one. */
class LiveStateTest {

    private static final List<FacilityArea> AREAS = List.of(new FacilityArea("NG-NW", "NG-KN", "NG-KN-017"),
            new FacilityArea("NG-NW", "NG-KN", "NG-KN-018"), new FacilityArea("NG-SW", "NG-LA", "NG-LA-001"),
            new FacilityArea(null, "NG-LA", null));
    private static final List<String> STATUSES = List.of("STOCKED_OUT", "BELOW_MIN", "WITHIN_RANGE", "ABOVE_MAX");
    private static final List<String> PRODUCTS = List.of("BCG", "OPV", "PENTA", "PCV");

    @RepeatedTest(20)
    void shouldBuildInBulkWhatPuttingEachLevelBuilds() {
        Random random = new Random();
        List<WarmLevel> levels = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            // Few facilities, so codes repeat (a level read twice) and prefixes overlap (HF-1, HF-10, HF-100).
            String facility = "NG-X-HF-" + random.nextInt(120);
            FacilityArea area = random.nextInt(20) == 0 ? null : AREAS.get(Math.abs(facility.hashCode()) % AREAS.size());
            if (random.nextInt(50) == 0) {
                area = AREAS.get(random.nextInt(AREAS.size())); // the facility moved between two reads
            }
            levels.add(new WarmLevel(area, new StockEntry(facility, PRODUCTS.get(random.nextInt(PRODUCTS.size())),
                    STATUSES.get(random.nextInt(STATUSES.size())), random.nextInt(1000), null)));
        }

        LiveState bulk = LiveState.of(levels);
        LiveState oneByOne = new LiveState();
        levels.forEach(level -> oneByOne.put(level.area(), LiveState.codes(level.area(), level.entry().facilityCode()), level.entry(),
                null));

        assertThat(bulk.stockEntries()).isEqualTo(oneByOne.stockEntries());
        Set<String> codes = new TreeSet<>(List.of(FacilityArea.NATIONAL, "NG-NW", "NG-SW", "NG-KN", "NG-LA", "NG-KN-017", "NG-KN-018",
                "NG-LA-001"));
        levels.forEach(level -> codes.add(level.entry().facilityCode()));
        for (String code : codes) {
            assertThat(bulk.stockOf(code)).as(code).containsExactlyElementsOf(oneByOne.stockOf(code));
            assertThat(bulk.countsOf(code)).as(code).isEqualTo(oneByOne.countsOf(code));
            assertThat(bulk.stockAfter(code, "NG-X-HF-5|OPV")).as(code).containsExactlyElementsOf(oneByOne.stockAfter(code, "NG-X-HF-5|OPV"));
        }
    }

    @Test
    void shouldMoveEveryProductOfAFacilityWhoseAreaWasCorrected() {
        FacilityArea kano = AREAS.get(0);
        FacilityArea lagos = AREAS.get(2);
        LiveState state = new LiveState();
        state.put(kano, LiveState.codes(kano, "HF-1"), new StockEntry("HF-1", "BCG", "STOCKED_OUT", 0, null), null);
        state.put(kano, LiveState.codes(kano, "HF-1"), new StockEntry("HF-1", "OPV", "WITHIN_RANGE", 40, null), null);

        state.put(lagos, LiveState.codes(lagos, "HF-1"), new StockEntry("HF-1", "BCG", "WITHIN_RANGE", 90, null), null);

        assertThat(state.stockOf("NG-KN")).isEmpty();
        assertThat(state.countsOf(FacilityArea.NATIONAL).get("NG-KN").values()).allSatisfy(byStatus -> assertThat(byStatus).isEmpty());
        assertThat(state.stockOf("NG-LA")).extracting(e -> e.productCode() + "=" + e.productBalance()).containsExactly("BCG=90", "OPV=40");
        assertThat(state.countsOf(FacilityArea.NATIONAL).get("NG-LA")).isEqualTo(java.util.Map.of("BCG", java.util.Map.of("WITHIN_RANGE", 1),
                "OPV", java.util.Map.of("WITHIN_RANGE", 1)));
        assertThat(state.stockEntries()).isEqualTo(2);
    }

    @Test
    void shouldLetWhatTheStreamToldWinOverWhatWasRead() {
        FacilityArea kano = AREAS.get(0);
        FacilityArea lagos = AREAS.get(2);
        LiveState read = LiveState.of(List.of(new WarmLevel(kano, new StockEntry("HF-1", "BCG", "STOCKED_OUT", 0, null)),
                new WarmLevel(kano, new StockEntry("HF-2", "BCG", "WITHIN_RANGE", 50, null))));
        read.addRead(List.of(alert("a-1", "HF-1", kano, Alert.OPEN), alert("a-2", "HF-2", kano, Alert.OPEN)));

        LiveState streamed = new LiveState();
        // HF-1 restocked, and reported since from Lagos (its area corrected); a-1 resolved, a-3 opened.
        streamed.put(lagos, LiveState.codes(lagos, "HF-1"), new StockEntry("HF-1", "BCG", "WITHIN_RANGE", 80, null), null);
        streamed.putAlert(LiveState.codes(kano, "HF-1"), alert("a-1", "HF-1", kano, Alert.RESOLVED), true);
        streamed.putAlert(LiveState.codes(kano, "HF-2"), alert("a-3", "HF-2", kano, Alert.OPEN), true);

        int kept = read.overlay(streamed);

        assertThat(kept).as("HF-2's level and alert a-2 stand as read").isEqualTo(2);
        assertThat(read.stockOf("NG-KN")).extracting(StockEntry::facilityCode).containsExactly("HF-2");
        assertThat(read.stockOf("NG-LA")).extracting(e -> e.facilityCode() + "=" + e.productBalance()).containsExactly("HF-1=80");
        assertThat(read.countsOf(FacilityArea.NATIONAL).get("NG-KN").get("BCG")).isEqualTo(java.util.Map.of("WITHIN_RANGE", 1));
        assertThat(read.alertsOf(FacilityArea.NATIONAL)).extracting(Alert::alertId).containsExactly("a-2", "a-3");
        assertThat(read.stockEntries()).isEqualTo(2);
    }

    private static Alert alert(String id, String facility, FacilityArea area, String status) {
        return new Alert(id, AlertType.STOCK_OUT, AlertSeverity.HIGH, status, facility, area, "BCG", null, null, "BCG stocked out", null,
                java.time.Instant.parse("2026-11-30T08:00:00Z"), null, null, null, null, null, null, null, null);
    }
}
