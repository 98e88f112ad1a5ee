package ng.vaxtrace.http;

import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.FieldViolation;
import ng.vaxtrace.contracts.Problem;

/**
 * Every request that carries a body must say it is JSON in UTF-8 ({@code Content-Type: application/json}, no charset
 * or {@code charset=utf-8}) and must not be compressed or otherwise encoded (no service decodes a request body; a
 * gzip body read as JSON would be garbage or, worse, plausible). Anything else is answered 415 as problem+json
 * naming the header, before the body is read (docs/input-contract.md).
 */
@ApplicationScoped
public class BodyMediaType {

    static final String JSON = "application/json";

    void register(@Observes Filters filters) {
        // After the security headers (100) and the body limit (90), so a 415 carries the headers and a huge body is a 413.
        filters.register(context -> {
            Problem refusal = refusal(context.request());
            if (refusal != null) {
                context.response().setStatusCode(415).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .putHeader("Accept", JSON).end(EventJson.write(refusal));
                return;
            }
            context.next();
        }, 80);
    }

    /** Why a request's body is refused, or null when it has none or it is UTF-8 JSON without content coding. */
    static Problem refusal(HttpServerRequest request) {
        if (!hasBody(request)) {
            return null;
        }
        String encoding = request.getHeader(HttpHeaders.CONTENT_ENCODING);
        if (encoding != null && !encoding.isBlank() && !encoding.strip().equalsIgnoreCase("identity")) {
            return unsupported("request bodies must not be encoded (Content-Encoding: " + encoding.strip() + ")",
                    "Content-Encoding", "must be absent or identity: request bodies are not decompressed");
        }
        return contentTypeRefusal(request.getHeader(HttpHeaders.CONTENT_TYPE));
    }

    /** Null when {@code contentType} is application/json with no parameter but {@code charset=utf-8}. */
    static Problem contentTypeRefusal(String contentType) {
        String message = "must be application/json (UTF-8)";
        if (contentType == null || contentType.isBlank()) {
            return unsupported("a request body needs Content-Type: application/json", "Content-Type", message);
        }
        String[] parts = contentType.split(";");
        if (!parts[0].strip().equalsIgnoreCase(JSON)) {
            return unsupported("the body must be JSON, not " + parts[0].strip(), "Content-Type", message);
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip().toLowerCase(Locale.ROOT);
            if (parameter.isEmpty()) {
                continue;
            }
            String charset = parameter.startsWith("charset=") ? parameter.substring(8).replace("\"", "").strip() : null;
            if (charset == null || !(charset.equals("utf-8") || charset.equals("utf8"))) {
                return unsupported("the body must be UTF-8 JSON; parameter '" + parts[i].strip() + "' is not supported", "Content-Type", message);
            }
        }
        return null;
    }

    private static boolean hasBody(HttpServerRequest request) {
        if (request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
            return true;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return length != null && !length.strip().equals("0");
    }

    private static Problem unsupported(String detail, String header, String message) {
        return new Problem("https://docs.vaxtrace.ng/problems/unsupported-media-type", "Unsupported Media Type", 415, detail,
                List.of(new FieldViolation(header, message)));
    }
}
