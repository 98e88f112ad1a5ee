package ng.vaxtrace.tools.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.FacilityReference;
import ng.vaxtrace.contracts.FacilityTier;
import ng.vaxtrace.contracts.StockEvent;
import ng.vaxtrace.contracts.Topics;
import ng.vaxtrace.data.SyntheticNigeria;
import ng.vaxtrace.security.Roles;
import ng.vaxtrace.testing.LocalInfra;
import ng.vaxtrace.testing.ServiceProcess;
import ng.vaxtrace.testing.TestIssuer;

/**
 * stock-service on the ~30,000-facility dataset: stock events persisted per second end to end (Kafka in → stock-level
 * change out) and their latency, beside pgbench running the same writes per event against the same PostgreSQL; then
 * the latency of the map and national-aggregate endpoints, uncached and cached. Prints figures; asserts nothing.
 *
 * <p>Run with {@code ./vaxtrace bench} (options: {@code --events N --facilities-per-lga N --seconds N}).
 */
public final class StockThroughputBenchmark {

    /** The dashboards' reads are authenticated: a national officer's token from this JVM's development issuer. */
    private static final String READER = TestIssuer.bearer(Roles.NATIONAL_OFFICER, null);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int events = Integer.parseInt(options.getOrDefault("events", "20000"));
        int perLga = Integer.parseInt(options.getOrDefault("facilities-per-lga", "39"));
        int pgbenchSeconds = Integer.parseInt(options.getOrDefault("seconds", "20"));
        LocalInfra.Endpoints infra = LocalInfra.start();
        System.out.printf("VaxTrace stock-service benchmark — %d events, %d health facilities per LGA, %d cores%n", events, perLga,
                Runtime.getRuntime().availableProcessors());

