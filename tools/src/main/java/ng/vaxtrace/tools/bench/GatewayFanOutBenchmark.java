package ng.vaxtrace.tools.bench;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.EventTypes;
import ng.vaxtrace.contracts.FacilityArea;
import ng.vaxtrace.contracts.LevelMetrics;
import ng.vaxtrace.contracts.StockLevelChanged;
import ng.vaxtrace.contracts.Topics;
import ng.vaxtrace.data.Area;
import ng.vaxtrace.data.Geography;
import ng.vaxtrace.security.DevIssuer;
import ng.vaxtrace.security.Roles;
import ng.vaxtrace.testing.LocalInfra;

/**
 * realtime-gateway fan-out: N concurrent WebSocket dashboards spread over national, zone, state, LGA and facility
 * rooms; stock-level changes published to Kafka at a steady rate. Prints the delivery latency from the Kafka record
 * timestamp to receipt by the client (p50/p90/p99/max), frames delivered per second, and the gateway's heap and RSS
 * per connection. Prints figures; asserts nothing.
 *
 * <p>Run with {@code ./vaxtrace bench-gateway} (options: {@code --connections N --events N --rate N --facilities N}),
 * which packages the gateway and raises the file-descriptor limit first.
 */
public final class GatewayFanOutBenchmark {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String[] PRODUCTS = { "BCG", "OPV", "PENTA", "PCV", "MEASLES", "YF", "HEPB", "IPV" };
    private static final String[] STATUSES = { "WITHIN_RANGE", "WITHIN_RANGE", "BELOW_MIN", "ABOVE_MAX", "STOCKED_OUT" };

