package ng.vaxtrace.gateway.rooms;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A room a dashboard can subscribe to, named {@code <kind>:<code>} with the area codes used everywhere in
 * VaxTrace (for now only {@code facility:<facility code>}; area rooms arrive with the gateway issue).
 */
public record Room(String kind, String code) {

    private static final Pattern NAME = Pattern.compile("^(facility):([A-Z0-9][A-Z0-9_-]{1,63})$");

    public static Optional<Room> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        var matcher = NAME.matcher(name);
        return matcher.matches() ? Optional.of(new Room(matcher.group(1), matcher.group(2))) : Optional.empty();
    }

    public static Room facility(String facilityCode) {
        return new Room("facility", facilityCode);
    }

    public String name() {
        return kind + ":" + code;
    }
}
