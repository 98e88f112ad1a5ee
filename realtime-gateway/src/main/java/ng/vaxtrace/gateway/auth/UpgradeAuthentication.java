package ng.vaxtrace.gateway.auth;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/** Refuses the WebSocket upgrade with 401 unless the {@link TokenAuthenticator} accepts the request's token. */
@ApplicationScoped
public class UpgradeAuthentication implements HttpUpgradeCheck {

    private final TokenAuthenticator authenticator;
    private final Counter refused;

    public UpgradeAuthentication(TokenAuthenticator authenticator, MeterRegistry metrics) {
        this.authenticator = authenticator;
        this.refused = metrics.counter("vaxtrace_gateway_upgrades_refused_total");
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        HttpServerRequest request = context.httpRequest();
        String token = token(request.getHeader("Authorization"), request.getParam("access_token"));
        if (authenticator.authenticate(token).isPresent()) {
            return CheckResult.permitUpgrade();
        }
        refused.increment();
        return CheckResult.rejectUpgrade(401, Map.of("WWW-Authenticate", List.of("Bearer realm=\"vaxtrace\"")));
    }

    /** The bearer token of the header, else of the query parameter (browsers cannot set headers on a WebSocket). */
    public static String token(String authorization, String queryToken) {
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        return queryToken;
    }
}
