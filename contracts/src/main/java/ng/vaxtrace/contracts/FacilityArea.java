package ng.vaxtrace.contracts;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where a facility sits in the administrative tree, by VaxTrace area code ({@code NG-NW}, {@code NG-KN},
 * {@code NG-KN-017}). Levels above the facility's own tier are absent: the national store has none, a zonal store
 * only a zone.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FacilityArea(String zoneCode, String stateCode, String lgaCode) {

    public static final String NATIONAL = "NG";

    /** Every area the facility counts towards, national first: {@code [NG, NG-NW, NG-KN, NG-KN-017]}. */
    public List<String> chain() {
        List<String> chain = new ArrayList<>(4);
        chain.add(NATIONAL);
        for (String code : new String[] { zoneCode, stateCode, lgaCode }) {
            if (code != null) {
                chain.add(code);
            }
        }
        return chain;
    }
}
