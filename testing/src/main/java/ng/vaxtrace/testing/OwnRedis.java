package ng.vaxtrace.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;


/** A Redis of a test's own (the same redis-server as deploy/local/infra.sh), which the test can kill and start. */
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
        return "redis://127.0.0.1:" + ServerProcesses.port(dir);
    }

    public static void start(Path dir) throws IOException {
        int port = ServerProcesses.port(dir);
        ServerProcesses.start(new ProcessBuilder("redis-server", "--bind", "127.0.0.1", "--port", Integer.toString(port), "--dir",
                dir.toString(), "--save", "", "--appendonly", "no"), dir, port, Duration.ofSeconds(20));
    }

    public static void kill(Path dir) throws IOException {
        ServerProcesses.kill(dir);
    }
}
