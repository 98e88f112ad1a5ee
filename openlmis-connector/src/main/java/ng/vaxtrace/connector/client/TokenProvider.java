package ng.vaxtrace.connector.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import ng.vaxtrace.connector.config.ConnectorConfig;
import ng.vaxtrace.contracts.EventJson;

/**
 * The OpenLMIS access token from openlmis-auth's token endpoint ({@code POST /api/oauth/token}, HTTP Basic client
 * authentication): the password grant, or the client-credentials grant for a service token. Reused until it expires;
 * dropped when OpenLMIS refuses it (openlmis-auth keeps tokens in memory, so a restart of it voids every token).
 * Token requests take a slot of the rate limiter like any other request, and their answers are sorted like data
 * calls': 429 pauses everything for its Retry-After ({@link OpenLmisException.Throttled}), 5xx and transport errors are
 * {@link OpenLmisException.Unavailable}, and refused credentials are {@link OpenLmisException.Rejected} carrying the
 * endpoint's own {@code error_description}, which ends the run with it.
 */
@ApplicationScoped
public class TokenProvider {

    /** Renew this long before the announced expiry, so a token never expires between check and use. */
    private static final Duration MARGIN = Duration.ofSeconds(30);

    public enum Grant {
        PASSWORD, CLIENT_CREDENTIALS
    }

    private final TokenApi api;
    private final ConnectorConfig.Auth auth;
    private final Grant grant;
    private final RateLimiter limiter;
    private final MeterRegistry registry;
    private String token;
    private Instant renewAt = Instant.MIN;

    public TokenProvider(@RestClient TokenApi api, ConnectorConfig config, RateLimiter limiter, MeterRegistry registry) {
        this.api = api;
        this.auth = config.auth();
        this.grant = "client-credentials".equals(config.authClient()) ? Grant.CLIENT_CREDENTIALS : Grant.PASSWORD;
        this.limiter = limiter;
        this.registry = registry;
    }

    /** The {@code Authorization} header value. Blocking: called from the sync's worker thread. */
    public synchronized String bearer() {
        if (token == null || !Instant.now().isBefore(renewAt)) {
            Log.debug("requesting an OpenLMIS access token");
            OpenLmis.TokenResponse response = request(grant);
            token = response.accessToken();
            long seconds = response.expiresIn() == null ? 60 : response.expiresIn();
            renewAt = Instant.now().plusSeconds(seconds).minus(seconds > 2 * MARGIN.toSeconds() ? MARGIN : Duration.ZERO);
        }
        return "Bearer " + token;
    }

    /** Forgets {@code refused} (if it is still the current token), so the next call re-authenticates. */
    public synchronized void invalidate(String refused) {
        if (token != null && refused.endsWith(token)) {
            token = null;
        }
    }

    /** One token request with {@code grant}, paced by the rate limiter. */
    public OpenLmis.TokenResponse request(Grant grant) {
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        String clientId;
        String secret;
        if (grant == Grant.PASSWORD) {
            clientId = auth.clientId();
            secret = auth.clientSecret();
            form.add("grant_type", "password");
            form.add("username", auth.username().orElseThrow(() -> missing("OPENLMIS_USERNAME")));
            form.add("password", auth.password().orElseThrow(() -> missing("OPENLMIS_PASSWORD")));
        } else {
            clientId = auth.serviceClientId().orElse(auth.clientId());
            secret = auth.serviceClientSecret().orElse(auth.clientSecret());
            form.add("grant_type", "client_credentials");
        }
        String basic = "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        limiter.acquire();
        registry.counter("vaxtrace.connector.openlmis.requests", "endpoint", "token").increment();
        try {
            OpenLmis.TokenResponse response = api.token(basic, form);
            if (response == null || response.accessToken() == null) {
                throw new OpenLmisException.Unavailable("OpenLMIS token endpoint answered without an access_token", null);
            }
            return response;
        } catch (WebApplicationException e) {
            throw translate(e.getResponse());
        } catch (ProcessingException e) {
            throw new OpenLmisException.Unavailable("OpenLMIS token endpoint: " + e.getMessage(), e);
        }
    }

    private OpenLmisException translate(Response response) {
        int status = response.getStatus();
        if (status == 429) {
            long retryAfter = ResilientCaller.retryAfterSeconds(response.getHeaderString("Retry-After"));
            limiter.pauseFor(retryAfter);
            registry.counter("vaxtrace.connector.openlmis.throttled").increment();
            Log.infof("OpenLMIS throttled the token request; pausing %d s", retryAfter);
            return new OpenLmisException.Throttled("token: 429, retry after " + retryAfter + " s");
        }
        if (status >= 500) {
            return new OpenLmisException.Unavailable("OpenLMIS token endpoint: HTTP " + status, null);
        }
        return OpenLmisException.Rejected.credentials(status, "OpenLMIS token endpoint refused the credentials (HTTP " + status + "): "
                + describe(body(response)));
    }

    private static String body(Response response) {
        try {
            return response.hasEntity() ? response.readEntity(String.class) : "";
        } catch (RuntimeException e) {
            return "";
        }
    }

    /** The OAuth error's description and code, or the body as it came. */
    private static String describe(String body) {
        try {
            OpenLmis.OAuthError error = EventJson.mapper().readValue(body, OpenLmis.OAuthError.class);
            if (error.errorDescription() != null || error.error() != null) {
                return error.errorDescription() + " (" + error.error() + ")";
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not an OAuth error body: show it as it is
        }
        return body.isBlank() ? "no description" : body.strip();
    }

    private static OpenLmisException.Rejected missing(String variable) {
        return OpenLmisException.Rejected.credentials(400, "the password grant needs " + variable + " (or set OPENLMIS_GRANT_CLIENT=client-credentials)");
    }
}
