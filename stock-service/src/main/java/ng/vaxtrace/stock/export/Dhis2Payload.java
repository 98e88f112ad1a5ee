package ng.vaxtrace.stock.export;

import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;
import ng.vaxtrace.stock.outcome.OutcomeReport;

/**
 * A DHIS2 {@code dataValueSet} as {@code POST /api/dataValueSets} takes it (DHIS2 2.40+ JSON: dataSet, period,
 * attributeOptionCombo at the top, and each data value with its dataElement, period, orgUnit, categoryOptionCombo and
 * value as a string). Values in a fixed order (org units as mapped, then elements as mapped), so the same figures
 * always give the same payload and the same hash.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Dhis2Payload(String dataSet, String period, String attributeOptionCombo, List<DataValue> dataValues) {

    /** DHIS2's ISO monthly period. */
    public static final DateTimeFormatter PERIOD = DateTimeFormatter.ofPattern("yyyyMM");

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DataValue(String dataElement, String period, String orgUnit, String categoryOptionCombo, String attributeOptionCombo,
            String value) {
    }

    /**
     * @param reports the month's report per mapped VaxTrace code (a code without a report sends nothing); a product
     *                metric of a product the area has no card of sends nothing either
     */
    public static Dhis2Payload of(Dhis2Mapping mapping, YearMonth month, Map<String, OutcomeReport> reports) {
        String period = month.format(PERIOD);
        List<DataValue> values = new ArrayList<>();
        mapping.orgUnits().forEach((code, orgUnit) -> {
            OutcomeReport report = reports.get(code);
            if (report == null) {
                return;
            }
            for (Dhis2Mapping.Element element : mapping.dataElements()) {
                Dhis2Metric metric = Dhis2Metric.parse(element.metric());
                OutcomeReport.ProductOutcome product = metric.perProduct()
                        ? report.products().stream().filter(p -> p.product().equals(element.product())).findFirst().orElse(null)
                        : null;
                if (metric.perProduct() && product == null) {
                    continue;
                }
                String value = metric.value(report, product);
                if (value != null) {
                    values.add(new DataValue(element.dataElement(), period, orgUnit, element.categoryOptionCombo(),
                            mapping.attributeOptionCombo(), value));
                }
            }
        });
        return new Dhis2Payload(mapping.dataSet(), period, mapping.attributeOptionCombo(), values);
    }
}
