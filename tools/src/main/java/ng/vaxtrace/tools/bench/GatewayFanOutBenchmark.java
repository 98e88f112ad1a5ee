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
import java.util.Set;
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

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

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
 * realtime-gateway at national scale. A stand-in for stock-service's and alert-service's read APIs (the current levels
 * of {@code --facilities} facilities × 16 products and {@code --alerts} open alerts) serves the gateway's warm-up; then:
 * <ol>
 * <li><b>restart</b>: from launching the gateway to a national subscriber holding a complete snapshot;</li>
 * <li><b>storm</b>: {@code --national} national dashboards upgrade and join at once (handshake p99, failures, the slowest
 * health check meanwhile); {@code --national-changes} of them (200) follow every change ({@code national?changes=true},
 * a live map), the others the counts;</li>
 * <li>the rest join ({@code --state} state rooms, {@code --state-changes} (100) of them following the changes, the
 * remainder split 4:3 between LGA and facility rooms), heap per idle
 * connection after a full GC;</li>
 * <li>for each of {@code --rates} (events/s, {@code --seconds} each): delivery latency from the Kafka record timestamp
 * to the client, p50/p99 per room kind, frames delivered of expected (the rest were coalesced or dropped), bytes
 * received (count rooms: their {@code aggregate:update} frames and bytes), server-side coalescing and disconnects;</li>
 * <li><b>ceiling</b> (unless {@code --ceiling false}): the gateway stopped, the same clients join the same rooms of a
 * {@link BareFanOutServer} and the same changes are published again; p50/p99 of both side by side, with the ratio.</li>
 * </ol>
 * Prints figures; asserts nothing. Run with {@code ./vaxtrace bench-gateway} (which packages the gateway and raises the
 * file-descriptor limit first).
 */
public final class GatewayFanOutBenchmark {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** The EPI catalogue of the synthetic Nigeria (vaccines and diluents): every facility holds all 16. */
    private static final String[] PRODUCTS = { "BCG", "BCG-DIL", "HEPB", "BOPV", "PENTA", "PCV", "ROTA", "IPV", "MEASLES",
            "MEASLES-DIL", "YF", "YF-DIL", "MENA", "MENA-DIL", "TD", "HPV" };
    private static final String[] STATUSES = { "WITHIN_RANGE", "WITHIN_RANGE", "BELOW_MIN", "ABOVE_MAX", "STOCKED_OUT" };
    /** Room kinds: national and state dashboards get counts, unless they follow the changes ({@code ?changes=true}). */
    private static final List<String> KINDS = List.of("national", "national+changes", "state", "state+changes", "lga", "facility");
    private static final Set<String> COUNTS_ONLY = Set.of("national", "state");
    private static final String CHANGES = "?changes=true";

    private record Facility(String code, FacilityArea area) {
        /** The rooms a change of this facility reaches: 0 national, 2 state, 3 LGA, 4 facility; 5, 6 the change streams. */
        List<String> rooms() {
            return List.of("national", "zone:" + area.zoneCode(), "state:" + area.stateCode(), "lga:" + area.lgaCode(),
                    "facility:" + code, "national" + CHANGES, "state:" + area.stateCode() + CHANGES);
        }
    }

    /** Per room kind: latency histogram (ms), frames and bytes received. */
    private static final class Kind {
        final AtomicLongArray latencyMs = new AtomicLongArray(120_001);
        /** Counts rooms: the aggregate:update frames received. */
        final AtomicLong countFrames = new AtomicLong();
        final AtomicLong frames = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong expected = new AtomicLong();

        void reset() {
            for (int i = 0; i < latencyMs.length(); i++) {
                latencyMs.set(i, 0);
            }
            frames.set(0);
            countFrames.set(0);
            bytes.set(0);
            expected.set(0);
        }
    }

    public static void main(String[] args) {
        int status = 0;
        try {
            run(args);
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status); // the client's non-daemon threads (Kafka, HTTP server pool) must not keep the run alive
    }

