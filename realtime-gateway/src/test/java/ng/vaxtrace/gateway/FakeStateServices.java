package ng.vaxtrace.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import ng.vaxtrace.contracts.EventJson;

/**
 * Stand-ins for the read APIs the gateway's warm-up uses, with a fixed current state: stock-service's
 * {@code GET /api/v1/areas/NG/levels} (two facilities, two products), and
 * alert-service's {@code GET /api/v1/areas/NG/open-alerts} (two alerts, one answer, as alert-service writes them). Like the real services they want a bearer token: this one
 * must be signed by the development issuer whose key the gateway uses ({@code target/test-dev-issuer}, made by the
 * gateway at its first warm-up) and carry the {@code analyst} group; anything else is 401. Every request's path and
 * verdict is recorded; the test reads them from {@code GET /seen} (the test's class loader does not share this one's
 * statics), followed by {@code most-at-once N}: the most requests that were being answered at the same moment. Each
 * answer takes {@link #ANSWER_TIME}, like a real service rendering a national layer, so requests made one after
 * another never overlap and requests made together always do.
 */
public class FakeStateServices implements QuarkusTestResourceLifecycleManager {

    static final String FACILITY = "NG-KW-001-HF-WARM1";
    static final String OTHER_FACILITY = "NG-KW-002-HF-WARM2";
    static final String ALERT_ID = "warm-alert-1";
    static final String OTHER_ALERT_ID = "warm-alert-2";

    static final long ANSWER_TIME = 300;

    private final Queue<String> seen = new ConcurrentLinkedQueue<>();
    private final AtomicInteger answering = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/api/v1/", this::handle);
            server.createContext("/seen", exchange -> FakeHttp.reply(exchange, 200,
                    String.join("\n", seen) + "\nmost-at-once " + mostAtOnce.get()));
            server.setExecutor(threads);
            server.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of("vaxtrace.gateway.stock-url", url, "vaxtrace.gateway.alert-url", url, "vaxtrace.test.fake-state", url);
    }

    @Override
    public void stop() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        mostAtOnce.accumulateAndGet(answering.incrementAndGet(), Math::max);
        try {
            Thread.sleep(ANSWER_TIME); // the service at work (this server's own thread, not the test's)
            answer(exchange);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            answering.decrementAndGet();
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String query = exchange.getRequestURI().getQuery();
        String verdict = verdict(exchange.getRequestHeaders().getFirst("Authorization"));
        seen.add(path + (query == null ? "" : "?" + query) + " " + verdict);
        if (!"ok".equals(verdict)) {
            FakeHttp.reply(exchange, 401, null);
            return;
        }
        if (path.equals("/api/v1/areas/NG/levels")) {
            FakeHttp.reply(exchange, 200, "{\"area\":\"NG\",\"columns\":[\"product\",\"status\",\"quantity\"],\"facilities\":["
                    + "{\"code\":\"" + FACILITY + "\",\"zone\":\"NG-NC\",\"state\":\"NG-KW\",\"lga\":\"NG-KW-001\",\"levels\":"
                    + "[[\"BCG\",\"WITHIN_RANGE\",120],[\"PENTA\",\"STOCKED_OUT\",0],[\"ROW\",\"OF\",\"ANOTHER SHAPE\"]]},"
                    + "{\"code\":\"" + OTHER_FACILITY + "\",\"zone\":\"NG-NC\",\"state\":\"NG-KW\",\"lga\":\"NG-KW-002\",\"levels\":"
                    + "[[\"PENTA\",\"WITHIN_RANGE\",300,\"a later column\"]]}]}");
        } else if (path.equals("/api/v1/areas/NG/open-alerts")) {
            FakeHttp.reply(exchange, 200, "{\"area\":\"NG\",\"count\":2,\"items\":[" + alert(ALERT_ID, FACILITY, "NG-KW-001") + ","
                    + alert(OTHER_ALERT_ID, OTHER_FACILITY, "NG-KW-002") + "]}");
        } else {
            FakeHttp.reply(exchange, 404, null);
        }
    }

    /** An alert as alert-service writes it there: {@code details} and {@code notes} as PostgreSQL wrote them (spaces, "0.10"). */
    private static String alert(String id, String facility, String lga) {
        return "{\"alertId\":\"" + id + "\",\"alertType\":\"STOCK_OUT\",\"severity\":\"HIGH\",\"status\":\"OPEN\",\"facilityCode\":\""
                + facility + "\",\"area\":{\"zoneCode\":\"NG-NC\",\"stateCode\":\"NG-KW\",\"lgaCode\":\"" + lga + "\"},"
                + "\"productCode\":\"PENTA\",\"message\":\"PENTA stocked out\",\"details\":{\"balance\": 0, \"monthsOfStock\": 0.10},"
                + "\"raisedAt\":\"2026-11-30T08:00:00Z\",\"updatedAt\":\"2026-11-30T08:00:00.250Z\",\"notes\":[]}";
    }

    /** ok, or why the token is refused: it must verify against the gateway's development issuer key and be an analyst's. */
    private static String verdict(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return "no-token";
        }
        String[] parts = authorization.substring("Bearer ".length()).split("\\.");
        try {
            String pem = Files.readString(Path.of("target/test-dev-issuer/public.pem"));
            PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(
                    Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").trim())));
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initVerify(key);
            signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!signature.verify(Base64.getUrlDecoder().decode(parts[2]))) {
                return "bad-signature";
            }
            JsonNode claims = EventJson.tree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            boolean analyst = claims.path("groups").toString().contains("\"analyst\"");
            return analyst ? "ok" : "not-analyst";
        } catch (Exception e) {
            return "unverifiable:" + e.getClass().getSimpleName();
        }
    }
}
