package ng.vaxtrace.security;

/** The part of the country a caller may see: the nation, a zone, a state, an LGA or one facility. */
public record Scope(Level level, String code) {

    public enum Level {
        NATIONAL, ZONE, STATE, LGA, FACILITY
    }

    public static final Scope NATIONAL = new Scope(Level.NATIONAL, "NG");
}
