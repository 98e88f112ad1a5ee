package ng.vaxtrace.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import ng.vaxtrace.gateway.config.GatewayConfig;

/** Picks the {@link TokenAuthenticator} named by {@code vaxtrace.gateway.auth.mode}. */
@ApplicationScoped
public class Authenticators {

    @Produces
    @ApplicationScoped
    TokenAuthenticator authenticator(GatewayConfig config) {
        return switch (config.auth().mode()) {
            case "none" -> token -> Optional.of(GatewayPrincipal.ANONYMOUS);
            case "static" -> sharedToken(config.auth().token()
                    .orElseThrow(() -> new IllegalStateException("vaxtrace.gateway.auth.mode=static needs vaxtrace.gateway.auth.token")));
            default -> throw new IllegalStateException("unknown vaxtrace.gateway.auth.mode " + config.auth().mode() + " (none, static)");
        };
    }

    /** One shared secret for every dashboard: enough for a closed deployment until per-user tokens arrive. */
    static TokenAuthenticator sharedToken(String expected) {
        byte[] expectedBytes = expected.getBytes(StandardCharsets.UTF_8);
        GatewayPrincipal dashboard = new GatewayPrincipal("shared-token", Set.of());
        // Constant-time comparison: the token is a secret.
        return token -> token != null && MessageDigest.isEqual(expectedBytes, token.getBytes(StandardCharsets.UTF_8))
                ? Optional.of(dashboard)
                : Optional.empty();
    }
}
