package ng.vaxtrace.gateway.rooms;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import ng.vaxtrace.data.Area;
import ng.vaxtrace.data.Geography;

/**
 * A room a dashboard can subscribe to: an area of the administrative tree (national, zone, state, LGA) or one
 * facility, optionally narrowed to one product. Its canonical name is {@code <level>:<code>} ({@code national} for
 * the country), with {@code ?product=<code>} when filtered — the same codes as everywhere in VaxTrace. Each canonical
 * name has its own sequence numbers.
 *
 * @param level   national, zone, state, lga or facility
 * @param code    the area or facility code ({@code NG} for national)
 * @param product the product filter, or null for every product
 */
public record Room(String level, String code, String product) {

    public static final String NATIONAL = "national";
    public static final String FACILITY = "facility";

    private static final Pattern FACILITY_CODE = Pattern.compile("^[A-Z0-9][A-Z0-9_-]{1,63}$");
    private static final Pattern PRODUCT_CODE = Pattern.compile("^[A-Z0-9][A-Z0-9_-]{0,31}$");

    /**
     * Reads a room name as a client writes it: {@code national}, {@code area:<code>} (level inferred from the code),
     * {@code zone:}, {@code state:}, {@code lga:} or {@code facility:<code>}, optionally with {@code ?product=<code>};
     * {@code product} (from the frame) also narrows it. Empty when the name is not a room we know.
     */
    public static Optional<Room> parse(String name, String product) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        String base = name.trim();
        int query = base.indexOf("?product=");
        if (query >= 0) {
            String fromName = base.substring(query + "?product=".length());
            if (product != null && !product.equals(fromName)) {
                return Optional.empty();
            }
            product = fromName;
            base = base.substring(0, query);
        }
        if (product != null && !PRODUCT_CODE.matcher(product).matches()) {
            return Optional.empty();
        }
        if (NATIONAL.equals(base)) {
            return Optional.of(new Room(NATIONAL, Geography.COUNTRY, product));
        }
        int colon = base.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String level = base.substring(0, colon);
        String code = base.substring(colon + 1);
        if (FACILITY.equals(level)) {
            return FACILITY_CODE.matcher(code).matches() ? Optional.of(new Room(FACILITY, code, product)) : Optional.empty();
        }
        Optional<Area> area = Geography.nigeria().area(code);
        if (area.isEmpty()) {
            return Optional.empty();
        }
        String actual = levelOf(area.get());
        return "area".equals(level) || actual.equals(level) ? Optional.of(new Room(actual, code, product)) : Optional.empty();
    }

    private static String levelOf(Area area) {
        return area.level() == Area.Level.COUNTRY ? NATIONAL : area.level().name().toLowerCase(Locale.ROOT);
    }

    public static Room facility(String facilityCode) {
        return new Room(FACILITY, facilityCode, null);
    }

    public boolean isFacility() {
        return FACILITY.equals(level);
    }

    public String name() {
        String base = NATIONAL.equals(level) ? NATIONAL : level + ":" + code;
        return product == null ? base : base + "?product=" + product;
    }
}
