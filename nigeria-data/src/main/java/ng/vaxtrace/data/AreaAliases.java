package ng.vaxtrace.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Known alternative spellings of Nigeria's states and LGAs (area-aliases.csv): the names other systems (OpenLMIS
 * instances, DHIS2, INEC lists) use for an area whose official name we spell differently, e.g. "Abuja Municipal" for
 * "Abuja Municipal Area Council" or "Nassarawa" for "Nasarawa". Maintained by hand; each alias names one area code.
 */
public final class AreaAliases {

    private static final AreaAliases NIGERIA = load();

    private final Map<String, List<String>> byArea;

    private AreaAliases(Map<String, List<String>> byArea) {
        this.byArea = Collections.unmodifiableMap(byArea);
    }

    public static AreaAliases nigeria() {
        return NIGERIA;
    }

    /** Area code → its alternative names (not including the official name). */
    public Map<String, List<String>> byArea() {
        return byArea;
    }

    private static AreaAliases load() {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (String[] row : Csv.read("area-aliases.csv")) {
            map.computeIfAbsent(row[0], k -> new ArrayList<>()).add(row[1]);
        }
        map.replaceAll((k, v) -> List.copyOf(v));
        return new AreaAliases(map);
    }
}
