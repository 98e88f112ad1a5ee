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
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.FacilityReference;
import ng.vaxtrace.contracts.FacilityTier;
import ng.vaxtrace.security.Roles;
import ng.vaxtrace.testing.TestIssuer;
import ng.vaxtrace.contracts.StockEvent;
import ng.vaxtrace.contracts.Topics;
import ng.vaxtrace.data.SyntheticNigeria;
import ng.vaxtrace.security.Roles;
import ng.vaxtrace.testing.LocalInfra;
import ng.vaxtrace.testing.ServiceProcess;
import ng.vaxtrace.testing.TestIssuer;

/**
 * stock-service on the ~30,000-facility dataset, each figure beside its ceiling measured in the same run:
 * <ol>
 * <li>latency of the stock-service hop (Kafka in → stock-level change out) at a steady 1,000 events/s;</li>
 * <li>the stage alone: a backlog of N events written to Kafka while the running service's consumption is paused
 * (admin API), then drained, with liveness polled throughout; then another backlog queued while the service is down
 * and drained by a fresh JVM; for each, the CPU used per process and JVM thread kind and PostgreSQL's time per
 * statement; beside them pgbench doing the same writes batched (ledger insert + balance upsert, 50 events per
 * transaction) on the same PostgreSQL, and the ratio;</li>
 * <li>with {@code --history N}: N ledger rows of older history added, then a second backlog drained, to show that the
 * cost per event does not grow with history;</li>
 * <li>read latency of the map and national aggregate, uncached and cached.</li>
 * </ol>
 * Prints figures; asserts nothing. Run with {@code ./vaxtrace bench} (options: {@code --events N --rate N
 * --facilities-per-lga N --seconds N --history N --warm-up N --phases hop,drain,reads}; env VAXTRACE_BENCH_JVM for the service's
 * JVM options, VAXTRACE_BENCH_JFR for a Flight Recorder profile).
 */
public final class StockThroughputBenchmark {

    /** The dashboards' reads are authenticated: a national officer's token from this JVM's development issuer. */
    private static final String READER = TestIssuer.bearer(Roles.NATIONAL_OFFICER, null);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** stock-service's JVM options; VAXTRACE_BENCH_JFR=<dir> adds a Flight Recorder profile per start, to see where time goes. */
    /** stock-service's JVM options: the heap of the local run, VAXTRACE_BENCH_JVM to try others, a JFR recording on request. */
    private static final String[] JVM = jvmOptions();

