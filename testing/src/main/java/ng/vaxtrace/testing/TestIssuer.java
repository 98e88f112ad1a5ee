package ng.vaxtrace.testing;

import java.time.Duration;

import ng.vaxtrace.security.DevIssuer;

/** One development issuer per test JVM: services under test trust its key, tests sign their callers' tokens with it. */
public final class TestIssuer {

    private static final DevIssuer ISSUER = DevIssuer.generate();

    private TestIssuer() {
    }

    public static DevIssuer shared() {
        return ISSUER;
    }

    /** A one-hour token for a user named after the role and area. */
    public static String token(String role, String area) {
        return ISSUER.token(role + (area == null ? "" : "@" + area), role, area, Duration.ofHours(1));
    }

    public static String bearer(String role, String area) {
        return "Bearer " + token(role, area);
    }
}