    private record Facility(String code, FacilityArea area) {
        List<String> rooms() {
            return List.of("national", "zone:" + area.zoneCode(), "state:" + area.stateCode(), "lga:" + area.lgaCode(),
                    "facility:" + code);
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int connections = Integer.parseInt(options.getOrDefault("connections", "10000"));
        int events = Integer.parseInt(options.getOrDefault("events", "1200"));
        int rate = Integer.parseInt(options.getOrDefault("rate", "20"));
        int facilityCount = Integer.parseInt(options.getOrDefault("facilities", "2000"));
        String heap = options.getOrDefault("gateway-heap", "1g");
        LocalInfra.Endpoints infra = LocalInfra.start();
        System.out.printf("VaxTrace realtime-gateway fan-out benchmark — %d connections, %d events at %d/s over %d facilities, %d cores%n",
                connections, events, rate, facilityCount, Runtime.getRuntime().availableProcessors());

        Random random = new Random(42);
        List<Facility> facilities = facilities(facilityCount);
        Process gateway = null;
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        try {
            int port = freePort();
            // The gateway trusts the local run's development issuer; every client is a national officer (any room).
            DevIssuer issuer = DevIssuer.inDirectory(LocalInfra.root().resolve(".local/dev-issuer"));
            String token = issuer.token("bench", Roles.NATIONAL_OFFICER, null, Duration.ofHours(12));
            gateway = startGateway(port, infra.kafkaBootstrap(), heap, issuer.publicKey());
            awaitReady(gateway, port);
            Memory idle = memory(gateway, port);
            System.out.printf("%ngateway ready (pid %d): heap %.1f MiB, RSS %.1f MiB%n", gateway.pid(), idle.heapMiB(), idle.rssMiB());

            // Rooms: 1% national, 4% zone, 20% state, 50% LGA, 25% facility, each around a random facility.
            Map<String, Integer> members = new HashMap<>();
            String[] roomOf = new String[connections];
            for (int i = 0; i < connections; i++) {
                Facility f = facilities.get(random.nextInt(facilities.size()));
                int slot = i % 100;
                int level = slot < 1 ? 0 : slot < 5 ? 1 : slot < 25 ? 2 : slot < 75 ? 3 : 4;
                roomOf[i] = f.rooms().get(level);
                members.merge(roomOf[i], 1, Integer::sum);
            }

            AtomicLong delivered = new AtomicLong();
            AtomicLong mapUpdates = new AtomicLong();
            AtomicLong lastReceipt = new AtomicLong();
            AtomicLongArray latencyMs = new AtomicLongArray(120_001);
            Map<String, Long> sentAt = new ConcurrentHashMap<>();
            CountDownLatch subscribed = new CountDownLatch(connections);
            AtomicLong failures = new AtomicLong();
            AtomicLong closedEarly = new AtomicLong();
            WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(connections + 10)
                    .setConnectTimeout(30_000).setMaxMessageSize(4 * 1024 * 1024));
            Semaphore connecting = new Semaphore(200); // stay within the server's accept backlog
            List<WebSocket> sockets = java.util.Collections.synchronizedList(new ArrayList<>());
            long connectStart = System.nanoTime();
            for (int i = 0; i < connections; i++) {
                connecting.acquire();
                String room = roomOf[i];
                client.connect(new WebSocketConnectOptions().setPort(port).setHost("127.0.0.1").setURI("/ws/v1")
                        .addHeader("Authorization", "Bearer " + token)).onComplete(result -> {
                    connecting.release();
                    if (result.failed()) {
                        failures.incrementAndGet();
                        subscribed.countDown();
                        return;
                    }
                    WebSocket ws = result.result();
                    sockets.add(ws);
                    ws.closeHandler(v -> closedEarly.incrementAndGet());
                    ws.textMessageHandler(text -> {
                        if (text.startsWith("{\"event\":\"stock:update\"")) {
                            int at = text.indexOf("\"id\":\"");
                            Long sent = at < 0 ? null : sentAt.get(text.substring(at + 6, at + 42));
                            if (sent != null) {
                                long now = System.currentTimeMillis();
                                latencyMs.incrementAndGet((int) Math.min(120_000, Math.max(0, now - sent)));
                                delivered.incrementAndGet();
                                lastReceipt.set(now);
                            }
                        } else if (text.startsWith("{\"event\":\"map:update\"")) {
                            mapUpdates.incrementAndGet();
                        } else if (text.startsWith("{\"event\":\"subscribed\"")) {
                            subscribed.countDown();
                        }
                    });
                    ws.writeTextMessage("{\"action\":\"subscribe\",\"room\":\"" + room + "\"}");
                });
            }
            if (!subscribed.await(5, TimeUnit.MINUTES)) {
                System.out.printf("only %d of %d subscribed in 5 minutes%n", connections - subscribed.getCount(), connections);
            }
            double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
            Memory loaded = memory(gateway, port);
            System.out.printf("%d connections subscribed in %.1f s (%d failed)%n", sockets.size(), connectSeconds, failures.get());
            System.out.printf("gateway with connections: heap %.1f MiB, RSS %.1f MiB → per connection: heap %.1f KiB, RSS %.1f KiB%n",
                    loaded.heapMiB(), loaded.rssMiB(), (loaded.heapMiB() - idle.heapMiB()) * 1024 / sockets.size(),
                    (loaded.rssMiB() - idle.rssMiB()) * 1024 / sockets.size());

            try (KafkaProducer<String, String> producer = producer(infra.kafkaBootstrap())) {
                awaitLive(producer, facilities.get(0), sentAt, delivered, members);
                delivered.set(0);
                for (int i = 0; i < latencyMs.length(); i++) {
                    latencyMs.set(i, 0);
                }
                long expected = 0;
                long start = System.nanoTime();
                long firstSend = System.currentTimeMillis();
                for (int i = 0; i < events; i++) {
                    long due = start + (long) (i * 1e9 / rate);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    Facility f = facilities.get(random.nextInt(facilities.size()));
                    for (String room : f.rooms()) {
                        expected += members.getOrDefault(room, 0);
                    }
                    send(producer, f, PRODUCTS[random.nextInt(PRODUCTS.length)], STATUSES[random.nextInt(STATUSES.length)],
                            random.nextInt(10_000), sentAt);
                }
                producer.flush();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (delivered.get() < expected && System.nanoTime() < deadline) {
                    Thread.sleep(100); // a program, not a test: poll the counter until done or the deadline
                }
                double seconds = (lastReceipt.get() - firstSend) / 1000.0;
                System.out.printf("%nDelivery (Kafka record timestamp → client receipt), %d events at %d/s:%n", events, rate);
                System.out.printf("  stock:update frames: %d of %d expected (%.1f per event); map:update frames: %d%n", delivered.get(),
                        expected, expected / (double) events, mapUpdates.get());
                System.out.printf("  latency ms: p50 %d, p90 %d, p99 %d, max %d%n", percentile(latencyMs, 0.50),
                        percentile(latencyMs, 0.90), percentile(latencyMs, 0.99), percentile(latencyMs, 1.0));
                System.out.printf("  delivered %.0f frames/s over %.1f s; connections closed by the server: %d%n",
                        delivered.get() / seconds, seconds, closedEarly.get());
                Memory after = memory(gateway, port);
                System.out.printf("  gateway after the run: heap %.1f MiB, RSS %.1f MiB%n", after.heapMiB(), after.rssMiB());
                System.out.printf("  gateway metrics: %s%n", gatewayCounters(port));
            }
            sockets.forEach(ws -> ws.close());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            if (gateway != null) {
                gateway.destroy();
                gateway.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    /** Synthetic facilities spread over every LGA, with their real zone/state/LGA codes. */
    private static List<Facility> facilities(int count) {
        Geography geo = Geography.nigeria();
        List<Area> lgas = geo.ofLevel(Area.Level.LGA);
        List<Facility> facilities = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Area lga = lgas.get(i % lgas.size());
            Area state = geo.area(lga.parentCode()).orElseThrow();
            facilities.add(new Facility(String.format("%s-HF-%03d", lga.code(), 900 + i / lgas.size()),
                    new FacilityArea(state.parentCode(), state.code(), lga.code())));
        }
        return facilities;
    }

    private static void send(KafkaProducer<String, String> producer, Facility f, String product, String status, long balance,
            Map<String, Long> sentAt) {
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now();
        StockLevelChanged change = new StockLevelChanged(f.code(), product, "LOT-1", UUID.randomUUID().toString(), "issue",
                balance + 10, balance, balance, now, now, new LevelMetrics(1000L, BigDecimal.ONE, status, 0, 1.0, 3.0), f.area(), null,
                null);
        String value = EventJson.write(CloudEvent.of(id, "/bench", EventTypes.STOCK_LEVEL_CHANGED, f.code(), now, change));
        long timestamp = System.currentTimeMillis();
        sentAt.put(id, timestamp);
        producer.send(new ProducerRecord<>(Topics.STOCK_LEVELS, null, timestamp, f.code(), value));
    }

    /** The gateway reads from the live end: publish until a delivery arrives. */
    private static void awaitLive(KafkaProducer<String, String> producer, Facility f, Map<String, Long> sentAt, AtomicLong delivered,
            Map<String, Integer> members) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (delivered.get() == 0 && System.nanoTime() < deadline) {
            send(producer, f, "BCG", "WITHIN_RANGE", 1, sentAt);
            producer.flush();
            Thread.sleep(500);
        }
        if (delivered.get() == 0) {
            throw new IllegalStateException("the gateway delivered nothing within 60 s (national room members: "
                    + members.getOrDefault("national", 0) + ")");
        }
        Thread.sleep(2000); // let the probe's frames drain before measuring
    }

