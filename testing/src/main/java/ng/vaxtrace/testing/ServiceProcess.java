package ng.vaxtrace.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;


/**
 * One packaged service running as its own JVM process, as in the local run (profile {@code local}, loopback only),
 * for end-to-end tests and benchmarks. Its log goes to {@code .local/logs/processes/}.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public final String name;
    public final int port;
    private final Process process;
    private final Path log;

    private ServiceProcess(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code <name>/target/quarkus-app/quarkus-run.jar} with the given system properties and environment. */
    public static ServiceProcess start(String name, Map<String, String> properties, Map<String, String> env, String... jvmOptions)
            throws IOException {
        Path root = LocalInfra.root();
        Path jar = root.resolve(name + "/target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (./mvnw verify builds them before these tests)");
        }
        int port = freePort();
        List<String> command = new ArrayList<>(List.of("java", "-Xmx256m"));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-Dquarkus.profile=local", "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port));
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", jar.toString()));
        Path log = root.resolve(".local/logs/processes/" + name + "-" + port + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // Tokens are signed by this JVM's development issuer (TestIssuer); contacts encrypted with a key of this run.
        builder.environment().put("VAXTRACE_DEV_ISSUER_PUBLIC_KEY", TestIssuer.shared().publicKey());
        // The gateway signs its service identity (warm-up reads) with the same issuer, so the services trust it.
        builder.environment().put("VAXTRACE_DEV_ISSUER_DIR", TestIssuer.directory().toString());
        builder.environment().put("VAXTRACE_PII_KEYS", TestIssuer.piiKeys());
        builder.environment().putAll(env);
        return new ServiceProcess(name, port, builder.start(), log);
    }

    public String name() {
        return name;
    }

    /** Where the process's output goes. */
    public Path log() {
        return log;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public void awaitReady() {
        awaitReady(Duration.ofMinutes(3)); // five JVMs starting at once on two cores take a while
    }

    /** Waits until /q/health/ready answers 200; fails at once if the process exits. */
    public void awaitReady(Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                return HTTP.send(HttpRequest.newBuilder(uri("/q/health/ready")).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** Waits for the process to end by itself (for example, a crash the test provoked); returns its exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " did not exit within " + timeout);
        }
        return process.exitValue();
    }

    /** The operating system's id of the service's process (benchmarks read its CPU time). */
    public long pid() {
        return process.pid();
    }

    /** Kills the process at once (SIGKILL): no shutdown hooks, no graceful close, like a crash. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            kill();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
