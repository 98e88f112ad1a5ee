package ng.vaxtrace.security;

/**
 * The role names a token carries (claim {@code groups} by default, see docs/security.md). Constants, so they can be
 * used in {@code @RolesAllowed}.
 */
public final class Roles {

    /** Sees and acts on the whole country. */
    public static final String NATIONAL_OFFICER = "national-officer";
    /** A zonal or state officer: the area claim is a zone ({@code NG-NW}) or a state ({@code NG-KN}). */
    public static final String STATE_OFFICER = "state-officer";
    /** The area claim is an LGA ({@code NG-KN-017}). */
    public static final String LGA_OFFICER = "lga-officer";
    /** The area claim is one facility's code. */
    public static final String FACILITY_OFFICER = "facility-officer";
    /** Read-only, national, never sees personal data. */
    public static final String ANALYST = "analyst";
    /** Everything, plus the audit log and administrative operations. */
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
