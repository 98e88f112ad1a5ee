package ng.vaxtrace.gateway.auth;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Prepares a WebSocket upgrade of {@code /ws/} for {@link UpgradeAuthentication}. Browsers cannot set headers on a
 * WebSocket: they send the access token as the query parameter {@code access_token}, which this filter moves into
 * {@code Authorization: Bearer} (a request that has the header keeps it), where quarkus-oidc verifies it like any
 * bearer token. And a failed verification is left to the upgrade check to answer (401 with its challenge), instead
 * of the HTTP layer's default handler racing it with a response of its own.
 * <p>
 * It also hands the upgrade's routing context to the check, which lets go of what the connection would otherwise keep
 * for its whole life (see {@link UpgradeAuthentication#forget}).
 */
@ApplicationScoped
public class TokenCarrier {

    static final String QUERY_PARAMETER = "access_token";

    /** Upgrades between this filter and their check; the check takes its own out, a request that ends before it too. */
    private final Map<HttpServerRequest, RoutingContext> upgrading = new ConcurrentHashMap<>();

    private static final BiConsumer<RoutingContext, Throwable> ANSWERED_BY_UPGRADE_CHECK = (context, failure) -> {
    };

    void register(@Observes Filters filters) {
        filters.register(context -> {
            HttpServerRequest request = context.request();
            if (context.normalizedPath().startsWith("/ws/") && request.headers().contains(HttpHeaders.UPGRADE)) {
                context.put(QuarkusHttpUser.AUTH_FAILURE_HANDLER, ANSWERED_BY_UPGRADE_CHECK);
                upgrading.put(request, context);
                context.addEndHandler(ended -> upgrading.remove(request));
                String token = request.getParam(QUERY_PARAMETER);
                if (!request.headers().contains(HttpHeaders.AUTHORIZATION) && token != null && !token.isBlank()) {
                    request.headers().set(HttpHeaders.AUTHORIZATION, "Bearer " + token.trim());
                }
            }
            context.next();
        }, 200);
    }

    /** The routing context of an upgrade this filter let through, once; {@code null} if it is gone or was handed over. */
    RoutingContext handOver(HttpServerRequest request) {
        return upgrading.remove(request);
    }
}
