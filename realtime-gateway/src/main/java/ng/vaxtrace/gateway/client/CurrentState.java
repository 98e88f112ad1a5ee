package ng.vaxtrace.gateway.client;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;

import io.quarkus.logging.Log;
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
import ng.vaxtrace.gateway.auth.BearerToken;
import ng.vaxtrace.gateway.config.GatewayConfig;
import ng.vaxtrace.gateway.hub.Payloads.StockEntry;
import ng.vaxtrace.gateway.hub.WarmLevel;

/**
 * Reads the current state over the services' public REST APIs, as the gateway itself (a national {@code analyst}
 * token): every facility's level of every product, with its area, from stock-service's
 * {@code GET /api/v1/areas/NG/levels}, and the unresolved alerts from alert-service's
 * {@code GET /api/v1/areas/NG/open-alerts}, each in one answer. Parsing runs on a worker thread (the nation's levels and
 * alerts are megabytes of JSON), never on the event loop.
 */
@ApplicationScoped
public class CurrentState {

    /** One alert of the answer, read in place (the answer goes on after it). */
    private static final ObjectReader ALERT = EventJson.mapper().readerFor(Alert.class)
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

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
     * Every facility's level of every product that stock-service holds a status for, with where the facility lies:
     * {@code GET /api/v1/areas/NG/levels}, one compact table read straight from the current levels (never a cache),
     * parsed as a stream, never held as a tree.
     */
    public Uni<List<WarmLevel>> levels(BearerToken token) {
        return get(stockUrl.get() + "/api/v1/areas/NG/levels", token, true).map(CurrentState::levelsOf);
    }

    /**
     * Every unresolved alert (open or acknowledged) of Nigeria: {@code GET /api/v1/areas/NG/open-alerts}, one answer
     * (26,000 alerts: ~14 MB) where the paged list took six round trips, each sorting and mapping anew. Asked for
     * uncompressed: gzipping it took alert-service ~150 ms and the gateway ~25 ms more to inflate, longer than 14 MB take
     * between two services of one cluster (docs/benchmarks.md).
     */
    public Uni<List<Alert>> openAlerts(BearerToken token) {
        return get(alertUrl.get() + "/api/v1/areas/NG/open-alerts", token, false).map(CurrentState::alertsOf);
    }

    /** The answer's {@code items} read alert by alert, never held as a tree. */
    static List<Alert> alertsOf(Buffer answer) {
        List<Alert> alerts = new ArrayList<>();
        try (JsonParser parser = EventJson.mapper().getFactory().createParser(answer.getBytes())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalStateException("the open alerts are a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                JsonToken value = parser.nextToken();
                if ("items".equals(parser.currentName()) && value == JsonToken.START_ARRAY) {
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        alerts.add(ALERT.readValue(parser));
                    }
                } else {
                    parser.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("unreadable open alerts: " + e.getMessage(), e);
        }
        return alerts;
    }

    /**
     * The levels table as levels: {@code {"facilities":[{"code","zone","state","lga","levels":[[product, status,
     * quantity], …]}, …]}}. Read token by token: the nation's table is ~15 MB.
     */
    static List<WarmLevel> levelsOf(Buffer table) {
        List<WarmLevel> levels = new ArrayList<>();
        try (JsonParser parser = EventJson.mapper().getFactory().createParser(table.getBytes())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalStateException("a levels table is a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                JsonToken value = parser.nextToken();
                if ("facilities".equals(parser.currentName()) && value == JsonToken.START_ARRAY) {
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        facility(parser, levels);
                    }
                } else {
                    parser.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("unreadable levels table: " + e.getMessage(), e);
        }
        return levels;
    }

    /** One facility (the parser on its START_OBJECT, left on its END_OBJECT): its levels into {@code into}. */
    private static void facility(JsonParser parser, List<WarmLevel> into) throws IOException {
        String code = null;
        String zone = null;
        String state = null;
        String lga = null;
        List<Row> rows = new ArrayList<>(16);
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken token = parser.nextToken();
            switch (field) {
                case "code" -> code = token == JsonToken.VALUE_STRING ? parser.getText() : null;
                case "zone" -> zone = token == JsonToken.VALUE_STRING ? parser.getText() : null;
                case "state" -> state = token == JsonToken.VALUE_STRING ? parser.getText() : null;
                case "lga" -> lga = token == JsonToken.VALUE_STRING ? parser.getText() : null;
                case "levels" -> {
                    if (token != JsonToken.START_ARRAY) {
                        parser.skipChildren();
                        break;
                    }
                    for (JsonToken element = parser.nextToken(); element != JsonToken.END_ARRAY; element = parser.nextToken()) {
                        Row row = element == JsonToken.START_ARRAY ? row(parser) : null;
                        if (row == null) {
                            parser.skipChildren(); // a row of another shape is skipped, not guessed at (no-op on its end)
                        } else {
                            rows.add(row);
                        }
                    }
                }
                default -> parser.skipChildren();
            }
        }
        if (code == null) {
            return;
        }
        FacilityArea area = state == null ? null : new FacilityArea(zone, state, lga);
        for (Row row : rows) {
            into.add(new WarmLevel(area, new StockEntry(code, row.product(), row.status(), row.quantity(), null)));
        }
    }

    /** One {@code [product, status, quantity]} row of a facility's levels. */
    private record Row(String product, String status, long quantity) {
    }

    /**
     * The row the parser is on (its START_ARRAY; left on its END_ARRAY), or null when its first three cells are not
     * text, text and an integer (later cells are ignored).
     */
    private static Row row(JsonParser parser) throws IOException {
        Object[] cells = new Object[3];
        int n = 0;
        for (JsonToken cell = parser.nextToken(); cell != JsonToken.END_ARRAY; cell = parser.nextToken(), n++) {
            if (n < cells.length) {
                cells[n] = cell == JsonToken.VALUE_STRING ? parser.getText() : cell == JsonToken.VALUE_NUMBER_INT ? (Object) parser.getLongValue() : null;
            }
            parser.skipChildren();
        }
        return cells[0] instanceof String product && cells[1] instanceof String status && cells[2] instanceof Long quantity
                ? new Row(product, status, quantity) : null;
    }

    /** {@code compressed}: gzip or deflate welcome (the client's default), else {@code identity}. */
    private Uni<Buffer> get(String url, BearerToken token, boolean compressed) {
        Log.debugf("warm-up: GET %s", url);
        var request = client.getAbs(url).putHeader(HttpHeaders.AUTHORIZATION.toString(), token.authorization())
                .putHeader(HttpHeaders.ACCEPT.toString(), "application/json");
        if (!compressed) {
            request.putHeader(HttpHeaders.ACCEPT_ENCODING.toString(), "identity");
        }
        return request
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
