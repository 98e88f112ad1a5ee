package ng.vaxtrace.tools.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

import ng.vaxtrace.contracts.FacilityReference;
import ng.vaxtrace.contracts.FacilityTier;
import ng.vaxtrace.contracts.Topics;
import ng.vaxtrace.data.SyntheticNigeria;
import ng.vaxtrace.security.Roles;
import ng.vaxtrace.testing.LocalInfra;
import ng.vaxtrace.testing.ServiceProcess;
import ng.vaxtrace.testing.TestIssuer;

/**
 * Field to dashboard: signed batches posted to ingest-service at a steady rate over thousands of facilities (the
 * background), while a probe posts single signed events to a few other facilities and times each from the POST to
 * its {@code stock:update} frame on a WebSocket subscribed to the facility's room at realtime-gateway. Everything
 * real: ingest → Kafka → stock-service (ledger, outbox) → Kafka → gateway → WebSocket. The benchmark signs with a
 * client and secret of its own (made up per run), with its own rate limit, so it never uses the demo feed's budget.
 * Prints figures; asserts nothing.
 *
 * <p>Run with {@code ./vaxtrace bench e2e} (options: {@code --rate N --seconds N --facilities N --probes N
 * --warm-up SECONDS}, default 30).
 */
public final class EndToEndLatencyBenchmark {

