package ng.vaxtrace.connector.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.quarkus.logging.Log;
import ng.vaxtrace.connector.client.OpenLmis;
import ng.vaxtrace.connector.config.ConnectorConfig;
import ng.vaxtrace.contracts.FacilityArea;
import ng.vaxtrace.data.Area;
import ng.vaxtrace.data.AreaAliases;
import ng.vaxtrace.data.Geography;

/**
 * Maps OpenLMIS geographic zones onto our area codes (NG-NW, NG-KN, NG-KN-017), in this order:
 * <ol>
 * <li>by code, when the zone's code is one of ours at the same level;</li>
 * <li>by name (case, spaces and punctuation folded): a state among all states, an LGA among its state's LGAs, a
 * geopolitical zone among the six;</li>
 * <li>by a known alternative spelling from the maintained alias table ({@link AreaAliases});</li>
 * <li>by a conservative fuzzy match, logged: within the same parent, exactly one area whose folded name (or alias) is
 * one edit away and names the same compass directions ("Ukwa East" is never "Ukwa West", even one letter off); names
 * under 5 letters are never fuzzy-matched.</li>
 * </ol>
 * A zone that none of these place maps to nothing; the caller decides what to do with its facilities. One instance
 * per sync run: results are memoised per zone id, so each fuzzy match is logged once per run.
 */
public final class AreaMatcher {

    /** How a zone was matched (for logs and tests). */
    public enum How {
        CODE, NAME, ALIAS, FUZZY
    }

    /** A zone's area code and how it was found. */
    public record Match(String code, How how) {
    }

    private static final String STATES = "*states*";

    private final Geography geography;
    private final ConnectorConfig.Levels levels;
    /** Scope (parent area code, or STATES for all states) → folded name or alias → area code. */
    private final Map<String, Map<String, String>> names = new HashMap<>();
    private final Map<String, Match> memo = new HashMap<>();

    public AreaMatcher(Geography geography, AreaAliases aliases, ConnectorConfig.Levels levels) {
        this.geography = geography;
        this.levels = levels;
        for (Area area : geography.all()) {
            String scope = scope(area);
            if (scope != null) {
                names.computeIfAbsent(scope, k -> new HashMap<>()).put(fold(area.name()), area.code());
            }
        }
        aliases.byArea().forEach((code, list) -> geography.area(code).ifPresent(area -> list
                .forEach(alias -> names.computeIfAbsent(scope(area), k -> new HashMap<>()).putIfAbsent(fold(alias), code))));
    }

    /** Our code for {@code zone}, or null when its level is not one of ours or it cannot be matched. */
    public String code(OpenLmis.Zone zone) {
        Match match = match(zone);
        return match == null ? null : match.code();
    }

    /** The match of {@code zone} (LGAs within their state), or null. */
    public Match match(OpenLmis.Zone zone) {
        if (zone == null) {
            return null;
        }
        Area.Level level = level(zone);
        if (level == null) {
            return null;
        }
        String key = zone.id() != null ? zone.id() : zone.code() + "|" + zone.name() + "|" + level;
        if (memo.containsKey(key)) {
            return memo.get(key);
        }
        Match match = find(zone, level);
        memo.put(key, match);
        return match;
    }

    private Match find(OpenLmis.Zone zone, Area.Level level) {
        String code = zone.code() == null ? null : zone.code().trim().toUpperCase(Locale.ROOT);
        if (code != null && geography.area(code).filter(a -> a.level() == level).isPresent()) {
            return new Match(code, How.CODE);
        }
        String scope = switch (level) {
            case ZONE -> Geography.COUNTRY;
            case STATE -> STATES;
            case LGA -> code(ancestor(zone.parent(), Area.Level.STATE));
            case COUNTRY -> null;
        };
        if (scope == null || zone.name() == null || zone.name().isBlank()) {
            return null;
        }
        Map<String, String> candidates = names.getOrDefault(scope, Map.of());
        String folded = fold(zone.name());
        String exact = candidates.get(folded);
        if (exact != null) {
            boolean official = geography.area(exact).map(a -> fold(a.name()).equals(folded)).orElse(false);
            return new Match(exact, official ? How.NAME : How.ALIAS);
        }
        String fuzzy = fuzzy(folded, candidates);
        if (fuzzy != null) {
            Log.infof("OpenLMIS zone '%s' (%s) matched %s '%s' by spelling (fuzzy); add an alias if that is right", zone.name(),
                    zone.code(), fuzzy, geography.area(fuzzy).map(Area::name).orElse("?"));
            return new Match(fuzzy, How.FUZZY);
        }
        return null;
    }

