package ng.vaxtrace.openlmis.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import ng.vaxtrace.contracts.EventJson;

/**
 * A small OpenLMIS v3 that speaks the real endpoints and payload shapes a pull connector uses (token endpoint with
 * HTTP Basic client auth, reference data, v2 stock card summaries, stock cards), with fault switches for the ways a
 * real deployment misbehaves. Plain JDK HTTP server, so it runs in a test JVM or standalone:
 * {@code java -cp 'openlmis-simulator/target/lib/*:openlmis-simulator/target/classes' ng.vaxtrace.openlmis.simulator.OpenLmisSimulator}.
 * Loopback only.
 */
public final class OpenLmisSimulator implements AutoCloseable {

    /** OpenLMIS's bootstrap clients and a demo user (openlmis-auth's seed data). */
    public static final String USER_CLIENT = "user-client";
    public static final String USER_CLIENT_SECRET = "changeme";
    public static final String TRUSTED_CLIENT = "trusted-client";
    public static final String TRUSTED_CLIENT_SECRET = "secret";
    public static final String USERNAME = "administrator";
    public static final String PASSWORD = "password";

    private static final ObjectMapper JSON = EventJson.mapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final Clock clock;
    private final SimulatedData data;
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> stats = new ConcurrentHashMap<>();
    private volatile Faults faults = Faults.none();
    private volatile int tooManyLeft;
    private volatile int serverErrorsLeft;
    private volatile int serverErrorsIn;
    private volatile int slowLeft;
    private volatile int expireTokensIn = -1;
    private volatile boolean shiftPages;
    private volatile Instant retryAfterUntil = Instant.MIN;
    private volatile int tokenTooManyLeft;
    private volatile int outageIn;
    private volatile Instant outageUntil;
    private volatile boolean moveStock;
    private volatile int unauthorizedIn = -1;
    private volatile String movedDuringReading;

