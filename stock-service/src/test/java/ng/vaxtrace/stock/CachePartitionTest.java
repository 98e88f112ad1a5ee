package ng.vaxtrace.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import ng.vaxtrace.contracts.StockEventType;
import ng.vaxtrace.contracts.Topics;
import ng.vaxtrace.stock.cache.StockCache;
import ng.vaxtrace.testing.OwnRedis;
import ng.vaxtrace.testing.TopicProbe;
import ng.vaxtrace.testing.TopicWriter;

/**
 * Redis unreachable without losing its data (a network partition, not a restart), on the test's real Redis: {@code
 * CLIENT PAUSE … WRITE} holds every write — the invalidations among them — while Redis keeps its data and still answers
 * reads, and {@code CLIENT KILL} then drops the connections with the writes they carried, as a partition that outlasts
 * the connections does. The answers cached before the change are never served again, during or after. The Redis is
 * the test's own (pausing and killing the clients of the shared one would hit whatever else uses it), and the test
 * talks to it on a connection of its own, which the kill spares.
 */
@QuarkusTest
@WithTestResource(value = CachePartitionTest.OwnRedisResource.class, initArgs = @ResourceArg(name = "database", value = "vaxtrace_stock"))
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CachePartitionTest {

    /** The shared PostgreSQL and Kafka, and a Redis of the test's own. */
    public static class OwnRedisResource extends StockTestResource {

        private Path dir;

        @Override
        public Map<String, String> start() {
            Map<String, String> config = new HashMap<>(super.start());
            try {
                dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "own-redis-");
                config.put("quarkus.redis.hosts", OwnRedis.create(dir));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return config;
        }

        @Override
        public void stop() {
            try {
                OwnRedis.kill(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(15);
    /** Long enough for the steps inside it on a busy machine; the cache gives up on a command after 0.5 s. */
    private static final Duration PARTITION = Duration.ofSeconds(8);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "quarkus.redis.hosts")
    URI redisUrl;

    private TopicWriter writer;
    private RedisConnection redis;

    @BeforeAll
    void open() throws IOException {
        writer = new TopicWriter(bootstrap);
        redis = new RedisConnection(redisUrl);
    }

    @AfterAll
    void close() throws IOException {
        writer.close();
        redis.close();
    }

    /** One plain RESP connection: a command, its reply (simple, error, integer or bulk string; null for none). */
    private static final class RedisConnection implements AutoCloseable {
        private final Socket socket;
        private final DataInputStream in;
        private final OutputStream out;

        RedisConnection(URI url) throws IOException {
            socket = new Socket(url.getHost(), url.getPort());
            socket.setSoTimeout((int) WAIT.toMillis());
            in = new DataInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        synchronized String command(String... args) {
            try {
                StringBuilder request = new StringBuilder("*").append(args.length).append("\r\n");
                for (String arg : args) {
                    request.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg).append("\r\n");
                }
                out.write(request.toString().getBytes(StandardCharsets.UTF_8));
                out.flush();
                String line = line();
                return switch (line.charAt(0)) {
                    case '+', ':' -> line.substring(1);
                    case '$' -> {
                        int length = Integer.parseInt(line.substring(1));
                        if (length < 0) {
                            yield null;
                        }
                        byte[] bulk = new byte[length + 2];
                        in.readFully(bulk);
                        yield new String(bulk, 0, length, StandardCharsets.UTF_8);
                    }
                    default -> throw new IllegalStateException("Redis answered " + line);
                };
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\r'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("Redis closed the connection");
                }
                line.append((char) c);
            }
            in.read(); // '\n'
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static long stock(String facility) {
        JsonPath stock = Api.national().get("/api/v1/facilities/{f}/stock", facility).then().statusCode(200).extract().jsonPath();
        return stock.getList("products").isEmpty() ? 0 : stock.getLong("products[0].quantity");
    }

    /** PENTA across the LGA, as the (cached) area aggregate answers. */
    private static long lgaStock() {
        return Api.national().queryParam("product", "PENTA").get("/api/v1/areas/{a}/stock", StockEvents.LGA).then().statusCode(200)
                .extract().jsonPath().getLong("products[0].balance");
    }

    /** The facility's stock answer as Redis holds it; null when there is none. */
    private Long cachedStock(String facility) {
        String cached = redis.command("GET", StockCache.facilityKey(facility, "stock"));
        return cached == null ? null : JsonPath.from(cached).getLong("products[0].quantity");
    }

    @Test
    void shouldNeverServeAnAnswerWhoseInvalidationRedisMissedWhileUnreachable() {
        String facility = StockEvents.registerFacility(writer);
        writer.send(Topics.STOCK_EVENTS, facility, StockEvents.record(UUID.randomUUID().toString(), StockEventType.RECEIPT, facility,
                "PART-LOT", 100));
        await().atMost(WAIT).until(() -> stock(facility) == 100);
        long area = lgaStock();
        await().atMost(WAIT).until(() -> Long.valueOf(100).equals(cachedStock(facility)));

        try (TopicProbe levels = new TopicProbe(bootstrap, Topics.STOCK_LEVELS)) {
            redis.command("CLIENT", "PAUSE", Long.toString(PARTITION.toMillis()), "WRITE");
            Instant healed = Instant.now().plus(PARTITION);
            String receipt = UUID.randomUUID().toString();
            writer.send(Topics.STOCK_EVENTS, facility, StockEvents.record(receipt, StockEventType.RECEIPT, facility, "PART-LOT", 40));

            // Applied and announced without waiting for Redis, and read as it is now, not as Redis still holds it.
            levels.await(r -> r.value().contains(receipt), WAIT);
            await().atMost(Duration.ofSeconds(3)).until(() -> stock(facility) == 140);
            assertThat(lgaStock()).isEqualTo(area + 40);
            // The held invalidations die with their connections; the reads above were not from the cache.
            assertThat(Long.parseLong(redis.command("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes"))).isPositive();
            assertThat(cachedStock(facility)).isEqualTo(100);
            assertThat(Instant.now()).as("still inside the partition").isBefore(healed);
            assertThat(stock(facility)).isEqualTo(140);

            // Once Redis takes writes again the missed invalidation is replayed: the stale answer is gone for every replica.
            await().atMost(PARTITION.plus(WAIT)).until(() -> !Long.valueOf(100).equals(cachedStock(facility)));
        }
        assertThat(stock(facility)).isEqualTo(140);
        assertThat(lgaStock()).isEqualTo(area + 40);
        // And the cache is used again once the replay went through.
        await().atMost(WAIT).until(() -> stock(facility) == 140 && Long.valueOf(140).equals(cachedStock(facility)));
    }
}
