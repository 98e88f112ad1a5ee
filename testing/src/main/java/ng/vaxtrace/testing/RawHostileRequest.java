package ng.vaxtrace.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import ng.vaxtrace.contracts.EventJson;

/**
 * One request of a hostile-input corpus written to the socket byte for byte (docs/input-contract.md), for what an
 * HTTP client library will not send: WebSocket upgrade headers, oversized or duplicated headers, traversal that a
 * client would normalise, malformed request lines. It must be answered with {@code status}, never a 5xx, and — where
 * {@code problem} is set — with an {@code application/problem+json} document of that status.
 */
public record RawHostileRequest(String name, String request, int status, boolean problem) {

    /**
     * A request of {@code method} for {@code target} with {@code headers} (a Host is added, and {@code Connection:
     * close} unless a Connection header is given) and {@code body} (null: none; a Content-Length is added).
     */
    public static RawHostileRequest of(String name, String method, String target, Map<String, String> headers, String body, int status,
            boolean problem) {
        StringBuilder request = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putIfAbsent("Connection", "close");
        if (body != null) {
            all.put("Content-Length", Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
        }
        all.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
        request.append("\r\n");
        if (body != null) {
            request.append(body);
        }
        return new RawHostileRequest(name, request.toString(), status, problem);
    }

    /** A WebSocket upgrade of {@code target} with {@code headers} besides the handshake's own. */
    public static RawHostileRequest upgrade(String name, String target, Map<String, String> headers, int status) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Upgrade", "websocket");
        all.put("Connection", "Upgrade");
        all.put("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
        all.put("Sec-WebSocket-Version", "13");
        all.putAll(headers);
        all.values().removeIf(String::isEmpty); // "" removes a handshake header
        return of(name, "GET", target, all, null, status, false);
    }

    /** What came back: the status, the headers (lower-case names) and the body as text. */
    public record Answer(int status, Map<String, String> headers, String body) {
    }

    /** Sends it to {@code base}'s host and port and reads the answer. */
    public Answer send(URI base) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException(name + ": the connection closed without an answer");
                }
                head.write(b);
            }
            String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
            int answered = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
                }
            }
            return new Answer(answered, headers, body(in, headers, answered));
        }
    }

    private static String body(InputStream in, Map<String, String> headers, int status) throws IOException {
        if (status == 101 || status == 204 || status == 304) {
            return "";
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String length = headers.get("content-length");
        if (length != null) {
            body.write(in.readNBytes(Integer.parseInt(length)));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int size = chunkSize(in); size > 0; size = chunkSize(in)) {
                body.write(in.readNBytes(size));
                in.readNBytes(2); // the chunk's CRLF
            }
        } else {
            try {
                in.transferTo(body); // until the server closes
            } catch (SocketTimeoutException e) {
                // kept open without a length: what arrived is the body
            }
        }
        return body.toString(StandardCharsets.UTF_8);
    }

    private static int chunkSize(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            line.append((char) b);
        }
        String size = line.toString().strip().split(";")[0];
        return size.isEmpty() ? 0 : Integer.parseInt(size, 16);
    }

    /** Sends it and fails unless it is answered as expected. */
    public void assertRefused(URI base) throws IOException {
        Answer answer = send(base);
        String contentType = answer.headers().getOrDefault("content-type", "");
        if (answer.status() != status || answer.status() >= 500) {
            throw new AssertionError(name + ": expected " + status + ", got " + answer.status() + " " + contentType + ": " + answer.body());
        }
        if (problem) {
            if (!contentType.startsWith("application/problem+json")) {
                throw new AssertionError(name + ": expected problem+json, got " + contentType + ": " + answer.body());
            }
            JsonNode document = EventJson.tree(answer.body());
            if (document.path("status").asInt() != status) {
                throw new AssertionError(name + ": the problem's status is not " + status + ": " + answer.body());
            }
        }
    }
}