    public OpenLmisSimulator(int port, long seed, int healthFacilitiesPerLga, Set<String> states) throws IOException {
        this.clock = Clock.systemUTC();
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        this.data = new SimulatedData("http://127.0.0.1:" + server.getAddress().getPort(), seed, healthFacilitiesPerLga, states,
                LocalDate.now(clock));
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /** {@code --port 8090 --seed 42 --health-facilities-per-lga 2 --states NG-KN,NG-LA} (all optional). */
    public static void main(String[] args) throws IOException {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int port = Integer.parseInt(options.getOrDefault("port", env("OPENLMIS_SIM_PORT", "8090")));
        long seed = Long.parseLong(options.getOrDefault("seed", "42"));
        int perLga = Integer.parseInt(options.getOrDefault("health-facilities-per-lga", "2"));
        Set<String> states = Arrays.stream(options.getOrDefault("states", "").split(",")).filter(s -> !s.isBlank())
                .collect(Collectors.toSet());
        OpenLmisSimulator simulator = new OpenLmisSimulator(port, seed, perLga, states);
        simulator.start();
        System.out.println("OpenLMIS simulator on " + simulator.baseUrl() + " (" + simulator.data.facilities().size() + " facilities)");
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    public OpenLmisSimulator start() {
        server.start();
        return this;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public SimulatedData data() {
        return data;
    }

    public void faults(Faults faults) {
        this.faults = faults;
        this.tooManyLeft = faults.tooManyRequests();
        this.serverErrorsLeft = faults.serverErrors();
        this.serverErrorsIn = faults.serverErrorsAfter();
        this.slowLeft = faults.slowRequests();
        this.expireTokensIn = faults.expireTokensAfter();
        this.shiftPages = faults.shiftPagesOnce();
        this.tokenTooManyLeft = faults.tokenTooManyRequests();
        this.outageIn = faults.outageMillis() > 0 ? faults.serverErrorsAfter() : -1;
        this.outageUntil = null;
        this.moveStock = faults.moveStockDuringReading();
        this.unauthorizedIn = faults.unauthorizedAfter();
    }

    /** Whether the outage fault holds now (it starts after its count of requests, then lasts its time). */
    private boolean inOutage() {
        if (outageIn < 0) {
            return false;
        }
        if (outageUntil == null) {
            if (outageIn > 0) {
                outageIn--;
                return false;
            }
            outageUntil = clock.instant().plusMillis(faults.outageMillis());
            count("outageStarted");
        }
        if (clock.instant().isBefore(outageUntil)) {
            return true;
        }
        outageIn = -1;
        return false;
    }

    /** Clears faults and counters (not data or tokens). */
    public void reset() {
        faults(Faults.none());
        stats.clear();
        retryAfterUntil = Instant.MIN;
    }

    /** The stock card the moving-stock fault last moved, or null. */
    public String movedDuringReading() {
        return movedDuringReading;
    }

    /** Invalidates every issued token, as a restart of openlmis-auth does (its token store is in memory). */
    public void revokeTokens() {
        tokens.clear();
    }

    public long stat(String name) {
        AtomicLong value = stats.get(name);
        return value == null ? 0 : value.get();
    }

    public Map<String, Long> stats() {
        Map<String, Long> copy = new LinkedHashMap<>();
        stats.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    /** Sets a card's stock on hand, as a new physical inventory dated today would. */
    public void setStockOnHand(String cardId, long stockOnHand) {
        SimulatedData.Card card = data.card(cardId);
        if (card == null) {
            throw new IllegalArgumentException("unknown stock card " + cardId);
        }
        data.recordCount(card, stockOnHand);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- routing

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Map<String, List<String>> query = query(exchange.getRequestURI().getRawQuery());
            if (path.startsWith("/admin/")) {
                admin(exchange, path);
            } else if (path.equals("/api/oauth/token")) {
                if (inOutage()) {
                    count("5xx");
                    send(exchange, 503, Map.of("message", "Service unavailable", "description", "simulated outage"));
                } else if (exchange.getRequestMethod().equals("POST")) {
                    token(exchange, query);
                } else {
                    send(exchange, 405, Map.of("error", "method_not_allowed", "error_description", "Request method not supported"));
                }
            } else if (path.startsWith("/api/")) {
                api(exchange, path, query);
            } else {
                send(exchange, 404, Map.of("message", "Not found", "description", path));
            }
        } catch (RuntimeException e) {
            send(exchange, 500, Map.of("message", "Internal error", "description", String.valueOf(e.getMessage())));
        }
    }

    private void api(HttpExchange exchange, String path, Map<String, List<String>> query) throws IOException {
        count("requests");
        count("requests " + path.replaceAll("/[0-9a-f-]{36}$", "/{id}"));
        if (clock.instant().isBefore(retryAfterUntil)) {
            count("retryAfterIgnored");
        }
        if (inOutage()) {
            count("5xx");
            send(exchange, 503, Map.of("message", "Service unavailable", "description", "simulated outage"));
            return;
        }
        if (faults.delayMillis() > 0 && slowLeft != 0) {
            slowLeft = slowLeft > 0 ? slowLeft - 1 : slowLeft;
            count("slow");
            delay(faults.delayMillis());
        }
        if (tooManyLeft > 0) {
            tooManyLeft--;
            throttle(exchange, "429");
            return;
        }
        if (serverErrorsIn > 0) {
            serverErrorsIn--;
        } else if (serverErrorsLeft > 0) {
            serverErrorsLeft--;
            count("5xx");
            send(exchange, 503, Map.of("message", "Service unavailable", "description", "simulated outage"));
            return;
        }
        if (expireTokensIn == 0) {
            tokens.clear();
            expireTokensIn = -1;
        } else if (expireTokensIn > 0) {
            expireTokensIn--;
        }
        boolean revoked = unauthorizedIn == 0;
        if (unauthorizedIn > 0) {
            unauthorizedIn--;
        }
        if (revoked || !authorised(exchange, query)) {
            count("401");
            send(exchange, 401, Map.of("error", "invalid_token", "error_description", "Invalid access token"));
            return;
        }
        switch (path) {
            case "/api/facilities" -> send(exchange, 200, page(data.facilities(), query));
            case "/api/geographicZones" -> send(exchange, 200, page(data.zones(), query));
            case "/api/programs" -> send(exchange, 200, data.programs());
            case "/api/orderables" -> send(exchange, 200, page(data.orderables(), query));
            case "/api/lots" -> send(exchange, 200, page(data.lots(), query));
            case "/api/stockCardLineItemReasons" -> send(exchange, 200, data.reasons());
            case "/api/orderableFulfills" -> send(exchange, 200, data.fulfills());
            case "/api/v2/stockCardSummaries" -> summaries(exchange, query);
            default -> {
                if (path.startsWith("/api/stockCards/")) {
                    SimulatedData.Card card = data.card(path.substring("/api/stockCards/".length()));
                    if (card == null) {
                        send(exchange, 404, Map.of("messageKey", "stockmanagement.error.stockCard.notFound", "message", "Stock card not found"));
                    } else {
                        send(exchange, 200, data.stockCardDto(card));
                    }
                } else if (path.startsWith("/api/facilities/") && data.facility(path.substring("/api/facilities/".length())) != null) {
                    send(exchange, 200, data.facility(path.substring("/api/facilities/".length())));
                } else {
                    send(exchange, 404, Map.of("message", "Not found", "description", path));
                }
            }
        }
    }

    /** As stockmanagement's v2 controller: facilityId required, page without size refused, paging cut in memory. */
    private void summaries(HttpExchange exchange, Map<String, List<String>> query) throws IOException {
        String facilityId = first(query, "facilityId");
        if (facilityId == null) {
            send(exchange, 400, Map.of("messageKey", "stockmanagement.error.facility.id.missing", "message", "Facility ID missing."));
            return;
        }
        if (query.containsKey("page") && !query.containsKey("size")) {
            send(exchange, 400, Map.of("messageKey", "stockmanagement.error.pageable.size.null", "message", "Page size is required."));
            return;
        }
        if (!query.containsKey("size")) {
            count("summariesWithoutSize");
        }
        List<String> programs = query.getOrDefault("programId", List.of());
        boolean supported = programs.isEmpty() || programs.contains((String) data.programDto().get("id"));
        List<Map<String, Object>> summaries = supported ? data.summaries(facilityId) : List.of();
        Map<String, Object> page = page(summaries, query);
        if (moveStock && "0".equals(first(query, "page")) && !summaries.isEmpty()) {
            // The answer is built; stock moves while it is still on its way (a slow summaries read).
            moveStock = false;
            @SuppressWarnings("unchecked")
            Map<String, Object> firstEntry = ((List<Map<String, Object>>) ((Map<String, Object>) summaries.get(0)).get("canFulfillForMe")).get(0);
            @SuppressWarnings("unchecked")
            String cardId = (String) ((Map<String, Object>) firstEntry.get("stockCard")).get("id");
            data.recordMovement(data.card(cardId), "issue", 1);
            movedDuringReading = cardId;
            count("stockMovedDuringReading");
            delay(300);
        }
        send(exchange, 200, page);
        if (shiftPages && "0".equals(first(query, "page")) && supported && !summaries.isEmpty()) {
            shiftPages = false;
            data.addSecondLotCard(facilityId);
            count("pagesShifted");
        }
    }

    /** A 429 with the fault's Retry-After, as the gateway's rate limit answers; requests before it passes are counted. */
    private void throttle(HttpExchange exchange, String stat) throws IOException {
        count(stat);
        retryAfterUntil = clock.instant().plusSeconds(faults.retryAfterSeconds());
        exchange.getResponseHeaders().set("Retry-After", String.valueOf(faults.retryAfterSeconds()));
        send(exchange, 429, null);
    }

    private void token(HttpExchange exchange, Map<String, List<String>> query) throws IOException {
        count("tokenRequests");
        if (tokenTooManyLeft > 0) {
            tokenTooManyLeft--;
            throttle(exchange, "token429");
            return;
        }
        if (clock.instant().isBefore(retryAfterUntil)) {
            count("retryAfterIgnored");
        }
        Map<String, List<String>> form = new LinkedHashMap<>(query);
        try (InputStream body = exchange.getRequestBody()) {
            query(new String(body.readAllBytes(), StandardCharsets.UTF_8)).forEach(form::putIfAbsent);
        }
        String[] client = basicCredentials(exchange);
        String grant = first(form, "grant_type");
        boolean userClient = client != null && client[0].equals(USER_CLIENT) && client[1].equals(USER_CLIENT_SECRET);
        boolean trustedClient = client != null && client[0].equals(TRUSTED_CLIENT) && client[1].equals(TRUSTED_CLIENT_SECRET);
        if (!userClient && !trustedClient) {
            send(exchange, 401, Map.of("error", "unauthorized", "error_description", "Full authentication is required to access this resource"));
            return;
        }
        Map<String, Object> response = new LinkedHashMap<>();
        if ("password".equals(grant) && userClient) {
            if (faults.rejectLogins() || !USERNAME.equals(first(form, "username")) || !PASSWORD.equals(first(form, "password"))) {
                send(exchange, 400, Map.of("error", "invalid_grant", "error_description", "Bad credentials"));
                return;
            }
            response.put("referenceDataUserId", SimulatedData.uuid("user:" + USERNAME));
            response.put("username", USERNAME);
        } else if (!("client_credentials".equals(grant) && trustedClient)) {
            send(exchange, 400, Map.of("error", "unauthorized_client", "error_description", "Unauthorized grant type: " + grant));
            return;
        }
        count("tokensIssued " + grant);
        String token = UUID.randomUUID().toString();
        int ttl = faults.tokenTtlSeconds();
        tokens.put(token, clock.instant().plusSeconds(ttl));
        response.put("access_token", token);
        response.put("token_type", "bearer");
        response.put("expires_in", ttl - 1);
        response.put("scope", "read write");
        send(exchange, 200, response);
    }

    private boolean authorised(HttpExchange exchange, Map<String, List<String>> query) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim()
                : first(query, "access_token");
        Instant expiry = token == null ? null : tokens.get(token);
        if (expiry == null || expiry.isBefore(clock.instant())) {
            return false;
        }
        // openlmis-auth restarts the validity period whenever a valid token is used.
        tokens.put(token, clock.instant().plusSeconds(faults.tokenTtlSeconds()));
        return true;
    }

    private void admin(HttpExchange exchange, String path) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        switch (path) {
            case "/admin/faults" -> {
                JsonNode json = JSON.readTree(body.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : body);
                Faults none = Faults.none();
                faults(new Faults(json.path("tooManyRequests").asInt(none.tooManyRequests()),
                        json.path("retryAfterSeconds").asInt(none.retryAfterSeconds()), json.path("serverErrors").asInt(none.serverErrors()),
                        json.path("serverErrorsAfter").asInt(none.serverErrorsAfter()), json.path("delayMillis").asLong(none.delayMillis()),
                        json.path("slowRequests").asInt(none.slowRequests()), json.path("expireTokensAfter").asInt(none.expireTokensAfter()),
                        json.path("shiftPagesOnce").asBoolean(false), json.path("tokenTtlSeconds").asInt(none.tokenTtlSeconds()),
                        json.path("maxPageSize").asInt(0), json.path("outageMillis").asLong(0), json.path("tokenTooManyRequests").asInt(0),
                        json.path("rejectLogins").asBoolean(false), json.path("moveStockDuringReading").asBoolean(false),
                        json.path("unauthorizedAfter").asInt(none.unauthorizedAfter())));
                send(exchange, 200, faults);
            }
            case "/admin/reset" -> {
                reset();
                send(exchange, 200, faults);
            }
            case "/admin/tokens/revoke" -> {
                revokeTokens();
                send(exchange, 204, null);
            }
            case "/admin/stats" -> send(exchange, 200, stats());
            case "/admin/stock/movement" -> {
                JsonNode json = JSON.readTree(body);
                data.recordMovement(java.util.Objects.requireNonNull(data.card(json.path("stockCardId").asText()), "unknown stock card"),
                        json.path("kind").asText(), json.path("quantity").asLong());
                send(exchange, 204, null);
            }
            case "/admin/facilities" -> {
                JsonNode json = JSON.readTree(body);
                String id = data.addFacility(json.path("code").asText(), json.path("name").asText(),
                        json.hasNonNull("stateCode") ? json.path("stateCode").asText() : null, json.path("zoneName").asText());
                send(exchange, 201, Map.of("id", id));
            }
            case "/admin/stock" -> {
                JsonNode json = JSON.readTree(body);
                setStockOnHand(json.path("stockCardId").asText(), json.path("stockOnHand").asLong());
                send(exchange, 204, null);
            }
            default -> send(exchange, 404, Map.of("message", "Not found", "description", path));
        }
    }

    // ---- helpers

    /**
     * A Spring Data page: 0-based {@code page}; without {@code size} everything in one page (as referencedata), and
     * never more than the max-page-size fault allows.
     */
    private Map<String, Object> page(List<Map<String, Object>> items, Map<String, List<String>> query) {
        int size = query.containsKey("size") ? Math.max(1, Integer.parseInt(first(query, "size"))) : Integer.MAX_VALUE;
        if (faults.maxPageSize() > 0 && size > faults.maxPageSize()) {
            size = faults.maxPageSize(); // the server's cap wins over the size asked for
            count("pageSizeCapped");
        }
        int number = query.containsKey("page") ? Math.max(0, Integer.parseInt(first(query, "page"))) : 0;
        long from = Math.min((long) number * size, items.size());
        long to = Math.min(from + size, items.size());
        List<Map<String, Object>> content = new ArrayList<>(items.subList((int) from, (int) to));
        int totalPages = items.isEmpty() ? 0 : (int) ((items.size() + (long) size - 1) / size);
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("content", content);
        page.put("totalPages", totalPages);
        page.put("totalElements", items.size());
        page.put("size", size);
        page.put("number", number);
        page.put("numberOfElements", content.size());
        page.put("first", number == 0);
        page.put("last", number >= totalPages - 1);
        page.put("sort", List.of());
        page.put("empty", content.isEmpty());
        return page;
    }

    private static String[] basicCredentials(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        return colon < 0 ? null : new String[] { decoded.substring(0, colon), decoded.substring(colon + 1) };
    }

    private static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return map;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            map.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return map;
    }

    private static String first(Map<String, List<String>> map, String key) {
        List<String> values = map.get(key);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private void count(String name) {
        stats.computeIfAbsent(name, k -> new AtomicLong()).incrementAndGet();
    }

    private static void delay(long millis) {
        if (millis > 0) {
            try {
                TimeUnit.MILLISECONDS.sleep(millis); // the simulated slowness itself, not a wait in a test
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

}
