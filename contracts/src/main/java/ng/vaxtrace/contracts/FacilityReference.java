package ng.vaxtrace.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Payload of {@code ng.vaxtrace.reference.facility.v1}: a store or health facility and where it sits. The area
 * codes are VaxTrace's ({@code NG-NW}, {@code NG-KN}, {@code NG-KN-017}); the national store has only a zone-less
 * chain, zonal stores a zone, state stores a zone and state.
 *
 * @param targetPopulation v1.4, optional: the facility's annual target population for routine immunisation (surviving
 *                         infants of its catchment), from which stock-service derives its need and max stock by the
 *                         immunisation schedule; absent keeps the one last given
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FacilityReference(
        String code,
        String name,
        FacilityTier tier,
        String zoneCode,
        String stateCode,
        String lgaCode,
        Double latitude,
        Double longitude,
        boolean active,
        Integer targetPopulation) {

    /** A facility without a target population. */
    public FacilityReference(String code, String name, FacilityTier tier, String zoneCode, String stateCode, String lgaCode,
            Double latitude, Double longitude, boolean active) {
        this(code, name, tier, zoneCode, stateCode, lgaCode, latitude, longitude, active, null);
    }
}
