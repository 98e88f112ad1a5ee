package ng.vaxtrace.data;

/** A node of the administrative hierarchy: the country, a geopolitical zone, a state (or FCT) or an LGA. */
public record Area(String code, String name, Level level, String parentCode, double latitude, double longitude) {

    public enum Level {
        COUNTRY, ZONE, STATE, LGA
    }
}
