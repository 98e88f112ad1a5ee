package ng.vaxtrace.stock.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

/** ETag/If-None-Match for rendered JSON: dashboards that poll get a 304 with no body while nothing changed. */
public final class ConditionalGet {

    private ConditionalGet() {
    }

    public static Response respond(Request request, String json) {
        EntityTag tag = new EntityTag(hash(json));
        Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
        if (notModified != null) {
            return notModified.tag(tag).build();
        }
        return Response.ok(json, MediaType.APPLICATION_JSON_TYPE).tag(tag).build();
    }

    /**
     * A body kept gzip-compressed (large map layers): sent as it is to clients that accept gzip, inflated for the
     * others. The ETag is weak, as both encodings carry the same content.
     */
    public static Response respondGzipped(Request request, HttpHeaders headers, byte[] gzipped, String mediaType) {
        EntityTag tag = new EntityTag(hash(gzipped), true);
        Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
        if (notModified != null) {
            return notModified.tag(tag).header(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING).build();
        }
        String accepted = headers.getHeaderString(HttpHeaders.ACCEPT_ENCODING);
        boolean gzip = accepted != null && accepted.toLowerCase().contains("gzip");
        Response.ResponseBuilder ok = Response.ok(gzip ? gzipped : Gzip.inflate(gzipped), mediaType).tag(tag)
                .header(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
        return (gzip ? ok.header(HttpHeaders.CONTENT_ENCODING, "gzip") : ok).build();
    }

    private static String hash(String json) {
        return hash(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String hash(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
