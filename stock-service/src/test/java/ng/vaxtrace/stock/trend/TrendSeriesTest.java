package ng.vaxtrace.stock.trend;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import ng.vaxtrace.stock.trend.TrendSeries.Movement;
import ng.vaxtrace.stock.trend.TrendSeries.Point;

class TrendSeriesTest {

    private static final LocalDate TODAY = LocalDate.parse("2026-12-04");

    @Test
    void shouldWalkTheStockOnHandBackFromTodaysBalance() {
        // Received 1000 on the 1st, used 100 on the 2nd and 50 today: 850 now.
        List<Movement> movements = List.of(new Movement(TODAY.minusDays(3), 0, 1000), new Movement(TODAY.minusDays(2), 100, -100),
                new Movement(TODAY, 50, -50));

        List<Point> days = TrendSeries.build(850, movements, TODAY.minusDays(4), TODAY, TODAY);

        assertThat(days).extracting(Point::day).containsExactly(TODAY.minusDays(4), TODAY.minusDays(3), TODAY.minusDays(2),
                TODAY.minusDays(1), TODAY);
        assertThat(days).extracting(Point::stockOnHand).containsExactly(0L, 1000L, 900L, 900L, 850L);
        assertThat(days).extracting(Point::consumed).containsExactly(0L, 0L, 100L, 0L, 50L);
    }

    @Test
    void shouldMeasureMonthsOfStockAgainstTheNinetyDaysOfConsumptionToEachDay() {
        // 30 doses a day for 90 days up to yesterday: 2,700 in 90 days = 913.125 a month; 1,826 on hand = 2.00 months.
        List<Movement> movements = new java.util.ArrayList<>();
        for (int i = 1; i <= 90; i++) {
            movements.add(new Movement(TODAY.minusDays(i), 30, -30));
        }

        List<Point> days = TrendSeries.build(1826, movements, TODAY.minusDays(1), TODAY, TODAY);

        assertThat(days.get(0).monthsOfStock()).isEqualByComparingTo(new BigDecimal("2.00"));
        // Today nothing was used and the oldest day left the window: 2,670 in 90 days.
        assertThat(days.get(1).monthsOfStock()).isEqualByComparingTo(new BigDecimal("2.02"));
    }

    @Test
    void shouldLeaveMonthsOfStockOutWithoutConsumptionAndOnlyReturnTheDaysAsked() {
        List<Point> days = TrendSeries.build(500, List.of(new Movement(TODAY.minusDays(10), 0, 500)), TODAY.minusDays(12),
                TODAY.minusDays(8), TODAY);

        assertThat(days).hasSize(5);
        assertThat(days).extracting(Point::stockOnHand).containsExactly(0L, 0L, 500L, 500L, 500L);
        assertThat(days).allSatisfy(p -> assertThat(p.monthsOfStock()).isNull());
    }
}
