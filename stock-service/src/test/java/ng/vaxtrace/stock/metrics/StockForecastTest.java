package ng.vaxtrace.stock.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import ng.vaxtrace.stock.metrics.StockForecast.LotOnHand;

/**
 * The predicted stock-out, computed by hand; F-numbers are the reference cases of docs/domain-rules.md §5 (Penta, AMC
 * 400 doses a month = 400 ÷ 30.4375 = 13.1417 doses a day; evaluated 2026-11-10T10:00Z, 11:00 in Lagos).
 */
class StockForecastTest {

    private static final Instant NOW = Instant.parse("2026-11-10T10:00:00Z");

    private static LotOnHand lot(long doses, String expiry) {
        return new LotOnHand(doses, expiry == null ? null : LocalDate.parse(expiry));
    }

    @Test
    void shouldProjectTheStockOutFromTheAverageMonthlyConsumption() {
        // F1: 500 ÷ 13.1417 = 38.05 days → 38.0; Nov 10 10:00Z + 38.05 days = Dec 18 11:07Z, Dec 18 in Lagos.
        StockForecast forecast = StockForecast.of(List.of(lot(500, "2027-06-30")), 400L, NOW);
        assertThat(forecast.daysOfStock()).isEqualByComparingTo("38.0");
        assertThat(forecast.predictedStockOutDate()).isEqualTo(LocalDate.parse("2026-12-18"));
        assertThat(forecast.dosesExpiringUnused()).isZero();
    }

    @Test
    void shouldUseTheEarliestExpiryFirstAndCountWhatExpiresBeforeItCanBeUsed() {
        // F2: lot A 300 doses expiring Nov 20 (usable until Nov 21 00:00 Lagos = 10.54 days from now): 10.54 × 13.1417 =
        // 138.5 doses used, 162 expire unused; then lot B's 200 doses: 15.22 days more → 25.76 days → 25.7; Dec 6 in Lagos.
        // Counting all 500 doses would have said 38.0 days.
        StockForecast forecast = StockForecast.of(List.of(lot(200, "2027-06-30"), lot(300, "2026-11-20")), 400L, NOW);
        assertThat(forecast.daysOfStock()).isEqualByComparingTo("25.7");
        assertThat(forecast.predictedStockOutDate()).isEqualTo(LocalDate.parse("2026-12-06"));
        assertThat(forecast.dosesExpiringUnused()).isEqualTo(162);
    }

    @Test
    void shouldLeaveExpiredLotsOutAndUseUndatedLotsLast() {
        // F3: the lot that expired on Nov 9 is not usable stock; 100 dated + 100 undated = 200 ÷ 13.1417 = 15.2 days.
        StockForecast forecast = StockForecast.of(List.of(lot(100, null), lot(400, "2026-11-09"), lot(100, "2027-01-31")), 400L, NOW);
        assertThat(forecast.daysOfStock()).isEqualByComparingTo("15.2");
        assertThat(forecast.predictedStockOutDate()).isEqualTo(LocalDate.parse("2026-11-25"));
        assertThat(forecast.dosesExpiringUnused()).isZero();
    }

    @Test
    void shouldPredictNothingWithoutConsumptionOrWithoutUsableStock() {
        // F4: no AMC, an AMC of 0, only expired stock, nothing on hand.
        assertThat(StockForecast.of(List.of(lot(500, null)), null, NOW)).isNull();
        assertThat(StockForecast.of(List.of(lot(500, null)), 0L, NOW)).isNull();
        assertThat(StockForecast.of(List.of(lot(500, "2026-11-09")), 400L, NOW)).isNull();
        assertThat(StockForecast.of(List.of(), 400L, NOW)).isNull();
    }

    @Test
    void shouldKeepTheSameDateFromOneDayToTheNextWhileNothingIsReported() {
        // F5: F2 evaluated a day later with the doses a day of consumption used: the date stays Dec 6.
        StockForecast nextDay = StockForecast.of(List.of(lot(200, "2027-06-30"), lot(300 - 13, "2026-11-20")), 400L,
                NOW.plusSeconds(86_400));
        assertThat(nextDay.predictedStockOutDate()).isEqualTo(LocalDate.parse("2026-12-06"));
    }
}
