package ng.vaxtrace.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.data.Area;
import ng.vaxtrace.data.Geography;
import ng.vaxtrace.security.Roles;

/**
 * A stand-in for stock-service's {@code GET /api/v1/facilities/{code}}, applying its area rules to the token it is
 * given: 200 with the facility detail when the token's area covers the facility, 403 when not, 404 for a facility it
 * does not know, 401 without a bearer token. A facility {@code <LGA>-HF-<suffix>} lies in that LGA; any other code is
 * unknown. It records the Authorization header of every request. A second server (its URL in
 * {@code vaxtrace.test.fake-stock-control}) drives it from the test, whose class loader does not share this one's
 * statics: {@code POST /mode/up|failing|hanging|down} (failing: 503; hanging: no answer for 10 s; down: not
 * listening), {@code GET /seen} (one {@code <facility> <Authorization>} line per request).
 */
public class FakeStockService implements QuarkusTestResourceLifecycleManager {

    private static final Pattern FACILITY = Pattern.compile("^((NG-[A-Z]{2})-\\d{3})-HF-[A-Z0-9]+$");
    private static final Set<String> NATIONAL = Set.of(Roles.NATIONAL_OFFICER, Roles.ANALYST, Roles.ADMIN);

    private final Queue<String> seen = new ConcurrentLinkedQueue<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private volatile String mode = "up";
    private volatile int port;
    private HttpServer stock;
    private HttpServer control;

    @Override
    public Map<String, String> start() {
        try {
            startStock(0);
            control = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            control.createContext("/mode/", this::mode);
            control.createContext("/seen", exchange -> FakeHttp.reply(exchange, 200, String.join("\n", seen)));
            control.setExecutor(threads);
            control.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return Map.of("vaxtrace.gateway.stock-url", "http://127.0.0.1:" + port,
                "vaxtrace.gateway.stock-timeout", "1s",
                "vaxtrace.test.fake-stock-control", "http://127.0.0.1:" + control.getAddress().getPort());
    }

    @Override
    public void stop() {
        if (stock != null) {
            stock.stop(0);
        }
        control.stop(0);
        threads.shutdownNow();
    }

    private void startStock(int onPort) throws IOException {
        stock = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 0);
        stock.createContext("/api/v1/facilities/", this::facility);
        stock.setExecutor(threads);
        stock.start();
        port = stock.getAddress().getPort();
    }

    private synchronized void mode(HttpExchange exchange) throws IOException {
        String wanted = exchange.getRequestURI().getPath().substring("/mode/".length());
        if ("down".equals(wanted) && stock != null) {
            stock.stop(0);
            stock = null;
        } else if (!"down".equals(wanted) && stock == null) {
            startStock(port);
        }
        mode = wanted;
        FakeHttp.reply(exchange, 204, null);
    }

    private void facility(HttpExchange exchange) throws IOException {
        String code = exchange.getRequestURI().getPath().substring("/api/v1/facilities/".length());
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        seen.add(code + " " + authorization);
        if ("failing".equals(mode)) {
            FakeHttp.reply(exchange, 503, "{\"title\":\"unavailable\"}");
            return;
        }
        if ("hanging".equals(mode)) {
            sleep(10_000);
            FakeHttp.reply(exchange, 503, null);
            return;
        }
        JsonNode claims = claims(authorization);
        if (claims == null) {
            FakeHttp.reply(exchange, 401, null);
            return;
        }
        Matcher matcher = FACILITY.matcher(code);
        if (!matcher.matches()) {
            FakeHttp.reply(exchange, 404, "{\"title\":\"unknown facility " + code + "\"}");
            return;
        }
        String lga = matcher.group(1);
        String state = matcher.group(2);
        String zone = Geography.nigeria().area(state).map(Area::parentCode).orElseThrow();
        String role = claims.path("groups").path(0).asText();
        String area = claims.path("vaxtrace_area").asText();
        if (!NATIONAL.contains(role) && !List.of(zone, state, lga, code).contains(area)) {
            FakeHttp.reply(exchange, 403, "{\"title\":\"facility " + code + " is outside your area\"}");
            return;
        }
        FakeHttp.reply(exchange, 200, "{\"code\":\"" + code + "\",\"name\":\"Test facility\",\"tier\":\"HF\",\"zone\":{\"code\":\"" + zone
                + "\",\"name\":\"z\"},\"state\":{\"code\":\"" + state + "\",\"name\":\"s\"},\"lga\":{\"code\":\"" + lga
                + "\",\"name\":\"l\"},\"active\":true}");
    }

    /** The token's claims, unverified (the gateway verified it; this fake only reads the role and area). */
    private static JsonNode claims(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return null;
        }
        String[] parts = authorization.substring("Bearer ".length()).split("\\.");
        if (parts.length != 3) {
            return null;
        }
        return EventJson.tree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The test's handle on the fake, through its control server. */
    static final class Control {

        private final String url;
        private final HttpClient http = HttpClient.newHttpClient();

        Control(String url) {
            this.url = url;
        }

        void mode(String mode) {
            send(HttpRequest.newBuilder(java.net.URI.create(url + "/mode/" + mode)).POST(HttpRequest.BodyPublishers.noBody()).build());
        }

        /** {@code <facility> <Authorization>} of every request so far. */
        List<String> seen() {
            String body = send(HttpRequest.newBuilder(java.net.URI.create(url + "/seen")).GET().build());
            return body.isEmpty() ? List.of() : List.of(body.split("\n"));
        }

        private String send(HttpRequest request) {
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
