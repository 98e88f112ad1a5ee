package ng.vaxtrace.ingest.auth;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The request signature scheme: {@code X-VaxTrace-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + raw body)>}
 * with {@code X-VaxTrace-Timestamp} in Unix seconds. The body is signed exactly as received: never re-serialised.
 */
public final class RequestSignature {

    /** The scheme a 401 names in WWW-Authenticate. */
    public static final String CHALLENGE = "VaxTrace-HMAC";
    public static final String CLIENT_HEADER = "X-VaxTrace-Client";
    public static final String TIMESTAMP_HEADER = "X-VaxTrace-Timestamp";
    public static final String SIGNATURE_HEADER = "X-VaxTrace-Signature";
    private static final String VERSION_PREFIX = "v1=";

    private RequestSignature() {
    }

    /** Signs {@code body} as a client would; returns the full header value ({@code v1=...}). */
    public static String sign(String secret, long timestampSeconds, byte[] body) {
        return VERSION_PREFIX + HexFormat.of().formatHex(hmac(secret, timestampSeconds, body));
    }

    /**
     * Checks a request; returns null when it is authentic and fresh, else the reason to give the client.
     * Every secret is tried with a constant-time comparison, so timing says nothing about which bytes matched.
     */
    public static String verify(List<String> secrets, String timestamp, String signature, byte[] body, Instant now,
            Duration replayWindow) {
        if (timestamp == null || timestamp.isBlank()) {
            return "missing " + TIMESTAMP_HEADER + " header (Unix seconds)";
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            return TIMESTAMP_HEADER + " must be Unix seconds";
        }
        if (Math.abs(now.getEpochSecond() - seconds) > replayWindow.toSeconds()) {
            return "timestamp outside the allowed window of " + replayWindow.toSeconds() + " s (check the device clock, or a replayed request)";
        }
        if (signature == null || !signature.startsWith(VERSION_PREFIX)) {
            return "missing or malformed " + SIGNATURE_HEADER + " header (expected v1=<hex>)";
        }
        byte[] presented;
        try {
            presented = HexFormat.of().parseHex(signature.substring(VERSION_PREFIX.length()).strip());
        } catch (IllegalArgumentException e) {
            return SIGNATURE_HEADER + " is not hexadecimal";
        }
        boolean matched = false;
        for (String secret : secrets) {
            // No early exit: every configured secret costs the same work.
            matched |= MessageDigest.isEqual(hmac(secret, seconds, body), presented);
        }
        return matched ? null : "signature does not match the body";
    }

    private static byte[] hmac(String secret, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestampSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
