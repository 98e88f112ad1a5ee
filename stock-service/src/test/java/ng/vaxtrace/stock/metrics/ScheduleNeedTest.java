package ng.vaxtrace.stock.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Need and max stock from the target population, by hand; T-numbers are the reference cases of docs/domain-rules.md §5. */
class ScheduleNeedTest {

    private static final MinMax HEALTH_FACILITY = new MinMax(0.25, 1.25);

    @Test
    void shouldDeriveTheMonthlyNeedAndMaxStockFromTheTargetPopulationAndSchedule() {
        // T1: 1,200 surviving infants × 3 Penta doses × 100 ÷ (100 − 25) ÷ 12 = 400 a month; min 100, max 500 doses.
        assertThat(ScheduleNeed.of(1200, 3, 1.0, 25, HEALTH_FACILITY)).isEqualTo(new ScheduleNeed.Need(400, 100, 500));
        // T2: the same infants, measles (2 doses, lyophilised 10-dose vials: 50 % → wastage factor 2) = 400 a month.
        assertThat(ScheduleNeed.of(1200, 2, 1.0, 50, HEALTH_FACILITY)).isEqualTo(new ScheduleNeed.Need(400, 100, 500));
        // T3: 1,000 infants, bOPV (4 doses, 25 %), 90 % coverage: 1,000 × 4 × 0.9 × 1.333 ÷ 12 = 400; LGA store 0.5/1.
        assertThat(ScheduleNeed.of(1000, 4, 0.9, 25, new MinMax(0.5, 1.0))).isEqualTo(new ScheduleNeed.Need(400, 200, 400));
        // T4: 100 infants, Rota (2 doses, single-dose 5 %): 100 × 2 × 1.0526 ÷ 12 = 17.5 → 18 a month; max ceil(22.5) = 23.
        assertThat(ScheduleNeed.of(100, 2, 1.0, 5, HEALTH_FACILITY)).isEqualTo(new ScheduleNeed.Need(18, 5, 23));
    }
}
