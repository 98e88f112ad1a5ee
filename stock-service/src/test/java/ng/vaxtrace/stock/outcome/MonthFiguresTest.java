package ng.vaxtrace.stock.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

import org.junit.jupiter.api.Test;

import ng.vaxtrace.stock.metrics.MinMax;

class MonthFiguresTest {

    private static final MinMax HF = new MinMax(0.25, 1.25);
    private static final YearMonth NOVEMBER = YearMonth.of(2026, 11);

    private static MonthFigures.Day day(int month, int day, long net, long used) {
        return new MonthFigures.Day(LocalDate.of(2026, month, day), net, used, 0);
    }

    @Test
    void shouldCountTheDaysThatEndedAtZeroFromTheDayStockRanOutToTheDayBeforeItCame() {
        List<MonthFigures.Day> days = List.of(day(11, 1, 100, 0), day(11, 11, -100, 100), day(11, 21, 50, 0), day(12, 2, -10, 10));
        MonthFigures.Result r = MonthFigures.compute(NOVEMBER, days, 40, LocalDate.of(2026, 11, 1), LocalDate.of(2026, 12, 4), HF);

        assertThat(r.facilityDays()).isEqualTo(30);
        assertThat(r.stockOutDays()).isEqualTo(10);
        assertThat(r.openingBalance()).isZero();
        assertThat(r.closingBalance()).isEqualTo(50);
        assertThat(r.used()).isEqualTo(100);
    }

    @Test
    void shouldCountTheCurrentMonthOnlyToTodayAndACardOnlyFromItsFirstDay() {
        List<MonthFigures.Day> days = List.of(day(11, 10, 20, 0), day(11, 12, -20, 20));
        MonthFigures.Result r = MonthFigures.compute(NOVEMBER, days, 0, LocalDate.of(2026, 11, 10), LocalDate.of(2026, 11, 15), HF);

        assertThat(r.facilityDays()).isEqualTo(6);
        assertThat(r.stockOutDays()).isEqualTo(4);
    }

    @Test
    void shouldHaveNoFacilityDaysForACardThatBeganAfterTheMonth() {
        MonthFigures.Result r = MonthFigures.compute(NOVEMBER, List.of(day(12, 1, 5, 0)), 5, LocalDate.of(2026, 12, 1),
                LocalDate.of(2026, 12, 4), HF);

        assertThat(r.facilityDays()).isZero();
    }

    @Test
    void shouldGiveTheMonthEndAmcAndStatusThatTheFirstDayOfTheNextMonthWouldShow() {
        // 300 used in each of September, October and November, never out: AMC 300; 50 left is below 0.25 × 300.
        List<MonthFigures.Day> days = List.of(day(9, 1, 1000, 0), day(9, 15, -300, 300), day(10, 15, -300, 300), day(11, 15, -350, 300));
        MonthFigures.Result r = MonthFigures.compute(NOVEMBER, days, 50, LocalDate.of(2026, 9, 1), LocalDate.of(2026, 12, 4), HF);

        assertThat(r.amc()).isEqualTo(300);
        assertThat(r.monthsOfStock()).isEqualByComparingTo("0.17");
        assertThat(r.status()).isEqualTo("BELOW_MIN");
    }
}
