package ng.vaxtrace.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.EventTypes;
import ng.vaxtrace.contracts.FacilityReference;
import ng.vaxtrace.contracts.FacilityTier;
import ng.vaxtrace.contracts.Lot;
import ng.vaxtrace.contracts.StockEvent;
import ng.vaxtrace.contracts.StockEventType;
import ng.vaxtrace.contracts.Topics;
import ng.vaxtrace.security.Roles;
import ng.vaxtrace.testing.LocalInfra;
import ng.vaxtrace.testing.OwnKafka;
import ng.vaxtrace.testing.OwnPostgres;
import ng.vaxtrace.testing.ServiceProcess;
import ng.vaxtrace.testing.TestIssuer;
import ng.vaxtrace.testing.TopicProbe;
import ng.vaxtrace.testing.TopicWriter;

/**
 * The restore rehearsal of docs/operations.md#rehearsing-locally, for real: stock-service runs on a PostgreSQL that
 * archives its WAL; events A are applied, the time T noted, events B applied; the database is lost. deploy/scripts/
 * rehearse-local.sh restores the base backup plus the archive to T into a new server (which then holds A and not B)
 * and rewinds the consumer groups; stock-service, started on the restored server, replays the gap from Kafka. The
 * ledger ends exactly as if nothing had been lost: every event once, balances equal to the events' sum, and the
 * level changes the replay publishes again carry the ids of their first publication (downstream consumers drop them).
 * <p>
 * The broker is the test's own: the groups are rewound by their real names, which on the shared broker would replay
 * every other test's events too.
 */
class RestoreRehearsalTest {

    private static final String READER = TestIssuer.bearer(Roles.NATIONAL_OFFICER, null);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int EVENTS_A = 150;
    private static final int EVENTS_B = 150;
    private static final String[] LOTS = { "BCG-RESTORE-1", "BCG-RESTORE-2" };

