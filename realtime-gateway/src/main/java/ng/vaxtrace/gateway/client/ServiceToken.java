package ng.vaxtrace.gateway.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import io.quarkus.logging.Log;
import io.quarkus.oidc.client.OidcClient;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import io.smallrye.mutiny.Uni;
import ng.vaxtrace.gateway.auth.BearerToken;
import ng.vaxtrace.gateway.config.GatewayConfig;
import ng.vaxtrace.security.DevIssuer;
import ng.vaxtrace.security.Roles;

/**
 * The gateway's own identity for its warm-up reads of stock-service and alert-service (the national view: every
 * level, every open alert — no dashboard's token would do). In prod, quarkus-oidc-client obtains an access token by
 * the client-credentials grant (the gateway's client in the OIDC provider, its service account in the
 * {@code analyst} group); on the local run and in tests, where the development issuer stands in for the provider, the
 * gateway signs a short-lived {@code analyst} token with that issuer's key, read from its directory (made on this
 * machine, never in the repository; refused in prod). Tokens are reused until shortly before they expire.
 */
@ApplicationScoped
public class ServiceToken {

    /** The subject of the gateway's own tokens from the development issuer. */
    public static final String DEV_SUBJECT = "service:realtime-gateway";
    private static final Duration DEV_TTL = Duration.ofMinutes(10);
    private static final long RENEW_BEFORE_MILLIS = 30_000;

    private final Optional<String> devIssuerDir;
    private final Instance<OidcClient> oidcClient;
    private volatile DevIssuer devIssuer;
    private volatile BearerToken cached;
    private volatile long cachedUntilMillis;

    public ServiceToken(GatewayConfig config, Instance<OidcClient> oidcClient) {
        this.devIssuerDir = config.serviceIdentity().devIssuerDir().map(String::trim).filter(dir -> !dir.isEmpty());
        this.oidcClient = oidcClient;
    }

    void check(@Observes StartupEvent start) {
        if (devIssuerDir.isPresent() && ConfigUtils.getProfiles().contains("prod")) {
            throw new IllegalStateException("refusing to start: vaxtrace.gateway.service-identity.dev-issuer-dir is for the local run "
                    + "and tests; production obtains the gateway's token from the OIDC provider (quarkus.oidc-client.*)");
        }
    }

    /** A valid access token of the gateway itself. */
    public Uni<BearerToken> token() {
        BearerToken token = cached;
        if (token != null && System.currentTimeMillis() < cachedUntilMillis - RENEW_BEFORE_MILLIS) {
            return Uni.createFrom().item(token);
        }
        if (devIssuerDir.isPresent()) {
            return Uni.createFrom().item(() -> remember(new BearerToken(devIssuer().token(DEV_SUBJECT, Roles.ANALYST, null, DEV_TTL)),
                    System.currentTimeMillis() + DEV_TTL.toMillis()));
        }
        return oidcClient.get().getTokens().map(tokens -> {
            Long expiresAt = tokens.getAccessTokenExpiresAt();
            // A provider that states no lifetime: ask again in a minute rather than trusting an unknown expiry.
            long until = expiresAt == null ? System.currentTimeMillis() + 60_000 + RENEW_BEFORE_MILLIS : expiresAt * 1000;
            return remember(new BearerToken(tokens.getAccessToken()), until);
        });
    }

    private BearerToken remember(BearerToken token, long untilMillis) {
        cached = token;
        cachedUntilMillis = untilMillis;
        return token;
    }

    private DevIssuer devIssuer() {
        if (devIssuer == null) {
            Log.infof("service identity: tokens signed by the development issuer in %s", devIssuerDir.get());
            devIssuer = DevIssuer.inDirectory(Path.of(devIssuerDir.get()));
        }
        return devIssuer;
    }
}
