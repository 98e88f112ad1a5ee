package ng.vaxtrace.stock.export;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.Problem;
import ng.vaxtrace.data.Geography;
import ng.vaxtrace.http.ProblemException;
import ng.vaxtrace.stock.dashboard.AreaScope;
import ng.vaxtrace.stock.dashboard.DashboardQueries;
import ng.vaxtrace.stock.metrics.StockMetrics;
import ng.vaxtrace.stock.outcome.OutcomeQueries;
import ng.vaxtrace.stock.outcome.OutcomeReport;
import ng.vaxtrace.stock.outcome.OutcomeRollup;

/**
 * The monthly DHIS2 export: the month's outcome reports of every mapped org unit, as one data value set, pushed and
 * recorded in {@code dhis2_export}. Idempotent per period: DHIS2 imports it with CREATE_AND_UPDATE (a second push
 * replaces the period's values, never duplicates them), and a push whose payload equals the period's last accepted
 * one is skipped unless forced.
 */
@ApplicationScoped
public class Dhis2Export {

    /** One push as recorded; {@code skipped}: nothing was sent, the period's last accepted push had the same payload. */
    @RegisterForReflection
    public record Record(long id, String period, String trigger, String actor, String payloadSha256, int valueCount, String status,
            int attempts, Integer httpStatus, String response, Instant startedAt, Instant finishedAt, boolean skipped) {
    }

    private static final String COLUMNS = """
            id, period, trigger, actor, payload_sha256, value_count, status, attempts, http_status, response, started_at, finished_at""";
    private static final String LAST_ACCEPTED = "select " + COLUMNS
            + " from dhis2_export where period = $1 and status in ('SUCCESS', 'WARNING') order by id desc limit 1";
    private static final String START = """
            insert into dhis2_export (period, trigger, actor, payload_sha256, payload, value_count, status, started_at)
            values ($1, $2, $3, $4, $5, $6, 'PUSHING', $7) returning id""";
    private static final String FINISH = """
            update dhis2_export set status = $2, attempts = $3, http_status = $4, response = $5, finished_at = $6 where id = $1 \
            returning\s""" + COLUMNS;

    private final Dhis2Config config;
    private final Dhis2Client client;
    private final OutcomeQueries outcomes;
    private final OutcomeRollup rollup;
    private final DashboardQueries dashboard;
    private final Pool pool;
    private final Clock clock;

    public Dhis2Export(Dhis2Config config, Dhis2Client client, OutcomeQueries outcomes, OutcomeRollup rollup, DashboardQueries dashboard,
            Pool pool, Clock clock) {
        this.config = config;
        this.client = client;
        this.outcomes = outcomes;
        this.rollup = rollup;
        this.dashboard = dashboard;
        this.pool = pool;
        this.clock = clock;
    }

