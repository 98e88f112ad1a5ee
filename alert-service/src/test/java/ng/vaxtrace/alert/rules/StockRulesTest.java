package ng.vaxtrace.alert.rules;

import static ng.vaxtrace.alert.rules.RuleFixtures.WHO;
import static ng.vaxtrace.alert.rules.RuleFixtures.raised;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import ng.vaxtrace.alert.rules.StockRules.LotLevel;
import ng.vaxtrace.alert.rules.StockRules.ProductLevel;
import ng.vaxtrace.contracts.AlertSeverity;
import ng.vaxtrace.contracts.AlertType;
import ng.vaxtrace.contracts.VvmTally;

class StockRulesTest {

    private static final LocalDate TODAY = LocalDate.parse("2026-11-29");
    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    private static List<Finding> level(long balance, Long amc, String mos) {
        ProductLevel level = new ProductLevel(balance, amc, mos == null ? null : new BigDecimal(mos), new BigDecimal("0.25"),
                new BigDecimal("1.25"));
        return StockRules.evaluate("PENTA", level, List.of(), TODAY, NOW, WHO);
    }

    private static List<Finding> lots(LotLevel... lots) {
        return StockRules.evaluate("PENTA", new ProductLevel(1000, null, null, null, null), List.of(lots), TODAY, NOW, WHO);
    }

    @Test
    void shouldRaiseACriticalStockOutAtZeroAndNothingElseAboutTheLevel() {
        List<Finding> findings = level(0, 400L, "0");
        assertThat(raised(findings, AlertType.STOCK_OUT)).get().extracting(Finding.Raise::severity).isEqualTo(AlertSeverity.CRITICAL);
        assertThat(raised(findings, AlertType.BELOW_MIN)).isEmpty();
        assertThat(raised(findings, AlertType.PREDICTED_STOCK_OUT)).isEmpty();
        assertThat(raised(level(1, 400L, "0.01"), AlertType.STOCK_OUT)).isEmpty();
    }

    @Test
    void shouldRaiseBelowMinimumOnlyUnderTheMinimum() {
        assertThat(raised(level(100, 400L, "0.25"), AlertType.BELOW_MIN)).isEmpty(); // exactly at the minimum
        assertThat(raised(level(99, 400L, "0.24"), AlertType.BELOW_MIN)).get()
                .extracting(Finding.Raise::severity).isEqualTo(AlertSeverity.HIGH);
    }

    @Test
    void shouldRaiseAboveMaximumOnlyOverTheMaximum() {
        assertThat(raised(level(500, 400L, "1.25"), AlertType.ABOVE_MAX)).isEmpty(); // exactly at the maximum
        assertThat(raised(level(501, 400L, "1.26"), AlertType.ABOVE_MAX)).get()
                .extracting(Finding.Raise::severity).isEqualTo(AlertSeverity.LOW);
    }

    @Test
    void shouldNotJudgeMonthsOfStockWithoutConsumptionHistory() {
        List<Finding> findings = level(5, null, null);
        assertThat(raised(findings, AlertType.BELOW_MIN)).isEmpty();
        assertThat(raised(findings, AlertType.ABOVE_MAX)).isEmpty();
        assertThat(raised(findings, AlertType.PREDICTED_STOCK_OUT)).isEmpty();
    }

    /**
     * Stock-service's days of stock (level change v1.4) against lead time 14 + margin 7 = 21 days: AMC 4870 doses a
     * month = 160 a day, so 3360 doses = 21.0 days, 3359 = 20.9, 2240 = 14.0, 2239 = 13.9 as stock-service cuts them.
     */
    @ParameterizedTest
    @CsvSource({ "3360, 21.0, ", "3359, 20.9, MEDIUM", "2240, 14.0, MEDIUM", "2239, 13.9, HIGH", "1, 0.0, HIGH" })
    void shouldPredictAStockOutWithinLeadTimePlusMargin(long balance, String daysOfStock, AlertSeverity expected) {
        ProductLevel level = new ProductLevel(balance, 4870L, new BigDecimal("0.5"), new BigDecimal("0.25"), new BigDecimal("1.25"),
                new BigDecimal(daysOfStock), TODAY.plusDays(20), NOW);
        var finding = raised(StockRules.evaluate("PENTA", level, List.of(), TODAY, NOW, WHO), AlertType.PREDICTED_STOCK_OUT);
        // exactly 21 days is not under the horizon; exactly 14 days is not under the lead time
        if (expected == null) {
            assertThat(finding).isEmpty();
        } else {
            assertThat(finding).get().extracting(Finding.Raise::severity).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @CsvSource({ "91, ", "90, LOW", "61, LOW", "60, MEDIUM", "31, MEDIUM", "30, HIGH", "0, HIGH" })
    void shouldWarnOfLotsExpiringWithinEachWindow(int daysToExpiry, AlertSeverity expected) {
        var finding = raised(lots(new LotLevel("L1", 50, TODAY.plusDays(daysToExpiry), VvmTally.CLEAR)), AlertType.LOT_EXPIRING);
        if (expected == null) {
            assertThat(finding).isEmpty();
        } else {
            assertThat(finding).get().extracting(Finding.Raise::severity).isEqualTo(expected);
            assertThat(finding.get().lotCode()).isEqualTo("L1");
        }
    }

    @Test
    void shouldIgnoreLotsNoLongerInStock() {
        List<Finding> findings = lots(new LotLevel("GONE", 0, TODAY.plusDays(5), new VvmTally(4, 0, 0)), new LotLevel("OLD", 0, TODAY.minusDays(5), VvmTally.CLEAR));
        assertThat(raised(findings, AlertType.LOT_EXPIRING)).isEmpty();
        assertThat(raised(findings, AlertType.EXPIRED_STOCK)).isEmpty();
        assertThat(raised(findings, AlertType.VVM_DISCARD_STAGE)).isEmpty();
    }

    @Test
    void shouldCallStockExpiredFromTheDayAfterItsExpiryDate() {
        assertThat(raised(lots(new LotLevel("L1", 50, TODAY, VvmTally.CLEAR)), AlertType.EXPIRED_STOCK)).isEmpty();
        var expired = raised(lots(new LotLevel("L1", 50, TODAY.minusDays(1), VvmTally.CLEAR), new LotLevel("L2", 30, TODAY.minusDays(9), VvmTally.CLEAR)),
                AlertType.EXPIRED_STOCK);
        assertThat(expired).get().extracting(Finding.Raise::severity).isEqualTo(AlertSeverity.CRITICAL);
        assertThat(expired.get().details()).containsEntry("doses", 80L);
        assertThat(expired.get().lotCode()).isEqualTo("L2"); // the oldest first
    }

    @Test
    void shouldAnswerEveryRuleSoThatClearedConditionsResolve() {
        // 300 doses at 400 a month: stock-service's prediction says 22.8 days, beyond lead time + margin
        List<Finding> healthy = StockRules.evaluate("PENTA", new ProductLevel(300, 400L, new BigDecimal("0.75"),
                new BigDecimal("0.25"), new BigDecimal("1.25"), new BigDecimal("22.8"), TODAY.plusDays(22), NOW), List.of(new LotLevel("L1", 300, TODAY.plusYears(1), VvmTally.CLEAR)), TODAY, NOW, WHO);
        assertThat(healthy).hasSize(7).allMatch(f -> f instanceof Finding.Clear);
    }
}
