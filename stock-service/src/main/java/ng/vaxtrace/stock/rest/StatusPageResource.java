package ng.vaxtrace.stock.rest;

import java.util.Optional;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Where the status page (served from /status/ by this service) finds alert-service and the realtime-gateway. Set
 * {@code vaxtrace.status-page.alerts-url} and {@code .gateway-url} behind an ingress; by default they are the
 * local run's ports on the host the page was loaded from.
 */
@Path("/api/v1/status-page/config")
@PermitAll // the page needs it before anyone has signed in; it holds no data, only where the other services are
public class StatusPageResource {

    public record StatusPageConfig(String alertsUrl, String gatewayUrl) {
    }

    @ConfigProperty(name = "vaxtrace.status-page.alerts-url")
    Optional<String> alertsUrl;

    @ConfigProperty(name = "vaxtrace.status-page.gateway-url")
    Optional<String> gatewayUrl;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Endpoints the status page talks to")
    public StatusPageConfig config(@Context UriInfo uri) {
        String host = uri.getBaseUri().getHost();
        boolean secure = "https".equals(uri.getBaseUri().getScheme());
        return new StatusPageConfig(alertsUrl.orElse((secure ? "https" : "http") + "://" + host + ":8083"),
                gatewayUrl.orElse((secure ? "wss" : "ws") + "://" + host + ":8084/ws/v1"));
    }
}
