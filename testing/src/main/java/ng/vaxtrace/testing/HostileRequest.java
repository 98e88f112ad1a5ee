package ng.vaxtrace.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import ng.vaxtrace.contracts.EventJson;

/**
 * One request of a hostile-input corpus (docs/input-contract.md): the status it must get and the field its
 * problem+json answer must name ({@code ""} = the body or a parameter as a whole; {@code null} = none, for refusals
 * that are not about a field: 401, 403, 404, 405, 406). Sent with the JDK client, so that
 * headers are exactly those given (no Content-Type is added to a body). The body is sent in {@code charset}: UTF-8
 * unless a case is about another encoding (a body starting with U+FEFF is sent with that charset's byte-order mark).
 */
public record HostileRequest(String name, String method, String path, String body, Map<String, String> headers, int status,
        String field, Charset charset) {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A request whose body, if any, is sent in UTF-8. */
    public HostileRequest(String name, String method, String path, String body, Map<String, String> headers, int status, String field) {
        this(name, method, path, body, headers, status, field, StandardCharsets.UTF_8);
    }

    /** A GET of {@code path}. */
    public static HostileRequest get(String path, int status, String field) {
        return new HostileRequest("GET " + path, "GET", path, null, Map.of(), status, field);
    }

    /** The same request at another path (e.g. with a test's facility filled in). */
    public HostileRequest at(String otherPath) {
        return new HostileRequest(name, method, otherPath, body, headers, status, field, charset);
    }

    /**
     * {@code validBody} (which should hold a non-ASCII character, so that Latin-1 differs from UTF-8) sent in every
     * encoding but UTF-8 — UTF-16LE/BE and UTF-32LE/BE with and without byte-order mark, UTF-8 with a byte-order mark,
     * ISO-8859-1 — declared {@code application/json}: each is 400 naming the body; and declared with a
     * {@code charset} other than UTF-8 (the body in that charset): 415 naming {@code Content-Type}.
     */
    public static List<HostileRequest> otherEncodings(String method, String path, String validBody) {
        Map<String, String> json = Map.of("Content-Type", "application/json");
        String what = method + " " + path + " body";
        List<HostileRequest> cases = new ArrayList<>();
        for (String bom : List.of("", "\uFEFF")) {
            for (String charset : List.of("UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE")) {
                cases.add(new HostileRequest(what + " in " + charset + (bom.isEmpty() ? "" : " with BOM"), method, path, bom + validBody,
                        json, 400, "", Charset.forName(charset)));
            }
        }
        cases.add(new HostileRequest(what + " in UTF-8 with BOM", method, path, "\uFEFF" + validBody, json, 400, "", StandardCharsets.UTF_8));
        cases.add(new HostileRequest(what + " in ISO-8859-1", method, path, validBody, json, 400, "", StandardCharsets.ISO_8859_1));
        for (String charset : List.of("utf-16", "UTF-16LE", "\"utf-16\"", "utf-32", "iso-8859-1", "windows-1252")) {
            cases.add(new HostileRequest(what + " declared charset=" + charset, method, path, validBody,
                    Map.of("Content-Type", "application/json; charset=" + charset), 415, "Content-Type",
                    Charset.forName(charset.replace("\"", ""))));
        }
        return cases;
    }

    /** Sends it to {@code base} with {@code authorization}; fails unless it is answered as expected. */
    public void assertRefused(URI base, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", authorization)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body.getBytes(charset)));
        headers.forEach(request::header);
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        if (response.statusCode() != status || !contentType.startsWith("application/problem+json")) {
            throw new AssertionError(name + ": expected " + status + " problem+json, got " + response.statusCode() + " " + contentType
                    + ": " + response.body());
        }
        JsonNode answer = EventJson.tree(response.body());
        if (field != null && !answer.findValuesAsText("field").contains(field)) {
            throw new AssertionError(name + ": the answer does not name field '" + field + "': " + response.body());
        }
    }
}
