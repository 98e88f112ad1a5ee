package ng.vaxtrace.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;


/**
 * A Kafka broker of a test's own, started from the same jars and configuration template as deploy/local/infra.sh,
 * so the test can stop it and start it again. All its state (configuration, data, pid) lives in one directory, so
 * the test resource and the test share it whatever class loader each runs in.
 */
public final class OwnKafka {

    private OwnKafka() {
    }

    /** Formats a new broker in {@code dir} on free ports, starts it and creates {@code topics} (one partition each). */
    public static String create(Path dir, String... topics) throws IOException, InterruptedException {
        Path root = LocalInfra.root();
        int port = freePort();
        int controllerPort = freePort();
        Files.createDirectories(dir.resolve("data"));
        String template = Files.readString(root.resolve("deploy/local/kafka/server.properties"));
        Files.writeString(dir.resolve("server.properties"), template.replace("@DATA@", dir.resolve("data").toString())
                .replace("@PORT@", Integer.toString(port)).replace("@CONTROLLER_PORT@", Integer.toString(controllerPort)));
        Files.writeString(dir.resolve("port"), Integer.toString(port));
        run(dir, "kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c",
                dir.resolve("server.properties").toString());
        start(dir);
        String bootstrap = "127.0.0.1:" + port;
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(java.util.Arrays.stream(topics).map(topic -> new NewTopic(topic, 1, (short) 1)).toList())
                    .all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create topics on " + bootstrap, e);
        }
        return bootstrap;
    }

    /** Starts the broker of {@code dir} (again) and waits until it listens. */
    public static void start(Path dir) throws IOException {
        ServerProcesses.start(command(dir, "kafka.Kafka", dir.resolve("server.properties").toString()), dir,
                ServerProcesses.port(dir), Duration.ofSeconds(60));
    }

    /** Kills the broker of {@code dir} the hard way (a crash, not a goodbye) and waits until it is gone. */
    public static void kill(Path dir) throws IOException {
        ServerProcesses.kill(dir);
    }

    private static void run(Path dir, String main, String... args) throws IOException, InterruptedException {
        Process process = command(dir, main, args).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("tools.log").toFile())).start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(main + " failed: see " + dir.resolve("tools.log"));
        }
    }

    private static ProcessBuilder command(Path dir, String main, String... args) {
        Path root = LocalInfra.root();
        List<String> command = new ArrayList<>(List.of("java", "-Xms64m", "-Xmx384m", "-XX:+UseSerialGC",
                "-Dlog4j2.configurationFile=" + root.resolve("deploy/local/kafka/log4j2.properties"),
                "-cp", root.resolve(".local/kafka-lib").toString() + "/*", main));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(dir.toFile());
    }


    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