    @Test
    void shouldEndWithEveryEventOnceAfterAPointInTimeRestoreAndAReplayFromKafka() throws Exception {
        LocalInfra.Endpoints shared = LocalInfra.start();
        // PostgreSQL runs as its own user: the directories it uses must be reachable by it, and its socket path short.
        Path work = Files.createTempDirectory("vaxtrace-rr-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path wal = work.resolve("wal");
        Path base = work.resolve("base");
        Path restored = work.resolve("restored");
        Path pgDir = work.resolve("postgres");
        Path kafkaDir = work.resolve("kafka");
        String bootstrap = OwnKafka.create(kafkaDir, Topics.STOCK_EVENTS, Topics.STOCK_LEVELS, Topics.REFERENCE_DATA,
                Topics.COLDCHAIN_READINGS, Topics.STOCK_EVENTS_DLQ, "vaxtrace.reference.dlq.v1");
        String archiving = script("archive-settings", wal.toString()).strip();
        LocalInfra.Endpoints lost = withKafka(OwnPostgres.create(pgDir, shared, archiving), bootstrap);
        script("base-backup", "--port", Integer.toString(lost.pgPort()), "--socket-dir", OwnPostgres.socketDir(pgDir).toString(),
                "--into", base.toString());

        String facility = "NG-KN-017-R" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        Instant occurred = Instant.now().minus(2, ChronoUnit.HOURS);
        List<StockEvent> acknowledged = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        Instant target;
        ServiceProcess restarted = null;
        try (TopicWriter writer = new TopicWriter(bootstrap); TopicProbe levels = new TopicProbe(bootstrap, Topics.STOCK_LEVELS)) {
            try (ServiceProcess stock = ServiceProcess.start("stock-service", Faults.stock(lost), Faults.password(lost))) {
                stock.awaitReady();
                writer.send(Topics.REFERENCE_DATA, facility, EventJson.write(CloudEvent.of(UUID.randomUUID().toString(), "/e2e",
                        EventTypes.REFERENCE_FACILITY, facility, Instant.now(), new FacilityReference(facility, "Restore PHC",
                                FacilityTier.HEALTH_FACILITY, "NG-NW", "NG-KN", "NG-KN-017", 11.9, 8.5, true))));
                await().atMost(WAIT).ignoreExceptionsInstanceOf(IOException.class)
                        .until(() -> CrashRecoveryTest.quantity(stock, facility, READER) >= 0);
                send(writer, facility, occurred, 0, EVENTS_A, acknowledged, ids);
                await().atMost(WAIT).until(() -> ledgerIds(lost, facility).size() == EVENTS_A);
                // T: a whole second after A's last commit, B's first commit after it (one clock: the server's host).
                target = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
                await().atMost(Duration.ofSeconds(3)).until(() -> Instant.now().isAfter(target.plusMillis(100)));
                send(writer, facility, occurred, EVENTS_A, EVENTS_A + EVENTS_B, acknowledged, ids);
                await().atMost(WAIT).until(() -> ledgerIds(lost, facility).size() == EVENTS_A + EVENTS_B);
            }
            // The loss: writers stopped, the last WAL segment closed and archived (production: within archive_timeout),
            // then the server and its data directory are gone.
            String segment = superuser(pgDir, lost.pgPort(), "SELECT pg_walfile_name(pg_switch_wal())").strip();
            await().atMost(WAIT).until(() -> Files.exists(wal.resolve(segment)));
            OwnPostgres.stop(pgDir);
            deleteTree(pgDir.resolve("postgres/data"));

            int port = freePort();
            String restore = script("restore", "--base-backup", base.toString(), "--wal-archive", wal.toString(),
                    "--to", target.toString(), "--data", restored.toString(), "--port", Integer.toString(port),
                    "--bootstrap", bootstrap);
            long restoreMs = figure(restore, "restore-ms");
            LocalInfra.Endpoints back = new LocalInfra.Endpoints(lost.pgHost(), port, lost.pgUser(), lost.pgPassword(),
                    lost.redisUrl(), bootstrap);
            assertThat(ledgerIds(back, facility)).as("the ledger restored to T holds A and nothing of B")
                    .containsExactlyInAnyOrderElementsOf(ids.subList(0, EVENTS_A));

            // The replay's clock starts with the service: it consumes before it reports ready, so drain runs beside it.
            long started = System.nanoTime();
            restarted = ServiceProcess.start("stock-service", Faults.stock(back), Faults.password(back));
            CompletableFuture<String> drain = CompletableFuture.supplyAsync(() -> {
                try {
                    return script("drain", "--bootstrap", bootstrap, "--group", "stock-service", "--group", "stock-service-reference",
                            "--timeout-seconds", "180");
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            restarted.awaitReady();
            long startMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            long replayMs = figure(drain.get(200, TimeUnit.SECONDS), "replay-ms");
            System.out.printf("[restore rehearsal] %d + %d events; restore to T %d ms; replay %d ms, of which stock-service's start %d ms%n",
                    EVENTS_A, EVENTS_B, restoreMs, replayMs, startMs);

            List<String> ledger = ledgerIds(back, facility);
            assertThat(ledger).as("every acknowledged event of A and B in the ledger exactly once")
                    .hasSize(acknowledged.size()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids);
            assertThat(balances(back, facility)).as("balances per lot equal the sum of the events").isEqualTo(expected(acknowledged));
            assertThat(count(back, "SELECT count(*) FROM rejected_event WHERE facility_code = ?", facility)).isZero();

            // Downstream (alert-service, analytics): B's level changes were published before the loss and again by the
            // replay, each time under the same CloudEvent id, so a consumer deduplicating by id counts each once.
            String causes = "\"causeEventId\":\"restore-" + facility + "-";
            levels.awaitSeen(records -> CrashRecoveryTest.distinctCauses(records, causes) == ids.size(), WAIT);
            Map<String, List<String>> published = levels.seen().stream().map(r -> EventJson.tree(r.value()))
                    .filter(e -> e.path("data").path("causeEventId").asText().startsWith("restore-" + facility + "-"))
                    .collect(Collectors.groupingBy(e -> e.path("data").path("causeEventId").asText(),
                            Collectors.mapping(e -> e.path("id").asText(), Collectors.toList())));
            assertThat(published.values()).as("changes published again by the replay").anyMatch(list -> list.size() > 1);
            assertThat(published.values()).as("one CloudEvent id per cause, however often published")
                    .allMatch(list -> list.stream().distinct().count() == 1);
        } finally {
            if (restarted != null) {
                restarted.close();
            }
            if (Files.exists(restored.resolve("data/postmaster.pid"))) {
                script("stop", "--data", restored.toString());
            }
            OwnPostgres.stop(pgDir);
            OwnKafka.kill(kafkaDir);
            deleteTree(work);
        }
    }

    /** Receipts of 10 and issues of 3 (every third event), alternating between two lots: never negative in order. */
    private static void send(TopicWriter writer, String facility, Instant occurred, int from, int to, List<StockEvent> acknowledged,
            List<String> ids) {
        for (int i = from; i < to; i++) {
            StockEventType type = i % 3 == 2 ? StockEventType.ISSUE : StockEventType.RECEIPT;
            StockEvent data = new StockEvent(facility, "BCG", new Lot(LOTS[(i / 3) % 2], LocalDate.parse("2027-03-31")),
                    type == StockEventType.ISSUE ? 3L : 10L, occurred.plusMillis(i), "restore-rehearsal", null, null, null);
            String id = "restore-" + facility + "-" + i;
            writer.send(Topics.STOCK_EVENTS, facility, EventJson.write(CloudEvent.of(id, "/e2e", type.cloudEventType(), facility,
                    data.occurredAt(), data)));
            acknowledged.add(data);
            ids.add(id);
        }
    }

    private static Map<String, Long> expected(List<StockEvent> events) {
        Map<String, Long> sums = new HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            long signed = i % 3 == 2 ? -events.get(i).quantity() : events.get(i).quantity();
            sums.merge(events.get(i).lot().code(), signed, Long::sum);
        }
        return sums;
    }

    private static LocalInfra.Endpoints withKafka(LocalInfra.Endpoints pg, String bootstrap) {
        return new LocalInfra.Endpoints(pg.pgHost(), pg.pgPort(), pg.pgUser(), pg.pgPassword(), pg.redisUrl(), bootstrap);
    }

    private static Connection connect(LocalInfra.Endpoints pg) throws SQLException {
        Properties login = new Properties();
        login.setProperty("user", pg.pgUser());
        login.setProperty("password", pg.pgPassword());
        return DriverManager.getConnection(pg.jdbcUrl("vaxtrace_stock"), login);
    }

    private static List<String> ledgerIds(LocalInfra.Endpoints pg, String facility) throws SQLException {
        try (Connection db = connect(pg);
                var query = db.prepareStatement("SELECT event_id FROM ledger_entry WHERE facility_code = ?")) {
            query.setString(1, facility);
            List<String> ids = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
            return ids;
        }
    }

    private static Map<String, Long> balances(LocalInfra.Endpoints pg, String facility) throws SQLException {
        try (Connection db = connect(pg);
                var query = db.prepareStatement("SELECT lot_code, quantity FROM stock_balance WHERE facility_code = ?")) {
            query.setString(1, facility);
            Map<String, Long> balances = new HashMap<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    balances.put(rows.getString(1), rows.getLong(2));
                }
            }
            return balances;
        }
    }

    private static long count(LocalInfra.Endpoints pg, String sql, String facility) throws SQLException {
        try (Connection db = connect(pg); var query = db.prepareStatement(sql)) {
            query.setString(1, facility);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** psql as the superuser over the server's socket (the services' role may not switch WAL segments). */
    private static String superuser(Path pgDir, int port, String sql) throws IOException, InterruptedException {
        return run(List.of("psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", "-h", OwnPostgres.socketDir(pgDir).toString(),
                "-p", Integer.toString(port), "-U", "postgres", "-d", "postgres", "-c", sql));
    }

    /** Runs deploy/scripts/rehearse-local.sh; answers its standard output (its log goes to the test's). */
    private static String script(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", LocalInfra.root().resolve("deploy/scripts/rehearse-local.sh").toString()));
        command.addAll(List.of(args));
        return run(command);
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(LocalInfra.root().toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("%s finished", command).isTrue();
        assertThat(process.exitValue()).as("exit code of %s (output: %s)", command, out).isZero();
        return out;
    }

    private static long figure(String output, String name) {
        Matcher matcher = Pattern.compile("^" + name + "=(\\d+)$", Pattern.MULTILINE).matcher(output);
        assertThat(matcher.find()).as("%s in %s", name, output).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    private static int freePort() throws IOException {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
