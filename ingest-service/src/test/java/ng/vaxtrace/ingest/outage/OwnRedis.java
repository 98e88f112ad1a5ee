package ng.vaxtrace.ingest.outage;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.awaitility.Awaitility;

/** A Redis of a test's own (the same redis-server as deploy/local/infra.sh), which the test can stop and start. */
public final class OwnRedis {

    private OwnRedis() {
    }

    /** Starts a Redis on a free port keeping its state in {@code dir}; returns its URL. */
    public static String create(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (ServerSocket socket = new ServerSocket(0)) {
            Files.writeString(dir.resolve("port"), Integer.toString(socket.getLocalPort()));
        }
        start(dir);
        return "redis://127.0.0.1:" + port(dir);
    }

    public static void start(Path dir) throws IOException {
        Process redis = new ProcessBuilder("redis-server", "--bind", "127.0.0.1", "--port", Integer.toString(port(dir)), "--dir",
                dir.toString(), "--save", "", "--appendonly", "no").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile())).start();
        Files.writeString(dir.resolve("pid"), Long.toString(redis.pid()));
        Awaitility.await("own Redis listening").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> listening(port(dir)));
    }

    /** Kills the Redis of {@code dir} at once and waits until it is gone. */
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

    private static int port(Path dir) throws IOException {
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
