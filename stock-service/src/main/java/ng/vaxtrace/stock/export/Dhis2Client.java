package ng.vaxtrace.stock.export;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import ng.vaxtrace.contracts.EventJson;

/**
 * DHIS2's data value set import, wrapped once: {@code POST {base}/api/dataValueSets?importStrategy=CREATE_AND_UPDATE}
 * with a personal access token ({@code Authorization: ApiToken …}) or basic auth. Unreachable, 5xx and 429 are
 * retried with exponential back-off (jittered); a 409 is DHIS2's answer that values conflict (an import summary with
 * status ERROR or WARNING) and a 4xx is a configuration error: retrying either would only repeat it.
 */
@ApplicationScoped
public class Dhis2Client {

    /** How the push ended; {@code importStatus} is the import summary's status (SUCCESS, WARNING, ERROR) when there was one. */
    public record Result(boolean accepted, int httpStatus, String importStatus, String body, int attempts) {
    }

    /** A failure worth another attempt. */
    static final class Transient extends RuntimeException {
        Transient(String message) {
            super(message, null, false, false);
        }
    }

    private final Dhis2Config config;
    private final HttpClient http;

    public Dhis2Client(Dhis2Config config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(10)).build();
    }

    public boolean configured() {
        return config.baseUrl().isPresent();
    }

    /** Posts the payload; fails (after the retries) only when DHIS2 stayed unreachable or kept answering 5xx/429. */
    public Uni<Result> push(String payload) {
        String base = config.baseUrl().orElseThrow().replaceAll("/+$", "");
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/dataValueSets?importStrategy=CREATE_AND_UPDATE"))
                .timeout(config.requestTimeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("Authorization", authorization())
                .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8))
                .build();
        AtomicInteger attempts = new AtomicInteger();
        return Uni.createFrom().completionStage(() -> {
                    attempts.incrementAndGet();
                    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                })
                .onFailure(e -> !(e instanceof Transient)).transform(e -> new Transient(e.toString()))
                .map(response -> {
                    int status = response.statusCode();
                    if (status >= 500 || status == 429) {
                        throw new Transient("DHIS2 answered " + status);
                    }
                    boolean accepted = status >= 200 && status < 300;
                    String importStatus = importStatus(response.body());
                    return new Result(accepted && !"ERROR".equals(importStatus), status, importStatus, response.body(), attempts.get());
                })
                .onFailure(Transient.class).invoke(e -> Log.warnf("DHIS2 push attempt %d failed: %s", attempts.get(), e.getMessage()))
                .onFailure(Transient.class).retry().withBackOff(config.initialBackoff(), config.maxBackoff()).withJitter(0.2)
                .atMost(Math.max(0, config.maxAttempts() - 1))
                .onFailure().transform(e -> new Transient(e.getMessage() + " (after " + attempts.get() + " attempts)"));
    }

    /** The import summary's status: {@code response.status} in 2.40+'s web message, {@code status} in older answers. */
    static String importStatus(String body) {
        try {
            JsonNode json = EventJson.tree(body);
            JsonNode summary = json.path("response");
            if (summary.path("status").isTextual()) {
                return summary.path("status").asText();
            }
            return json.path("status").isTextual() ? json.path("status").asText() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private String authorization() {
        if (config.apiToken().isPresent()) {
            return "ApiToken " + config.apiToken().get();
        }
        String user = config.username().orElseThrow(() -> new IllegalStateException(
                "DHIS2 needs vaxtrace.stock.dhis2.api-token, or username and password"));
        String password = config.password().orElse("");
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
