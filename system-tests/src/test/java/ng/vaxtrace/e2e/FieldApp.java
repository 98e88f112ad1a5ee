package ng.vaxtrace.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** A field app posting signed stock events, written from the documented signature scheme (not ingest's code). */
final class FieldApp {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final URI endpoint;
    private final String client;
    private final String secret;

    FieldApp(URI endpoint, String client, String secret) {
        this.endpoint = endpoint;
        this.client = client;
        this.secret = secret;
    }

    static String event(String id, String type, String facility, long quantity) {
        return """
                {"eventId":"%s","type":"%s","facilityCode":"%s","productCode":"PENTA",
                 "lot":{"code":"PT-E2E-01","expiry":"2027-09-30"},"quantity":%d,
                 "occurredAt":"%s","sourceSystem":"e2e-field-app"}""".formatted(id, type, facility, quantity,
                Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS));
    }

    HttpResponse<String> post(String body) throws Exception {
        return post(body, secret);
    }

    HttpResponse<String> post(String body, String signingSecret) throws Exception {
        return post(body, signingSecret, Instant.now().getEpochSecond());
    }

    /** A device re-sending the same body later signs it anew: ingest refuses a replayed signature, not a re-send. */
    HttpResponse<String> resend(String body) throws Exception {
        return post(body, secret, Instant.now().getEpochSecond() + 1);
    }

    HttpResponse<String> post(String body, String signingSecret, long timestamp) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(signingSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/json")
                .header("X-VaxTrace-Client", client)
                .header("X-VaxTrace-Timestamp", Long.toString(timestamp))
                .header("X-VaxTrace-Signature", "v1=" + signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