    private static void run(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int connections = Integer.parseInt(options.getOrDefault("connections", "10000"));
        int national = Integer.parseInt(options.getOrDefault("national", "2000"));
        int state = Integer.parseInt(options.getOrDefault("state", "1000"));
        // The national and state dashboards that follow every change (a live map); the others show counts.
        int nationalChanges = Integer.parseInt(options.getOrDefault("national-changes", "200"));
        int stateChanges = Integer.parseInt(options.getOrDefault("state-changes", "100"));
        List<Integer> rates = java.util.Arrays.stream(options.getOrDefault("rates", "100,1000").split(",")).map(Integer::parseInt).toList();
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "20"));
        int facilityCount = Integer.parseInt(options.getOrDefault("facilities", "30000"));
        int alertCount = Integer.parseInt(options.getOrDefault("alerts", "20000"));
        String heap = options.getOrDefault("gateway-heap", "1g");
        int port = Integer.parseInt(options.getOrDefault("port", "18520"));
        int fakePort = Integer.parseInt(options.getOrDefault("fake-port", "18521"));
        int barePort = Integer.parseInt(options.getOrDefault("bare-port", "18522"));
        LocalInfra.Endpoints infra = LocalInfra.start();
        System.out.printf("VaxTrace realtime-gateway benchmark — %d connections (%d national of which %d follow the changes, %d state of"
                + " which %d, rest LGA/facility), rates %s/s for %d s each, %d facilities × %d products, %d open alerts, %d cores%n",
                connections, national, nationalChanges, state, stateChanges, rates, seconds, facilityCount, PRODUCTS.length, alertCount,
                Runtime.getRuntime().availableProcessors());

        Random random = new Random(42);
        List<Facility> facilities = facilities(facilityCount);
        HttpServer services = fakeServices(fakePort, facilities, alertCount, random);
        Process gateway = null;
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        try {
            DevIssuer issuer = DevIssuer.inDirectory(LocalInfra.root().resolve(".local/dev-issuer"));
            String token = issuer.token("bench", Roles.NATIONAL_OFFICER, null, Duration.ofHours(12));
            WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(connections + 10)
                    .setConnectTimeout(60_000).setMaxMessageSize(8 * 1024 * 1024).setMaxFrameSize(8 * 1024 * 1024));

            // 1. Restart: launch → a national subscriber with a complete snapshot.
            long launched = System.nanoTime();
            gateway = startGateway(port, infra.kafkaBootstrap(), heap, issuer, fakePort);
            JsonNode complete = awaitCompleteSnapshot(client, port, token, gateway);
            double restartSeconds = (System.nanoTime() - launched) / 1e9;
            System.out.printf("%nRestart: launch → complete national snapshot in %.1f s (warm-up itself %s); snapshot %d bytes: %d facilities,"
                    + " %d stock entries, %d open alerts, %d state aggregates%n", restartSeconds, warmUpSeconds(port),
                    complete.toString().length(), complete.path("facilities").asInt(), complete.path("stockEntries").asInt(),
                    complete.path("openAlerts").asInt(), complete.path("areas").size());
            awaitReady(gateway, port);
            Memory idle = memory(gateway, port);
            System.out.printf("gateway ready (pid %d): heap %.1f MiB, RSS %.1f MiB%n", gateway.pid(), idle.heapMiB(), idle.rssMiB());

            // Rooms: national, then state, then LGA and facility rooms 4:3, each around a random facility.
            Map<String, Integer> members = new HashMap<>();
            String[] roomOf = new String[connections];
            for (int i = 0; i < connections; i++) {
                Facility f = facilities.get(random.nextInt(facilities.size()));
                int level = i < nationalChanges ? 5 : i < national ? 0 : i < national + stateChanges ? 6 : i < national + state ? 2
                        : (i - national - state) % 7 < 4 ? 3 : 4;
                roomOf[i] = f.rooms().get(level);
                members.merge(roomOf[i], 1, Integer::sum);
            }
            Map<String, Kind> kinds = new HashMap<>();
            KINDS.forEach(k -> kinds.put(k, new Kind()));
            Map<String, Long> sentAt = new ConcurrentHashMap<>();
            AtomicLong closedByServer = new AtomicLong();
            AtomicLong snapshotBytes = new AtomicLong();
            AtomicLongArray handshakeMs = new AtomicLongArray(120_001);
            AtomicLong failures = new AtomicLong();
            List<WebSocket> sockets = java.util.Collections.synchronizedList(new ArrayList<>());

            // 2. Storm: every national dashboard at once, health probed meanwhile.
            HealthProbe health = new HealthProbe(port);
            health.start();
            long stormStart = System.nanoTime();
            CountDownLatch nationalJoined = new CountDownLatch(national);
            for (int i = 0; i < national; i++) {
                connect(client, port, token, roomOf[i], kinds, sentAt, closedByServer, snapshotBytes, handshakeMs, failures, sockets,
                        nationalJoined, null);
            }
            boolean allJoined = nationalJoined.await(3, TimeUnit.MINUTES);
            double stormSeconds = (System.nanoTime() - stormStart) / 1e9;
            health.stop();
            System.out.printf("%nStorm: %d national upgrades at once → %d joined with a snapshot in %.1f s, %d failed%s; handshake p50 %d ms, "
                    + "p99 %d ms, max %d ms; slowest /q/health/ready meanwhile %d ms (%d probes)%n", national, national - nationalJoined.getCount()
                    - failures.get(), stormSeconds, failures.get(), allJoined ? "" : " (gave up waiting after 3 min)",
                    percentile(handshakeMs, 0.5), percentile(handshakeMs, 0.99), percentile(handshakeMs, 1.0), health.maxMillis(), health.probes());

            // 3. The rest, at most 500 upgrades in flight.
            CountDownLatch restJoined = new CountDownLatch(connections - national);
            Semaphore inFlight = new Semaphore(500);
            long restStart = System.nanoTime();
            for (int i = national; i < connections; i++) {
                inFlight.acquire();
                connect(client, port, token, roomOf[i], kinds, sentAt, closedByServer, snapshotBytes, handshakeMs, failures, sockets,
                        restJoined, inFlight);
            }
            restJoined.await(5, TimeUnit.MINUTES);
            System.out.printf("Rest: %d more connections joined in %.1f s; all upgrades: handshake p50 %d ms, p99 %d ms; %d failed; "
                    + "snapshot bytes received %.1f MiB%n", connections - national - restJoined.getCount(), (System.nanoTime() - restStart) / 1e9,
                    percentile(handshakeMs, 0.5), percentile(handshakeMs, 0.99), failures.get(), snapshotBytes.get() / 1048576.0);
            Memory loaded = memory(gateway, port);
            System.out.printf("gateway with %d idle connections: heap %.1f MiB, RSS %.1f MiB → per connection: heap %.1f KiB, RSS %.1f KiB%n",
                    sockets.size(), loaded.heapMiB(), loaded.rssMiB(), (loaded.heapMiB() - idle.heapMiB()) * 1024 / sockets.size(),
                    (loaded.rssMiB() - idle.rssMiB()) * 1024 / sockets.size());

            // 4. Live updates at each rate.
            Map<Integer, Map<String, long[]>> throughGateway;
            try (KafkaProducer<String, String> producer = producer(infra.kafkaBootstrap())) {
                awaitLive(producer, facilities.get(0), sentAt, kinds);
                throughGateway = deliveries(producer, rates, seconds, facilities, kinds, members, sentAt, closedByServer, gateway, gateway,
                        port);
            }

            // 5. The ceiling: the same clients, rooms and changes through a bare Vert.x fan-out in a JVM of its own.
            if (Boolean.parseBoolean(options.getOrDefault("ceiling", "true"))) {
                System.out.printf("%nCeiling: the same %d clients and changes through a bare Vert.x fan-out (BareFanOutServer: same frames,"
                        + " no authentication, snapshots, resume or queue bounds), the gateway stopped%n", connections);
                closeAll(sockets);
                gateway.destroy();
                gateway.waitFor(20, TimeUnit.SECONDS);
                gateway = startBare(barePort, infra.kafkaBootstrap(), heap);
                CountDownLatch bareJoined = new CountDownLatch(connections);
                Semaphore bareInFlight = new Semaphore(500);
                for (int i = 0; i < connections; i++) {
                    bareInFlight.acquire();
                    connect(client, barePort, token, roomOf[i], kinds, sentAt, closedByServer, snapshotBytes, handshakeMs, failures, sockets,
                            bareJoined, bareInFlight);
                }
                bareJoined.await(5, TimeUnit.MINUTES);
                kinds.values().forEach(Kind::reset);
                try (KafkaProducer<String, String> producer = producer(infra.kafkaBootstrap())) {
                    awaitLive(producer, facilities.get(0), sentAt, kinds);
                    Map<Integer, Map<String, long[]>> bare = deliveries(producer, rates, seconds, facilities, kinds, members, sentAt,
                            closedByServer, null, gateway, barePort);
                    System.out.printf("%nGateway beside the bare fan-out (p50 / p99 ms; ratio = bare ÷ gateway, 100 %% = the machine's ceiling):%n");
                    for (int rate : rates) {
                        for (String name : KINDS.stream().filter(k -> !COUNTS_ONLY.contains(k)).toList()) {
                            long[] g = throughGateway.get(rate).get(name);
                            long[] b = bare.get(rate).get(name);
                            System.out.printf("  %5d/s %-16s gateway %5d / %5d, bare %5d / %5d → p50 %s, p99 %s%n", rate, name, g[0], g[1], b[0],
                                    b[1], ratio(b[0], g[0]), ratio(b[1], g[1]));
                        }
                    }
                }
            }
        } finally {
            // The gateway first: closing 10,000 client sockets one by one takes longer than letting the server go.
            if (gateway != null) {
                gateway.destroy();
                gateway.waitFor(20, TimeUnit.SECONDS);
            }
            services.stop(0);
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                System.out.println("client event loops did not close within 30 s");
            }
        }
    }

    /**
     * Publishes {@code rate} changes a second for {@code seconds} at each rate and prints delivery per room kind.
     * {@code gateway} null: the server is the bare fan-out (no counters or memory to read). Returns p50/p99 per kind.
     */
    private static Map<Integer, Map<String, long[]>> deliveries(KafkaProducer<String, String> producer, List<Integer> rates,
            int seconds, List<Facility> facilities, Map<String, Kind> kinds, Map<String, Integer> members, Map<String, Long> sentAt,
            AtomicLong closedByServer, Process gateway, Process server, int port) throws Exception {
        Map<Integer, Map<String, long[]>> figures = new HashMap<>();
        Random random = new Random(7); // the same changes for the gateway and the bare fan-out
        for (int rate : rates) {
            kinds.values().forEach(Kind::reset);
            Map<String, Double> before = gateway == null ? Map.of() : gatewayCounters(port);
            long closedBefore = closedByServer.get();
            double cpuBefore = cpuSeconds(server);
            int events = rate * seconds;
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                long wait = start + (long) (i * 1e9 / rate) - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                Facility f = facilities.get(random.nextInt(facilities.size()));
                for (String room : f.rooms()) {
                    String name = kindOf(room);
                    if (name != null && !COUNTS_ONLY.contains(name)) {
                        kinds.get(name).expected.addAndGet(members.getOrDefault(room, 0));
                    }
                }
                send(producer, f, PRODUCTS[random.nextInt(PRODUCTS.length)], STATUSES[random.nextInt(STATUSES.length)],
                        random.nextInt(10_000), sentAt);
            }
            producer.flush();
            double publishSeconds = (System.nanoTime() - start) / 1e9;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            long total = 0;
            while (System.nanoTime() < deadline) {
                long now = kinds.values().stream().mapToLong(k -> k.frames.get()).sum();
                if (now >= kinds.values().stream().mapToLong(k -> k.expected.get()).sum() || (now == total && now > 0
                        && System.nanoTime() - deadline > -TimeUnit.SECONDS.toNanos(25))) {
                    break;
                }
                total = now;
                Thread.sleep(1000); // a program, not a test: poll until everything arrived or nothing more comes
            }
            Map<String, Double> after = gateway == null ? Map.of() : gatewayCounters(port);
            if (after.isEmpty() && !before.isEmpty()) {
                System.out.println("  (the gateway's /q/metrics did not answer within 30 s: its event loops were saturated)");
            }
            double cpu = cpuSeconds(server) - cpuBefore;
            long delivered = kinds.values().stream().mapToLong(k -> k.frames.get()).sum();
            System.out.printf("%n%d events/s (%d events in %.1f s), delivery Kafka record timestamp → client receipt:%n", rate, events,
                    publishSeconds);
            System.out.printf("  server CPU %.1f core-s for %d deliveries = %.2f core-s per 100,000%n", cpu, delivered,
                    delivered == 0 ? 0.0 : cpu * 100_000 / delivered);
            Map<String, long[]> byKind = new HashMap<>();
            figures.put(rate, byKind);
            for (String name : KINDS) {
                Kind kind = kinds.get(name);
                if (COUNTS_ONLY.contains(name)) {
                    long dashboards = members.entrySet().stream().filter(e -> name.equals(kindOf(e.getKey()))).mapToLong(Map.Entry::getValue).sum();
                    System.out.printf("  %-16s counts only: %d aggregate:update frames (%.2f per dashboard per second); %.1f MiB received%n",
                            name, kind.countFrames.get(), dashboards == 0 ? 0.0 : kind.countFrames.get() / (double) dashboards / seconds,
                            kind.bytes.get() / 1048576.0);
                    continue;
                }
                long expected = kind.expected.get();
                byKind.put(name, new long[] { percentile(kind.latencyMs, 0.5), percentile(kind.latencyMs, 0.99) });
                System.out.printf("  %-16s p50 %5d ms, p99 %5d ms, max %5d ms; changes %8d of %8d expected (%5.1f%% missing: "
                        + "coalesced or dropped); %.1f MiB received%n", name, percentile(kind.latencyMs, 0.5),
                        percentile(kind.latencyMs, 0.99), percentile(kind.latencyMs, 1.0), kind.frames.get(), expected,
                        expected == 0 ? 0.0 : 100.0 * (expected - kind.frames.get()) / expected, kind.bytes.get() / 1048576.0);
            }
            if (gateway == null) {
                System.out.printf("  connections closed by the server %d%n", closedByServer.get() - closedBefore);
                continue;
            }
            System.out.printf("  gateway: frames coalesced %+.0f, slow-consumer disconnects %+.0f; connections closed by the server %d%n",
                    after.getOrDefault("coalesced", 0.0) - before.getOrDefault("coalesced", 0.0),
                    after.getOrDefault("slow", 0.0) - before.getOrDefault("slow", 0.0), closedByServer.get() - closedBefore);
            try {
                Memory now = memory(gateway, port);
                System.out.printf("  gateway after the run: heap %.1f MiB, RSS %.1f MiB%n", now.heapMiB(), now.rssMiB());
            } catch (java.net.http.HttpTimeoutException e) {
                System.out.println("  gateway memory not read: /q/metrics did not answer within 30 s");
            }
        }
        return figures;
    }

    /** User + system CPU time of a process so far (from /proc; clock ticks of 10 ms). */
    private static double cpuSeconds(Process process) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }

    private static String ratio(long bare, long gateway) {
        return gateway <= 0 ? "—" : String.format("%.0f %%", 100.0 * Math.max(bare, 1) / Math.max(gateway, 1));
    }

    private static void closeAll(List<WebSocket> sockets) throws InterruptedException {
        List<WebSocket> open;
        synchronized (sockets) {
            open = new ArrayList<>(sockets);
            sockets.clear();
        }
        CountDownLatch closed = new CountDownLatch(open.size());
        open.forEach(ws -> ws.close().onComplete(done -> closed.countDown()));
        closed.await(60, TimeUnit.SECONDS);
    }

    private static Process startBare(int port, String bootstrap, String heap) throws Exception {
        Path root = LocalInfra.root();
        Path log = root.resolve(".local/logs/processes/bare-fan-out-" + port + ".log");
        String classpath = root.resolve("tools/target/classes") + java.io.File.pathSeparator + root.resolve("tools/target/lib/*");
        Process bare = new ProcessBuilder(List.of("java", "-Xms" + heap, "-Xmx" + heap, "-cp", classpath, BareFanOutServer.class.getName(),
                String.valueOf(port), bootstrap)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && bare.isAlive()) {
            if (Files.exists(log) && Files.readString(log).contains("LISTENING")) {
                return bare;
            }
            Thread.sleep(100); // a program, not a test: poll its log until it listens
        }
        throw new IllegalStateException("the bare fan-out did not start: " + log);
    }

    private static String kindOf(String room) {
        int colon = room.indexOf(':');
        int query = room.indexOf('?');
        String level = colon >= 0 ? room.substring(0, colon) : query >= 0 ? room.substring(0, query) : room;
        String kind = room.endsWith(CHANGES) ? level + "+changes" : level;
        return KINDS.contains(kind) ? kind : null;
    }

    /** Opens one dashboard, joins its room, and records what it receives. */
    private static void connect(WebSocketClient client, int port, String token, String room, Map<String, Kind> kinds,
            Map<String, Long> sentAt, AtomicLong closedByServer, AtomicLong snapshotBytes, AtomicLongArray handshakeMs,
            AtomicLong failures, List<WebSocket> sockets, CountDownLatch joined, Semaphore inFlight) {
        long began = System.nanoTime();
        Kind kind = kinds.get(kindOf(room));
        client.connect(new WebSocketConnectOptions().setPort(port).setHost("127.0.0.1").setURI("/ws/v1")
                .addHeader("Authorization", "Bearer " + token)).onComplete(result -> {
            if (inFlight != null) {
                inFlight.release();
            }
            if (result.failed()) {
                failures.incrementAndGet();
                joined.countDown();
                return;
            }
            handshakeMs.incrementAndGet((int) Math.min(120_000, (System.nanoTime() - began) / 1_000_000));
            WebSocket ws = result.result();
            sockets.add(ws);
            ws.closeHandler(v -> closedByServer.incrementAndGet());
            ws.textMessageHandler(text -> {
                if (text.startsWith("{\"event\":\"stock:update\"")) {
                    int at = text.indexOf("\"id\":\"");
                    Long sent = at < 0 ? null : sentAt.get(text.substring(at + 6, at + 42));
                    if (sent != null && kind != null) {
                        kind.latencyMs.incrementAndGet((int) Math.min(120_000, Math.max(0, System.currentTimeMillis() - sent)));
                        kind.frames.incrementAndGet();
                    }
                    if (kind != null) {
                        kind.bytes.addAndGet(text.length());
                    }
                } else if (text.startsWith("{\"event\":\"stock:batch\"")) {
                    // National, zone and state rooms: the changes of a batch interval in one frame, each with its id.
                    long now = System.currentTimeMillis();
                    for (int at = text.indexOf("{\"id\":\""); at >= 0; at = text.indexOf("{\"id\":\"", at + 43)) {
                        Long sent = sentAt.get(text.substring(at + 7, at + 43));
                        if (sent != null && kind != null) {
                            kind.latencyMs.incrementAndGet((int) Math.min(120_000, Math.max(0, now - sent)));
                            kind.frames.incrementAndGet();
                        }
                    }
                    if (kind != null) {
                        kind.bytes.addAndGet(text.length());
                    }
                } else if (text.startsWith("{\"event\":\"aggregate:update\"")) {
                    if (kind != null) {
                        kind.countFrames.incrementAndGet();
                        kind.bytes.addAndGet(text.length());
                    }
                } else if (text.startsWith("{\"event\":\"snapshot\"")) {
                    snapshotBytes.addAndGet(text.length());
                    if (joined != null) {
                        joined.countDown();
                    }
                } else if (kind != null) {
                    kind.bytes.addAndGet(text.length());
                }
            });
            ws.writeTextMessage("{\"action\":\"subscribe\",\"room\":\"" + room + "\"}");
        });
    }

    /** Connects as soon as the gateway listens, joins national, and waits for a snapshot that says it is complete. */
    private static JsonNode awaitCompleteSnapshot(WebSocketClient client, int port, String token, Process gateway) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!gateway.isAlive()) {
                throw new IllegalStateException("the gateway exited with " + gateway.exitValue());
            }
            java.util.concurrent.CompletableFuture<JsonNode> snapshot = new java.util.concurrent.CompletableFuture<>();
            try {
                WebSocket ws = client.connect(new WebSocketConnectOptions().setPort(port).setHost("127.0.0.1").setURI("/ws/v1")
                        .addHeader("Authorization", "Bearer " + token)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                ws.textMessageHandler(text -> {
                    if (text.startsWith("{\"event\":\"snapshot\"")) {
                        JsonNode data = EventJson.tree(text).path("data");
                        if (data.path("complete").asBoolean()) {
                            snapshot.complete(data);
                        }
                    }
                });
                ws.writeTextMessage("{\"action\":\"subscribe\",\"room\":\"national\"}");
                JsonNode complete = snapshot.get(Math.max(1, TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime())), TimeUnit.SECONDS);
                ws.close();
                return complete;
            } catch (java.util.concurrent.ExecutionException e) {
                Thread.sleep(50); // not listening yet
            }
        }
        throw new IllegalStateException("no complete national snapshot within 120 s");
    }

    /** Probes /q/health/ready every 100 ms on a thread of its own and keeps the slowest answer. */
    private static final class HealthProbe {
        private final int port;
        private final AtomicLong maxMillis = new AtomicLong();
        private final AtomicLong probes = new AtomicLong();
        private volatile boolean running = true;
        private Thread thread;

        HealthProbe(int port) {
            this.port = port;
        }

        void start() {
            thread = new Thread(() -> {
                while (running) {
                    long began = System.nanoTime();
                    try {
                        get(port, "/q/health/ready");
                    } catch (Exception e) {
                        // counted as slow as it took
                    }
                    maxMillis.accumulateAndGet((System.nanoTime() - began) / 1_000_000, Math::max);
                    probes.incrementAndGet();
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "health-probe");
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(35_000);
        }

        long maxMillis() {
            return maxMillis.get();
        }

        long probes() {
            return probes.get();
        }
    }

    /**
     * Stock-service's and alert-service's read APIs as the warm-up reads them: the nation's levels (every facility with
     * a random status and quantity of every product) and every open alert, each in one answer. Bodies are made once.
     */
    private static HttpServer fakeServices(int port, List<Facility> facilities, int alertCount, Random random) throws IOException {
        // The nation's levels table as stock-service writes it (PostgreSQL's json_agg spacing included).
        StringBuilder table = new StringBuilder(facilities.size() * 600).append("{\"area\":\"NG\",\"columns\":[\"product\",\"status\",\"quantity\"],\"facilities\":[");
        for (int i = 0; i < facilities.size(); i++) {
            Facility f = facilities.get(i);
            table.append(i == 0 ? "" : ",").append("{\"code\":\"").append(f.code()).append("\",\"zone\":\"").append(f.area().zoneCode())
                    .append("\",\"state\":\"").append(f.area().stateCode()).append("\",\"lga\":\"").append(f.area().lgaCode())
                    .append("\",\"levels\":[");
            for (int p = 0; p < PRODUCTS.length; p++) {
                table.append(p == 0 ? "" : ", ").append("[\"").append(PRODUCTS[p]).append("\", \"")
                        .append(STATUSES[random.nextInt(STATUSES.length)]).append("\", ").append(random.nextInt(5000)).append(']');
            }
            table.append("]}");
        }
        byte[] levels = table.append("]}").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        // Every open alert in one answer, as alert-service's GET /api/v1/areas/NG/open-alerts writes it.
        StringBuilder json = new StringBuilder(alertCount * 300).append("{\"area\":\"NG\",\"count\":").append(alertCount).append(",\"items\":[");
        for (int i = 0; i < alertCount; i++) {
            Facility f = facilities.get(i % facilities.size());
            json.append(i == 0 ? "" : ",").append("{\"alertId\":\"bench-alert-").append(i)
                    .append("\",\"alertType\":\"STOCK_OUT\",\"severity\":\"HIGH\",\"status\":\"OPEN\",\"facilityCode\":\"")
                    .append(f.code()).append("\",\"area\":").append(EventJson.write(f.area()))
                    .append(",\"productCode\":\"PENTA\",\"message\":\"stocked out\",\"raisedAt\":\"2026-12-01T08:00:00Z\"}");
        }
        byte[] openAlerts = json.append("]}").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/api/v1/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body = null;
            if (path.equals("/api/v1/areas/NG/levels")) {
                body = levels;
            } else if (path.equals("/api/v1/areas/NG/open-alerts")) {
                body = openAlerts;
            }
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(2));
        server.start();
        return server;
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

    /** The gateway reads from the live end: publish until a delivery reaches the national dashboards. */
    private static void awaitLive(KafkaProducer<String, String> producer, Facility f, Map<String, Long> sentAt, Map<String, Kind> kinds)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        java.util.function.LongSupplier received = () -> kinds.values().stream().mapToLong(k -> k.frames.get() + k.countFrames.get()).sum();
        while (received.getAsLong() == 0 && System.nanoTime() < deadline) {
            send(producer, f, "BCG", "WITHIN_RANGE", 1, sentAt);
            producer.flush();
            Thread.sleep(500);
        }
        if (received.getAsLong() == 0) {
            throw new IllegalStateException("the server delivered nothing within 60 s");
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

    private static Process startGateway(int port, String bootstrap, String heap, DevIssuer issuer, int fakePort) throws IOException {
        Path root = LocalInfra.root();
        Path jar = root.resolve("realtime-gateway/target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: ./mvnw -B -o package -pl realtime-gateway -DskipTests");
        }
        Path log = root.resolve(".local/logs/processes/realtime-gateway-bench-" + port + ".log");
        Files.createDirectories(log.getParent());
        String services = "http://127.0.0.1:" + fakePort;
        // Its collections beside the figures: a pause shows up in p99 (the file is overwritten by each run).
        String gcLog = "-Xlog:gc:file=" + root.resolve(".local/logs/processes/realtime-gateway-bench-gc.log") + ":uptime";
        // G1 with a 20 ms pause goal, as deploy/k8s runs the gateway: the default 200 ms goal let young pauses reach
        // 100–300 ms under load, the tail of every delivery.
        List<String> command = new ArrayList<>(List.of("java", "-Xms" + heap, "-Xmx" + heap, "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
                gcLog));
        // VAXTRACE_BENCH_GATEWAY_JVM: more JVM options for the gateway (a Flight Recorder profile, a JIT log…).
        String extra = System.getenv().getOrDefault("VAXTRACE_BENCH_GATEWAY_JVM", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of("-Dquarkus.profile=local", "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port, "-Dkafka.bootstrap.servers=" + bootstrap, "-Dquarkus.log.level=WARN",
                "-Dquarkus.log.category.\"ng.vaxtrace.gateway.warmup\".level=INFO",
                "-Dvaxtrace.gateway.stock-url=" + services, "-Dvaxtrace.gateway.alert-url=" + services,
                "-Dvaxtrace.gateway.service-identity.dev-issuer-dir=" + root.resolve(".local/dev-issuer"),
                "-jar", jar.toString()));
        System.out.printf("gateway log: %s%n", log);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("VAXTRACE_DEV_ISSUER_PUBLIC_KEY", issuer.publicKey());
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

    /** The gateway's coalescing and slow-consumer counters. */
    private static Map<String, Double> gatewayCounters(int port) throws Exception {
        Map<String, Double> counters = new HashMap<>();
        HttpResponse<String> metrics;
        try {
            metrics = get(port, "/q/metrics");
        } catch (java.net.http.HttpTimeoutException e) {
            return counters;
        }
        metrics.body().lines().forEach(l -> {
            if (l.startsWith("vaxtrace_gateway_frames_coalesced_total")) {
                counters.merge("coalesced", value(l), Double::sum);
            } else if (l.startsWith("vaxtrace_gateway_disconnects_total{") && l.contains("reason=\"slow\"")) {
                counters.merge("slow", value(l), Double::sum);
            }
        });
        return counters;
    }

    /** How long the gateway's warm-up took, from its own timer. */
    private static String warmUpSeconds(int port) throws Exception {
        return get(port, "/q/metrics").body().lines().filter(l -> l.startsWith("vaxtrace_gateway_warm_up_seconds_max"))
                .map(l -> String.format("%.2f s", value(l))).findFirst().orElse("not reported");
    }

    private static double value(String metricLine) {
        return Double.parseDouble(metricLine.substring(metricLine.lastIndexOf(' ') + 1));
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
