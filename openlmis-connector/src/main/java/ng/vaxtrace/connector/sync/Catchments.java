package ng.vaxtrace.connector.sync;

import java.util.EnumMap;
import java.util.Map;

import ng.vaxtrace.connector.client.OpenLmis;
import ng.vaxtrace.connector.config.ConnectorConfig;
import ng.vaxtrace.contracts.FacilityTier;

/**
 * Which OpenLMIS zones are one facility's own catchment, and what of their population is its target population
 * (docs/openlmis-connector.md#target-population). OpenLMIS gives a {@code catchmentPopulation} per geographic zone,
 * not per facility, and of all ages: it is a facility's catchment only where the facility supplies the whole zone — a
 * store in a zone of its own supply level (the national store at the root, a state store in its state, an LGA store in
 * its LGA) or, where the instance has such zones, a health facility in a zone of its own below the LGA. A health
 * facility in an LGA zone shares that population with the LGA's other facilities: it gets none. The target population
 * (surviving infants, as stock-service's need uses it) is the population × the surviving-infant share.
 *
 * @param ownLevel level number of the zones that are a facility of the tier's own catchment (NATIONAL: the root)
 */
public record Catchments(Map<FacilityTier, Integer> ownLevel, double survivingInfantShare) {

    /** No target population for anyone. */
    public static final Catchments NONE = new Catchments(Map.of(), 0);

    /** The rule the configuration sets: our zone, state and LGA levels for stores, an optional health-facility level. */
    public static Catchments of(ConnectorConfig config) {
        if (!config.targetPopulation().enabled()) {
            return NONE;
        }
        Map<FacilityTier, Integer> levels = new EnumMap<>(FacilityTier.class);
        levels.put(FacilityTier.ZONE, config.levels().zone());
        levels.put(FacilityTier.STATE, config.levels().state());
        levels.put(FacilityTier.LGA, config.levels().lga());
        config.targetPopulation().healthFacilityLevel().ifPresent(level -> levels.put(FacilityTier.HEALTH_FACILITY, level));
        return new Catchments(Map.copyOf(levels), config.targetPopulation().survivingInfantShare());
    }

    /** The facility's annual target population, or null when its zone is not its own catchment or has no population. */
    public Integer targetPopulation(FacilityTier tier, OpenLmis.Zone zone) {
        if (survivingInfantShare <= 0 || zone == null || zone.catchmentPopulation() == null || zone.catchmentPopulation() <= 0) {
            return null;
        }
        Integer level = ownLevel.get(tier);
        boolean own = tier == FacilityTier.NATIONAL ? zone.parent() == null && !ownLevel.isEmpty()
                : level != null && zone.level() != null && zone.level().levelNumber() == level;
        if (!own) {
            return null;
        }
        long infants = Math.round(zone.catchmentPopulation() * survivingInfantShare);
        return infants > 0 && infants <= Integer.MAX_VALUE ? (int) infants : null;
    }
}
