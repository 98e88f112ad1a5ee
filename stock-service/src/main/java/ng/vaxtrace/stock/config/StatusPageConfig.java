package ng.vaxtrace.stock.config;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the status page (served from /status/) finds the other services and how its users sign in. */
@ConfigMapping(prefix = "vaxtrace.status-page")
public interface StatusPageConfig {

    /** Public base URL of alert-service as the browser sees it; by default the page's host on port 8083. */
    Optional<String> alertsUrl();

    /** Public WebSocket URL of the gateway; by default {@code ws(s)://<page host>:8084/ws/v1}. */
    Optional<String> gatewayUrl();

    /** The OIDC sign-in the page offers (authorization code + PKCE); absent issuer: no sign-in button. */
    SignIn signIn();

    /**
     * Accept an access token passed in the address's fragment ({@code #token=}) or pasted: the local run's
     * development path. Never honoured under the prod profile, whatever this says.
     */
    @WithDefault("false")
    boolean devTokens();

    interface SignIn {
        /** The issuer URL as the browser reaches it (its /.well-known/openid-configuration is read by the page). */
        Optional<String> issuer();

        /** The provider's public client for the page (no secret: PKCE protects the code). */
        @WithDefault("vaxtrace-dashboard")
        String clientId();

        /** Scopes asked for; {@code openid} is needed for the ID token that sign-out hands back to the provider. */
        @WithDefault("openid profile")
        String scope();
    }
}
