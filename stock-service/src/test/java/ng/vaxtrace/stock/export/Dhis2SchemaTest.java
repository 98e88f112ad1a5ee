package ng.vaxtrace.stock.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.stock.outcome.OutcomeReport;

/**
 * The DHIS2 export against DHIS2 2.40's data value set import model, written as a JSON Schema from DHIS2's own classes
 * (src/test/resources/dhis2/dataValueSet-2.40.schema.json says which, and what a schema cannot check: the instance's
 * metadata). Not a live DHIS2 instance: the payload as {@link Dhis2Export} posts it, with every metric mapped, must
 * validate; and the schema must refuse what DHIS2 would (so a passing payload means something).
 */
class Dhis2SchemaTest {

    private static final JsonSchema SCHEMA = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(SchemaLocation.of("classpath:dhis2/dataValueSet-2.40.schema.json"),
                    SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());

    /** Every metric, for two products (one per-product metric each) and two org units, with an attribute option combo. */
    private static Dhis2Mapping everyMetric() {
        List<Dhis2Mapping.Element> elements = new ArrayList<>();
        int n = 0;
        for (Dhis2Metric metric : Dhis2Metric.values()) {
            for (String product : metric.perProduct() ? List.of("PENTA", "BCG") : java.util.Collections.<String>singletonList(null)) {
                elements.add(new Dhis2Mapping.Element(metric.name(), product, "DataElem%03d".formatted(n++), "CocDefault1"));
            }
        }
        return new Dhis2Mapping("DataSetAbc1", "AocDefault1", new LinkedHashMap<>(Map.of("NG-KN", "OrgUnitKano", "NG-LA", "OrgUnitLago")),
                elements);
    }

    private static OutcomeReport report(String area) {
        Map<String, Long> wastage = new LinkedHashMap<>(Map.of("EXPIRED", 3L, "VVM", 5L, "FREEZE", 0L, "HEAT", 1L, "BREAKAGE", 2L,
                "OPEN_VIAL", 40L));
        OutcomeReport.ProductOutcome penta = new OutcomeReport.ProductOutcome("PENTA", 12, 360, 30, new BigDecimal("0.0833"), 1200, 51,
                new BigDecimal("0.0408"), wastage, 4000, 2500L, new BigDecimal("1.6"), Map.of("STOCKED_OUT", 1L, "WITHIN_RANGE", 11L),
                Map.of());
        OutcomeReport.ProductOutcome bcg = new OutcomeReport.ProductOutcome("BCG", 12, 360, 0, BigDecimal.ZERO, 0, 0, null, Map.of(),
                0, null, null, Map.of("STOCKED_OUT", 12L), Map.of());
        return new OutcomeReport(area, area, "STATE", "2026-11", Instant.now(),
                new OutcomeReport.Reporting(12, 11, 10, new BigDecimal("0.8333"), LocalDate.of(2026, 12, 5)), List.of(penta, bcg));
    }

    private static List<String> violations(JsonNode payload) {
        return SCHEMA.validate(payload).stream().map(ValidationMessage::getMessage).toList();
    }

    private static JsonNode exported() {
        Dhis2Payload payload = Dhis2Payload.of(everyMetric(), YearMonth.of(2026, 11), Map.of("NG-KN", report("NG-KN"), "NG-LA", report("NG-LA")));
        return EventJson.tree(EventJson.write(payload)); // the JSON Dhis2Export posts
    }

    @Test
    void shouldExportADataValueSetThatDhis2s240ImportModelAccepts() {
        JsonNode payload = exported();

        assertThat(violations(payload)).isEmpty();
        // Every metric, both products where known, both org units: not a trivially small payload.
        assertThat(payload.path("dataValues").size()).isGreaterThan(40);
        assertThat(payload.path("period").asText()).isEqualTo("202611");
    }

    @Test
    void shouldRefuseWhatDhis2WouldRefuseOrSilentlyDrop() {
        Map<String, java.util.function.Consumer<ObjectNode>> breakages = new LinkedHashMap<>();
        breakages.put("period not yyyyMM (E7611)", p -> p.put("period", "2026-11"));
        breakages.put("13th month", p -> value(p).put("period", "202613"));
        breakages.put("data element not a UID (E7610)", p -> value(p).put("dataElement", "PENTA_STOCK_OUT"));
        breakages.put("org unit not a UID (E7612)", p -> value(p).put("orgUnit", "NG-KN"));
        breakages.put("no value and no comment (E7618)", p -> value(p).remove("value"));
        breakages.put("a number not as DHIS2 writes it (E7619)", p -> value(p).put("value", "1e3"));
        breakages.put("a value as a JSON number", p -> value(p).put("value", 12));
        breakages.put("a misspelt field DHIS2 would ignore", p -> value(p).set("catOptionCombo", value(p).remove("categoryOptionCombo")));
        breakages.put("no data values", p -> p.putArray("dataValues"));
        breakages.put("no period anywhere", p -> {
            p.remove("period");
            value(p).remove("period");
        });
        breakages.forEach((what, breakage) -> {
            ObjectNode payload = (ObjectNode) exported();
            breakage.accept(payload);
            assertThat(violations(payload)).as(what).isNotEmpty();
        });
    }

    private static ObjectNode value(ObjectNode payload) {
        return (ObjectNode) payload.path("dataValues").get(0);
    }
}
