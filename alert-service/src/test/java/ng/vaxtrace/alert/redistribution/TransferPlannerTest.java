package ng.vaxtrace.alert.redistribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import ng.vaxtrace.alert.redistribution.TransferPlanner.Holding;
import ng.vaxtrace.alert.redistribution.TransferPlanner.LotStock;
import ng.vaxtrace.alert.redistribution.TransferPlanner.Need;
import ng.vaxtrace.alert.redistribution.TransferPlanner.Reach;
import ng.vaxtrace.alert.redistribution.TransferPlanner.Settings;
import ng.vaxtrace.alert.redistribution.TransferPlanner.ShippedLot;
import ng.vaxtrace.alert.redistribution.TransferPlanner.Site;
import ng.vaxtrace.alert.redistribution.TransferPlanner.Transfer;

class TransferPlannerTest {

    private static final Settings SETTINGS = new Settings(10, 10);
    // Kano: LGA 017 around (12.0, 8.5); LGA 018 a little further east; Lagos far away.
    private static final Site STOCKED_OUT = site("NG-KN-017-HF-001", "NG-KN", "NG-KN-017", 12.00, 8.50);
    private static final Site NEAR_IN_LGA = site("NG-KN-017-HF-002", "NG-KN", "NG-KN-017", 12.03, 8.52);
    private static final Site FAR_IN_LGA = site("NG-KN-017-HF-003", "NG-KN", "NG-KN-017", 12.20, 8.70);
    private static final Site NEARER_OTHER_LGA = site("NG-KN-018-HF-001", "NG-KN", "NG-KN-018", 12.01, 8.51);
    private static final Site LAGOS = site("NG-LA-001-HF-001", "NG-LA", "NG-LA-001", 6.5, 3.4);

    @Test
    void shouldTakeFromTheNearestDonorInTheSameLgaBeforeANearerOneElsewhereInTheState() {
        List<Transfer> plan = TransferPlanner.plan(List.of(
                holding(STOCKED_OUT, 0, 100),
                holding(NEARER_OTHER_LGA, 400, 100),
                holding(FAR_IN_LGA, 400, 100),
                holding(NEAR_IN_LGA, 400, 100)), SETTINGS);

        // Max 2 months of AMC 100: the stocked-out facility wants 200 doses; the near donor in its LGA can give 250.
        assertThat(plan).singleElement().satisfies(t -> {
            assertThat(t.from().facilityCode()).isEqualTo(NEAR_IN_LGA.facilityCode());
            assertThat(t.to().facilityCode()).isEqualTo(STOCKED_OUT.facilityCode());
            assertThat(t.doses()).isEqualTo(200);
            assertThat(t.need()).isEqualTo(Need.STOCKED_OUT);
            assertThat(t.reach()).isEqualTo(Reach.SAME_LGA);
            assertThat(t.distanceKm()).isBetween(3.5, 4.5);
        });
    }

    @Test
    void shouldNeverLeaveADonorBelowItsOwnMinimumAndReachIntoTheStateForTheRest() {
        // Donor in the LGA: 300 usable, min 1.5 × 100 = 150 → 150 to spare; the rest comes from the other LGA.
        List<Transfer> plan = TransferPlanner.plan(List.of(
                holding(STOCKED_OUT, 0, 100),
                holding(NEAR_IN_LGA, 300, 100),
                holding(NEARER_OTHER_LGA, 1000, 100)), SETTINGS);

        assertThat(plan).extracting(t -> t.from().facilityCode(), Transfer::doses, Transfer::reach).containsExactly(
                org.assertj.core.groups.Tuple.tuple(NEAR_IN_LGA.facilityCode(), 150L, Reach.SAME_LGA),
                org.assertj.core.groups.Tuple.tuple(NEARER_OTHER_LGA.facilityCode(), 50L, Reach.SAME_STATE));
    }

    @Test
    void shouldNeverSuggestATransferAcrossStates() {
        assertThat(TransferPlanner.plan(List.of(holding(STOCKED_OUT, 0, 100), holding(LAGOS, 5000, 100)), SETTINGS)).isEmpty();
    }

    @Test
    void shouldShipTheEarliestExpiringLotsFirst() {
        Holding donor = new Holding(NEAR_IN_LGA, "PENTA", 400, 100, 1.5, 2.0, List.of(
                new LotStock("LATE", 200, LocalDate.parse("2028-01-31")),
                new LotStock("SOON", 120, LocalDate.parse("2027-03-31")),
                new LotStock("UNDATED", 80, null)));

        List<Transfer> plan = TransferPlanner.plan(List.of(holding(STOCKED_OUT, 0, 100), donor), SETTINGS);

        assertThat(plan).singleElement().extracting(Transfer::lots).isEqualTo(List.of(
                new ShippedLot("SOON", 120, LocalDate.parse("2027-03-31")), new ShippedLot("LATE", 80, LocalDate.parse("2028-01-31"))));
    }

