package ng.vaxtrace.gateway.auth;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData.TypedKey;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import ng.vaxtrace.security.AccessRefusedException;
import ng.vaxtrace.security.Caller;
import ng.vaxtrace.security.Callers;

/**
 * Admits a WebSocket upgrade only with a verified OIDC access token whose role and area claim fit together. The
 * token is verified by quarkus-oidc (the HTTP layer's deferred identity, which reads {@code Authorization: Bearer};
 * {@link TokenCarrier} moves a browser's {@code access_token} query parameter there first). The resulting
 * {@link Caller}, the token's expiry and the token itself ride on the connection's user data: rooms are checked
 * against the caller (the token is relayed to stock-service to place an unseen facility), and the connection is
 * closed when the token expires.
 */
@ApplicationScoped
public class UpgradeAuthentication implements HttpUpgradeCheck {

    /** The connection's caller, set by the upgrade check. */
    public static final TypedKey<Caller> CALLER = new TypedKey<>("vaxtrace.caller");
    /** When the connection's token expires (epoch seconds); absent when the token carries no {@code exp}. */
    public static final TypedKey<Long> EXPIRES_AT = TypedKey.forLong("vaxtrace.token-expires-at");
    /** The connection's access token, relayed to stock-service to place a facility the gateway has not seen. */
    public static final TypedKey<BearerToken> TOKEN = new TypedKey<>("vaxtrace.token");

    static final String REALM = "Bearer realm=\"vaxtrace\"";

    private final Callers callers;
    private final MeterRegistry metrics;
    private final TokenCarrier carrier;

    public UpgradeAuthentication(Callers callers, MeterRegistry metrics, TokenCarrier carrier) {
        this.callers = callers;
        this.metrics = metrics;
        this.carrier = carrier;
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        Uni<SecurityIdentity> identity = context.securityIdentity();
        if (identity == null) {
            return refuse(401, "missing", REALM);
        }
        // Verifying the signature is the costly part of an upgrade: done on a worker thread, so a storm of thousands of
        // upgrades does not hold the event loops (other connections' frames, health checks); the answer comes back to
        // the connection's own context.
        Context loop = Vertx.currentContext();
        return identity
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .map(verified -> admit(verified, context))
                .onFailure(AuthenticationFailedException.class).recoverWithItem(failure -> {
                    // The reason (expired, bad signature, wrong issuer) stays in the server log, at debug, without the token.
                    Log.debugf("upgrade refused: token not accepted (%s)", failure.getClass().getSimpleName());
                    return refusal(401, "invalid", REALM + ", error=\"invalid_token\"");
                })
                .emitOn(loop == null ? Runnable::run : task -> loop.runOnContext(v -> task.run()))
                .invoke(result -> forget(context))
                .onFailure().invoke(failure -> forget(context));
    }

    /**
     * Lets go of what WebSockets Next would keep for the connection's whole life although the gateway needs none of it
     * after the check: the upgrade's routing context with the verified identity, the memoized authentication pipeline
     * (a dozen Mutiny operators with captured contexts) and the {@code Authorization} header. Without a user or a
     * deferred identity on the routing context, the connection gets no per-connection security support, so none of it
     * stays reachable (22.8 → 11.5 KiB of heap per idle connection in bench-gateway). What the gateway needs is in the
     * connection's user data: the caller, the token's expiry (it closes the connection itself then) and the token.
     */
    private void forget(HttpUpgradeContext context) {
        RoutingContext upgrade = carrier.handOver(context.httpRequest());
        if (upgrade != null) {
            upgrade.remove(QuarkusHttpUser.DEFERRED_IDENTITY_KEY);
            upgrade.clearUser();
        }
        context.httpRequest().headers().remove(HttpHeaders.AUTHORIZATION);
    }

    private CheckResult admit(SecurityIdentity identity, HttpUpgradeContext context) {
        Caller caller;
        try {
            caller = callers.of(identity);
        } catch (UnauthorizedException e) {
            return refusal(401, "missing", REALM);
        } catch (AccessRefusedException e) {
            Log.debugf("upgrade refused for %s: %s", identity.getPrincipal().getName(), e.getMessage());
            return refusal(403, "forbidden", REALM + ", error=\"insufficient_scope\", error_description=\"" + headerSafe(e.getMessage()) + "\"");
        }
        context.userData().put(CALLER, caller);
        expiry(identity).ifPresent(exp -> context.userData().put(EXPIRES_AT, exp));
        rawToken(identity).ifPresent(token -> context.userData().put(TOKEN, new BearerToken(token)));
        return CheckResult.permitUpgradeSync();
    }

    /** The token's {@code exp} (epoch seconds). */
    static Optional<Long> expiry(SecurityIdentity identity) {
        if (identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getExpirationTime() > 0) {
            return Optional.of(jwt.getExpirationTime());
        }
        return Optional.ofNullable(identity.<Object>getAttribute("quarkus.identity.expire-time"))
                .filter(Number.class::isInstance).map(n -> ((Number) n).longValue());
    }

    /** The verified token as it arrived (whichever carrier brought it, it was read from {@code Authorization}). */
    static Optional<String> rawToken(SecurityIdentity identity) {
        if (identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getRawToken() != null) {
            return Optional.of(jwt.getRawToken());
        }
        return Optional.ofNullable(identity.getCredential(TokenCredential.class)).map(TokenCredential::getToken);
    }

    private Uni<CheckResult> refuse(int status, String why, String challenge) {
        return Uni.createFrom().item(refusal(status, why, challenge));
    }

    private CheckResult refusal(int status, String why, String challenge) {
        metrics.counter("vaxtrace_gateway_upgrades_refused_total", "reason", why).increment();
        return CheckResult.rejectUpgradeSync(status, Map.of("WWW-Authenticate", List.of(challenge)));
    }

    // RFC 6750 error_description: printable ASCII without quotes or backslashes.
    private static String headerSafe(String text) {
        return text.replaceAll("[^\\x20-\\x7E]|[\"\\\\]", "'");
    }
}
