package ng.vaxtrace.stock.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import ng.vaxtrace.contracts.FacilityTier;
import ng.vaxtrace.stock.config.ScheduleConfig;

/**
 * The min/max a status is judged by, by hand: from the target population (ISA) where the facility has one, else the
 * tier's months × AMC. I-numbers are the reference cases of docs/domain-rules.md §6; the schedule is the configured
 * default (Penta 3 doses at 25 % wastage, measles 2 at 50 %, bOPV 4 at 25 %; Td none).
 */
class StockLimitsTest {

    private static final MinMax HEALTH_FACILITY = new MinMax(0.25, 1.25);
    private static final MinMax LGA_STORE = new MinMax(0.5, 1.0);

    /** The configured defaults of {@link ScheduleConfig}. */
    private static final ScheduleConfig SCHEDULE = new ScheduleConfig() {
        @Override
        public String dosesPerPerson() {
            return "BCG=1,HEPB=1,BOPV=4,PENTA=3,PCV=3,ROTA=2,IPV=1,MEASLES=2,YF=1,MENA=1";
        }

        @Override
        public String maxWastagePercent() {
            return "BCG=50,HEPB=25,BOPV=25,PENTA=25,PCV=10,ROTA=5,IPV=10,MEASLES=50,YF=50,MENA=50";
        }

        @Override
        public double coverage() {
            return 1.0;
        }
    };

    /** The tiers' default months (application.properties: health facility 0.25 / 1.25, LGA store 0.5 / 1). */
    private static final TierLevels TIERS = new TierLevels(null) {
        @Override
        public MinMax minMax(FacilityTier tier) {
            return tier == FacilityTier.LGA ? LGA_STORE : HEALTH_FACILITY;
        }
    };

    private final StockLimits limits = new StockLimits(TIERS, new ScheduleNeed(SCHEDULE));

    @Test
    void shouldJudgeAFacilityWithATargetPopulationOnTheStockItsScheduleNeedGives() {
        // I1: 1,200 surviving infants, Penta: need 400 a month (T1) → min 100, max 500 doses, whatever the AMC.
        MinMax penta = limits.of(FacilityTier.HEALTH_FACILITY, 1200, "PENTA", null);
        assertThat(penta).isEqualTo(new MinMax(0.25, 1.25, 100L, 500L));
        // AMC 300: 90 doses are 0.30 months, within 0.25–1.25 on the AMC, but below the 100 the infants need.
        assertThat(StockMetrics.status(90, 300L, HEALTH_FACILITY)).isEqualTo(StockStatus.WITHIN_RANGE);
        assertThat(StockMetrics.status(90, 300L, penta)).isEqualTo(StockStatus.BELOW_MIN);
        // I2: AMC 600 (consumption above the schedule's need): 510 doses are 0.85 months, within range on the AMC; above
        // the max of 500 on the need.
        assertThat(StockMetrics.status(510, 600L, HEALTH_FACILITY)).isEqualTo(StockStatus.WITHIN_RANGE);
        assertThat(StockMetrics.status(510, 600L, penta)).isEqualTo(StockStatus.ABOVE_MAX);
        // Boundaries are inside the range, as on the AMC; 0 is stocked out either way.
        assertThat(StockMetrics.status(100, 600L, penta)).isEqualTo(StockStatus.WITHIN_RANGE);
        assertThat(StockMetrics.status(500, 600L, penta)).isEqualTo(StockStatus.WITHIN_RANGE);
        assertThat(StockMetrics.status(99, 600L, penta)).isEqualTo(StockStatus.BELOW_MIN);
        assertThat(StockMetrics.status(0, 600L, penta)).isEqualTo(StockStatus.STOCKED_OUT);
    }

    @Test
    void shouldJudgeANewFacilityWithoutConsumptionHistoryByItsTargetPopulation() {
        // I3: no AMC yet (UNKNOWN on the AMC), 300 doses of Penta for 1,200 infants: within 100–500.
        MinMax penta = limits.of(FacilityTier.HEALTH_FACILITY, 1200, "PENTA", null);
        assertThat(StockMetrics.status(300, null, HEALTH_FACILITY)).isEqualTo(StockStatus.UNKNOWN);
        assertThat(StockMetrics.status(300, null, penta)).isEqualTo(StockStatus.WITHIN_RANGE);
        assertThat(StockMetrics.status(600, null, penta)).isEqualTo(StockStatus.ABOVE_MAX);
    }

    @Test
    void shouldJudgeADiluentByItsVaccinesNeed() {
        // I4: measles diluent for 1,200 infants: measles need 1,200 × 2 × 2 ÷ 12 = 400 a month (T2) → 100 / 500.
        MinMax diluent = limits.of(FacilityTier.HEALTH_FACILITY, 1200, "MEASLES-DIL", "MEASLES");
        assertThat(diluent).isEqualTo(new MinMax(0.25, 1.25, 100L, 500L));
        assertThat(StockMetrics.status(600, null, diluent)).isEqualTo(StockStatus.ABOVE_MAX);
    }

    @Test
    void shouldUseTheSupplyLevelsMonthsForAStoreWithATargetPopulation() {
        // I5: an LGA store whose catchment is 10,000 infants, bOPV: 10,000 × 4 × 100 ÷ 75 ÷ 12 = 4,444.4 → 4,445 a month;
        // min ceil(4,445 × 0.5) = 2,223, max 4,445.
        MinMax bopv = limits.of(FacilityTier.LGA, 10_000, "BOPV", null);
        assertThat(bopv).isEqualTo(new MinMax(0.5, 1.0, 2223L, 4445L));
        assertThat(StockMetrics.status(2222, 1000L, bopv)).isEqualTo(StockStatus.BELOW_MIN);
    }

    @Test
    void shouldFallBackToMonthsOfAmcWithoutATargetPopulationOrAScheduleNeed() {
        // I6: no target population, a target population of 0, or a product the schedule does not give to infants (Td).
        assertThat(limits.of(FacilityTier.HEALTH_FACILITY, null, "PENTA", null)).isEqualTo(HEALTH_FACILITY);
        assertThat(limits.of(FacilityTier.HEALTH_FACILITY, 0, "PENTA", null)).isEqualTo(HEALTH_FACILITY);
        assertThat(limits.of(FacilityTier.HEALTH_FACILITY, 1200, "TD", null)).isEqualTo(HEALTH_FACILITY);
        assertThat(StockMetrics.status(90, 300L, limits.of(FacilityTier.HEALTH_FACILITY, 1200, "TD", null)))
                .isEqualTo(StockStatus.WITHIN_RANGE);
    }
}
