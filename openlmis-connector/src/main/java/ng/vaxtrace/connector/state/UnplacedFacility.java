package ng.vaxtrace.connector.state;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A facility of OpenLMIS that a sync run could not place in its LGA (or at all), as the run lists it.
 *
 * @param openlmisId OpenLMIS facility id
 * @param code       OpenLMIS facility code
 * @param name       OpenLMIS facility name
 * @param outcome    {@code PLACED_AT_STATE}: published and synced with its state only; {@code QUARANTINED}: neither
 *                   published nor synced until its data or our alias table is fixed
 * @param stateCode  our state code when placed at its state
 * @param reason     why, naming the OpenLMIS zones that were not recognised
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UnplacedFacility(String openlmisId, String code, String name, Outcome outcome, String stateCode, String reason) {

    public enum Outcome {
        PLACED_AT_STATE, QUARANTINED
    }
}