    /** Pushes the previous month, after refreshing its rollup so late events are in. */
    @Scheduled(cron = "${vaxtrace.stock.dhis2.schedule-cron:0 0 4 6 * ?}", timeZone = "Africa/Lagos",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        if (!config.scheduleEnabled()) {
            return Uni.createFrom().voidItem();
        }
        YearMonth month = YearMonth.from(StockMetrics.businessDay(clock.instant())).minusMonths(1);
        return rollup.refresh(month).chain(() -> push(month, "scheduled", "scheduler", false))
                .invoke(r -> Log.infof("DHIS2 push of %s: %s (%d values, %d attempts)", r.period(), r.skipped() ? "skipped, unchanged" : r.status(),
                        r.valueCount(), r.attempts()))
                .replaceWithVoid()
                .onFailure().recoverWithUni(e -> {
                    Log.errorf("scheduled DHIS2 push of %s failed: %s", month, e.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }

    /** The payload the month would push now (nothing is sent). */
    public Uni<Dhis2Payload> preview(YearMonth month) {
        Dhis2Mapping mapping = mapping();
        return outcomes.computedAt(month).flatMap(computedAt -> {
            if (computedAt == null) {
                throw ProblemException.notFound("the outcome rollup of " + month + " has not been computed yet (POST /api/v1/admin/outcomes/"
                        + month + "/refresh)");
            }
            return reports(mapping, month).map(reports -> Dhis2Payload.of(mapping, month, reports));
        });
    }

    /** Pushes the month (unless unchanged since the last accepted push and not forced) and records the outcome. */
    public Uni<Record> push(YearMonth month, String trigger, String actor, boolean force) {
        if (!client.configured()) {
            throw new ProblemException(Problem.of(409, "Conflict", "the DHIS2 export is not configured (vaxtrace.stock.dhis2.base-url)"));
        }
        String period = month.format(Dhis2Payload.PERIOD);
        return preview(month).flatMap(payload -> {
            String json = EventJson.write(payload);
            String hash = sha256(json);
            return pool.preparedQuery(LAST_ACCEPTED).execute(Tuple.of(period)).flatMap(rows -> {
                if (!force && rows.size() > 0 && hash.equals(rows.iterator().next().getString("payload_sha256"))) {
                    return Uni.createFrom().item(record(rows.iterator().next(), true));
                }
                Log.infof("DHIS2 push of %s (%d values) by %s", period, payload.dataValues().size(), actor);
                Tuple start = Tuple.from(new Object[] { period, trigger, actor, hash, json, payload.dataValues().size(), now() });
                return pool.preparedQuery(START).execute(start).map(r -> r.iterator().next().getLong("id"))
                        .flatMap(id -> client.push(json)
                                .map(result -> Tuple.from(new Object[] { id, result.accepted() ? (result.importStatus() == null
                                        ? "SUCCESS" : result.importStatus()) : "FAILED", result.attempts(), result.httpStatus(), result.body(), now() }))
                                .onFailure().recoverWithItem(e -> Tuple.from(new Object[] { id, "FAILED", config.maxAttempts(), null,
                                        e.getMessage(), now() }))
                                .flatMap(finish -> pool.preparedQuery(FINISH).execute(finish))
                                .map(r -> record(r.iterator().next(), false)));
            });
        });
    }

    /** The most recent pushes, newest first. */
    public Uni<List<Record>> history(int limit) {
        return pool.preparedQuery("select " + COLUMNS + " from dhis2_export order by id desc limit $1").execute(Tuple.of(limit))
                .map(rows -> {
                    List<Record> records = new ArrayList<>();
                    rows.forEach(row -> records.add(record(row, false)));
                    return records;
                });
    }

    private Dhis2Mapping mapping() {
        String file = config.mappingFile().orElseThrow(() -> new ProblemException(Problem.of(409, "Conflict",
                "the DHIS2 export has no mapping file (vaxtrace.stock.dhis2.mapping-file)")));
        try {
            return Dhis2Mapping.load(Path.of(file));
        } catch (IllegalArgumentException e) {
            throw new ProblemException(Problem.of(409, "Conflict", e.getMessage()));
        }
    }

    /** The month's report of every mapped code (areas and facilities; unknown codes are logged and left out). */
    private Uni<Map<String, OutcomeReport>> reports(Dhis2Mapping mapping, YearMonth month) {
        Map<String, OutcomeReport> reports = new HashMap<>();
        return Multi.createFrom().iterable(mapping.orgUnits().keySet())
                .onItem().transformToUniAndConcatenate(code -> scope(code).flatMap(scope -> {
                    if (scope == null) {
                        Log.warnf("DHIS2 mapping names %s, which is neither an area nor a facility: left out", code);
                        return Uni.createFrom().nullItem();
                    }
                    return outcomes.report(scope, month, null);
                }).invoke(report -> {
                    if (report != null) {
                        reports.put(code, report);
                    }
                }))
                .collect().last().replaceWith(reports);
    }

    private Uni<AreaScope> scope(String code) {
        return Geography.nigeria().area(code).isPresent() ? dashboard.area(code) : outcomes.facility(code);
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }

    private static Record record(Row row, boolean skipped) {
        OffsetDateTime finished = row.getOffsetDateTime("finished_at");
        return new Record(row.getLong("id"), row.getString("period"), row.getString("trigger"), row.getString("actor"),
                row.getString("payload_sha256"), row.getInteger("value_count"), row.getString("status"), row.getInteger("attempts"),
                row.getInteger("http_status"), row.getString("response"), row.getOffsetDateTime("started_at").toInstant(),
                finished == null ? null : finished.toInstant(), skipped);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