    private static long percentile(AtomicLongArray histogram, double p) {
        long total = 0;
        for (int i = 0; i < histogram.length(); i++) {
            total += histogram.get(i);
        }
        long rank = (long) Math.ceil(p * total);
        long seen = 0;
        for (int i = 0; i < histogram.length(); i++) {
            seen += histogram.get(i);
            if (seen >= rank && histogram.get(i) > 0) {
                return i;
            }
        }
        return -1;
    }

    private static Process startGateway(int port, String bootstrap, String heap, String issuerKey) throws IOException {
        Path root = LocalInfra.root();
        Path jar = root.resolve("realtime-gateway/target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: ./mvnw -B -o package -pl realtime-gateway -DskipTests");
        }
        Path log = root.resolve(".local/logs/processes/realtime-gateway-bench-" + port + ".log");
        Files.createDirectories(log.getParent());
        List<String> command = List.of("java", "-Xms" + heap, "-Xmx" + heap, "-Dquarkus.profile=local", "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port, "-Dkafka.bootstrap.servers=" + bootstrap, "-Dquarkus.log.level=WARN",
                "-jar", jar.toString());
        System.out.printf("gateway log: %s%n", log);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("VAXTRACE_DEV_ISSUER_PUBLIC_KEY", issuerKey);
        return builder.start();
    }

    private static void awaitReady(Process gateway, int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!gateway.isAlive()) {
                throw new IllegalStateException("the gateway exited with " + gateway.exitValue());
            }
            try {
                if (get(port, "/q/health/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the gateway was not ready within 60 s");
    }

    private record Memory(double heapMiB, double rssMiB) {
    }

    /** Heap used after a full GC (jcmd) and resident set size of the gateway process. */
    private static Memory memory(Process gateway, int port) throws Exception {
        new ProcessBuilder("jcmd", String.valueOf(gateway.pid()), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(30, TimeUnit.SECONDS);
        double heap = get(port, "/q/metrics").body().lines()
                .filter(l -> l.startsWith("jvm_memory_used_bytes{") && l.contains("area=\"heap\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        double rssKiB = Files.readAllLines(Path.of("/proc/" + gateway.pid() + "/status")).stream()
                .filter(l -> l.startsWith("VmRSS:")).mapToDouble(l -> Double.parseDouble(l.replaceAll("[^0-9]", ""))).sum();
        return new Memory(heap / (1024 * 1024), rssKiB / 1024);
    }

    private static String gatewayCounters(int port) throws Exception {
        StringBuilder out = new StringBuilder();
        get(port, "/q/metrics").body().lines()
                .filter(l -> l.startsWith("vaxtrace_gateway_frames_coalesced_total") || l.startsWith("vaxtrace_gateway_disconnects_total")
                        || l.startsWith("vaxtrace_gateway_connections ") || l.startsWith("vaxtrace_gateway_rooms "))
                .forEach(l -> out.append(l).append("; "));
        return out.toString();
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(props);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return options;
    }
}
