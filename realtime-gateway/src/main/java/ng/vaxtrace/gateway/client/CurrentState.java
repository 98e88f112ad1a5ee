package ng.vaxtrace.gateway.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
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
    /** Map layers requested at once: every product of the EPI catalogue (16) in at most two rounds. */
    private static final int LAYERS_AT_ONCE = 8;
    private static final Geography GEOGRAPHY = Geography.nigeria();

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

    /**
     * Every facility's level of every product that stock-service knows a status for. The map layers are read all at
     * once (stock-service renders them in parallel; one after another they were most of the warm-up), and each is
     * parsed as a stream, never held as a tree.
     */
    public Uni<List<WarmLevel>> levels(BearerToken token) {
        return get(stockUrl.get() + "/api/v1/areas/NG/stock", token).map(body -> {
            List<String> products = new ArrayList<>();
            EventJson.tree(body.toString(StandardCharsets.UTF_8)).path("products")
                    .forEach(p -> products.add(p.path("productCode").asText()));
            return products;
        }).onItem().transformToMulti(products -> Multi.createFrom().iterable(products))
                .onItem().transformToUni(product -> get(stockUrl.get() + "/api/v1/map/facilities?product=" + product, token)
                        .map(map -> levelsOf(product, map)))
                .merge(LAYERS_AT_ONCE)
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
        return get(url, token).flatMap(body -> {
            JsonNode page = EventJson.tree(body.toString(StandardCharsets.UTF_8));
            for (JsonNode item : page.path("items")) {
                into.add(EventJson.mapper().convertValue(item, Alert.class));
            }
            String next = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
            return next == null ? Uni.createFrom().voidItem() : alertPage(token, next, into);
        });
    }

    /**
     * A map layer's features as levels: status and quantity of the product, the facility's state and LGA. Read token
     * by token: a national layer is ~5 MB, and a tree of it was ten times that in short-lived objects.
     */
    static List<WarmLevel> levelsOf(String product, Buffer map) {
        List<WarmLevel> levels = new ArrayList<>();
        try (JsonParser parser = EventJson.mapper().getFactory().createParser(map.getBytes())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalStateException("a map layer is a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                JsonToken value = parser.nextToken();
                if ("features".equals(parser.currentName()) && value == JsonToken.START_ARRAY) {
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        WarmLevel level = feature(product, parser);
                        if (level != null) {
                            levels.add(level);
                        }
                    }
                } else {
                    parser.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("unreadable map layer of " + product + ": " + e.getMessage(), e);
        }
        return levels;
    }

    /** One feature (the parser on its START_OBJECT, left on its END_OBJECT); null when it is not a level. */
    private static WarmLevel feature(String product, JsonParser parser) throws IOException {
        String code = null;
        String status = null;
        String state = null;
        String lga = null;
        Long quantity = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            JsonToken value = parser.nextToken();
            if (!"properties".equals(parser.currentName()) || value != JsonToken.START_OBJECT) {
                parser.skipChildren();
                continue;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken token = parser.nextToken();
                switch (field) {
                    case "code" -> code = token == JsonToken.VALUE_STRING ? parser.getText() : null;
                    case "status" -> status = token == JsonToken.VALUE_STRING ? parser.getText() : null;
                    case "stateCode" -> state = token == JsonToken.VALUE_STRING ? parser.getText() : null;
                    case "lgaCode" -> lga = token == JsonToken.VALUE_STRING ? parser.getText() : null;
                    case "quantity" -> quantity = token.isNumeric() ? parser.getLongValue() : null;
                    default -> parser.skipChildren();
                }
            }
        }
        // No status or no quantity: the facility has never held this product.
        if (code == null || status == null || quantity == null) {
            return null;
        }
        String zone = state == null ? null : GEOGRAPHY.area(state).map(Area::parentCode).orElse(null);
        return new WarmLevel(new FacilityArea(zone, state, lga), new StockEntry(code, product, status, quantity, null));
    }

    private Uni<Buffer> get(String url, BearerToken token) {
        Log.debugf("warm-up: GET %s", url);
        return client.getAbs(url).putHeader(HttpHeaders.AUTHORIZATION.toString(), token.authorization())
                .putHeader(HttpHeaders.ACCEPT.toString(), "application/json")
                .timeout(timeoutMillis)
                .send()
                .ifNoItem().after(Duration.ofMillis(timeoutMillis + 500)).fail()
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(response -> body(url, response));
    }

    private static Buffer body(String url, HttpResponse<io.vertx.mutiny.core.buffer.Buffer> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url.replaceFirst("\\?.*", "") + " answered " + response.statusCode());
        }
        io.vertx.mutiny.core.buffer.Buffer body = response.body();
        return body == null ? Buffer.buffer() : body.getDelegate();
    }

    private static Optional<String> base(Optional<String> url) {
        return url.map(String::trim).filter(u -> !u.isEmpty()).map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
    }
}
