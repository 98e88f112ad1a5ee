package ng.vaxtrace.stock.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ng.vaxtrace.stock.outcome.OutcomeReport;

class Dhis2PayloadTest {

    private static final Dhis2Mapping MAPPING = new Dhis2Mapping("DataSetAbc1", null, new LinkedHashMap<>(Map.of("NG-KN", "OrgUnitKano")),
            List.of(new Dhis2Mapping.Element("STOCK_OUT_RATE", "PENTA", "DeStockOut1", "CocDefault1"),
                    new Dhis2Mapping.Element("WASTED_VVM", "PENTA", "DeWastedVvm", "CocDefault1"),
                    new Dhis2Mapping.Element("DOSES_PER_TARGET_CHILD", "PENTA", "DeDosesPtc1", "CocDefault1"),
                    new Dhis2Mapping.Element("CLOSING_STOCK", "BCG", "DeClosingBc", "CocDefault1"),
                    new Dhis2Mapping.Element("REPORTING_ON_TIME_RATE", null, "DeReportOn1", "CocDefault1")));

    private static OutcomeReport kano() {
        Map<String, Long> wastage = new LinkedHashMap<>(Map.of("VVM", 5L));
        OutcomeReport.ProductOutcome penta = new OutcomeReport.ProductOutcome("PENTA", 2, 60, 10, new BigDecimal("0.1667"), 100, 5,
                new BigDecimal("0.0476"), wastage, 40, null, null, Map.of(), Map.of());
        return new OutcomeReport("NG-KN", "Kano", "STATE", "2026-09", Instant.now(),
                new OutcomeReport.Reporting(2, 1, 1, new BigDecimal("0.5000"), LocalDate.of(2026, 10, 5)), List.of(penta));
    }

    @Test
    void shouldSendEachMappedFigureAsAStringValueOfTheMonthlyPeriodAndLeaveUnknownFiguresOut() {
        Dhis2Payload payload = Dhis2Payload.of(MAPPING, YearMonth.of(2026, 9), Map.of("NG-KN", kano()));

        assertThat(payload.period()).isEqualTo("202609");
        assertThat(payload.dataSet()).isEqualTo("DataSetAbc1");
        // No target population (DOSES_PER_TARGET_CHILD) and no BCG card: no value rather than a made-up 0.
        assertThat(payload.dataValues()).extracting(Dhis2Payload.DataValue::dataElement, Dhis2Payload.DataValue::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("DeStockOut1", "16.67"), org.assertj.core.groups.Tuple.tuple("DeWastedVvm", "5"),
                        org.assertj.core.groups.Tuple.tuple("DeReportOn1", "50.00"));
        assertThat(payload.dataValues()).allSatisfy(v -> {
            assertThat(v.orgUnit()).isEqualTo("OrgUnitKano");
            assertThat(v.period()).isEqualTo("202609");
            assertThat(v.categoryOptionCombo()).isEqualTo("CocDefault1");
        });
    }

    @Test
    void shouldNameEveryProblemOfAMappingFile() {
        Dhis2Mapping bad = new Dhis2Mapping(null, null, Map.of("NG-KN", "short"),
                List.of(new Dhis2Mapping.Element("STOCK_OUT_RATE", null, "DeStockOut1", "CocDefault1"),
                        new Dhis2Mapping.Element("NOT_A_METRIC", null, "DeStockOut1", "CocDefault1")));

        assertThat(bad.problems()).containsExactlyInAnyOrder(
                "orgUnits.NG-KN must be a DHIS2 UID (11 letters and digits, starting with a letter)",
                "dataElements[0].product is required for STOCK_OUT_RATE",
                "dataElements[1].metric must be one of " + java.util.Arrays.toString(Dhis2Metric.values()));
    }
}
