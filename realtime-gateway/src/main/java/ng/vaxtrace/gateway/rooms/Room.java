package ng.vaxtrace.gateway.rooms;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import ng.vaxtrace.data.Area;
import ng.vaxtrace.data.Geography;

/**
 * A room a dashboard can subscribe to: an area of the administrative tree (national, zone, state, LGA) or one
 * facility, optionally narrowed to one product. Its canonical name is {@code <level>:<code>} ({@code national} for
 * the country), with {@code ?product=<code>} when filtered and {@code changes=true} when an aggregate room (national,
 * zone, state) also carries each stock change — the same codes as everywhere in VaxTrace. Each canonical name has its
 * own sequence numbers.
 *
 * @param level   national, zone, state, lga or facility
 * @param code    the area or facility code ({@code NG} for national)
 * @param product the product filter, or null for every product
 * @param changes an aggregate room that also sends its stock changes ({@code stock:batch}); LGA and facility rooms
 *                always do, so for them it is always false
 */
public record Room(String level, String code, String product, boolean changes) {

    public static final String NATIONAL = "national";
    public static final String FACILITY = "facility";

    private static final Pattern FACILITY_CODE = Pattern.compile("^[A-Z0-9][A-Z0-9_-]{1,63}$");
    private static final Pattern PRODUCT_CODE = Pattern.compile("^[A-Z0-9][A-Z0-9_-]{0,31}$");

    /**
     * Reads a room name as a client writes it: {@code national}, {@code area:<code>} (level inferred from the code),
     * {@code zone:}, {@code state:}, {@code lga:} or {@code facility:<code>}, optionally followed by
     * {@code ?product=<code>}, {@code ?changes=true} or both ({@code ?product=<code>&changes=true}); {@code product}
     * and {@code changes} from the frame do the same. Empty when the name is not a room we know, or the frame and the
     * name disagree.
     */
    public static Optional<Room> parse(String name, String product, Boolean changes) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        String base = name.trim();
        int query = base.indexOf('?');
        if (query >= 0) {
            Map<String, String> params = new HashMap<>();
            for (String pair : base.substring(query + 1).split("&", -1)) {
                int eq = pair.indexOf('=');
                if (eq <= 0 || params.put(pair.substring(0, eq), pair.substring(eq + 1)) != null) {
                    return Optional.empty(); // not key=value, or a key twice
                }
            }
            String fromName = params.remove("product");
            String changesInName = params.remove("changes");
            if (!params.isEmpty() || (fromName != null && product != null && !product.equals(fromName))) {
                return Optional.empty();
            }
            if (changesInName != null) {
                if (!"true".equals(changesInName) && !"false".equals(changesInName)) {
                    return Optional.empty();
                }
                Boolean named = Boolean.valueOf(changesInName);
                if (changes != null && !changes.equals(named)) {
                    return Optional.empty();
                }
                changes = named;
            }
            product = fromName != null ? fromName : product;
            base = base.substring(0, query);
        }
        if (product != null && !PRODUCT_CODE.matcher(product).matches()) {
            return Optional.empty();
        }
        boolean stream = Boolean.TRUE.equals(changes);
        if (NATIONAL.equals(base)) {
            return Optional.of(of(NATIONAL, Geography.COUNTRY, product, stream));
        }
        int colon = base.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String level = base.substring(0, colon);
        String code = base.substring(colon + 1);
        if (FACILITY.equals(level)) {
            return FACILITY_CODE.matcher(code).matches() ? Optional.of(of(FACILITY, code, product, stream)) : Optional.empty();
        }
        Optional<Area> area = Geography.nigeria().area(code);
        if (area.isEmpty()) {
            return Optional.empty();
        }
        String actual = levelOf(area.get());
        if (!"area".equals(level) && !actual.equals(level)) {
            return Optional.empty();
        }
        return Optional.of(of(actual, code, product, stream));
    }

    /** LGA and facility rooms carry every change anyway: asking them for the change stream names the same room. */
    private static Room of(String level, String code, String product, boolean wantsChanges) {
        return new Room(level, code, product, wantsChanges && aggregate(level));
    }

    private static String levelOf(Area area) {
        return area.level() == Area.Level.COUNTRY ? NATIONAL : area.level().name().toLowerCase(Locale.ROOT);
    }

    public static Room facility(String facilityCode) {
        return new Room(FACILITY, facilityCode, null, false);
    }

    public boolean isFacility() {
        return FACILITY.equals(level);
    }

    /** National, zone and state rooms: counts by default, facility detail by page. */
    public boolean isAggregate() {
        return aggregate(level);
    }

    private static boolean aggregate(String level) {
        return NATIONAL.equals(level) || "zone".equals(level) || "state".equals(level);
    }

    public String name() {
        String base = NATIONAL.equals(level) ? NATIONAL : level + ":" + code;
        if (product == null) {
            return changes ? base + "?changes=true" : base;
        }
        return base + "?product=" + product + (changes ? "&changes=true" : "");
    }
}
