package ng.vaxtrace.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ng.vaxtrace.security.DevIssuer;
import ng.vaxtrace.security.Roles;

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

    /**
     * Tokens a service must refuse with 401, by what is wrong with them: malformed (including an administrator's valid
     * token with a character appended), unsigned ({@code alg: none}), expired, signed by another key, issued by another
     * issuer, oversized.
     */
    public static Map<String, String> forgedTokens() {
        Map<String, String> tokens = new LinkedHashMap<>();
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String claims = base64.encodeToString(("{\"iss\":\"" + DevIssuer.ISSUER + "\",\"sub\":\"mallory\",\"groups\":[\"admin\"],\"exp\":"
                + Instant.now().plus(Duration.ofHours(1)).getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8));
        tokens.put("malformed", "nope");
        tokens.put("three garbage parts", "a.b.c");
        tokens.put("unsigned (alg none)", base64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + claims + ".");
        tokens.put("expired", ISSUER.sign(claims(Roles.ADMIN, Instant.now().minus(Duration.ofHours(1)), DevIssuer.ISSUER)));
        tokens.put("signed by another key", DevIssuer.generate().token("mallory", Roles.ADMIN, null, Duration.ofHours(1)));
        tokens.put("another issuer", ISSUER.sign(claims(Roles.ADMIN, Instant.now().plus(Duration.ofHours(1)), "https://elsewhere.example/realms/x")));
        tokens.put("dots only", "..");
        tokens.put("with a space inside", "a.b c.d");
        String valid = token(Roles.ADMIN, null);
        tokens.put("valid but for a stray quote after it", valid + "'");
        tokens.put("valid but for base64 padding", valid + "==");
        tokens.put("oversized", "x".repeat(6000));
        return tokens;
    }

    private static Map<String, Object> claims(String role, Instant expires, String issuer) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("sub", "mallory");
        claims.put("preferred_username", "mallory");
        claims.put("groups", List.of(role));
        claims.put("iat", expires.minus(Duration.ofHours(1)).getEpochSecond());
        claims.put("exp", expires.getEpochSecond());
        return claims;
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
