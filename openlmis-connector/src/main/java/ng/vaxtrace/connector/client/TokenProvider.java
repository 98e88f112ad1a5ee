package ng.vaxtrace.connector.client;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.OidcClientException;
import io.quarkus.oidc.client.OidcClients;
import io.quarkus.oidc.common.runtime.OidcConstants;
import io.quarkus.oidc.client.Tokens;
import ng.vaxtrace.connector.config.ConnectorConfig;

/**
 * The OpenLMIS access token, from the token endpoint through quarkus-oidc-client (password or client-credentials
 * grant, HTTP Basic client authentication). Reused until it expires; dropped when OpenLMIS refuses it (openlmis-auth
 * keeps tokens in memory, so a restart of it invalidates every token before its expiry).
 */
@ApplicationScoped
public class TokenProvider {

    private static final Duration TOKEN_TIMEOUT = Duration.ofSeconds(10);

    private final OidcClient client;
    private Tokens tokens;

    public TokenProvider(OidcClients clients, ConnectorConfig config) {
        this.client = "default".equals(config.authClient()) ? clients.getClient() : clients.getClient(config.authClient());
    }

    /** The {@code Authorization} header value. Blocking: called from the sync's worker thread. */
    public synchronized String bearer() {
        if (tokens == null || tokens.isAccessTokenExpired()) {
            Log.debug("requesting an OpenLMIS access token");
            try {
                tokens = client.getTokens().await().atMost(TOKEN_TIMEOUT);
            } catch (OidcClientException e) {
                throw new OpenLmisException.Unavailable("OpenLMIS token endpoint: " + e.getMessage(), e);
            } catch (io.smallrye.mutiny.TimeoutException e) {
                throw new OpenLmisException.Unavailable("OpenLMIS token endpoint did not answer in " + TOKEN_TIMEOUT, e);
            }
        }
        return OidcConstants.BEARER_SCHEME + " " + tokens.getAccessToken();
    }

    /** Forgets {@code refused} (if it is still the current token), so the next call re-authenticates. */
    public synchronized void invalidate(String refused) {
        if (tokens != null && refused.endsWith(tokens.getAccessToken())) {
            tokens = null;
        }
    }
}
