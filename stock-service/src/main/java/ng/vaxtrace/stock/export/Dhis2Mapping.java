package ng.vaxtrace.stock.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.quarkus.runtime.annotations.RegisterForReflection;
import ng.vaxtrace.contracts.EventJson;

/**
 * How VaxTrace's figures become DHIS2 data values: org unit UIDs per VaxTrace area or facility code, and per metric
 * (and product, for product metrics) the data element and category option combo. docs/dhis2-export.md has an example.
 *
 * @param dataSet              optional data set UID, sent as the payload's {@code dataSet}
 * @param attributeOptionCombo optional attribute option combo UID for every value (DHIS2's default when absent)
 */
@RegisterForReflection
public record Dhis2Mapping(String dataSet, String attributeOptionCombo, Map<String, String> orgUnits, List<Element> dataElements) {

    /**
     * One data element: a metric (of {@link Dhis2Metric}), for product metrics the product code, the DHIS2 data element
     * UID and its category option combo UID.
     */
    @RegisterForReflection
    public record Element(String metric, String product, String dataElement, String categoryOptionCombo) {
    }

    /** DHIS2 UIDs: 11 characters, a letter then letters and digits. */
    private static final java.util.regex.Pattern UID = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9]{10}");

    /** Reads and checks a mapping file; every problem found is in the exception's message. */
    public static Dhis2Mapping load(Path file) {
        Dhis2Mapping mapping;
        try {
            mapping = EventJson.mapper().readValue(Files.readString(file), Dhis2Mapping.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("DHIS2 mapping " + file + " cannot be read: " + e.getMessage(), e);
        }
        List<String> problems = mapping.problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("DHIS2 mapping " + file + ": " + String.join("; ", problems));
        }
        return mapping;
    }

    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (orgUnits == null || orgUnits.isEmpty()) {
            problems.add("orgUnits must map at least one area or facility code to a DHIS2 org unit UID");
        } else {
            orgUnits.forEach((code, uid) -> uid(problems, "orgUnits." + code, uid));
        }
        if (dataElements == null || dataElements.isEmpty()) {
            problems.add("dataElements must list at least one element");
        } else {
            for (int i = 0; i < dataElements.size(); i++) {
                Element e = dataElements.get(i);
                String at = "dataElements[" + i + "]";
                Dhis2Metric metric = Dhis2Metric.parse(e.metric());
                if (metric == null) {
                    problems.add(at + ".metric must be one of " + java.util.Arrays.toString(Dhis2Metric.values()));
                } else if (metric.perProduct() != (e.product() != null)) {
                    problems.add(at + ".product " + (metric.perProduct() ? "is required for " : "is not allowed for ") + metric);
                }
                uid(problems, at + ".dataElement", e.dataElement());
                uid(problems, at + ".categoryOptionCombo", e.categoryOptionCombo());
            }
        }
        if (dataSet != null) {
            uid(problems, "dataSet", dataSet);
        }
        if (attributeOptionCombo != null) {
            uid(problems, "attributeOptionCombo", attributeOptionCombo);
        }
        return problems;
    }

    private static void uid(List<String> problems, String field, String value) {
        if (value == null || !UID.matcher(value).matches()) {
            problems.add(field + " must be a DHIS2 UID (11 letters and digits, starting with a letter)");
        }
    }
}
