package ng.vaxtrace.alert.rules;

import static ng.vaxtrace.alert.rules.RuleFixtures.WHO;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import ng.vaxtrace.alert.rules.ColdChainRules.Run;
import ng.vaxtrace.contracts.AlertSeverity;
import ng.vaxtrace.contracts.AlertType;

class ColdChainRulesTest {

    private static final Instant START = Instant.parse("2026-11-28T20:00:00Z");

    private static Run run(Duration length, String extreme) {
        return new Run(START, START.plus(length), new BigDecimal(extreme), 10);
    }

    @Test
    void shouldRaiseHeatOnlyAfterMoreThanTenConsecutiveHours() {
        assertThat(ColdChainRules.heat("F1", run(Duration.ofHours(10), "9.5"), WHO)).isInstanceOf(Finding.Clear.class);
        Finding over = ColdChainRules.heat("F1", run(Duration.ofHours(10).plusMinutes(1), "9.5"), WHO);
        assertThat(over).isInstanceOfSatisfying(Finding.Raise.class, raise -> {
            assertThat(raise.severity()).isEqualTo(AlertSeverity.HIGH);
            assertThat(raise.fridgeId()).isEqualTo("F1");
            assertThat(raise.observedAt()).isEqualTo(START.plus(Duration.ofHours(10)));
            assertThat(raise.details()).containsEntry("durationMinutes", 601L);
        });
    }

    @Test
    void shouldEscalateHeatLastingTwiceTheLimit() {
        assertThat(ColdChainRules.heat("F1", run(Duration.ofHours(20), "12"), WHO))
                .isInstanceOfSatisfying(Finding.Raise.class, r -> assertThat(r.severity()).isEqualTo(AlertSeverity.HIGH));
        assertThat(ColdChainRules.heat("F1", run(Duration.ofHours(20).plusMinutes(1), "12"), WHO))
                .isInstanceOfSatisfying(Finding.Raise.class, r -> assertThat(r.severity()).isEqualTo(AlertSeverity.CRITICAL));
    }

    @Test
    void shouldRaiseFreezeOnlyAfterMoreThanSixtyConsecutiveMinutes() {
        assertThat(ColdChainRules.freeze("F1", run(Duration.ofMinutes(60), "-0.5"), WHO)).isInstanceOf(Finding.Clear.class);
        assertThat(ColdChainRules.freeze("F1", run(Duration.ofMinutes(61), "-0.5"), WHO))
                .isInstanceOfSatisfying(Finding.Raise.class, r -> assertThat(r.severity()).isEqualTo(AlertSeverity.CRITICAL));
    }

    @Test
    void shouldClearBothWhenTheNewestReadingIsInRange() {
        List<Finding> findings = ColdChainRules.evaluate("F1", null, null, WHO);
        assertThat(findings).extracting(Finding::type).containsExactly(AlertType.HEAT_EXCURSION, AlertType.FREEZE_EXCURSION);
        assertThat(findings).allMatch(f -> f instanceof Finding.Clear && f.subject().equals("F1"));
    }

    @Test
    void shouldRaiseAReportingGapOnlyAfterTheWindow() {
        Instant now = Instant.parse("2026-11-29T10:00:00Z");
        assertThat(ReportingGapRule.evaluate(now.minus(Duration.ofDays(30)), now, WHO)).isInstanceOf(Finding.Clear.class);
        assertThat(ReportingGapRule.evaluate(now.minus(Duration.ofDays(30)).minusSeconds(1), now, WHO))
                .isInstanceOfSatisfying(Finding.Raise.class, r -> assertThat(r.severity()).isEqualTo(AlertSeverity.MEDIUM));
        assertThat(ReportingGapRule.evaluate(now.minus(Duration.ofDays(61)), now, WHO))
                .isInstanceOfSatisfying(Finding.Raise.class, r -> assertThat(r.severity()).isEqualTo(AlertSeverity.HIGH));
    }
}