    private static final String CLIENT = "bench-e2e";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int rate = Integer.parseInt(options.getOrDefault("rate", "1000"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "60"));
        int facilityCount = Integer.parseInt(options.getOrDefault("facilities", "2000"));
        int probeCount = Integer.parseInt(options.getOrDefault("probes", "10"));
        int warmUpSeconds = Integer.parseInt(options.getOrDefault("warm-up", "30"));
        LocalInfra.Endpoints infra = LocalInfra.start();
        String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(24));
        SyntheticNigeria data = new SyntheticNigeria(2026, 3);
        List<String> facilities = data.facilities().stream().filter(f -> f.tier() == FacilityTier.HEALTH_FACILITY)
                .map(FacilityReference::code).toList();
        List<String> background = facilities.subList(0, Math.min(facilityCount, facilities.size() - probeCount));
        List<String> probes = facilities.subList(facilities.size() - probeCount, facilities.size());
        System.out.printf("VaxTrace end-to-end latency — background %d events/s over %d facilities for %d s, probes on %d facilities, %d cores%n",
                rate, background.size(), seconds, probes.size(), Runtime.getRuntime().availableProcessors());

        Map<String, String> kafkaRedis = Map.of("kafka.bootstrap.servers", infra.kafkaBootstrap(), "quarkus.redis.hosts", infra.redisUrl(),
                "quarkus.log.level", "WARN");
        Map<String, String> stockConfig = new java.util.HashMap<>(kafkaRedis);
        stockConfig.putAll(Map.of("quarkus.datasource.reactive.url", infra.reactiveUrl("vaxtrace_stock"),
                "quarkus.datasource.jdbc.url", infra.jdbcUrl("vaxtrace_stock"), "quarkus.datasource.username", infra.pgUser(),
                "vaxtrace.stock.seed.synthetic-facilities-per-lga", "3"));
        Map<String, String> ingestConfig = new java.util.HashMap<>(kafkaRedis);
        ingestConfig.putAll(Map.of("vaxtrace.ingest.clients." + CLIENT + ".secrets", secret,
                "vaxtrace.ingest.clients." + CLIENT + ".rate-limit", "1000000"));
        Map<String, String> gatewayConfig = new java.util.HashMap<>(kafkaRedis);
        try (ServiceProcess stock = ServiceProcess.start("stock-service", stockConfig, Map.of("QUARKUS_DATASOURCE_PASSWORD", infra.pgPassword()),
                "-Xmx768m");
                ServiceProcess ingest = ServiceProcess.start("ingest-service", ingestConfig, Map.of(), "-Xmx512m");
                ServiceProcess gateway = ServiceProcess.start("realtime-gateway", gatewayConfig, Map.of(), "-Xmx512m")) {
            stock.awaitReady(Duration.ofMinutes(3));
            ingest.awaitReady(Duration.ofMinutes(2));
            gateway.awaitReady(Duration.ofMinutes(2));

            Map<String, Long> probeSent = new ConcurrentHashMap<>();
            List<Long> probeLatencies = java.util.Collections.synchronizedList(new ArrayList<>());
            Map<String, long[]> hops = new ConcurrentHashMap<>();
            WebSocket socket = dashboard(gateway, probes, probeSent, probeLatencies, hops);

            // Warm-up, unreported: every background facility (first events create the cards), then the same load as
            // measured for --warm-up seconds with probes, so the four JVMs have compiled their hot paths (a service
            // in production has long since) — the first seconds of a fresh JVM are a different figure.
            postBackground(ingest, secret, background, Math.max(rate, 500), 5, new AtomicLong(), new AtomicLong(), null);
            if (warmUpSeconds > 0) {
                CompletableFuture<Void> warmLoad = CompletableFuture.runAsync(() -> postBackground(ingest, secret, background, rate,
                        warmUpSeconds, new AtomicLong(), new AtomicLong(), null));
                probe(ingest, secret, probes, warmUpSeconds * 5, probeSent, new AtomicLong(), hops);
                warmLoad.join();
            } else {
                probe(ingest, secret, probes, 20, probeSent, new AtomicLong(), hops);
            }
            awaitQuiet(probeSent, Duration.ofSeconds(30));
            probeLatencies.clear();
            hops.clear();

            Set<String> backgroundIds = ConcurrentHashMap.newKeySet();
            AtomicLong accepted = new AtomicLong();
            AtomicLong refused = new AtomicLong();
            AtomicLong probesSent = new AtomicLong();
            try (KafkaConsumer<String, String> levels = BenchClients.liveEnd(infra.kafkaBootstrap(), Topics.STOCK_LEVELS);
                    HopWatch watch = new HopWatch(infra.kafkaBootstrap(), hops)) {
                ExecutorService load = Executors.newSingleThreadExecutor();
                CompletableFuture<Void> backgroundDone = CompletableFuture.runAsync(() -> postBackground(ingest, secret, background, rate,
                        seconds, accepted, refused, backgroundIds), load);
                probe(ingest, secret, probes, seconds * 5, probeSent, probesSent, hops);
                backgroundDone.get();
                load.shutdown();
                awaitQuiet(probeSent, Duration.ofSeconds(60));
                long delivered = countLevels(levels, backgroundIds, Duration.ofSeconds(60));
                long[] sorted = probeLatencies.stream().mapToLong(Long::longValue).sorted().toArray();
                System.out.printf("%nBackground: %d events accepted by ingest (%d refused) = %.0f events/s; %d of them reached "
                        + "vaxtrace.stock.levels.v1 (%.2f %%)%n", accepted.get(), refused.get(), accepted.get() / (double) seconds, delivered,
                        100.0 * delivered / Math.max(1, accepted.get()));
                System.out.printf("Probe (POST → stock:update frame on the facility's room): %d sent, %d delivered; p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                        probesSent.get(), sorted.length, BenchClients.percentile(sorted, 50), BenchClients.percentile(sorted, 99), BenchClients.percentile(sorted, 100));
                // By thirds of the run, in the order the probes were delivered: a tail only at the start is warm-up.
                List<Long> inOrder = List.copyOf(probeLatencies);
                for (int third = 0; third < 3; third++) {
                    long[] part = inOrder.subList(third * inOrder.size() / 3, (third + 1) * inOrder.size() / 3).stream()
                            .mapToLong(Long::longValue).sorted().toArray();
                    System.out.printf("   third %d of the run: p50 %.1f ms, p99 %.1f ms%n", third + 1, BenchClients.percentile(part, 50),
                            BenchClients.percentile(part, 99));
                }
                watch.print();
            }
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
    }

    /** One dashboard holding every probe facility's room; records when each probe's stock:update arrives. */
    private static WebSocket dashboard(ServiceProcess gateway, List<String> probes, Map<String, Long> sent, List<Long> latencies,
            Map<String, long[]> hops) throws Exception {
        String token = TestIssuer.bearer(Roles.NATIONAL_OFFICER, null).replace("Bearer ", "");
        CountDownLatch subscribed = new CountDownLatch(probes.size());
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence text, boolean last) {
                partial.append(text);
                if (last) {
                    String frame = partial.toString();
                    partial.setLength(0);
                    if (frame.startsWith("{\"event\":\"subscribed\"")) {
                        subscribed.countDown();
                    } else if (frame.contains("\"stock:update\"")) {
                        int at = frame.indexOf("\"causeEventId\":\"");
                        if (at >= 0) {
                            String id = frame.substring(at + 16, frame.indexOf('"', at + 16));
                            Long start = sent.remove(id);
                            if (start != null) {
                                latencies.add(System.nanoTime() - start);
                                long[] stamps = hops.get(id);
                                if (stamps != null) {
                                    stamps[3] = System.currentTimeMillis();
                                }
                            }
                        }
                    }
                }
                ws.request(1);
                return null;
            }
        };
        URI uri = URI.create("ws://127.0.0.1:" + gateway.uri("/").getPort() + "/ws/v1?access_token=" + token);
        WebSocket socket = HTTP.newWebSocketBuilder().buildAsync(uri, listener).get(30, TimeUnit.SECONDS);
        for (String facility : probes) {
            socket.sendText("{\"action\":\"subscribe\",\"room\":\"facility:" + facility + "\"}", true).get();
        }
        if (!subscribed.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the gateway did not confirm every probe room");
        }
        return socket;
    }

    /** Signed batches of 100 at {@code rate} events/s for {@code seconds}, round-robin over {@code facilities}. */
    private static void postBackground(ServiceProcess ingest, String secret, List<String> facilities, int rate, int seconds,
            AtomicLong accepted, AtomicLong refused, Set<String> ids) {
        URI uri = ingest.uri("/api/v1/stock-events/batch");
        int perBatch = 100;
        long interval = 1_000_000_000L * perBatch / rate;
        long start = System.nanoTime();
        long batches = (long) rate * seconds / perBatch;
        ExecutorService senders = Executors.newFixedThreadPool(4);
        List<CompletableFuture<Void>> inFlight = new ArrayList<>();
        int next = 0;
        for (long b = 0; b < batches; b++) {
            long due = start + interval * b;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait); // not a spin: the client must not eat a core of the machine it measures
            }
            StringBuilder body = new StringBuilder("{\"events\":[");
            List<String> batchIds = new ArrayList<>();
            for (int i = 0; i < perBatch; i++) {
                String id = UUID.randomUUID().toString();
                batchIds.add(id);
                body.append(i == 0 ? "" : ",").append(event(id, facilities.get(next++ % facilities.size())));
            }
            String json = body.append("]}").toString();
            inFlight.add(CompletableFuture.runAsync(() -> {
                if (BenchClients.signedPost(uri, CLIENT, secret, json) == 202) {
                    accepted.addAndGet(perBatch);
                    if (ids != null) {
                        ids.addAll(batchIds);
                    }
                } else {
                    refused.addAndGet(perBatch);
                }
            }, senders));
        }
        inFlight.forEach(CompletableFuture::join);
        senders.shutdown();
    }

    /** Single signed events, five a second, each timed from just before its POST. */
    private static void probe(ServiceProcess ingest, String secret, List<String> probes, int count, Map<String, Long> sent,
            AtomicLong sentCount, Map<String, long[]> hops) {
        URI uri = ingest.uri("/api/v1/stock-events");
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = start + 200_000_000L * i;
            while (System.nanoTime() < due) {
                sleep(1);
            }
            String id = UUID.randomUUID().toString();
            hops.put(id, new long[] { System.currentTimeMillis(), 0, 0, 0 });
            sent.put(id, System.nanoTime());
            if (BenchClients.signedPost(uri, CLIENT, secret, event(id, probes.get(i % probes.size()))) == 202) {
                sentCount.incrementAndGet();
            } else {
                sent.remove(id);
            }
        }
    }

    private static String event(String id, String facility) {
        return """
                {"eventId":"%s","type":"receipt","facilityCode":"%s","productCode":"PENTA",\
                "lot":{"code":"PT-E2E-1","expiry":"2028-06-30"},"quantity":10,"occurredAt":"%s","sourceSystem":"bench"}"""
                .formatted(id, facility, Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS));
    }

    private static void awaitQuiet(Map<String, Long> pending, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            sleep(50);
        }
    }

    /** Level changes of the background's events seen on the topic, until all are in or {@code max} passed. */
    private static long countLevels(KafkaConsumer<String, String> levels, Set<String> ids, Duration max) {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        long deadline = System.nanoTime() + max.toNanos();
        while (seen.size() < ids.size() && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> r : levels.poll(Duration.ofMillis(200))) {
                int at = r.value().indexOf("\"causeEventId\":\"");
                if (at >= 0) {
                    String id = r.value().substring(at + 16, r.value().indexOf('"', at + 16));
                    if (ids.contains(id)) {
                        seen.add(id);
                    }
                }
            }
        }
        return seen.size();
    }

    /**
     * Where a probe's time goes, hop by hop, from the Kafka record timestamps (set by each producer when it sends, on
     * this machine's clock): POST → ingest sends the event; → stock-service's relay sends the level change (Kafka in,
     * apply, commit); → the frame reaches the dashboard (Kafka out, gateway, WebSocket). Millisecond resolution.
     */
    private static final class HopWatch implements AutoCloseable {
        private final Map<String, long[]> hops;
        private final List<Thread> threads = new ArrayList<>();
        private volatile boolean running = true;

        HopWatch(String bootstrap, Map<String, long[]> hops) {
            this.hops = hops;
            watch(bootstrap, Topics.STOCK_EVENTS, "\"id\":\"", 1);
            watch(bootstrap, Topics.STOCK_LEVELS, "\"causeEventId\":\"", 2);
        }

        private void watch(String bootstrap, String topic, String idField, int slot) {
            KafkaConsumer<String, String> consumer = BenchClients.liveEnd(bootstrap, topic);
            Thread thread = new Thread(() -> {
                try (consumer) {
                    while (running) {
                        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                            int at = r.value().indexOf(idField);
                            if (at >= 0) {
                                int from = at + idField.length();
                                long[] stamps = hops.get(r.value().substring(from, r.value().indexOf('"', from)));
                                if (stamps != null && stamps[slot] == 0) {
                                    stamps[slot] = r.timestamp();
                                }
                            }
                        }
                    }
                }
            }, "hop-watch-" + slot);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }

        void print() {
            List<long[]> complete = hops.values().stream().filter(h -> h[1] > 0 && h[2] > 0 && h[3] > 0).toList();
            String[] names = { "POST → ingest sends to Kafka", "→ stock-service's level change sent (Kafka, apply, relay)",
                    "→ frame at the dashboard (Kafka, gateway, WebSocket)" };
            System.out.printf("Probe hops (%d probes with every timestamp):%n", complete.size());
            for (int hop = 0; hop < 3; hop++) {
                int h = hop;
                long[] sorted = complete.stream().mapToLong(s -> Math.max(0, s[h + 1] - s[h]) * 1_000_000L).sorted().toArray();
                System.out.printf("   %-58s p50 %6.1f ms, p99 %6.1f ms, max %6.1f ms%n", names[hop], BenchClients.percentile(sorted, 50),
                        BenchClients.percentile(sorted, 99), BenchClients.percentile(sorted, 100));
            }
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            for (Thread thread : threads) {
                thread.join(2_000);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