    @Test
    void shouldServeTheStockedOutBeforeThoseOnlyBelowMinimumWhenDonorsRunShort() {
        Site belowMin = site("NG-KN-017-HF-009", "NG-KN", "NG-KN-017", 12.00, 8.50);
        List<Transfer> plan = TransferPlanner.plan(List.of(
                holding(belowMin, 120, 100),       // 1.2 months: below the 1.5 minimum, 36 days left
                holding(STOCKED_OUT, 0, 100),
                holding(NEAR_IN_LGA, 355, 100)),   // 205 to spare: 5 left after the stocked-out one, under the minimum transfer
                SETTINGS);

        assertThat(plan).extracting(t -> t.to().facilityCode(), Transfer::doses, Transfer::need).containsExactly(
                org.assertj.core.groups.Tuple.tuple(STOCKED_OUT.facilityCode(), 200L, Need.STOCKED_OUT));
    }

    @Test
    void shouldFlagAFacilityThatWillRunOutBeforeADeliveryCouldArrive() {
        // 20 doses at 100 a month: 6 days left (< 10), though 0.2 months is also below the minimum.
        List<Transfer> plan = TransferPlanner.plan(List.of(holding(STOCKED_OUT, 20, 100), holding(NEAR_IN_LGA, 800, 100)), SETTINGS);

        assertThat(plan).singleElement().satisfies(t -> {
            assertThat(t.need()).isEqualTo(Need.PREDICTED_STOCK_OUT);
            assertThat(t.doses()).isEqualTo(180);
        });
    }

    @Test
    void shouldLeaveOutFacilitiesWithoutConsumptionAndTransfersTooSmallToBeWorthATrip() {
        Holding noAmc = new Holding(STOCKED_OUT, "PENTA", 0, 0, 1.5, 2.0, List.of());
        Holding barelyAbove = holding(NEAR_IN_LGA, 205, 100); // above max 200, but 55 to spare is under 60
        assertThat(TransferPlanner.plan(List.of(noAmc, holding(FAR_IN_LGA, 800, 100)), SETTINGS)).isEmpty();
        assertThat(TransferPlanner.plan(List.of(holding(STOCKED_OUT, 0, 100), barelyAbove), new Settings(10, 60))).isEmpty();
    }

    @Test
    void shouldUseTheMinAndMaxStockOfTheTargetPopulationWhereTheFacilityHasOne() {
        // I9 (docs/domain-rules.md §6): 1,200 infants → min 100, max 500 doses of Penta, whatever the AMC. A receiver with
        // 60 usable and no AMC is below its minimum and is filled up to 500; a donor with 900 (AMC 800: 1.1 months, within
        // 1.5–2.0 on months) is above its max of 500 and gives down to its min of 100, never below.
        Holding receiver = new Holding(STOCKED_OUT, "PENTA", 60, 0, 1.5, 2.0, 100L, 500L, List.of());
        Holding donor = new Holding(NEAR_IN_LGA, "PENTA", 900, 800, 1.5, 2.0, 100L, 500L, List.of());
        assertThat(TransferPlanner.plan(List.of(receiver, donor), SETTINGS)).singleElement().satisfies(t -> {
            assertThat(t.need()).isEqualTo(Need.BELOW_MIN);
            assertThat(t.doses()).isEqualTo(440);
        });
        // On months alone the donor (1.1 months) would have nothing to spare.
        Holding byMonths = new Holding(NEAR_IN_LGA, "PENTA", 900, 800, 1.5, 2.0, List.of());
        assertThat(TransferPlanner.plan(List.of(receiver, byMonths), SETTINGS)).isEmpty();
        // A donor's floor is its min stock, with no AMC too: 550 usable, min 100 → 450 to spare, under a minimum transfer of 451.
        Holding noAmcDonor = new Holding(NEAR_IN_LGA, "PENTA", 550, 0, 1.5, 2.0, 100L, 500L, List.of());
        assertThat(TransferPlanner.plan(List.of(receiver, noAmcDonor), SETTINGS)).singleElement()
                .satisfies(t -> assertThat(t.doses()).isEqualTo(440));
        assertThat(TransferPlanner.plan(List.of(receiver, noAmcDonor), new Settings(10, 451))).isEmpty();
    }

    private static Holding holding(Site site, long usable, long amc) {
        return new Holding(site, "PENTA", usable, amc, 1.5, 2.0, List.of());
    }

    private static Site site(String code, String state, String lga, double lat, double lon) {
        return new Site(code, "NG-NW", state, lga, lat, lon);
    }
}
