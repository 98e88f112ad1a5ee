package ng.vaxtrace.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Real PostgreSQL, Redis and Kafka for tests, started once per JVM. With a Docker engine: Testcontainers. Without
 * one: the local servers of {@code deploy/local/infra.sh} (the same mechanism as the local run), reused when they
 * already run and stopped at JVM exit only if this JVM started them.
 */
public final class LocalInfra {

    /** Where the servers listen and how to log in; {@code pgPassword} is generated per checkout, never committed. */
    public record Endpoints(String pgHost, int pgPort, String pgUser, String pgPassword, String redisUrl,
            String kafkaBootstrap) {

        public String reactiveUrl(String database) {
            return "postgresql://" + pgHost + ":" + pgPort + "/" + database;
        }

        public String jdbcUrl(String database) {
            return "jdbc:postgresql://" + pgHost + ":" + pgPort + "/" + database;
        }
    }

    public static final String[] DATABASES = { "vaxtrace_stock", "vaxtrace_alert", "vaxtrace_connector" };

    /**
     * Tests get servers of their own (state in .local/test, ports next to the local run's), so a running
     * {@code ./vaxtrace run} never consumes a test's events. Environment variables of the same names override them.
     */
    private static final Map<String, String> TEST_DEFAULTS = Map.of(
            "VAXTRACE_PG_PORT", "55433",
            "VAXTRACE_REDIS_PORT", "56380",
            "VAXTRACE_KAFKA_PORT", "59094",
            "VAXTRACE_KAFKA_CONTROLLER_PORT", "59095");

    private static Endpoints endpoints;

    private LocalInfra() {
    }

    public static synchronized Endpoints start() {
        if (endpoints == null) {
            endpoints = dockerAvailable() ? startContainers() : startLocalServers();
        }
        return endpoints;
    }

    /** The checkout's root: from the {@code vaxtrace.root} system property the build sets, else found upwards. */
    public static Path root() {
        String configured = System.getProperty("vaxtrace.root");
        Path dir = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("deploy/local/infra.sh"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find deploy/local/infra.sh above " + dir);
    }

    private static boolean dockerAvailable() {
        if (Boolean.getBoolean("vaxtrace.infra.local")) {
            return false;
        }
        if (System.getenv("DOCKER_HOST") == null && !Files.exists(Path.of("/var/run/docker.sock"))) {
            return false; // no engine to ask: skip Testcontainers' noisy probing
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static Endpoints startLocalServers() {
        String owner = "test-jvm-" + ProcessHandle.current().pid();
        infraScript("up", owner);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> infraScript("down", owner)));
        Map<String, String> env = readEnv(stateDir().resolve("infra.env"));
        return new Endpoints(env.get("VAXTRACE_PG_HOST"), Integer.parseInt(env.get("VAXTRACE_PG_PORT")),
                env.get("VAXTRACE_PG_USER"), env.get("VAXTRACE_PG_PASSWORD"), env.get("VAXTRACE_REDIS_URL"),
                env.get("VAXTRACE_KAFKA_BOOTSTRAP"));
    }

    private static void infraScript(String command, String owner) {
        Map<String, String> env = new HashMap<>();
        TEST_DEFAULTS.forEach((name, value) -> env.put(name, System.getenv().getOrDefault(name, value)));
        infraScript(command, owner, stateDir(), env);
    }

    /** Runs deploy/local/infra.sh {@code command} for {@code owner} with its state in {@code state} and {@code env} set. */
    static void infraScript(String command, String owner, Path state, Map<String, String> env) {
        Path root = root();
        try {
            ProcessBuilder builder = new ProcessBuilder("bash", root.resolve("deploy/local/infra.sh").toString(), command, "--owner", owner)
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT);
            builder.environment().putAll(env);
            builder.environment().put("VAXTRACE_STATE_DIR", state.toString());
            Process process = builder.start();
            int exit = process.waitFor();
            if (exit != 0) {
                throw new IllegalStateException("deploy/local/infra.sh " + command + " failed with exit code " + exit);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run deploy/local/infra.sh", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Where the local servers keep their data and pid files. */
    public static Path stateDir() {
        String configured = System.getenv("VAXTRACE_STATE_DIR");
        return configured != null ? Path.of(configured) : root().resolve(".local/test");
    }

    static Map<String, String> readEnv(Path file) {
        try {
            Map<String, String> env = new HashMap<>();
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    env.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            return env;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    @SuppressWarnings("resource") // containers live as long as the JVM; Testcontainers' reaper removes them
    private static Endpoints startContainers() {
        // PostGIS for the facility locations; the migrations create the extension (the container's role is a superuser).
        PostgreSQLContainer postgres = new PostgreSQLContainer(
                DockerImageName.parse("postgis/postgis:15-3.4-alpine").asCompatibleSubstituteFor("postgres"))
                .withDatabaseName(DATABASES[0]).withUsername("vaxtrace").withPassword("test-" + System.nanoTime());
        GenericContainer<?> redis = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
        KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.2");
        postgres.start();
        redis.start();
        kafka.start();
        try {
            for (int i = 1; i < DATABASES.length; i++) {
                postgres.execInContainer("psql", "-U", "vaxtrace", "-d", DATABASES[0], "-c", "CREATE DATABASE " + DATABASES[i]);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new Endpoints(postgres.getHost(), postgres.getMappedPort(5432), postgres.getUsername(), postgres.getPassword(),
                "redis://" + redis.getHost() + ":" + redis.getMappedPort(6379), kafka.getBootstrapServers());
    }
}
