package ng.vaxtrace.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The development issuer: an RSA key pair made on this machine (never committed) that signs RS256 access tokens
 * for the local run and the tests. Services of the local and test profiles verify with its public key
 * ({@code quarkus.oidc.public-key}); the prod profile refuses that ({@link DevIssuerGuard}).
 */
public final class DevIssuer {

    public static final String ISSUER = "urn:vaxtrace:dev-issuer";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private final KeyPair keys;

    private DevIssuer(KeyPair keys) {
        this.keys = keys;
    }

    public static DevIssuer generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return new DevIssuer(generator.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key pair in {@code dir} (private.pem, public.pem), made there first if absent. */
    public static synchronized DevIssuer inDirectory(Path dir) {
        Path privateFile = dir.resolve("private.pem");
        Path publicFile = dir.resolve("public.pem");
        try {
            if (Files.exists(privateFile) && Files.exists(publicFile)) {
                KeyFactory rsa = KeyFactory.getInstance("RSA");
                PrivateKey privateKey = rsa.generatePrivate(new PKCS8EncodedKeySpec(pem(Files.readString(privateFile))));
                PublicKey publicKey = rsa.generatePublic(new X509EncodedKeySpec(pem(Files.readString(publicFile))));
                return new DevIssuer(new KeyPair(publicKey, privateKey));
            }
            DevIssuer issuer = generate();
            Files.createDirectories(dir);
            Path temporary = Files.createTempFile(dir, "private", ".tmp");
            Files.writeString(temporary, toPem("PRIVATE KEY", issuer.keys.getPrivate().getEncoded()));
            Files.move(temporary, privateFile);
            Files.writeString(publicFile, toPem("PUBLIC KEY", issuer.keys.getPublic().getEncoded()));
            return issuer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("unreadable development issuer keys in " + dir, e);
        }
    }

    /** The public key as {@code quarkus.oidc.public-key} takes it: base64 DER, no PEM armour. */
    public String publicKey() {
        return Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
    }

    /** A token for a user with one role and (for officers below national level) an area claim. */
    public String token(String user, String role, String area, Duration ttl) {
        return token(user, List.of(role), area, ttl);
    }

    public String token(String user, Collection<String> roles, String area, Duration ttl) {
        Instant now = Instant.now();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("sub", user);
        claims.put("preferred_username", user);
        claims.put("groups", List.copyOf(roles));
        if (area != null) {
            claims.put("vaxtrace_area", area);
        }
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(ttl).getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        return sign(claims);
    }

    /** Signs exactly these claims (tests use it for expired or foreign-issuer tokens). */
    public String sign(Map<String, Object> claims) {
        try {
            String header = URL.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
            String body = URL.encodeToString(JSON.writeValueAsBytes(claims));
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(keys.getPrivate());
            signature.update((header + "." + body).getBytes(StandardCharsets.US_ASCII));
            return header + "." + body + "." + URL.encodeToString(signature.sign());
        } catch (JsonProcessingException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] pem(String text) {
        return Base64.getMimeDecoder().decode(text.replaceAll("-----[A-Z ]+-----", "").trim());
    }

    private static String toPem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
