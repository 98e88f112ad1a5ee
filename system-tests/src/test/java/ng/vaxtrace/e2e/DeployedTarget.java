package ng.vaxtrace.e2e;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.function.Supplier;

import ng.vaxtrace.contracts.EventJson;

/**
 * A deployed VaxTrace the smoke test talks to over its public edge only (HTTPS, the WebSocket, an OIDC token): where
 * each service answers, the field device it signs as, the facility it may write to, and how it gets a token.
 * {@link #fromEnvironment()} reads it from {@code VAXTRACE_TARGET_*} (docs/operations.md#smoke-test-against-staging).
 */
record DeployedTarget(URI ingest, URI stock, URI alerts, URI gateway, String ingestClient, String ingestSecret, String facility,
        Supplier<String> token) {

    /** The synthetic health facility the smoke test writes to (staging seeds two per LGA): a dedicated test place. */
    static final String DEFAULT_FACILITY = "NG-FC-001-HF-002";

    /** Whether the environment names a deployed target (else the test starts the services itself). */
    static boolean configured() {
        return env("VAXTRACE_TARGET_URL") != null || env("VAXTRACE_TARGET_STOCK_URL") != null;
    }

    /**
     * One public base URL for all (the Ingress routes by path), or one per service; the device's client id and secret
     * (a client of its own in the ingest configuration); a token given as is, or fetched from the OIDC provider.
     */
    static DeployedTarget fromEnvironment() {
        String base = env("VAXTRACE_TARGET_URL");
        String stock = or(env("VAXTRACE_TARGET_STOCK_URL"), base, "VAXTRACE_TARGET_URL or VAXTRACE_TARGET_STOCK_URL");
        String gateway = env("VAXTRACE_TARGET_GATEWAY_URL");
        if (gateway == null) {
            gateway = stock.replaceFirst("^http", "ws");
        }
        String token = env("VAXTRACE_TARGET_TOKEN");
        Supplier<String> tokens = token != null ? () -> token : tokenGrant();
        return new DeployedTarget(URI.create(or(env("VAXTRACE_TARGET_INGEST_URL"), stock, null)), URI.create(stock),
                URI.create(or(env("VAXTRACE_TARGET_ALERT_URL"), stock, null)), URI.create(gateway),
                required("VAXTRACE_TARGET_INGEST_CLIENT"), required("VAXTRACE_TARGET_INGEST_SECRET"),
                or(env("VAXTRACE_TARGET_FACILITY"), DEFAULT_FACILITY, null), tokens);
    }

    URI ingestUri(String path) {
        return resolve(ingest, path);
    }

    URI stockUri(String path) {
        return resolve(stock, path);
    }

    URI alertUri(String path) {
        return resolve(alerts, path);
    }

    /** The dashboard WebSocket, signed in with the token (browsers pass it as a query parameter). */
    URI webSocket() {
        return resolve(gateway, "/ws/v1?access_token=" + token.get());
    }

    /** The LGA of the test facility ({@code NG-FC-001-HF-002} → {@code NG-FC-001}). */
    String lga() {
        String[] parts = facility.split("-");
        return parts[0] + "-" + parts[1] + "-" + parts[2];
    }

    private static URI resolve(URI base, String path) {
        String prefix = base.toString().replaceAll("/+$", "");
        return URI.create(prefix + path);
    }

    /**
     * A token of the smoke-test user (password grant: {@code VAXTRACE_TARGET_USERNAME} / {@code _PASSWORD}) or, without
     * a user, of the client's service account (client-credentials grant); fetched once per run (it outlives the test).
     */
    private static Supplier<String> tokenGrant() {
        URI tokenUrl = URI.create(required("VAXTRACE_TARGET_TOKEN_URL"));
        String clientId = required("VAXTRACE_TARGET_CLIENT_ID");
        String clientSecret = required("VAXTRACE_TARGET_CLIENT_SECRET");
        String username = env("VAXTRACE_TARGET_USERNAME");
        String grant = username == null ? "grant_type=client_credentials"
                : "grant_type=password&username=" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password="
                        + URLEncoder.encode(required("VAXTRACE_TARGET_PASSWORD"), StandardCharsets.UTF_8);
        String[] cached = new String[1];
        return () -> {
            if (cached[0] == null) {
                cached[0] = fetchToken(tokenUrl, clientId, clientSecret, grant);
            }
            return cached[0];
        };
    }

    private static String fetchToken(URI tokenUrl, String clientId, String clientSecret, String grant) {
        String basic = Base64.getEncoder().encodeToString((URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(tokenUrl)
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", "Basic " + basic)
                    .POST(HttpRequest.BodyPublishers.ofString(grant)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("token endpoint " + tokenUrl + " answered " + response.statusCode() + ": " + response.body());
            }
            return EventJson.tree(response.body()).path("access_token").asText();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot reach the token endpoint " + tokenUrl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String required(String name) {
        String value = env(name);
        if (value == null) {
            throw new IllegalStateException(name + " is not set (docs/operations.md#smoke-test-against-staging)");
        }
        return value;
    }

    private static String or(String value, String fallback, String requiredWhat) {
        if (value != null) {
            return value;
        }
        if (fallback == null && requiredWhat != null) {
            throw new IllegalStateException(requiredWhat + " is not set (docs/operations.md#smoke-test-against-staging)");
        }
        return fallback;
    }

    private static String env(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** For the log: where it goes, never the secrets. */
    Map<String, String> describe() {
        return Map.of("ingest", ingest.toString(), "stock", stock.toString(), "alerts", alerts.toString(), "gateway", gateway.toString(),
                "facility", facility, "ingestClient", ingestClient);
    }
}
