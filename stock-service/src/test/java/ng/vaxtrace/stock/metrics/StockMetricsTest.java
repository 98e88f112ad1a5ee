package ng.vaxtrace.stock.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Each formula pinned on cases computed by hand; M-numbers are the reference cases of docs/domain-rules.md §4. */
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

    /** A physical count that changed the balance by {@code found} (negative: doses missing). */
    private static Movement count(String date, long found) {
        return new Movement(at(date), found, 0, found);
    }

    @Test
    void shouldAverageTheLastThreeCompleteMonthsWhenNeverStockedOut() {
        // M1
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
    void shouldAdjustConsumptionForStockOutDaysCountedOnThe360DayCalendar() {
        // M2 (docs/domain-rules.md §4; OpenLMIS StockCardAggregate + Year360Utils EU convention, LineItemFieldsCalculator).
        List<Movement> movements = List.of(receipt("2026-08-01", 300), consumption("2026-08-20", 300),
                receipt("2026-09-11", 500), consumption("2026-09-25", 200), consumption("2026-10-05", 150));
        // Out from Aug 20 to Sep 11: Aug 20..30 = 11 days (the 31st counts as the 30th), Sep 1..10 = 10.
        // Aug: ceil(300 × 30 / 19) = 474; Sep: ceil(200 × 30 / 20) = 300; Oct: 150. AMC = ceil(924 / 3) = 308.
        // SOH = 150; MOS = 150 / 308 = 0.487 → 0.49.
        StockMetrics.Result result = StockMetrics.compute(movements, 150, at("2026-08-01"), at("2026-11-10"), HEALTH_FACILITY);
        assertThat(result.months()).extracting(StockMetrics.MonthUsage::stockOutDays).containsExactly(11, 10, 0);
        assertThat(result.months()).extracting(StockMetrics.MonthUsage::adjusted).containsExactly(474L, 300L, 150L);
        assertThat(result.amc()).isEqualTo(308);
        assertThat(result.monthsOfStock()).isEqualByComparingTo("0.49");
        assertThat(result.stockOutDays()).isEqualTo(21);
        assertThat(result.status()).isEqualTo(StockStatus.WITHIN_RANGE);
        // An LGA store's minimum is 0.5 × 308 = 154 doses: 150 is below it.
        assertThat(StockMetrics.compute(movements, 150, at("2026-08-01"), at("2026-11-10"), LGA_STORE).status())
                .isEqualTo(StockStatus.BELOW_MIN);
    }

    @Test
    void shouldCountAFebruaryOutOfStockThroughoutAsThirtyDaysAndKeepItsConsumptionUnadjusted() {
        // M3: on calendar days February would have 28 days out and 2 in stock: ceil(200 × 30 / 2) = 3,000 doses.
        List<Movement> movements = List.of(receipt("2027-01-05", 200), consumption("2027-02-01", 200), receipt("2027-03-03", 300));
        StockMetrics.Result result = StockMetrics.compute(movements, 300, at("2027-01-05"), at("2027-03-15"), HEALTH_FACILITY);
        // December precedes the card; January: 0 used, in stock; February: 200 used, 30 days out → 200.
        assertThat(result.months()).extracting(StockMetrics.MonthUsage::stockOutDays).containsExactly(0, 30);
        assertThat(result.months()).extracting(StockMetrics.MonthUsage::adjusted).containsExactly(0L, 200L);
        assertThat(result.amc()).isEqualTo(100);
        // February's 30 + March 1..2.
        assertThat(result.stockOutDays()).isEqualTo(32);
        assertThat(result.status()).isEqualTo(StockStatus.ABOVE_MAX);
    }

    @Test
    void shouldCountDaysOn360DayCalendarAsOpenLmisDoes() {
        // OpenLMIS Year360UtilsTest (EU column): 2025-01-31 → 02-03 = 3, 02-03 → 03-31 = 57, 01-31 → 03-31 = 60.
        assertThat(StockMetrics.days360(LocalDate.parse("2025-01-31"), LocalDate.parse("2025-02-03"))).isEqualTo(3);
        assertThat(StockMetrics.days360(LocalDate.parse("2025-02-03"), LocalDate.parse("2025-03-31"))).isEqualTo(57);
        assertThat(StockMetrics.days360(LocalDate.parse("2025-01-31"), LocalDate.parse("2025-03-31"))).isEqualTo(60);
        assertThat(StockMetrics.days360(LocalDate.parse("2025-02-01"), LocalDate.parse("2026-04-01"))).isEqualTo(420);
        assertThat(StockMetrics.days360(LocalDate.parse("2025-02-01"), LocalDate.parse("2025-03-01"))).isEqualTo(30);
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
        // M4
        List<Movement> movements = List.of(receipt("2026-10-01", 40), consumption("2026-10-27", 40));
        // Out since Oct 27: Oct 27..30 = 4 days in October (the 31st counts as the 30th), Nov 1..10 = 10 more up to today.
        StockMetrics.Result result = StockMetrics.compute(movements, 0, at("2026-10-01"), at("2026-11-10"), HEALTH_FACILITY);
        assertThat(result.status()).isEqualTo(StockStatus.STOCKED_OUT);
        assertThat(result.stockOutDays()).isEqualTo(14);
        // Only October is complete and reported: ceil(40 × 30 / 26) = 47.
        assertThat(result.amc()).isEqualTo(47);
        // The next day, with no event, one more stock-out day.
        assertThat(StockMetrics.compute(movements, 0, at("2026-10-01"), at("2026-11-11"), HEALTH_FACILITY).stockOutDays()).isEqualTo(15);
    }

    @Test
    void shouldDeriveTheConsumptionOfAFacilityThatOnlyCountsFromWhatItsCountsFoundMissing() {
        // M7 (OpenLMIS calculated consumption C = A + B ± D − E): counts at each month end of a card received once.
        List<Movement> movements = List.of(receipt("2026-08-01", 1000), count("2026-08-30", -300), count("2026-09-30", -250),
                count("2026-10-30", -350));
        StockMetrics.Result result = StockMetrics.compute(movements, 100, at("2026-08-01"), at("2026-11-10"), HEALTH_FACILITY);
        assertThat(result.months()).extracting(StockMetrics.MonthUsage::used).containsExactly(300L, 250L, 350L);
        assertThat(result.amc()).isEqualTo(300);
        assertThat(result.monthsOfStock()).isEqualByComparingTo("0.33");
        assertThat(result.status()).isEqualTo(StockStatus.WITHIN_RANGE);
    }

    @Test
    void shouldTreatACountDiscrepancyAsALossWhereConsumptionWasRecorded() {
        // M8: September records its consumption; its count's 50 missing doses are a loss, not consumption. October's
        // count found 20 doses more than the ledger: no negative consumption.
        List<Movement> movements = List.of(receipt("2026-08-01", 1000), consumption("2026-09-10", 200), count("2026-09-30", -50),
                count("2026-10-30", 20));
        StockMetrics.Result result = StockMetrics.compute(movements, 770, at("2026-08-01"), at("2026-11-10"), HEALTH_FACILITY);
        assertThat(result.months()).extracting(StockMetrics.MonthUsage::used).containsExactly(0L, 200L, 0L);
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
        // AMC 400, min 0.25 → 100 doses, max 1.25 → 500 doses.
        assertThat(StockMetrics.status(100, 400L, HEALTH_FACILITY)).isEqualTo(StockStatus.WITHIN_RANGE);
        assertThat(StockMetrics.status(500, 400L, HEALTH_FACILITY)).isEqualTo(StockStatus.WITHIN_RANGE);
        assertThat(StockMetrics.status(0, 400L, HEALTH_FACILITY)).isEqualTo(StockStatus.STOCKED_OUT);
        assertThat(StockMetrics.status(10, null, HEALTH_FACILITY)).isEqualTo(StockStatus.UNKNOWN);
    }

    @Test
    void shouldDecideTheStatusOnExactFiguresNotOnRoundedMonthsOfStock() {
        // M5: 99 / 400 = 0.2475 shows as 0.25 months but is below the minimum; 501 / 400 = 1.2525 shows as 1.25 but is above max.
        assertThat(StockMetrics.monthsOfStock(99, 400L)).isEqualByComparingTo("0.25");
        assertThat(StockMetrics.status(99, 400L, HEALTH_FACILITY)).isEqualTo(StockStatus.BELOW_MIN);
        assertThat(StockMetrics.monthsOfStock(501, 400L)).isEqualByComparingTo("1.25");
        assertThat(StockMetrics.status(501, 400L, HEALTH_FACILITY)).isEqualTo(StockStatus.ABOVE_MAX);
    }

    @Test
    void shouldCountDaysSinceTheLastReportInLagosDays() {
        // M6: 23:00Z is midnight in Lagos: Nov 2 00:00 → Nov 3 02:00 (Lagos) is 1 day, where UTC dates said 2.
        assertThat(StockMetrics.daysBetween(Instant.parse("2026-11-01T23:00:00Z"), Instant.parse("2026-11-03T01:00:00Z"))).isEqualTo(1);
        assertThat(StockMetrics.daysBetween(Instant.parse("2026-11-01T22:59:00Z"), Instant.parse("2026-11-01T23:00:00Z"))).isEqualTo(1);
    }

    @Test
    void shouldCountDaysToAnyStoredTimeWithoutFailing() {
        Instant now = Instant.parse("2026-11-29T10:00:00Z");
        assertThat(StockMetrics.daysBetween(Instant.MAX, now)).isNegative();
        assertThat(StockMetrics.daysBetween(Instant.MIN, now)).isPositive();
        assertThat(StockMetrics.daysBetween(java.time.OffsetDateTime.MAX.toInstant(), now)).isNegative();
    }

    @Test
    void shouldPlaceStoredInfiniteTimesOnTheDaysPostgresGivesThem() {
        // PostgreSQL's ±infinity read back lie beyond LocalDate; the PG client writes LocalDate.MAX/MIN as date ±infinity.
        assertThat(StockMetrics.businessDay(java.time.OffsetDateTime.MAX.toInstant())).isSameAs(LocalDate.MAX);
        assertThat(StockMetrics.businessDay(Instant.MAX)).isSameAs(LocalDate.MAX);
        assertThat(StockMetrics.businessDay(java.time.OffsetDateTime.MIN.toInstant())).isSameAs(LocalDate.MIN);
        assertThat(StockMetrics.businessDay(Instant.parse("+294276-06-01T23:30:00Z"))).isEqualTo(LocalDate.parse("+294276-06-02"));
        assertThat(StockMetrics.businessDay(Instant.parse("2026-11-01T23:00:00Z"))).isEqualTo(LocalDate.parse("2026-11-02"));
    }

    @Test
    void shouldComputeAPairFirstReportedAtAStoredInfiniteTime() {
        // The daily recompute reads every pair's first report as stored; one at +infinity left no month to average.
        Instant now = Instant.parse("2026-11-29T10:00:00Z");
        StockMetrics.Result result = StockMetrics.compute(List.of(), 40, java.time.OffsetDateTime.MAX.toInstant(), now, HEALTH_FACILITY);
        assertThat(result.amc()).isNull();
        assertThat(result.stockOnHand()).isEqualTo(40);
        assertThat(StockMetrics.compute(List.of(), 0, java.time.OffsetDateTime.MIN.toInstant(), now, HEALTH_FACILITY).stockOutDays()).isPositive();
    }
}
