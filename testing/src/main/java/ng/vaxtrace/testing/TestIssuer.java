package ng.vaxtrace.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

import ng.vaxtrace.security.DevIssuer;

/** One development issuer per test JVM: services under test trust its key, tests sign their callers' tokens with it. */
public final class TestIssuer {

    private static final Path DIRECTORY = temporaryDirectory();
    private static final DevIssuer ISSUER = DevIssuer.inDirectory(DIRECTORY);
    private static final String PII_KEYS = "test-1:" + randomKey();

    private TestIssuer() {
    }

    public static DevIssuer shared() {
        return ISSUER;
    }

    /**
     * The issuer's key pair on disk (private.pem, public.pem), for a service that signs tokens of its own with it: the
     * gateway's service identity ({@code VAXTRACE_DEV_ISSUER_DIR}), so the services it reads trust its warm-up.
     */
    public static Path directory() {
        return DIRECTORY;
    }

    /** A one-hour token for a user named after the role and area. */
    public static String token(String role, String area) {
        return ISSUER.token(role + (area == null ? "" : "@" + area), role, area, Duration.ofHours(1));
    }

    public static String bearer(String role, String area) {
        return "Bearer " + token(role, area);
    }

    /** The contact-encryption key ring for services this JVM starts ({@code vaxtrace.pii.keys}: id:base64). */
    public static String piiKeys() {
        return PII_KEYS;
    }

    private static Path temporaryDirectory() {
        try {
            Path dir = Files.createTempDirectory("vaxtrace-test-issuer-");
            dir.toFile().deleteOnExit();
            dir.resolve("private.pem").toFile().deleteOnExit();
            dir.resolve("public.pem").toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
