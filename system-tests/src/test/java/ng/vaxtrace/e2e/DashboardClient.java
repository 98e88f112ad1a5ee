package ng.vaxtrace.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import ng.vaxtrace.contracts.EventJson;

/** A dashboard as a browser would be: a plain WebSocket client that records every frame it receives. */
final class DashboardClient implements AutoCloseable {

    private final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    private final WebSocket socket;

    DashboardClient(URI uri) throws Exception {
        socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    frames.add(EventJson.tree(partial.toString()));
                    partial.setLength(0);
                }
                webSocket.request(1);
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
    }

    void subscribe(String room) {
        socket.sendText("{\"action\":\"subscribe\",\"room\":\"" + room + "\"}", true).join();
    }

    /** Rejoins a room where the client left it: the last {@code epoch} and {@code seq} it saw there. */
    void resume(String room, String epoch, long seq) {
        socket.sendText("{\"action\":\"subscribe\",\"room\":\"" + room + "\",\"epoch\":\"" + epoch + "\",\"seq\":" + seq + "}", true)
                .join();
    }

    /** The frames of one room's stream (and answers naming it), in arrival order. */
    List<JsonNode> frames(String event, String room) {
        return frames(event).stream().filter(f -> room.equals(f.path("room").asText())).toList();
    }

    List<JsonNode> frames(String event) {
        return frames.stream().filter(f -> event.equals(f.path("event").asText())).toList();
    }

    List<JsonNode> stockUpdatesCausedBy(String eventId) {
        return frames("stock:update").stream().filter(f -> eventId.equals(f.path("data").path("causeEventId").asText())).toList();
    }

    @Override
    public void close() {
        // A connection whose server was killed is already gone: nothing left to close.
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null).join();
    }
}