    private static String[] jvmOptions() {
        List<String> options = new ArrayList<>(List.of(System.getenv().getOrDefault("VAXTRACE_BENCH_JVM", "-Xmx768m").trim().split("\\s+")));
        if (System.getenv("VAXTRACE_BENCH_JFR") != null) {
            options.add("-XX:StartFlightRecording=settings=profile,filename=" + System.getenv("VAXTRACE_BENCH_JFR"));
        }
        return options.toArray(String[]::new);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int events = Integer.parseInt(options.getOrDefault("events", "100000"));
        int rate = Integer.parseInt(options.getOrDefault("rate", "1000"));
        int perLga = Integer.parseInt(options.getOrDefault("facilities-per-lga", "39"));
        int pgbenchSeconds = Integer.parseInt(options.getOrDefault("seconds", "20"));
        long history = Long.parseLong(options.getOrDefault("history", "0"));
        // Events drained (unreported) before anything is measured, so "warm" means a service whose JIT has settled:
        // C2 still took 3.0 core-seconds per 100,000 events after a 200,000-event warm-up, 1.0 after 600,000 (the
        // compile log named big OSR compilations of the apply's loops long after start). Six weeks' worth.
        int warmUpEvents = Integer.parseInt(options.getOrDefault("warm-up", "600000"));
        // --phases hop,drain,reads (default all): a quicker run of one part while tuning.
        List<String> phases = List.of(options.getOrDefault("phases", "hop,drain,reads").split(","));
        LocalInfra.Endpoints infra = LocalInfra.start();
        System.out.printf("VaxTrace stock-service benchmark — backlog %d events, %d health facilities per LGA, %d cores%n", events,
                perLga, Runtime.getRuntime().availableProcessors());

        Map<String, String> config = new HashMap<>(Map.of("kafka.bootstrap.servers", infra.kafkaBootstrap(),
                "quarkus.redis.hosts", infra.redisUrl(), "quarkus.datasource.reactive.url", infra.reactiveUrl("vaxtrace_stock"),
                "quarkus.datasource.jdbc.url", infra.jdbcUrl("vaxtrace_stock"), "quarkus.datasource.username", infra.pgUser(),
                "vaxtrace.stock.seed.synthetic-facilities-per-lga", Integer.toString(perLga),
                "quarkus.log.level", "WARN"));
        Map<String, String> env = Map.of("QUARKUS_DATASOURCE_PASSWORD", infra.pgPassword());
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        // Successive weeks, so that no backlog reaches back into an earlier one's cards (late events are measured by tests).
        // Whole weeks before the measured ones, oldest first, until the warm-up has its size.
        List<String[]> warmUp = new ArrayList<>();
        for (int week = (warmUpEvents + 99_999) / 100_000; week >= 1 && warmUp.size() < warmUpEvents; week--) {
            warmUp.addAll(generate(Math.min(100_000, warmUpEvents - warmUp.size()), perLga, today.minusDays(28 + 7L * week), 15485863L));
        }
        List<String[]> paced = generate(rate * 20, perLga, today.minusDays(28), 7919L);
        List<String[]> backlog = generate(events, perLga, today.minusDays(21), 104729L);
        List<String[]> restart = generate(events, perLga, today.minusDays(14), 104729L);
        List<String[]> later = history > 0 ? generate(events, perLga, today.minusDays(7), 104729L) : List.of();
        ServiceProcess stock = ServiceProcess.start("stock-service", config, env, JVM);
        try {
            stock.awaitReady(Duration.ofMinutes(3));
            // A JVM compiles its hot code during its first minute or so: drain a smaller backlog first, unreported,
            // so the warm figures below are those of a service that has been running (2b shows a fresh one).
            admin(stock, "pause");
            long warmed = handled(stock);
            produce(infra.kafkaBootstrap(), warmUp);
            admin(stock, "resume");
            long warmDeadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (handled(stock) - warmed < warmUp.size()) {
                if (System.nanoTime() > warmDeadline) {
                    throw new IllegalStateException("the warm-up backlog was not drained within 10 minutes");
                }
                Thread.sleep(250);
            }
            if (phases.contains("hop")) {
                System.out.printf("%n1. The stock-service hop at a steady %d events/s (Kafka in → level change out), %d events over %d facilities:%n",
                        rate, paced.size(), paced.stream().map(r -> r[0]).distinct().count());
                endToEnd(infra.kafkaBootstrap(), paced.subList(0, Math.min(rate, paced.size())), "warm-up", rate);
                endToEnd(infra.kafkaBootstrap(), paced.subList(Math.min(rate, paced.size()), paced.size()), "measured", rate);
                stageBreakdown(stock);
            }

            System.out.printf("%n2. The stage alone, warm: %d events queued in Kafka while the running service's consumption is paused, then drained:%n",
                    backlog.size());
            admin(stock, "pause");
            long before = handled(stock);
            produce(infra.kafkaBootstrap(), backlog);
            admin(stock, "resume");
            double drained = follow(stock, infra, before, backlog.size());

            System.out.printf("%n2b. The same after a restart (a fresh JVM: its JIT compiler works through the backlog too): %d events queued while stock-service is down:%n",
                    restart.size());
            stock.close();
            produce(infra.kafkaBootstrap(), restart);
            Drained cold = drain(config, env, infra, restart.size());
            stock = cold.stock();
            System.out.printf("%n   Ceiling: the same writes batched with pgbench (ledger insert + balance upsert, 50 events per transaction):%n");
            double[] ceilings = pgbenchBatched(infra, pgbenchSeconds);
            System.out.printf("   stock-service stage / ceiling (same tables as the ledger) = %.0f / %.0f = %.0f %% warm, %.0f %% fresh JVM%n",
                    drained, ceilings[0], 100 * drained / ceilings[0], 100 * cold.rate() / ceilings[0]);
            System.out.printf("   stock-service stage / ceiling (simplified tables of earlier runs) = %.0f / %.0f = %.0f %% warm, %.0f %% fresh JVM%n",
                    drained, ceilings[1], 100 * drained / ceilings[1], 100 * cold.rate() / ceilings[1]);

            if (history > 0) {
                System.out.printf("%n3. The same backlog again on a ledger holding %,d more rows of older history:%n", history);
                addHistory(infra, history);
                stock.close();
                produce(infra.kafkaBootstrap(), later);
                Drained second = drain(config, env, infra, later.size());
                stock = second.stock();
                double withHistory = second.rate();
                System.out.printf("   per-event cost with history / without (both after a restart): %.0f / %.0f events/s = %.0f %%%n",
                        withHistory, cold.rate(), 100 * withHistory / cold.rate());
            }

            if (phases.contains("reads")) {
                System.out.printf("%n4. Read latency (HTTP on loopback, gzip), with every facility × product holding a status:%n");
                loadStatuses(infra);
                String facility = paced.get(paced.size() - 1)[0];
                readLatency(stock, infra.kafkaBootstrap(), facility, "/api/v1/map/facilities?product=PENTA", "map, national, PENTA");
                readLatency(stock, infra.kafkaBootstrap(), facility, "/api/v1/areas/NG/stock", "national aggregate");
            }
        } finally {
            stock.close();
        }
    }