        Map<String, String> config = new HashMap<>(Map.of("kafka.bootstrap.servers", infra.kafkaBootstrap(),
                "quarkus.redis.hosts", infra.redisUrl(), "quarkus.datasource.reactive.url", infra.reactiveUrl("vaxtrace_stock"),
                "quarkus.datasource.jdbc.url", infra.jdbcUrl("vaxtrace_stock"), "quarkus.datasource.username", infra.pgUser(),
                "vaxtrace.stock.seed.synthetic-facilities-per-lga", Integer.toString(perLga),
                "quarkus.log.level", "WARN"));
        try (ServiceProcess stock = ServiceProcess.start("stock-service", config, Map.of("QUARKUS_DATASOURCE_PASSWORD", infra.pgPassword()),
                "-Xmx768m")) {
            stock.awaitReady(Duration.ofMinutes(3));
            List<String[]> records = generate(events, perLga);
            System.out.printf("%nEnd to end (Kafka in → level change out), %d events over %d facilities:%n", records.size(),
                    records.stream().map(r -> r[0]).distinct().count());
            endToEnd(infra.kafkaBootstrap(), records.subList(0, Math.min(500, records.size())), "warm-up");
            endToEnd(infra.kafkaBootstrap(), records.subList(Math.min(500, records.size()), records.size()), "measured");

            System.out.printf("%nThe same writes per event with pgbench (ceiling of this PostgreSQL on this machine):%n");
            pgbench(infra, pgbenchSeconds);

            System.out.printf("%nRead latency (HTTP on loopback, gzip), with every facility × product holding a status:%n");
            loadStatuses(infra);
            String facility = records.get(records.size() - 1)[0];
            readLatency(stock, infra.kafkaBootstrap(), facility, "/api/v1/map/facilities?product=PENTA", "map, national, PENTA");
            readLatency(stock, infra.kafkaBootstrap(), facility, "/api/v1/areas/NG/stock", "national aggregate");
        }
    }

    /** Deterministic activity (a week each) of health facilities spread over the whole country, until enough events. */
    private static List<String[]> generate(int events, int perLga) {
        SyntheticNigeria data = new SyntheticNigeria(2026, perLga);
        LocalDate to = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        LocalDate from = to.minusDays(6);
        List<FacilityReference> facilities = data.facilities().stream().filter(f -> f.tier() == FacilityTier.HEALTH_FACILITY).toList();
        List<String[]> records = new ArrayList<>();
        for (int i = 0; i < facilities.size(); i++) {
            FacilityReference facility = facilities.get((int) ((i * 7919L) % facilities.size())); // a stride across all states
            for (CloudEvent<StockEvent> event : data.history(facility, from, to)) {
                records.add(new String[] { facility.code(), event.id(), EventJson.write(event) });
            }
            if (records.size() >= events) {
                break;
            }
        }
        return records.subList(0, Math.min(events, records.size()));
    }

    private static void endToEnd(String bootstrap, List<String[]> records, String label) throws Exception {
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        List<Long> latencies = new ArrayList<>();
        AtomicLong failures = new AtomicLong();
        try (KafkaConsumer<String, String> consumer = levelsConsumer(bootstrap); KafkaProducer<String, String> producer = producer(bootstrap)) {
            long start = System.nanoTime();
            for (String[] r : records) {
                sentAt.put(r[1], System.nanoTime());
                producer.send(new ProducerRecord<>(Topics.STOCK_EVENTS, r[0], r[2]), (meta, e) -> {
                    if (e != null) {
                        failures.incrementAndGet();
                    }
                });
            }
            producer.flush();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
            while (!sentAt.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> level : consumer.poll(Duration.ofMillis(200))) {
                    String cause = EventJson.tree(level.value()).path("data").path("causeEventId").asText();
                    Long sent = sentAt.remove(cause);
                    if (sent != null) {
                        latencies.add(System.nanoTime() - sent);
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf("  %-9s %6d events in %6.1f s = %7.0f events/s; latency p50 %6.0f ms, p99 %6.0f ms%s%n", label,
                    latencies.size(), seconds, latencies.size() / seconds, percentile(sorted, 50), percentile(sorted, 99),
                    sentAt.isEmpty() && failures.get() == 0 ? "" : " (" + sentAt.size() + " not seen, " + failures.get() + " send failures)");
        }
    }

    /**
     * pgbench with a script doing what stock-service does per event in its transaction: dedup check, balance lock and
     * upsert, ledger insert, status upsert, outbox insert; then the outbox delete after publishing.
     */
    private static void pgbench(LocalInfra.Endpoints infra, int seconds) throws Exception {
        Path script = Files.createTempFile("vaxtrace-pgbench", ".sql");
        Files.writeString(script, """
                \\set f random(1, 30000)
                \\set p random(1, 16)
                \\set q random(1, 50)
                BEGIN;
                SELECT count(*) FROM bench_ledger WHERE event_id = md5(random()::text);
                INSERT INTO bench_balance (facility, product, lot, quantity) VALUES (:f, :p, 'L1', 1000)
                  ON CONFLICT (facility, product, lot) DO NOTHING;
                SELECT quantity FROM bench_balance WHERE facility = :f AND product = :p AND lot = 'L1' FOR UPDATE;
                INSERT INTO bench_ledger (event_id, facility, product, lot, quantity, delta, balance_after, occurred_at, recorded_at, payload)
                  VALUES (md5(random()::text), :f, :p, 'L1', :q, -:q, 1000, now(), now(), repeat('x', 300));
                UPDATE bench_balance SET quantity = quantity + 0, updated_at = now() WHERE facility = :f AND product = :p AND lot = 'L1';
                SELECT occurred_at, delta, quantity FROM bench_ledger WHERE facility = :f AND product = :p AND occurred_at > now() - interval '120 days';
                INSERT INTO bench_status (facility, product, quantity, updated_at) VALUES (:f, :p, 1000, now())
                  ON CONFLICT (facility, product) DO UPDATE SET quantity = excluded.quantity, updated_at = now();
                INSERT INTO bench_outbox (payload, created_at) VALUES (repeat('y', 600), now());
                END;
                DELETE FROM bench_outbox WHERE id = (SELECT max(id) FROM bench_outbox);
                """);
        String setup = """
                DROP TABLE IF EXISTS bench_ledger, bench_balance, bench_status, bench_outbox;
                CREATE TABLE bench_ledger (id bigserial PRIMARY KEY, event_id text UNIQUE, facility int, product int, lot text,
                  quantity bigint, delta bigint, balance_after bigint, occurred_at timestamptz, recorded_at timestamptz, payload text);
                CREATE INDEX ON bench_ledger (facility, product, occurred_at);
                CREATE TABLE bench_balance (facility int, product int, lot text, quantity bigint, updated_at timestamptz,
                  PRIMARY KEY (facility, product, lot));
                CREATE TABLE bench_status (facility int, product int, quantity bigint, updated_at timestamptz, PRIMARY KEY (facility, product));
                CREATE TABLE bench_outbox (id bigserial PRIMARY KEY, payload text, created_at timestamptz);
                """;
        String pgBin = Files.list(Path.of("/usr/lib/postgresql")).sorted().reduce((a, b) -> b).map(p -> p.resolve("bin").toString())
                .orElse("/usr/bin");
        run(List.of(pgBin + "/psql", "-q", "-h", infra.pgHost(), "-p", Integer.toString(infra.pgPort()), "-U", infra.pgUser(),
                "-d", "vaxtrace_stock", "-c", setup), infra.pgPassword(), false);
        for (int clients : new int[] { 1, 4 }) {
            String out = run(List.of(pgBin + "/pgbench", "-n", "-h", infra.pgHost(), "-p", Integer.toString(infra.pgPort()),
                    "-U", infra.pgUser(), "-c", Integer.toString(clients), "-j", Integer.toString(Math.min(clients, 2)),
                    "-T", Integer.toString(seconds), "-f", script.toString(), "vaxtrace_stock"), infra.pgPassword(), true);
            String tps = Arrays.stream(out.split("\n")).filter(l -> l.startsWith("tps")).findFirst().orElse("tps: n/a");
            String latency = Arrays.stream(out.split("\n")).filter(l -> l.startsWith("latency average")).findFirst().orElse("");
            System.out.printf("  pgbench %d client(s): %s; %s%n", clients, tps.replace("tps = ", "").trim(), latency.trim());
        }
        run(List.of(pgBin + "/psql", "-q", "-h", infra.pgHost(), "-p", Integer.toString(infra.pgPort()), "-U", infra.pgUser(),
                "-d", "vaxtrace_stock", "-c", "DROP TABLE bench_ledger, bench_balance, bench_status, bench_outbox"), infra.pgPassword(), false);
    }

    /**
     * The read benchmark needs the whole country to have stock: give every facility × product without a status a
     * plausible one (deterministic from the codes), as months of real activity would.
     */
    private static void loadStatuses(LocalInfra.Endpoints infra) throws Exception {
        String sql = """
                insert into stock_status (facility_code, product_code, quantity, amc, months_of_stock, status, stockout_days,
                                          first_event_at, last_event_at, updated_at)
                select f.code, p.code, q.quantity, 100, round(q.quantity / 100.0, 2),
                       case when q.quantity = 0 then 'STOCKED_OUT' when q.quantity < 25 then 'BELOW_MIN'
                            when q.quantity > 125 then 'ABOVE_MAX' else 'WITHIN_RANGE' end, 0, now() - interval '90 days', now(), now()
                from facility f cross join product p
                cross join lateral (select (abs(hashtext(f.code || p.code)) % 160) as quantity) q
                on conflict (facility_code, product_code) do nothing""";
        String pgBin = Files.list(Path.of("/usr/lib/postgresql")).sorted().reduce((a, b) -> b).map(p -> p.resolve("bin").toString())
                .orElse("/usr/bin");
        run(List.of(pgBin + "/psql", "-q", "-h", infra.pgHost(), "-p", Integer.toString(infra.pgPort()), "-U", infra.pgUser(),
                "-d", "vaxtrace_stock", "-c", sql), infra.pgPassword(), false);
    }

    /** Uncached: a stock change first invalidates the national entries; cached: the same request repeated. */
    private static void readLatency(ServiceProcess stock, String bootstrap, String facility, String path, String label) throws Exception {
        URI uri = stock.uri(path);
        List<Long> uncached = new ArrayList<>();
        try (KafkaProducer<String, String> producer = producer(bootstrap); KafkaConsumer<String, String> levels = levelsConsumer(bootstrap)) {
            for (int i = 0; i < 10; i++) {
                String id = java.util.UUID.randomUUID().toString();
                StockEvent data = new StockEvent(facility, "PENTA", null, 1L, java.time.Instant.now(), "bench", null, null, null);
                producer.send(new ProducerRecord<>(Topics.STOCK_EVENTS, facility, EventJson.write(CloudEvent.of(id, "/bench",
                        "ng.vaxtrace.stock.receipt.v1", facility, data.occurredAt(), data)))).get();
                boolean seen = false;
                while (!seen) {
                    for (ConsumerRecord<String, String> r : levels.poll(Duration.ofMillis(100))) {
                        seen |= r.value().contains(id);
                    }
                }
                uncached.add(time(uri));
            }
        }
        List<Long> cached = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            cached.add(time(uri));
        }
        long[] u = uncached.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] c = cached.stream().mapToLong(Long::longValue).sorted().toArray();
        HttpResponse<byte[]> sample = HTTP.send(HttpRequest.newBuilder(uri).header("Accept-Encoding", "gzip")
                .header("Authorization", READER).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        System.out.printf("  %-22s uncached p50 %6.1f ms, max %6.1f ms | cached p50 %5.1f ms, p99 %5.1f ms | %d KB gzip%n", label,
                percentile(u, 50), percentile(u, 100), percentile(c, 50), percentile(c, 99), sample.body().length / 1024);
    }

    private static long time(URI uri) throws IOException, InterruptedException {
        long start = System.nanoTime();
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(uri).header("Accept-Encoding", "gzip")
                .header("Authorization", READER).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(uri + " answered " + response.statusCode());
        }
        return System.nanoTime() - start;
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(props);
    }

    private static KafkaConsumer<String, String> levelsConsumer(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + System.nanoTime());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props);
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.STOCK_LEVELS).stream()
                .map(p -> new TopicPartition(Topics.STOCK_LEVELS, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    private static String run(List<String> command, String password, boolean capture) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", password);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException(command.get(0) + " failed: " + out);
        }
        return capture ? out : "";
    }

    private static double percentile(long[] sortedNanos, int p) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, index))] / 1e6;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return options;
    }
}
