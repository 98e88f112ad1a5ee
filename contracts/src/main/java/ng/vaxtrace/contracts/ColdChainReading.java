package ng.vaxtrace.contracts;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Payload of {@link EventTypes#COLDCHAIN_READING}: one temperature reading of one fridge (or freezer, or cold room)
 * from its monitor. Topic {@link Topics#COLDCHAIN_READINGS}, key = fridge id. The CloudEvent id is the idempotency
 * key; a monitor that cannot make one should use {@code <fridgeId>@<measuredAt>}.
 *
 * @param fridgeId           the equipment's id, unique across the country (e.g. its serial or CCE inventory code)
 * @param facilityCode       the facility the fridge stands in
 * @param measuredAt         when the monitor measured, UTC
 * @param temperatureCelsius the temperature inside, °C
 * @param powerAvailable     whether the fridge had power at that moment, when the monitor knows (optional)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ColdChainReading(String fridgeId, String facilityCode, Instant measuredAt, Double temperatureCelsius,
        Boolean powerAvailable) {
}