    /** Deterministic activity (a week each, from {@code from}) of health facilities striding over the country. */
    private static List<String[]> generate(int events, int perLga, LocalDate from, long stride) {
        SyntheticNigeria data = new SyntheticNigeria(2026, perLga);
        LocalDate to = from.plusDays(6);
        List<FacilityReference> facilities = data.facilities().stream().filter(f -> f.tier() == FacilityTier.HEALTH_FACILITY).toList();
        List<String[]> records = new ArrayList<>();
        for (int i = 0; i < facilities.size() && records.size() < events; i++) {
            FacilityReference facility = facilities.get((int) ((i * stride) % facilities.size()));
            for (CloudEvent<StockEvent> event : data.history(facility, from, to)) {
                // The generator numbers a facility's events from 0 in every call: make the id unique to this week.
                String id = java.util.UUID.nameUUIDFromBytes((from + ":" + event.id()).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
                records.add(new String[] { facility.code(), id,
                        EventJson.write(CloudEvent.of(id, event.source(), event.type(), event.subject(), event.time(), event.data())) });
            }
        }
        return records.subList(0, Math.min(events, records.size()));
    }

    private static void produce(String bootstrap, List<String[]> records) {
        long start = System.nanoTime();
        try (KafkaProducer<String, String> producer = producer(bootstrap)) {
            for (String[] r : records) {
                producer.send(new ProducerRecord<>(Topics.STOCK_EVENTS, r[0], r[2]));
            }
            producer.flush();
        }
        System.out.printf("   queued %d events in %.1f s%n", records.size(), (System.nanoTime() - start) / 1e9);
    }

    /**
     * Starts stock-service on a queued backlog and follows the events it has handled until {@code expected}, polling
     * liveness every 250 ms once it answers; reports the CPU each process used and PostgreSQL's time per statement. Returns events/s from the first applied
     * event to the last.
     */
    private static Drained drain(Map<String, String> config, Map<String, String> env, LocalInfra.Endpoints infra, long expected)
            throws Exception {
        ServiceProcess stock = ServiceProcess.start("stock-service", config, env, JVM);
        return new Drained(stock, follow(stock, infra, 0, expected));
    }

    /**
     * Follows the events a running (or starting) stock-service handles until {@code expected} more than
     * {@code baseline}, polling liveness every 250 ms once it answers; reports the rate from the first to the last
     * handled, the CPU each process used meanwhile and PostgreSQL's time per statement.
     */
    private static double follow(ServiceProcess stock, LocalInfra.Endpoints infra, long baseline, long expected) throws Exception {
        boolean statements = resetStatementStatistics(infra);
        Path state = LocalInfra.stateDir();
        CpuAccounting cpu = new CpuAccounting().track("stock-service", Optional.of(stock.pid()))
                .track("PostgreSQL", CpuAccounting.pidFile(state.resolve("postgres/data/postmaster.pid")))
                .track("Kafka", CpuAccounting.pidFile(state.resolve("kafka/kafka.pid")))
                .track("Redis", CpuAccounting.pidFile(state.resolve("redis/redis.pid")));
        long polls = 0, down = 0, first = -1, last = -1, count = 0;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(20);
        while (count < expected && System.nanoTime() < deadline) {
            Thread.sleep(250);
            // The service's own count of events handled (applied, duplicate or refused): a count(*) of the ledger
            // every 250 ms would itself load the database it measures.
            long now = Math.max(0, handled(stock) - baseline);
            if (now > count) {
                if (first < 0) {
                    first = System.nanoTime();
                    cpu.begin();
                }
                last = System.nanoTime();
            }
            count = now;
            try {
                HttpResponse<Void> live = HTTP.send(HttpRequest.newBuilder(stock.uri("/q/health/live")).build(),
                        HttpResponse.BodyHandlers.discarding());
                polls++;
                down += live.statusCode() == 200 ? 0 : 1;
            } catch (IOException notListeningYet) {
                // still starting
            }
        }
        Map<String, Double> used = cpu.end();
        Map<String, Double> threads = cpu.threadsEnd();
        double seconds = (last - first) / 1e9;
        double rate = count / seconds;
        System.out.printf("   drained %d events in %.1f s (first to last applied) = %.0f events/s; liveness DOWN in %d of %d polls%s%n",
                count, seconds, rate, down, polls, count < expected ? " (NOT all applied: " + count + "/" + expected + ")" : "");
        stageBreakdown(stock);
        System.out.println(CpuAccounting.describe(used, seconds));
        System.out.println(CpuAccounting.describeThreads("stock-service", threads, 0.1));
        if (statements) {
            printStatementStatistics(infra, count);
        }
        return rate;
    }

    /** Pauses or resumes the service's consumption through its admin API. */
    private static void admin(ServiceProcess stock, String action) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(stock.uri("/api/v1/admin/consumption/" + action))
                .header("Authorization", TestIssuer.bearer(Roles.ADMIN, null)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(action + " answered " + response.statusCode() + ": " + response.body());
        }
        // A consumer takes the pause at its next loop round: wait until every one has, so nothing of the backlog
        // about to be queued is applied before it is complete.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while ("pause".equals(action) && consumption(stock).contains("\"state\":\"consuming\"")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("consumers not paused within 60 s: " + consumption(stock));
            }
            Thread.sleep(100);
        }
    }

    private static String consumption(ServiceProcess stock) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(stock.uri("/api/v1/admin/consumption"))
                .header("Authorization", TestIssuer.bearer(Roles.ADMIN, null)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Events the service has handled so far (0 while it starts). */
    private static long handled(ServiceProcess stock) {
        try {
            String metrics = HTTP.send(HttpRequest.newBuilder(stock.uri("/q/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            return (long) sample(metrics, "vaxtrace_stock_events_total");
        } catch (IOException | InterruptedException | RuntimeException notYet) {
            return 0;
        }
    }

    /** Starts PostgreSQL's per-statement statistics afresh when the server loads pg_stat_statements (./vaxtrace bench does). */
    private static boolean resetStatementStatistics(LocalInfra.Endpoints infra) {
        try {
            // As the cluster's superuser, over the local socket infra.sh opens (trust authentication).
            run(List.of(pgBin() + "/psql", "-qtA", "-h", LocalInfra.stateDir().resolve("postgres/run").toString(), "-p",
                    Integer.toString(infra.pgPort()), "-U", "postgres", "-d", "vaxtrace_stock", "-v", "ON_ERROR_STOP=1", "-c",
                    "create extension if not exists pg_stat_statements", "-c", "select pg_stat_statements_reset()"), infra.pgPassword(), true);
            return true;
        } catch (Exception notLoaded) {
            return false;
        }
    }

    /** Where PostgreSQL's execution time went while draining: the statements that took most, per event. */
    private static void printStatementStatistics(LocalInfra.Endpoints infra, long events) throws Exception {
        String rows = run(psql(infra, """
                select calls, round(total_exec_time::numeric, 0), left(regexp_replace(query, '\\s+', ' ', 'g'), 90)
                from pg_stat_statements where dbid = (select oid from pg_database where datname = 'vaxtrace_stock')
                order by total_exec_time desc limit 12"""), infra.pgPassword(), true);
        double total = 0;
        StringBuilder lines = new StringBuilder();
        for (String row : rows.strip().split("\n")) {
            String[] f = row.split("\\|", 3);
            if (f.length < 3) {
                continue;
            }
            double ms = Double.parseDouble(f[1]);
            total += ms;
            lines.append(String.format("     %6.1f µs/event %8s calls  %s%n", 1000 * ms / events, f[0], f[2]));
        }
        System.out.printf("   PostgreSQL execution time while draining (pg_stat_statements, top statements): %.1f µs per event%n%s",
                1000 * total / events, lines);
    }

    private record Drained(ServiceProcess stock, double rate) {
    }

    /** Where a consumer's time goes, from the service's own timers: per batch, apply (one transaction), relay, whole round. */
    private static void stageBreakdown(ServiceProcess stock) throws Exception {
        String metrics = HTTP.send(HttpRequest.newBuilder(stock.uri("/q/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        StringBuilder line = new StringBuilder("   per batch (mean):");
        double batches = 0;
        for (String timer : List.of("vaxtrace_stock_batch_seconds", "vaxtrace_stock_relay_seconds", "vaxtrace_stock_consumer_cycle_seconds")) {
            double count = sample(metrics, timer + "_count"), sum = sample(metrics, timer + "_sum");
            batches = timer.contains("cycle") ? count : batches;
            line.append(String.format(" %s %.1f ms;", timer.replace("vaxtrace_stock_", "").replace("_seconds", ""), 1000 * sum / count));
        }
        double events = sample(metrics, "vaxtrace_stock_events_total");
        System.out.println(line.append(String.format(" %.0f rounds with records, %.0f events per round", batches, events / batches)));
    }

    /** The sum of a Prometheus sample's values over its label sets. */
    private static double sample(String metrics, String name) {
        return Arrays.stream(metrics.split("\n")).filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    static List<String> psql(LocalInfra.Endpoints infra, String sql) throws IOException {
        return List.of(pgBin() + "/psql", "-qtA", "-h", infra.pgHost(), "-p", Integer.toString(infra.pgPort()), "-U", infra.pgUser(),
                "-d", "vaxtrace_stock", "-c", sql);
    }

    private static String pgBin() throws IOException {
        try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.sorted().reduce((a, b) -> b).map(p -> p.resolve("bin").toString()).orElse("/usr/bin");
        }
    }

    /** Older history for the facilities of the dataset: ledger rows two to four years back, as years of use would leave. */
    private static void addHistory(LocalInfra.Endpoints infra, long rows) throws Exception {
        long start = System.nanoTime();
        run(psql(infra, """
                insert into ledger_entry (event_id, event_type, facility_code, product_code, lot_code, lot_expiry, quantity, delta,
                                          balance_after, occurred_at, recorded_at, source, source_system)
                select 'history-' || g, 'consumption', fs.a[1 + ((g::bigint * 7919) %% array_length(fs.a, 1))::int], ps.a[1 + g %% array_length(ps.a, 1)],
                       'OLD-' || (g %% 3), null, 1, -1, 0, now() - interval '2 years' - (g %% 700) * interval '1 day', now(), '/bench', 'bench'
                from generate_series(1, %d) g,
                     (select array_agg(code order by code) a from facility where tier = 'HEALTH_FACILITY') fs,
                     (select array_agg(code order by code) a from product) ps""".formatted(rows)),
                infra.pgPassword(), false);
        run(psql(infra, "vacuum analyze ledger_entry"), infra.pgPassword(), false);
        System.out.printf("   added %,d history rows in %.0f s%n", rows, (System.nanoTime() - start) / 1e9);
    }

    /** Sends at a steady {@code rate} and times each event to its level change. */
    private static void endToEnd(String bootstrap, List<String[]> records, String label, int rate) throws Exception {
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        List<Long> latencies = new ArrayList<>();
        AtomicLong failures = new AtomicLong();
        try (KafkaConsumer<String, String> consumer = BenchClients.liveEnd(bootstrap, Topics.STOCK_LEVELS); KafkaProducer<String, String> producer = producer(bootstrap)) {
            long start = System.nanoTime();
            long interval = 1_000_000_000L / rate;
            int i = 0;
            for (String[] r : records) {
                long due = start + interval * i++;
                while (System.nanoTime() < due) {
                    drainLevels(consumer, sentAt, latencies, Math.max(1, (due - System.nanoTime()) / 1_000_000)); // waits, never spins
                }
                sentAt.put(r[1], System.nanoTime());
                producer.send(new ProducerRecord<>(Topics.STOCK_EVENTS, r[0], r[2]), (meta, e) -> {
                    if (e != null) {
                        failures.incrementAndGet();
                    }
                });
            }
            producer.flush();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (!sentAt.isEmpty() && System.nanoTime() < deadline) {
                drainLevels(consumer, sentAt, latencies, 200);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf("   %-9s %6d of %d delivered in %6.1f s; latency p50 %6.1f ms, p99 %6.1f ms%s%n", label,
                    latencies.size(), records.size(), seconds, BenchClients.percentile(sorted, 50), BenchClients.percentile(sorted, 99),
                    sentAt.isEmpty() && failures.get() == 0 ? "" : " (" + sentAt.size() + " not seen, " + failures.get() + " send failures)");
        }
    }

    private static void drainLevels(KafkaConsumer<String, String> consumer, Map<String, Long> sentAt, List<Long> latencies, long waitMillis) {
        for (ConsumerRecord<String, String> level : consumer.poll(Duration.ofMillis(waitMillis))) {
            int at = level.value().indexOf("\"causeEventId\":\"");
            if (at < 0) {
                continue;
            }
            int from = at + 16;
            String cause = level.value().substring(from, level.value().indexOf('"', from));
            Long sent = sentAt.remove(cause);
            if (sent != null) {
                latencies.add(System.nanoTime() - sent);
            }
        }
    }

    /**
     * The ceiling: pgbench inserting 50 ledger rows and upserting 50 balances per transaction (multi-row statements),
     * on the same server, in two shapes: the ledger's own tables ({@code LIKE ledger_entry INCLUDING ALL}: the same
     * columns, keys and indexes, text codes and UUID event ids like real events — the same writes), and the simplified
     * tables of earlier runs (integer keys, three indexes), kept so figures stay comparable across runs. Returns the
     * events/s (transactions/s × 50, the better of 1 and 2 clients) of each, the ledger's shape first.
     */
    private static double[] pgbenchBatched(LocalInfra.Endpoints infra, int seconds) throws Exception {
        double same = pgbench(infra, seconds, "same tables as the ledger", """
                DROP TABLE IF EXISTS bench_ledger, bench_balance;
                CREATE TABLE bench_ledger (LIKE ledger_entry INCLUDING ALL);
                CREATE TABLE bench_balance (LIKE stock_balance INCLUDING ALL);""", """
                \\set f random(1, 30000)
                BEGIN;
                INSERT INTO bench_ledger (event_id, event_type, facility_code, product_code, lot_code, lot_expiry, quantity, delta,
                                          balance_after, occurred_at, recorded_at, source, source_system, vvm_stage, reason, counterparty_code)
                  SELECT gen_random_uuid()::text, 'session-consumption', 'NG-KN-' || lpad(((:f + g) % 774)::text, 3, '0') || '-HF-' || lpad((:f + g)::text, 5, '0'),
                         'P' || (g % 16), 'LOT-' || (g % 16), '2028-06-30', 5, -5, 1000, now(), now(), '/ingest-service/field-app', 'field-app',
                         null, null, null
                  FROM generate_series(1, 50) g;
                INSERT INTO bench_balance (facility_code, product_code, lot_code, lot_expiry, quantity, last_occurred_at, updated_at)
                  SELECT 'NG-KN-' || lpad(((:f + g) % 774)::text, 3, '0') || '-HF-' || lpad((:f + g)::text, 5, '0'), 'P' || (g % 16),
                         'LOT-' || (g % 16), '2028-06-30', 1000, now(), now()
                  FROM generate_series(1, 50) g
                  ON CONFLICT (facility_code, product_code, lot_code) DO UPDATE SET quantity = excluded.quantity,
                      last_occurred_at = excluded.last_occurred_at, updated_at = excluded.updated_at;
                END;
                """);
        double simplified = pgbench(infra, seconds, "simplified tables of earlier runs", """
                DROP TABLE IF EXISTS bench_ledger, bench_balance;
                CREATE TABLE bench_ledger (id bigserial PRIMARY KEY, event_id text UNIQUE, facility int, product int, lot text,
                  quantity bigint, delta bigint, balance_after bigint, occurred_at timestamptz, recorded_at timestamptz, payload text);
                CREATE INDEX ON bench_ledger (facility, product, lot, occurred_at, id);
                CREATE TABLE bench_balance (facility int, product int, lot text, quantity bigint, updated_at timestamptz,
                  PRIMARY KEY (facility, product, lot));""", """
                \\set f random(1, 30000)
                BEGIN;
                INSERT INTO bench_ledger (event_id, facility, product, lot, quantity, delta, balance_after, occurred_at, recorded_at, payload)
                  SELECT md5(random()::text), :f + g, g % 16, 'L1', 5, -5, 1000, now(), now(), repeat('x', 300) FROM generate_series(1, 50) g;
                INSERT INTO bench_balance (facility, product, lot, quantity, updated_at)
                  SELECT :f + g, g % 16, 'L1', 1000, now() FROM generate_series(1, 50) g
                  ON CONFLICT (facility, product, lot) DO UPDATE SET quantity = excluded.quantity, updated_at = excluded.updated_at;
                END;
                """);
        return new double[] { same, simplified };
    }

    private static double pgbench(LocalInfra.Endpoints infra, int seconds, String label, String setup, String transaction) throws Exception {
        Path script = Files.createTempFile("vaxtrace-pgbench-batched", ".sql");
        Files.writeString(script, transaction);
        run(psql(infra, setup), infra.pgPassword(), false);
        double best = 0;
        for (int clients : new int[] { 1, 2 }) {
            String out = run(List.of(pgBin() + "/pgbench", "-n", "-h", infra.pgHost(), "-p", Integer.toString(infra.pgPort()),
                    "-U", infra.pgUser(), "-c", Integer.toString(clients), "-j", Integer.toString(clients),
                    "-T", Integer.toString(seconds), "-f", script.toString(), "vaxtrace_stock"), infra.pgPassword(), true);
            String tps = Arrays.stream(out.split("\n")).filter(l -> l.startsWith("tps")).findFirst().orElse("tps = 0");
            double perSecond = Double.parseDouble(tps.replaceAll("tps = ([0-9.]+).*", "$1")) * 50;
            System.out.printf("   pgbench, %s, %d client(s): %.0f transactions/s = %.0f events/s%n", label, clients, perSecond / 50, perSecond);
            best = Math.max(best, perSecond);
        }
        run(psql(infra, "DROP TABLE bench_ledger, bench_balance"), infra.pgPassword(), false);
        Files.deleteIfExists(script);
        return best;
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
        try (KafkaProducer<String, String> producer = producer(bootstrap); KafkaConsumer<String, String> levels = BenchClients.liveEnd(bootstrap, Topics.STOCK_LEVELS)) {
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
                BenchClients.percentile(u, 50), BenchClients.percentile(u, 100), BenchClients.percentile(c, 50), BenchClients.percentile(c, 99), sample.body().length / 1024);
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

    static String run(List<String> command, String password, boolean capture) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", password);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException(command.get(0) + " failed: " + out);
        }
        return capture ? out : "";
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return options;
    }
}
