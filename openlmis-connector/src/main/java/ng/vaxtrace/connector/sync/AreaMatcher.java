package ng.vaxtrace.connector.sync;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import ng.vaxtrace.connector.client.OpenLmis;
import ng.vaxtrace.connector.config.ConnectorConfig;
import ng.vaxtrace.contracts.FacilityArea;
import ng.vaxtrace.data.Area;
import ng.vaxtrace.data.Geography;

/**
 * Maps OpenLMIS geographic zones onto our area codes (NG-NW, NG-KN, NG-KN-017). A zone whose code is one of ours
 * at the same level maps to it; otherwise its name is looked up among the children of its parent's area (OpenLMIS
 * deployments use their own zone codes, but LGA and state names are official). Unmatched zones map to nothing.
 */
public final class AreaMatcher {

    private final Geography geography;
    private final ConnectorConfig.Levels levels;
    private final Map<String, String> byParentAndName = new HashMap<>();

    public AreaMatcher(Geography geography, ConnectorConfig.Levels levels) {
        this.geography = geography;
        this.levels = levels;
        for (Area area : geography.all()) {
            if (area.parentCode() != null) {
                byParentAndName.put(area.parentCode() + "|" + normalise(area.name()), area.code());
            }
        }
    }

    /** Our code for {@code zone}, or null when its level is not one of ours or it cannot be matched. */
    public String code(OpenLmis.Zone zone) {
        if (zone == null) {
            return null;
        }
        Area.Level level = level(zone);
        if (level == null) {
            return null;
        }
        String code = zone.code() == null ? null : zone.code().toUpperCase(Locale.ROOT);
        if (code != null && geography.area(code).filter(a -> a.level() == level).isPresent()) {
            return code;
        }
        String parent = level == Area.Level.ZONE ? Geography.COUNTRY : code(zone.parent());
        return parent == null || zone.name() == null ? null : byParentAndName.get(parent + "|" + normalise(zone.name()));
    }

    /** Whether the zone is at one of our levels (zone, state, LGA); the country and finer levels are not mapped. */
    public boolean mapsToAnArea(OpenLmis.Zone zone) {
        return zone != null && level(zone) != null;
    }

    /** The zone, state and LGA of a facility's zone chain; levels above the chain's own stay null. */
    public FacilityArea area(OpenLmis.Zone zone) {
        String zoneCode = null;
        String stateCode = null;
        String lgaCode = null;
        for (OpenLmis.Zone z = zone; z != null; z = z.parent()) {
            Area.Level level = level(z);
            if (level == Area.Level.ZONE) {
                zoneCode = code(z);
            } else if (level == Area.Level.STATE) {
                stateCode = code(z);
            } else if (level == Area.Level.LGA) {
                lgaCode = code(z);
            }
        }
        return new FacilityArea(zoneCode, stateCode, lgaCode);
    }

    private Area.Level level(OpenLmis.Zone zone) {
        if (zone.level() == null) {
            return null;
        }
        int n = zone.level().levelNumber();
        return n == levels.zone() ? Area.Level.ZONE : n == levels.state() ? Area.Level.STATE : n == levels.lga() ? Area.Level.LGA : null;
    }

    private static String normalise(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
