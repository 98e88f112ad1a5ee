package ng.vaxtrace.gateway.client;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.FacilityArea;
import ng.vaxtrace.gateway.auth.BearerToken;
import ng.vaxtrace.gateway.config.GatewayConfig;

/**
 * Asks stock-service where a facility lies, with the caller's own token ({@code GET /api/v1/facilities/{code}}).
 * stock-service applies the same area rules as the gateway, so its answer is also the verdict: the facility detail
 * (with its zone, state and LGA) when the facility is within the caller's area, 403 when it is not, 404 when there is
 * no such facility. Bounded by {@code vaxtrace.gateway.stock-timeout}; any other outcome is "unavailable", never a
 * wait. Concurrent questions of the same caller scope about the same facility share one request.
 */
@ApplicationScoped
public class StockFacilities {

    /** What stock-service said about a facility, for this caller. */
    public sealed interface Placement {
    }

    /** Within the caller's area, and where it lies. */
    public record Placed(FacilityArea area) implements Placement {
    }

    /** Outside the caller's area (403). */
    public record Outside() implements Placement {
    }

    /** No such facility (404). */
    public record Unknown() implements Placement {
    }

    /** No answer in time, or not one we understand: the caller may retry. */
    public record Unavailable(String detail) implements Placement {
    }

    private final Optional<String> baseUrl;
    private final long timeoutMillis;
    private final WebClient client;
    private final Map<String, Uni<Placement>> inFlight = new ConcurrentHashMap<>();

    public StockFacilities(GatewayConfig config, Vertx vertx) {
        this.baseUrl = config.stockUrl().map(String::trim).filter(url -> !url.isEmpty())
                .map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        this.timeoutMillis = config.stockTimeout().toMillis();
        this.client = baseUrl.isEmpty() ? null : WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis))
                .setUserAgent("vaxtrace-realtime-gateway"));
    }

    void announce(@Observes StartupEvent start) {
        baseUrl.ifPresentOrElse(url -> Log.infof("facility placement: unseen facilities are placed by asking %s", url),
                () -> Log.info("facility placement is off (vaxtrace.gateway.stock-url not set): a facility room whose area "
                        + "this gateway has not seen in an event is refused to non-national callers"));
    }

    public boolean enabled() {
        return baseUrl.isPresent();
    }

    /**
     * Where the facility lies, as the caller may know it.
     *
     * @param sharedBy callers with the same key get the same answer (role and area), so they may share one request
     */
    public Uni<Placement> place(String facilityCode, String sharedBy, BearerToken token) {
        if (client == null) {
            return Uni.createFrom().item(new Unavailable("placement is off"));
        }
        String key = sharedBy + '|' + facilityCode;
        return inFlight.computeIfAbsent(key, k -> ask(facilityCode, token)
                .onTermination().invoke(() -> inFlight.remove(k))
                .memoize().indefinitely());
    }

    private Uni<Placement> ask(String facilityCode, BearerToken token) {
        Log.debugf("asking stock-service where facility %s lies", facilityCode);
        return client.getAbs(baseUrl.get() + "/api/v1/facilities/" + facilityCode)
                .putHeader(HttpHeaders.AUTHORIZATION.toString(), token.authorization())
                .putHeader(HttpHeaders.ACCEPT.toString(), "application/json")
                .timeout(timeoutMillis)
                .send()
                .map(response -> answer(facilityCode, response))
                // The request's own timeout covers a silent server; this bounds everything else (connect, DNS).
                .ifNoItem().after(java.time.Duration.ofMillis(timeoutMillis + 500)).fail()
                .onFailure().recoverWithItem(failure -> unavailable(facilityCode, failure.getClass().getSimpleName()
                        + (failure.getMessage() == null ? "" : ": " + failure.getMessage())));
    }

    private Placement answer(String facilityCode, HttpResponse<Buffer> response) {
        switch (response.statusCode()) {
            case 200:
                try {
                    JsonNode detail = EventJson.mapper().readTree(response.bodyAsString());
                    return new Placed(new FacilityArea(code(detail, "zone"), code(detail, "state"), code(detail, "lga")));
                } catch (Exception e) {
                    return unavailable(facilityCode, "unreadable facility detail (" + e.getClass().getSimpleName() + ")");
                }
            case 403:
                return new Outside();
            case 404:
                return new Unknown();
            default:
                return unavailable(facilityCode, "stock-service answered " + response.statusCode());
        }
    }

    private static String code(JsonNode detail, String level) {
        JsonNode code = detail.path(level).path("code");
        return code.isTextual() && !code.asText().isBlank() ? code.asText() : null;
    }

    private static Placement unavailable(String facilityCode, String detail) {
        Log.warnf("facility %s could not be placed: %s", facilityCode, detail);
        return new Unavailable(detail);
    }
}
