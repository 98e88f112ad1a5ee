package ng.vaxtrace.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import ng.vaxtrace.contracts.EventJson;

/**
 * One request of a hostile-input corpus (docs/input-contract.md): the status it must get and the field its
 * problem+json answer must name ({@code ""} = the body or a parameter as a whole). Sent with the JDK client, so that
 * headers are exactly those given (no Content-Type is added to a body).
 */
public record HostileRequest(String name, String method, String path, String body, Map<String, String> headers, int status,
        String field) {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A GET of {@code path}. */
    public static HostileRequest get(String path, int status, String field) {
        return new HostileRequest("GET " + path, "GET", path, null, Map.of(), status, field);
    }

    /** The same request at another path (e.g. with a test's facility filled in). */
    public HostileRequest at(String otherPath) {
        return new HostileRequest(name, method, otherPath, body, headers, status, field);
    }

    /** Sends it to {@code base} with {@code authorization}; fails unless it is answered as expected. */
    public void assertRefused(URI base, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", authorization)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body.getBytes(StandardCharsets.UTF_8)));
        headers.forEach(request::header);
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        if (response.statusCode() != status || !contentType.startsWith("application/problem+json")) {
            throw new AssertionError(name + ": expected " + status + " problem+json, got " + response.statusCode() + " " + contentType
                    + ": " + response.body());
        }
        JsonNode answer = EventJson.tree(response.body());
        if (!answer.findValuesAsText("field").contains(field)) {
            throw new AssertionError(name + ": the answer does not name field '" + field + "': " + response.body());
        }
    }
}
