package ng.vaxtrace.tools.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.ColdChainReading;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.FacilityReference;
import ng.vaxtrace.contracts.FacilityTier;
import ng.vaxtrace.contracts.StockEvent;
import ng.vaxtrace.contracts.StockEventType;
import ng.vaxtrace.data.SyntheticNigeria;

/**
 * The local run's demo feed: realistic stock activity across Nigeria from the project's synthetic-data generator,
 * posted as signed batches to ingest-service, exactly as field devices syncing would. It walks the health facilities
 * seeded by the local run (every state, in a stride), one facility per tick: the first visit sends its last days of
 * activity, later visits what has happened since, so the map fills in and live updates flow within seconds. Each visit
 * also sends the facility fridge's temperature readings since the last one (the last 36 hours on the first visit),
 * as a fridge monitor uploading would: the generator's power cuts and freezing nights raise temperature alerts.
 *
 * <p>Environment: VAXTRACE_INGEST_URL, VAXTRACE_CLIENT, VAXTRACE_SECRET_FILE, VAXTRACE_DEMO_INTERVAL_MS (default 1000),
 * VAXTRACE_DEMO_FACILITIES_PER_LGA (must match the seed; default 2), VAXTRACE_DEMO_DAYS (default 45: a complete month gives AMC and status).
 */
public final class DemoFeed {

    /** The antigens shown on the demo map; the generator makes all 16 products, the feed keeps it light. */
    private static final Set<String> PRODUCTS = Set.of("PENTA", "BCG", "BOPV", "MEASLES", "PCV");

    public static void main(String[] args) throws Exception {
        String ingest = env("VAXTRACE_INGEST_URL", "http://127.0.0.1:8081");
        URI endpoint = URI.create(ingest + "/api/v1/stock-events/batch");
        URI readingsEndpoint = URI.create(ingest + "/api/v1/coldchain/readings/batch");
        String client = env("VAXTRACE_CLIENT", "demo-feed");
        String secret = Files.readString(Path.of(env("VAXTRACE_SECRET_FILE", ".local/secrets/demo-feed.secret"))).strip();
        long interval = Long.parseLong(env("VAXTRACE_DEMO_INTERVAL_MS", "1000"));
        int perLga = Integer.parseInt(env("VAXTRACE_DEMO_FACILITIES_PER_LGA", "2"));
        int days = Integer.parseInt(env("VAXTRACE_DEMO_DAYS", "45"));
        long seed = Long.parseLong(env("VAXTRACE_DEMO_SEED", "2026"));
        // One fixed timeline per facility from here on: each visit sends only what happened since the last one.
        LocalDate from = LocalDate.now(ZoneOffset.UTC).minusDays(days);
        Map<String, Instant> sentUntil = new HashMap<>();
        Map<String, Instant> readingsUntil = new HashMap<>();

        SyntheticNigeria data = new SyntheticNigeria(seed, perLga);
        List<FacilityReference> facilities = data.facilities().stream().filter(f -> f.tier() == FacilityTier.HEALTH_FACILITY).toList();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        System.out.printf("demo feed: %d health facilities, %d days each, one facility every %d ms → %s%n", facilities.size(), days,
                interval, endpoint);
        for (long tick = 0;; tick++) {
            FacilityReference facility = facilities.get((int) ((tick * 7919) % facilities.size())); // stride over all states
            Instant now = Instant.now();
            Instant since = sentUntil.getOrDefault(facility.code(), Instant.MIN);
            List<CloudEvent<StockEvent>> events = data.history(facility, from, LocalDate.now(ZoneOffset.UTC)).stream()
                    .filter(e -> PRODUCTS.contains(e.data().productCode()))
                    .filter(e -> e.time().isAfter(since) && !e.time().isAfter(now))
                    .toList();
            if (!events.isEmpty()) {
                int status = post(http, endpoint, client, secret, batch(events));
                if (status == 202 || status == 207) {
                    sentUntil.put(facility.code(), now); // only what ingest accepted counts as sent
                }
                System.out.printf("%s %-22s %3d events → %d%n", Instant.now(), facility.code(), events.size(), status);
            }
            Instant readSince = readingsUntil.getOrDefault(facility.code(), now.minus(Duration.ofHours(36)));
            List<ColdChainReading> readings = data.fridgeReadings(facility, readSince, now);
            boolean allSent = true;
            for (int i = 0; i < readings.size(); i += 500) { // ingest takes at most 500 per batch
                int status = post(http, readingsEndpoint, client, secret, readingBatch(readings.subList(i, Math.min(readings.size(), i + 500))));
                allSent &= status == 202 || status == 207;
            }
            if (allSent) {
                readingsUntil.put(facility.code(), now);
            }
            Thread.sleep(interval);
        }
    }

    /** Signs and posts a body; answers the status, or -1 when ingest is unreachable (the next visit retries). */
    private static int post(HttpClient http, URI endpoint, String client, String secret, String body) throws Exception {
        long timestamp = Instant.now().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("X-VaxTrace-Client", client)
                .header("X-VaxTrace-Timestamp", Long.toString(timestamp))
                .header("X-VaxTrace-Signature", "v1=" + sign(secret, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            System.out.printf("%s ingest unreachable (%s); retrying next visit%n", Instant.now(), e.getMessage());
            return -1;
        }
    }

    /** The ingest readings batch: each reading as a fridge monitor sends it (its id derived from fridge and time). */
    private static String readingBatch(List<ColdChainReading> readings) {
        ObjectNode root = EventJson.mapper().createObjectNode();
        ArrayNode items = root.putArray("readings");
        readings.forEach(r -> items.add(EventJson.mapper().valueToTree(r)));
        return EventJson.write(root);
    }

    /** The ingest batch body: each event as a field device would send it (its own eventId and type). */
    private static String batch(List<CloudEvent<StockEvent>> events) {
        ObjectNode root = EventJson.mapper().createObjectNode();
        ArrayNode items = root.putArray("events");
        for (CloudEvent<StockEvent> event : events) {
            ObjectNode item = EventJson.mapper().valueToTree(event.data());
            item.put("eventId", event.id());
            item.put("type", StockEventType.fromCloudEventType(event.type()).orElseThrow().wireName());
            items.add(item);
        }
        return EventJson.write(root);
    }

    private static String sign(String secret, long timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
