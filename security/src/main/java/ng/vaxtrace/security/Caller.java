package ng.vaxtrace.security;

import java.util.Collection;
import java.util.Optional;
import java.util.regex.Pattern;

import ng.vaxtrace.contracts.FacilityArea;
import ng.vaxtrace.data.Area;
import ng.vaxtrace.data.Geography;

/**
 * An authenticated caller as every service sees it: who (for audit), the role it acts with, and the area its
 * token's area claim restricts it to. Built from the token's claims by {@link #of}; a token whose role and area do
 * not fit together is refused rather than guessed at.
 */
public record Caller(String actor, Role role, Scope scope) {

    private static final Pattern FACILITY_CODE = Pattern.compile("[A-Z0-9_-]{2,64}");

    /**
     * @param actor     the user's name for audit (preferred_username, else subject)
     * @param roles     the role claim values
     * @param areaClaim the area claim: {@code NG}, a zone, state or LGA code, or a facility code
     * @throws AccessRefusedException when no VaxTrace role is present or the area does not fit the role
     */
    public static Caller of(String actor, Collection<String> roles, String areaClaim) {
        Role role = Role.strongest(roles).orElseThrow(() -> new AccessRefusedException(
                "the token carries none of the VaxTrace roles (national-officer, state-officer, lga-officer, facility-officer, analyst, admin)"));
        String area = areaClaim == null || areaClaim.isBlank() ? null : areaClaim.trim();
        return new Caller(actor, role, scope(role, area));
    }

    private static Scope scope(Role role, String area) {
        if (role.national()) {
            if (area != null && !Geography.COUNTRY.equals(area)) {
                throw new AccessRefusedException("role " + role.claimValue() + " is national: its area claim must be NG or absent, not " + area);
            }
            return Scope.NATIONAL;
        }
        if (area == null) {
            throw new AccessRefusedException("role " + role.claimValue() + " needs an area claim");
        }
        Optional<Area.Level> level = Geography.nigeria().area(area).map(Area::level);
        Scope scope = switch (role) {
            case STATE_OFFICER -> level.filter(l -> l == Area.Level.ZONE || l == Area.Level.STATE)
                    .map(l -> new Scope(l == Area.Level.ZONE ? Scope.Level.ZONE : Scope.Level.STATE, area)).orElse(null);
            case LGA_OFFICER -> level.filter(l -> l == Area.Level.LGA).map(l -> new Scope(Scope.Level.LGA, area)).orElse(null);
            case FACILITY_OFFICER -> level.isEmpty() && FACILITY_CODE.matcher(area).matches() ? new Scope(Scope.Level.FACILITY, area) : null;
            default -> null;
        };
        if (scope == null) {
            throw new AccessRefusedException("area claim " + area + " does not fit role " + role.claimValue()
                    + " (state-officer: a zone or state code, lga-officer: an LGA code, facility-officer: a facility code)");
        }
        return scope;
    }

    public boolean isNational() {
        return scope.level() == Scope.Level.NATIONAL;
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /** Officers and administrators act (acknowledge, adjust, edit); analysts only read. */
    public boolean mayWrite() {
        return role != Role.ANALYST;
    }

    /** Facility contact names and phone numbers: never for analysts. */
    public boolean maySeePersonalData() {
        return role != Role.ANALYST;
    }

    /** The area a query defaults to when it names none: the caller's own ({@code null} for a facility officer). */
    public String defaultArea() {
        return scope.level() == Scope.Level.FACILITY ? null : scope.code();
    }

    /** The facility a facility officer is limited to, else {@code null}. */
    public String facility() {
        return scope.level() == Scope.Level.FACILITY ? scope.code() : null;
    }

    /** Whether an area (NG, zone, state or LGA code) lies within the caller's area. */
    public boolean coversArea(String areaCode) {
        if (isNational()) {
            return true;
        }
        if (scope.level() == Scope.Level.FACILITY || areaCode == null) {
            return false;
        }
        Geography geography = Geography.nigeria();
        String code = areaCode;
        while (code != null) {
            if (code.equals(scope.code())) {
                return true;
            }
            code = geography.area(code).map(Area::parentCode).orElse(null);
        }
        return false;
    }

    /** Whether a facility, placed in the tree by {@code area}, lies within the caller's area. */
    public boolean coversFacility(String facilityCode, FacilityArea area) {
        if (isNational()) {
            return true;
        }
        if (scope.level() == Scope.Level.FACILITY) {
            return scope.code().equals(facilityCode);
        }
        return area != null && area.chain().contains(scope.code());
    }

    public void requireArea(String areaCode) {
        if (!coversArea(areaCode)) {
            throw new AccessRefusedException(areaCode + " is outside your area (" + scope.code() + ")");
        }
    }

    public void requireFacility(String facilityCode, FacilityArea area) {
        if (!coversFacility(facilityCode, area)) {
            throw new AccessRefusedException("facility " + facilityCode + " is outside your area (" + scope.code() + ")");
        }
    }

    public void requireWrite() {
        if (!mayWrite()) {
            throw new AccessRefusedException("role " + role.claimValue() + " is read-only");
        }
    }

    public void requireAdmin() {
        if (!isAdmin()) {
            throw new AccessRefusedException("administrators only");
        }
    }
}
