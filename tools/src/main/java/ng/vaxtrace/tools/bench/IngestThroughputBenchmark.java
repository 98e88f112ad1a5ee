package ng.vaxtrace.tools.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.core.type.TypeReference;

import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.StockEvent;
import ng.vaxtrace.contracts.Topics;
import ng.vaxtrace.testing.LocalInfra;
import ng.vaxtrace.testing.ServiceProcess;

/**
 * ingest-service under rising load: signed single stock events posted by N concurrent closed-loop clients per step,
 * accepted (202) events per second and latency percentiles per step, then batches of 100; beside the ceiling of the
 * same Kafka measured with Kafka's own ProducerPerformance (acks=all, same record size) in the same run. Prints
 * figures; asserts nothing.
 *
 * <p>Run with {@code ./vaxtrace bench ingest} (options: {@code --seconds N --steps 1,4,16,64 --records N}).
 */
public final class IngestThroughputBenchmark {

    private static final String CLIENT = "bench";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "10"));
        int[] steps = Arrays.stream(options.getOrDefault("steps", "1,4,16,64").split(",")).mapToInt(Integer::parseInt).toArray();
        int records = Integer.parseInt(options.getOrDefault("records", "200000"));
        LocalInfra.Endpoints infra = LocalInfra.start();
        String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(24));
        int recordSize = sampleRecordSize();
        System.out.printf("VaxTrace ingest-service benchmark — %d s per step, steps %s, %d cores, record ≈ %d bytes%n", seconds,
                Arrays.toString(steps), Runtime.getRuntime().availableProcessors(), recordSize);

        Map<String, String> config = new HashMap<>(Map.of("kafka.bootstrap.servers", infra.kafkaBootstrap(),
                "quarkus.redis.hosts", infra.redisUrl(), "vaxtrace.ingest.clients." + CLIENT + ".secrets", secret,
                "vaxtrace.ingest.clients." + CLIENT + ".rate-limit", "1000000000", "quarkus.log.level", "WARN"));
        try (ServiceProcess ingest = ServiceProcess.start("ingest-service", config, Map.of(), "-Xmx512m")) {
            ingest.awaitReady(Duration.ofMinutes(2));
            URI single = ingest.uri("/api/v1/stock-events");
            URI batch = ingest.uri("/api/v1/stock-events/batch");
            run(single, secret, 4, Math.min(seconds, 5), 1, "warm-up");
            System.out.printf("%nSigned single events, closed loop (each client waits for its 202 before the next):%n");
            for (int concurrency : steps) {
                run(single, secret, concurrency, seconds, 1, "singles");
            }
            System.out.printf("%nBatches of 100 events (the offline-sync endpoint):%n");
            run(batch, secret, 4, seconds, 100, "batches");
        }

        System.out.printf("%nKafka's own ceiling on the same broker (org.apache.kafka.tools.ProducerPerformance, acks=all, %d records of %d bytes):%n",
                records, recordSize);
        producerPerformance(infra.kafkaBootstrap(), records, recordSize);
    }

    /** One step: {@code concurrency} clients posting for {@code seconds}; prints accepted events/s and latency. */
    private static void run(URI uri, String secret, int concurrency, int seconds, int perRequest, String label) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong accepted = new AtomicLong();
        Map<Integer, AtomicLong> refused = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<List<Long>>> clients = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < concurrency; c++) {
            clients.add(pool.submit(() -> {
                List<Long> latencies = new ArrayList<>();
                while (System.nanoTime() < deadline) {
                    String body = perRequest == 1 ? event() : batchOf(perRequest);
                    long sent = System.nanoTime();
                    int status = BenchClients.signedPost(uri, CLIENT, secret, body);
                    latencies.add(System.nanoTime() - sent);
                    if (status == 202) {
                        accepted.addAndGet(perRequest);
                    } else {
                        refused.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
                    }
                }
                return latencies;
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> client : clients) {
            all.addAll(client.get());
        }
        pool.shutdown();
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("  %-8s %3d clients: %7.0f accepted events/s  (%d requests; latency p50 %6.1f ms, p99 %6.1f ms, max %6.1f ms)%s%n",
                label, concurrency, accepted.get() / elapsed, sorted.length, BenchClients.percentile(sorted, 50), BenchClients.percentile(sorted, 99),
                BenchClients.percentile(sorted, 100), refused.isEmpty() ? "" : "  not accepted (by status): " + refused);
    }

    /** A receipt at one of ~1,000 synthetic facilities (keys spread over every partition). */
    private static String event() {
        UUID id = UUID.randomUUID();
        return """
                {"eventId":"%s","type":"receipt","facilityCode":"NG-BENCH-%03d","productCode":"PENTA",\
                "lot":{"code":"PT-2026-11","expiry":"2027-08-31"},"quantity":100,"occurredAt":"%s","sourceSystem":"bench","vvmStage":1}"""
                .formatted(id, Math.floorMod(id.getLeastSignificantBits(), 1000), Instant.now().minus(1, ChronoUnit.HOURS));
    }

    private static String batchOf(int n) {
        StringBuilder body = new StringBuilder("{\"events\":[");
        for (int i = 0; i < n; i++) {
            body.append(i == 0 ? "" : ",").append(event());
        }
        return body.append("]}").toString();
    }

    /** The size of the CloudEvent ingest publishes for one such event, so the ceiling is measured with equal records. */
    private static int sampleRecordSize() {
        StockEvent data = EventJson.read(event(), new TypeReference<StockEvent>() {
        });
        CloudEvent<StockEvent> event = CloudEvent.of(UUID.randomUUID().toString(), "/ingest-service/clients/" + CLIENT,
                "ng.vaxtrace.stock.receipt.v1", data.facilityCode(), data.occurredAt(), data);
        return EventJson.write(event).getBytes(StandardCharsets.UTF_8).length;
    }

    private static void producerPerformance(String bootstrap, int records, int recordSize) throws Exception {
        Process process = new ProcessBuilder("java", "-Xmx512m", "-cp", LocalInfra.root().resolve(".local/kafka-lib") + "/*",
                "org.apache.kafka.tools.ProducerPerformance", "--topic", Topics.STOCK_EVENTS, "--num-records", Integer.toString(records),
                "--record-size", Integer.toString(recordSize), "--throughput", "-1", "--producer-props",
                "bootstrap.servers=" + bootstrap, "acks=all", "enable.idempotence=true", "linger.ms=2")
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            String last = null;
            while ((line = out.readLine()) != null) {
                if (line.contains("records sent")) {
                    last = line;
                }
            }
            System.out.println("  " + (last == null ? "ProducerPerformance printed no result (exit " + process.waitFor() + ")" : last));
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
