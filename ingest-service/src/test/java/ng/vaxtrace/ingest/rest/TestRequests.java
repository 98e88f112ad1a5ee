package ng.vaxtrace.ingest.rest;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.restassured.specification.RequestSpecification;
import ng.vaxtrace.ingest.auth.RequestSignature;

/** Requests signed as a field device signs them, and sample bodies. */
public final class TestRequests {

    /** The last timestamp handed out: each request gets a later one, so equal bodies get different signatures. */
    private static final AtomicLong LAST_TIMESTAMP = new AtomicLong();

    private TestRequests() {
    }

    public static RequestSpecification request(String client, String secret, String body, long timestamp) {
        return given().contentType("application/json")
                .header(RequestSignature.CLIENT_HEADER, client)
                .header(RequestSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(RequestSignature.SIGNATURE_HEADER,
                        RequestSignature.sign(secret, timestamp, body.getBytes(StandardCharsets.UTF_8)))
                .body(body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Signed with a timestamp no other request of this JVM used: one second after the previous one, starting 200 s in
     * the past, well inside the ±300 s window for the few hundred requests of a test run.
     */
    public static RequestSpecification signed(String client, String secret, String body) {
        long now = Instant.now().getEpochSecond();
        return request(client, secret, body, LAST_TIMESTAMP.updateAndGet(previous -> Math.max(previous + 1, now - 200)));
    }

    public static String facility() {
        return "NG-TEST-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }

    public static String receipt(String eventId, String facility, long quantity) {
        return receipt(eventId, facility, quantity, Instant.now().minus(1, ChronoUnit.HOURS));
    }

    public static String receipt(String eventId, String facility, long quantity, Instant occurredAt) {
        return """
                {"eventId":"%s","type":"receipt","facilityCode":"%s","productCode":"PENTA",
                 "lot":{"code":"PT-2026-11","expiry":"2027-08-31"},"quantity":%d,
                 "occurredAt":"%s","sourceSystem":"field-app","vvmStage":1}
                """.formatted(eventId, facility, quantity, occurredAt);
    }
}
