import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;

/**
 * Prints the live frames of one dashboard room, for operators and the README (no build needed):
 *   java deploy/local/WatchRoom.java ws://127.0.0.1:8084/ws/v1 facility:NG-KN-HF-0001
 */
public class WatchRoom {
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: java WatchRoom.java <ws-url> <room>");
            System.exit(2);
        }
        CountDownLatch closed = new CountDownLatch(1);
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(args[0]), new WebSocket.Listener() {
            private final StringBuilder frame = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                frame.append(data);
                if (last) {
                    System.out.println(frame);
                    frame.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
                System.err.println("closed: " + status + " " + reason);
                closed.countDown();
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                System.err.println("error: " + error);
                closed.countDown();
            }
        }).join();
        socket.sendText("{\"action\":\"subscribe\",\"room\":\"" + args[1] + "\"}", true).join();
        closed.await();
    }
}
