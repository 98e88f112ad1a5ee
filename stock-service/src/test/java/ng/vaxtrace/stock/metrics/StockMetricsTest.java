package ng.vaxtrace.stock.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Each formula pinned on cases computed by hand. */
class StockMetricsTest {

    private static final MinMax HEALTH_FACILITY = new MinMax(0.25, 1.25);
    private static final MinMax LGA_STORE = new MinMax(0.5, 1.0);

    private static Instant at(String date) {
        return Instant.parse(date + "T10:00:00Z");
    }

    private static Movement receipt(String date, long quantity) {
        return new Movement(at(date), quantity, 0);
    }

    private static Movement consumption(String date, long quantity) {
        return new Movement(at(date), -quantity, quantity);
    }

    @Test
    void shouldAverageTheLastThreeCompleteMonthsWhenNeverStockedOut() {
        List<Movement> movements = List.of(receipt("2026-07-01", 1000), consumption("2026-08-10", 300),
                consumption("2026-09-10", 240), consumption("2026-10-10", 360), consumption("2026-11-05", 50));
        // Nov is incomplete: AMC = ceil((300 + 240 + 360) / 3) = 300; SOH = 50; MOS = 50 / 300 = 0.17
        StockMetrics.Result result = StockMetrics.compute(movements, 50, at("2026-07-01"), at("2026-11-15"), HEALTH_FACILITY);
        assertThat(result.amc()).isEqualTo(300);
        assertThat(result.monthsOfStock()).isEqualByComparingTo("0.17");
        assertThat(result.status()).isEqualTo(StockStatus.BELOW_MIN);
        assertThat(result.stockOutDays()).isZero();
        assertThat(result.months()).extracting(StockMetrics.MonthUsage::adjusted).containsExactly(300L, 240L, 360L);
    }

    @Test
    void shouldAdjustConsumptionForStockOutDays() {
        List<Movement> movements = List.of(receipt("2026-08-01", 300), consumption("2026-08-20", 300),
                receipt("2026-09-11", 500), consumption("2026-09-25", 200), consumption("2026-10-05", 150));
        // Out from Aug 20 to Sep 11: 12 days in August (20..31), 10 in September (1..10).
        // Aug: ceil(300 × 30 / 18) = 500; Sep: ceil(200 × 30 / 20) = 300; Oct: 150. AMC = ceil(950 / 3) = 317.
        // SOH = 150; MOS = 150 / 317 = 0.47.
        StockMetrics.Result result = StockMetrics.compute(movements, 150, at("2026-08-01"), at("2026-11-10"), HEALTH_FACILITY);
        assertThat(result.months()).extracting(StockMetrics.MonthUsage::stockOutDays).containsExactly(12, 10, 0);
        assertThat(result.months()).extracting(StockMetrics.MonthUsage::adjusted).containsExactly(500L, 300L, 150L);
        assertThat(result.amc()).isEqualTo(317);
        assertThat(result.monthsOfStock()).isEqualByComparingTo("0.47");
        assertThat(result.stockOutDays()).isEqualTo(22);
        assertThat(result.status()).isEqualTo(StockStatus.WITHIN_RANGE);
        assertThat(StockMetrics.compute(movements, 150, at("2026-08-01"), at("2026-11-10"), LGA_STORE).status())
                .isEqualTo(StockStatus.BELOW_MIN);
    }

    @Test
    void shouldUseTheRawConsumptionOfAMonthWithNoDayInStock() {
        assertThat(StockMetrics.adjusted(100, 30)).isEqualTo(100);
        assertThat(StockMetrics.adjusted(90, 15)).isEqualTo(180);
        assertThat(StockMetrics.adjusted(10, 29)).isEqualTo(300);
        assertThat(StockMetrics.adjusted(7, 0)).isEqualTo(7);
    }

    @Test
    void shouldCountAStockOutThatIsStillGoingOnUpToToday() {
        List<Movement> movements = List.of(receipt("2026-10-01", 40), consumption("2026-10-27", 40));
        // Out since Oct 27: Oct 27..31 = 5 days in October, Nov 1..10 = 10 more up to today.
        StockMetrics.Result result = StockMetrics.compute(movements, 0, at("2026-10-01"), at("2026-11-10"), HEALTH_FACILITY);
        assertThat(result.status()).isEqualTo(StockStatus.STOCKED_OUT);
        assertThat(result.stockOutDays()).isEqualTo(15);
        // Only October is complete and reported: ceil(40 × 30 / 25) = 48.
        assertThat(result.amc()).isEqualTo(48);
    }

    @Test
    void shouldNotKnowTheAmcOfACardWithNoCompleteMonth() {
        List<Movement> movements = List.of(receipt("2026-11-02", 100));
        StockMetrics.Result result = StockMetrics.compute(movements, 100, at("2026-11-02"), at("2026-11-10"), HEALTH_FACILITY);
        assertThat(result.amc()).isNull();
        assertThat(result.monthsOfStock()).isNull();
        assertThat(result.status()).isEqualTo(StockStatus.UNKNOWN);
        assertThat(StockMetrics.compute(List.of(), 0, null, at("2026-11-10"), HEALTH_FACILITY).status()).isEqualTo(StockStatus.UNKNOWN);
    }

    @Test
    void shouldPlaceStatusBoundariesInsideTheRange() {
        assertThat(StockMetrics.status(10, new BigDecimal("0.25"), HEALTH_FACILITY)).isEqualTo(StockStatus.WITHIN_RANGE);
        assertThat(StockMetrics.status(10, new BigDecimal("0.24"), HEALTH_FACILITY)).isEqualTo(StockStatus.BELOW_MIN);
        assertThat(StockMetrics.status(10, new BigDecimal("1.25"), HEALTH_FACILITY)).isEqualTo(StockStatus.WITHIN_RANGE);
        assertThat(StockMetrics.status(10, new BigDecimal("1.26"), HEALTH_FACILITY)).isEqualTo(StockStatus.ABOVE_MAX);
        assertThat(StockMetrics.status(0, new BigDecimal("0"), HEALTH_FACILITY)).isEqualTo(StockStatus.STOCKED_OUT);
    }

    @Test
    void shouldCountDaysSinceTheLastReportByCalendarDate() {
        assertThat(StockMetrics.daysBetween(Instant.parse("2026-11-01T23:00:00Z"), Instant.parse("2026-11-03T01:00:00Z"))).isEqualTo(2);
    }

    @Test
    void shouldCountDaysToAnyStoredTimeWithoutFailing() {
        Instant now = Instant.parse("2026-11-29T10:00:00Z");
        assertThat(StockMetrics.daysBetween(Instant.MAX, now)).isNegative();
        assertThat(StockMetrics.daysBetween(Instant.MIN, now)).isPositive();
        assertThat(StockMetrics.daysBetween(java.time.OffsetDateTime.MAX.toInstant(), now)).isNegative();
    }
}