    /** The one area within the edit budget of {@code folded}; null when none or more than one is. */
    static String fuzzy(String folded, Map<String, String> candidates) {
        if (folded.length() < 5) {
            return null;
        }
        int budget = 1;
        String found = null;
        for (Map.Entry<String, String> candidate : candidates.entrySet()) {
            if (distance(folded, candidate.getKey(), budget) <= budget && directions(folded).equals(directions(candidate.getKey()))) {
                if (found != null && !found.equals(candidate.getValue())) {
                    return null; // ambiguous: never guess between two areas
                }
                found = candidate.getValue();
            }
        }
        return found;
    }

    private static final List<String> DIRECTIONS = List.of("north", "south", "east", "west", "central");

    private static List<String> directions(String folded) {
        return DIRECTIONS.stream().filter(folded::contains).toList();
    }

    /** Whether the zone is at one of our levels (zone, state, LGA); the country and finer levels are not mapped. */
    public boolean mapsToAnArea(OpenLmis.Zone zone) {
        return zone != null && level(zone) != null;
    }

    /**
     * The zone, state and LGA of a facility's zone chain. The state is matched on its own (nationally) and the LGA
     * within it; the geopolitical zone is the state's, or the zone-level ancestor's match when there is no state.
     */
    public FacilityArea area(OpenLmis.Zone zone) {
        String stateCode = code(ancestor(zone, Area.Level.STATE));
        String lgaCode = stateCode == null ? null : code(ancestor(zone, Area.Level.LGA));
        String zoneCode = stateCode != null ? geography.area(stateCode).map(Area::parentCode).orElse(null)
                : code(ancestor(zone, Area.Level.ZONE));
        return new FacilityArea(zoneCode, stateCode, lgaCode);
    }

    /** The nearest zone of {@code level} in the chain from {@code zone} up (itself included). */
    public OpenLmis.Zone ancestor(OpenLmis.Zone zone, Area.Level level) {
        for (OpenLmis.Zone z = zone; z != null; z = z.parent()) {
            if (level(z) == level) {
                return z;
            }
        }
        return null;
    }

    /** The zones of a facility's chain, most specific first, as "name (code)" — for the reason of an unplaced facility. */
    public static String describe(OpenLmis.Zone zone) {
        List<String> parts = new ArrayList<>();
        for (OpenLmis.Zone z = zone; z != null; z = z.parent()) {
            parts.add("'" + z.name() + "' (" + z.code() + (z.level() == null ? "" : ", level " + z.level().levelNumber()) + ")");
        }
        return parts.isEmpty() ? "no geographic zone" : String.join(" < ", parts);
    }

    private Area.Level level(OpenLmis.Zone zone) {
        if (zone.level() == null) {
            return null;
        }
        int n = zone.level().levelNumber();
        return n == levels.zone() ? Area.Level.ZONE : n == levels.state() ? Area.Level.STATE : n == levels.lga() ? Area.Level.LGA : null;
    }

    private static String scope(Area area) {
        return switch (area.level()) {
            case ZONE, LGA -> area.parentCode();
            case STATE -> STATES;
            case COUNTRY -> null;
        };
    }

    static String fold(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    /** Levenshtein distance, or {@code budget + 1} as soon as it must exceed the budget. */
    static int distance(String a, String b, int budget) {
        if (Math.abs(a.length() - b.length()) > budget) {
            return budget + 1;
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            int rowMin = current[0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                rowMin = Math.min(rowMin, current[j]);
            }
            if (rowMin > budget) {
                return budget + 1;
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
