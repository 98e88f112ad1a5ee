package ng.vaxtrace.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A PostgreSQL of a test's own, started by deploy/local/infra.sh exactly as the local run's (role {@code vaxtrace},
 * the three databases), in a state directory of its own, so the test can stop it and start it again without touching
 * the servers other tests share. Redis and Kafka stay the shared ones.
 */
public final class OwnPostgres {

    private static final String OWNER = "own-postgres";

    private OwnPostgres() {
    }

    /** Starts a new server keeping its state in {@code dir}; answers {@code shared} with its PostgreSQL replaced by this one. */
    public static LocalInfra.Endpoints create(Path dir, LocalInfra.Endpoints shared) throws IOException {
        return create(dir, shared, "");
    }

    /**
     * The same, the server started with {@code serverOptions} ({@code -c name=value ...}, e.g. WAL archiving), also
     * when it is started again.
     */
    public static LocalInfra.Endpoints create(Path dir, LocalInfra.Endpoints shared, String serverOptions) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("options"), serverOptions);
        try (ServerSocket socket = new ServerSocket(0)) {
            Files.writeString(dir.resolve("port"), Integer.toString(socket.getLocalPort()));
        }
        start(dir);
        Map<String, String> env = LocalInfra.readEnv(dir.resolve("infra.env"));
        return new LocalInfra.Endpoints(env.get("VAXTRACE_PG_HOST"), Integer.parseInt(env.get("VAXTRACE_PG_PORT")),
                env.get("VAXTRACE_PG_USER"), env.get("VAXTRACE_PG_PASSWORD"), shared.redisUrl(), shared.kafkaBootstrap());
    }

    /** Starts the server of {@code dir} (again) and waits until it accepts connections. */
    public static void start(Path dir) throws IOException {
        Path options = dir.resolve("options");
        LocalInfra.infraScript("up", OWNER, dir, Map.of("VAXTRACE_INFRA_SERVERS", "postgres",
                "VAXTRACE_PG_PORT", Integer.toString(ServerProcesses.port(dir)),
                "VAXTRACE_PG_OPTIONS", Files.exists(options) ? Files.readString(options) : ""));
    }

    /** The directory of the server's Unix socket, where the {@code postgres} superuser logs in without a password. */
    public static Path socketDir(Path dir) {
        return Path.of(LocalInfra.readEnv(dir.resolve("infra.env")).get("VAXTRACE_PG_SOCKET_DIR"));
    }

    /** Stops the server of {@code dir} (fast shutdown: every open connection is cut) and waits until it is down. */
    public static void stop(Path dir) throws IOException {
        LocalInfra.infraScript("down", OWNER, dir, Map.of("VAXTRACE_PG_PORT", Integer.toString(ServerProcesses.port(dir))));
    }
}
