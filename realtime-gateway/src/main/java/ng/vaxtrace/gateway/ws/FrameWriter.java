package ng.vaxtrace.gateway.ws;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import org.eclipse.microprofile.config.ConfigProvider;

import io.netty.buffer.ByteBuf;
import io.quarkus.logging.Log;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import ng.vaxtrace.gateway.hub.OutFrame;

/**
 * Writes a shared frame's pre-encoded bytes to one connection. WebSockets Next only sends {@code String}s, which it
 * encodes to UTF-8 again for every connection, through a Mutiny pipeline with context propagation per frame: at
 * 40,000 frames a second that was most of the gateway's allocation and its young-GC pauses. Here the Vert.x socket
 * under the connection (package-private in WebSockets Next, reached once by a method handle) writes the frame's
 * one UTF-8 buffer as a text frame. Should that accessor ever be missing, every write takes the plain
 * {@code sendText} path instead (logged once at start), so a Quarkus upgrade costs speed, never correctness.
 */
@RegisterForReflection(classNames = "io.quarkus.websockets.next.runtime.WebSocketConnectionBase", fields = false)
final class FrameWriter {

    /**
     * Frames up to this many bytes go out whole as one WebSocket frame, as {@code sendText} sends them too; a larger
     * one through {@code sendText}, which splits it into frames of this size (clients accept what they accepted).
     */
    private static final int MAX_FRAME = ConfigProvider.getConfig()
            .getOptionalValue("quarkus.websockets-next.server.max-frame-size", Integer.class).orElse(65536);

    private static final MethodHandle WEB_SOCKET = webSocketAccessor();

    private FrameWriter() {
    }

    /** Writes the frame on the connection (call on its event loop); {@code done} runs once the socket took it, either way. */
    static void write(WebSocketConnection connection, OutFrame frame, Runnable done) {
        WebSocketBase socket = WEB_SOCKET == null ? null : socket(connection);
        ByteBuf bytes = socket == null ? null : frame.utf8();
        if (bytes == null || bytes.readableBytes() > MAX_FRAME) {
            connection.sendText(frame.text()).subscribe().with(ok -> done.run(), failure -> done.run());
            return;
        }
        socket.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, bytes, true), result -> done.run());
    }

    /** Do writes share each frame's one encoding (false: WebSockets Next changed, every write encodes again)? */
    static boolean sharesEncodedFrames() {
        return WEB_SOCKET != null;
    }

    private static WebSocketBase socket(WebSocketConnection connection) {
        try {
            return (WebSocketBase) WEB_SOCKET.invoke(connection);
        } catch (Throwable e) {
            return null;
        }
    }

    private static MethodHandle webSocketAccessor() {
        try {
            Class<?> base = Class.forName("io.quarkus.websockets.next.runtime.WebSocketConnectionBase");
            var method = base.getDeclaredMethod("webSocket");
            method.setAccessible(true);
            return MethodHandles.lookup().unreflect(method).asType(MethodType.methodType(WebSocketBase.class, WebSocketConnection.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            Log.warnf("frames are encoded per connection (WebSockets Next's socket accessor is not available: %s)", e.toString());
            return null;
        }
    }
}
