package ng.vaxtrace.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.awaitility.Awaitility;

/** Servers an outage test starts as child processes, tracked by a pid file in their directory. */
public final class ServerProcesses {

    private ServerProcesses() {
    }

    /** Starts {@code builder}, records its pid in {@code dir}, and waits until it listens on {@code port}. */
    public static void start(ProcessBuilder builder, Path dir, int port, Duration timeout) throws IOException {
        Process process = builder.redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile())).start();
        Files.writeString(dir.resolve("pid"), Long.toString(process.pid()));
        Awaitility.await(dir.getFileName() + " listening on " + port).atMost(timeout).pollInterval(Duration.ofMillis(200))
                .until(() -> listening(port));
    }

    /** Kills the server of {@code dir} at once (a crash, not a goodbye) and waits until it is gone. */
    public static void kill(Path dir) throws IOException {
        Path pidFile = dir.resolve("pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).ifPresent(p -> {
            p.destroyForcibly();
            p.onExit().join();
        });
        Files.delete(pidFile);
    }

    public static int port(Path dir) throws IOException {
        return Integer.parseInt(Files.readString(dir.resolve("port")).strip());
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
