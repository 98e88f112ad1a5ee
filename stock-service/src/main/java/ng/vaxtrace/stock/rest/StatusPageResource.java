package ng.vaxtrace.stock.rest;

import java.util.List;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.runtime.configuration.ConfigUtils;

import ng.vaxtrace.stock.config.StatusPageConfig;

/**
 * Where the status page (served from /status/ by this service) finds alert-service, the realtime-gateway and the
 * OIDC provider it signs people in with. Set {@code vaxtrace.status-page.*} behind an ingress; by default alerts and
 * gateway are the local run's ports on the host the page was loaded from.
 */
@Path("/api/v1/status-page/config")
@PermitAll // the page needs it before anyone has signed in; it holds no data, only where the other services are
public class StatusPageResource {

    /** What the page needs before sign-in; {@code signIn} is null where no provider is configured. */
    @RegisterForReflection
    public record PageConfig(String alertsUrl, String gatewayUrl, SignIn signIn, boolean devTokens) {
    }

    @RegisterForReflection
    public record SignIn(String issuer, String clientId, String scope) {
    }

    private final StatusPageConfig config;
    private final boolean devTokens;

    public StatusPageResource(StatusPageConfig config) {
        this.config = config;
        this.devTokens = devTokensAllowed(config.devTokens(), ConfigUtils.getProfiles());
    }

    /**
     * The #token= path only outside prod: a token in an address can sit in browser history, and production pages
     * sign in through the provider.
     */
    static boolean devTokensAllowed(boolean configured, List<String> profiles) {
        return configured && !profiles.contains("prod");
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Endpoints and sign-in settings the status page needs before sign-in")
    public PageConfig config(@Context UriInfo uri) {
        String host = uri.getBaseUri().getHost();
        boolean secure = "https".equals(uri.getBaseUri().getScheme());
        SignIn signIn = config.signIn().issuer()
                .map(issuer -> new SignIn(issuer.replaceAll("/+$", ""), config.signIn().clientId(), config.signIn().scope()))
                .orElse(null);
        return new PageConfig(config.alertsUrl().orElse((secure ? "https" : "http") + "://" + host + ":8083"),
                config.gatewayUrl().orElse((secure ? "wss" : "ws") + "://" + host + ":8084/ws/v1"), signIn, devTokens);
    }
}
