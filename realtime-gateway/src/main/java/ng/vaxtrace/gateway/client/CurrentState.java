package ng.vaxtrace.gateway.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import ng.vaxtrace.contracts.Alert;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.FacilityArea;
import ng.vaxtrace.data.Area;
import ng.vaxtrace.data.Geography;
import ng.vaxtrace.gateway.auth.BearerToken;
import ng.vaxtrace.gateway.config.GatewayConfig;
import ng.vaxtrace.gateway.hub.Payloads.StockEntry;
import ng.vaxtrace.gateway.hub.WarmLevel;

/**
 * Reads the current state over the services' public REST APIs, as the gateway itself (a national {@code analyst}
 * token): the products from stock-service's {@code GET /api/v1/areas/NG/stock}, each product's level at every
 * facility from {@code GET /api/v1/map/facilities?product=…} (status, quantity, state and LGA), and the unresolved
 * alerts from alert-service's {@code GET /api/v1/alerts?area=NG} page by page. Parsing runs on a worker thread (the
 * national layer is megabytes of JSON), never on the event loop.
 */
@ApplicationScoped
public class CurrentState {

    /** alert-service's largest page. */
    private static final int ALERT_PAGE = 500;

    private final Optional<String> stockUrl;
    private final Optional<String> alertUrl;
    private final long timeoutMillis;
    private final WebClient client;

    public CurrentState(GatewayConfig config, Vertx vertx) {
        this.stockUrl = base(config.stockUrl());
        this.alertUrl = base(config.alertUrl());
        this.timeoutMillis = config.warmUp().timeout().toMillis();
        this.client = WebClient.create(vertx, new WebClientOptions().setTryUseCompression(true)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis)).setUserAgent("vaxtrace-realtime-gateway"));
    }

    public boolean stockConfigured() {
        return stockUrl.isPresent();
    }

    public boolean alertsConfigured() {
        return alertUrl.isPresent();
    }

    /** Every facility's level of every product that stock-service knows a status for. */
    public Uni<List<WarmLevel>> levels(BearerToken token) {
        return get(stockUrl.get() + "/api/v1/areas/NG/stock", token).map(body -> {
            List<String> products = new ArrayList<>();
            body.path("products").forEach(p -> products.add(p.path("productCode").asText()));
            return products;
        }).onItem().transformToMulti(products -> Multi.createFrom().iterable(products))
                .onItem().transformToUni(product -> get(stockUrl.get() + "/api/v1/map/facilities?product=" + product, token)
                        .map(map -> levelsOf(product, map)))
                .merge(2)
                .collect().in(ArrayList<WarmLevel>::new, List::addAll)
                .map(list -> (List<WarmLevel>) list);
    }

    /** Every unresolved alert (open or acknowledged), all pages. */
    public Uni<List<Alert>> openAlerts(BearerToken token) {
        List<Alert> alerts = new ArrayList<>();
        return alertPage(token, null, alerts).replaceWith(alerts);
    }

    private Uni<Void> alertPage(BearerToken token, String cursor, List<Alert> into) {
        String url = alertUrl.get() + "/api/v1/alerts?area=NG&limit=" + ALERT_PAGE
                + (cursor == null ? "" : "&cursor=" + java.net.URLEncoder.encode(cursor, java.nio.charset.StandardCharsets.UTF_8));
        return get(url, token).flatMap(page -> {
            for (JsonNode item : page.path("items")) {
                into.add(EventJson.mapper().convertValue(item, Alert.class));
            }
            String next = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
            return next == null ? Uni.createFrom().voidItem() : alertPage(token, next, into);
        });
    }

    /** A map layer's features as levels: status and quantity of the product, the facility's state and LGA. */
    private static List<WarmLevel> levelsOf(String product, JsonNode map) {
        List<WarmLevel> levels = new ArrayList<>();
        Geography geography = Geography.nigeria();
        for (JsonNode feature : map.path("features")) {
            JsonNode properties = feature.path("properties");
            String code = properties.path("code").asText(null);
            String status = properties.path("status").asText(null);
            // No status or no quantity: the facility has never held this product.
            if (code == null || status == null || !properties.path("quantity").isNumber()) {
                continue;
            }
            String state = properties.path("stateCode").asText(null);
            String zone = state == null ? null : geography.area(state).map(Area::parentCode).orElse(null);
            FacilityArea area = new FacilityArea(zone, state, properties.path("lgaCode").asText(null));
            levels.add(new WarmLevel(area, new StockEntry(code, product, status, properties.path("quantity").asLong(), null)));
        }
        return levels;
    }

    private Uni<JsonNode> get(String url, BearerToken token) {
        Log.debugf("warm-up: GET %s", url);
        return client.getAbs(url).putHeader(HttpHeaders.AUTHORIZATION.toString(), token.authorization())
                .putHeader(HttpHeaders.ACCEPT.toString(), "application/json")
                .timeout(timeoutMillis)
                .send()
                .ifNoItem().after(Duration.ofMillis(timeoutMillis + 500)).fail()
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(response -> body(url, response));
    }

    private static JsonNode body(String url, HttpResponse<Buffer> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url.replaceFirst("\\?.*", "") + " answered " + response.statusCode());
        }
        return EventJson.tree(response.bodyAsString());
    }

    private static Optional<String> base(Optional<String> url) {
        return url.map(String::trim).filter(u -> !u.isEmpty()).map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
    }
}
