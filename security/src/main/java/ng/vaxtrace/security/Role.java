package ng.vaxtrace.security;

import java.util.Collection;
import java.util.Optional;

/** A caller's role, strongest first: a token with several roles acts with the first one it holds. */
public enum Role {
    ADMIN(Roles.ADMIN, true),
    NATIONAL_OFFICER(Roles.NATIONAL_OFFICER, true),
    ANALYST(Roles.ANALYST, true),
    STATE_OFFICER(Roles.STATE_OFFICER, false),
    LGA_OFFICER(Roles.LGA_OFFICER, false),
    FACILITY_OFFICER(Roles.FACILITY_OFFICER, false);

    private final String claimValue;
    private final boolean national;

    Role(String claimValue, boolean national) {
        this.claimValue = claimValue;
        this.national = national;
    }

    public String claimValue() {
        return claimValue;
    }

    /** Whether the role always sees the whole country (its area claim, if any, must be {@code NG}). */
    public boolean national() {
        return national;
    }

    public static Optional<Role> strongest(Collection<String> claimValues) {
        for (Role role : values()) {
            if (claimValues.contains(role.claimValue)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
