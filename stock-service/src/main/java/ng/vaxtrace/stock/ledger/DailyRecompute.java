package ng.vaxtrace.stock.ledger;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.EventTypes;
import ng.vaxtrace.contracts.FacilityArea;
import ng.vaxtrace.contracts.FacilityTier;
import ng.vaxtrace.contracts.LevelMetrics;
import ng.vaxtrace.contracts.StockLevelChanged;
import ng.vaxtrace.contracts.Topics;
import ng.vaxtrace.stock.config.RecomputeConfig;
import ng.vaxtrace.stock.ledger.BatchPlan.PairKey;
import ng.vaxtrace.stock.messaging.OutboxRelay;
import ng.vaxtrace.stock.metrics.MinMax;
import ng.vaxtrace.stock.metrics.Movement;
import ng.vaxtrace.stock.metrics.StockForecast;
import ng.vaxtrace.stock.metrics.StockMetrics;
import ng.vaxtrace.stock.metrics.StockLimits;

/**
 * Recomputes every facility × product's metrics once a day after midnight Africa/Lagos, so that a facility that went
 * silent still ages: its stock-out days grow, its AMC moves with the month, its status follows. Set-based: pages of
 * pairs in key order, each one statement reading the pairs' {@code stock_status} rows with their day rollups of the
 * AMC window ({@code stock_day}, never the ledger), the same {@link StockMetrics} as the event path in memory, and
 * one transaction writing the pairs whose figures changed — metrics and outbox rows together, published by the relay
 * like any other level change ({@code causeEventType} {@value StockLevelChanged#RECOMPUTE}).
 * <p>
 * Several replicas: a day is claimed in {@code metrics_recompute} (one replica runs it; a claim not renewed for
 * {@link RecomputeConfig#staleClaim()} is taken over) and finished once. Concurrent batches: a page's writes take the
 * pairs' advisory locks in sorted key order, as {@link LedgerService} does (so neither can deadlock the other), and
 * update a pair only if its {@code updated_at} is still the one read — a batch that applied an event in between wrote
 * figures of today already, and wins.
 */
@ApplicationScoped
public class DailyRecompute {

    /** What one run did. {@code ran} is false when another replica holds the day, or it was done already. */
    @RegisterForReflection
    public record Summary(LocalDate day, boolean ran, boolean full, long pairs, long changed, long millis) {
    }

    private static final String CLAIM = """
            insert into metrics_recompute (day, claimed_by, claimed_at) values ($1, $2, $3)
            on conflict (day) do update set claimed_by = excluded.claimed_by, claimed_at = excluded.claimed_at, finished_at = null
            where (metrics_recompute.finished_at is null and metrics_recompute.claimed_at < $4)
               or (metrics_recompute.finished_at is not null and $5)
            returning day""";
    /** full_run is only set when a run finishes, so it holds for a day whose rerun is under way too. */
    private static final String FULL_DONE = """
            select exists (select 1 from metrics_recompute where day >= $1 and full_run)""";
    private static final String RENEW = "update metrics_recompute set claimed_at = $3 where day = $1 and claimed_by = $2";
    private static final String FINISH = """
            update metrics_recompute set finished_at = $3, full_run = full_run or $4, pairs = $5, changed = $6
            where day = $1 and claimed_by = $2""";
    private static final String PAGE = """
            select s.facility_code, s.product_code, s.quantity, s.amc, s.months_of_stock, s.status, s.stockout_days,
                   s.first_event_at, s.last_event_at, s.updated_at, f.tier, f.zone_code, f.state_code, f.lga_code,
                   f.target_population, p.diluent_for,
                   concat_ws(',', f.lga_code, f.state_code, f.zone_code, $7::text) as area_chain,
                   d.days, d.used, d.net, d.counted, b.lot_doses, b.lot_expiries
            from stock_status s
            join facility f on f.code = s.facility_code
            left join product p on p.code = s.product_code
            left join lateral (
                select array_agg(x.day order by x.day) as days, array_agg(x.used order by x.day) as used,
                       array_agg(x.net_delta order by x.day) as net, array_agg(x.counted order by x.day) as counted
                from stock_day x
                where x.facility_code = s.facility_code and x.product_code = s.product_code and x.day between $3 and $4) d on true
            left join lateral (
                select array_agg(y.quantity) as lot_doses, array_agg(y.lot_expiry) as lot_expiries
                from stock_balance y
                where y.facility_code = s.facility_code and y.product_code = s.product_code and y.quantity > 0) b on true
            where (s.facility_code, s.product_code) > ($1, $2) and ($5 or s.quantity <= 0)
            order by s.facility_code, s.product_code
            limit $6""";
    /** {@link #PAGE} for the pairs of one facility ($1), whatever their balance ($5 true). */
    private static final String FACILITY_PAGE = PAGE.replace("where (s.facility_code, s.product_code) > ($1, $2) and ($5 or s.quantity <= 0)",
            "where s.facility_code = $1 and s.product_code > $2 and $5");
    /** More products than a facility can stock: one facility's pairs are one page. */
    private static final int FACILITY_PAIRS = 1000;
    private static final String LOCK = "select pg_advisory_xact_lock(k) from unnest($1::int8[]) as k";
    /**
     * Only rows no batch touched since they were read are updated, and only those go into the page's one outbox row
     * (the batch format of {@link OutboxFormat}, as the event path writes it).
     */
    private static final String WRITE = """
            with u as (
                select * from unnest($1::text[], $2::text[], $3::int8[], $4::text[], $5::text[], $6::int4[], $7::timestamptz[],
                                     $8::text[], $9::text[]) with ordinality
                    as u(f, p, amc, mos, status, out_days, read_at, payload, areas, ord)
            ), changed as (
                update stock_status s set amc = u.amc, months_of_stock = u.mos::numeric, status = u.status,
                       stockout_days = u.out_days, updated_at = $10
                from u where s.facility_code = u.f and s.product_code = u.p and s.updated_at = u.read_at
                returning s.facility_code, s.product_code
            )
            insert into outbox_message (topic, message_key, payload, invalidate_areas, created_at)
            select $11, '%s', string_agg(u.f || E'\t' || u.areas || E'\t' || u.payload || E'\n', '' order by u.ord), '', $10
            from u join changed c on c.facility_code = u.f and c.product_code = u.p
            having count(*) > 0
            returning id, message_key, payload, invalidate_areas""".formatted(OutboxFormat.BATCH_KEY);

    private final Pool pool;
    private final Clock clock;
    private final StockLimits limits;
    private final OutboxRelay relay;
    private final RecomputeConfig config;
    private final Timer timer;
    private final String replica;

    public DailyRecompute(Pool pool, Clock clock, StockLimits limits, OutboxRelay relay, RecomputeConfig config, MeterRegistry metrics) {
        this.pool = pool;
        this.clock = clock;
        this.limits = limits;
        this.relay = relay;
        this.config = config;
        this.timer = Timer.builder("vaxtrace_stock_recompute_seconds").description("Time of one daily metrics recompute")
                .register(metrics);
        this.replica = hostName() + "/" + UUID.randomUUID();
    }

    /** Runs today's recompute if no replica has done it yet (every replica checks; the first to claim the day runs it). */
    @Scheduled(every = "${vaxtrace.stock.recompute.check-interval:5m}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        if (!config.enabled()) {
            return Uni.createFrom().voidItem();
        }
        return run(false).invoke(summary -> {
            if (summary.ran()) {
                Log.infof("daily recompute of %s: %d pairs read, %d changed in %d ms (full: %s)", summary.day(), summary.pairs(),
                        summary.changed(), summary.millis(), summary.full());
            }
        }).replaceWithVoid().onFailure().recoverWithUni(e -> {
            Log.warnf("daily recompute failed, the next check retries: %s", e.toString());
            return Uni.createFrom().voidItem();
        });
    }

    /**
     * Recomputes today's (Lagos) figures. {@code force} runs it again although it was done today (an operator's
     * trigger: harmless, only changed figures are written and published); never while another replica runs it.
     */
    public Uni<Summary> run(boolean force) {
        Instant now = clock.instant();
        LocalDate day = StockMetrics.businessDay(now);
        long started = System.nanoTime();
        return pool.preparedQuery(CLAIM).execute(Tuple.of(day, replica, time(now), time(now.minus(config.staleClaim())), force))
                .flatMap(claimed -> {
                    if (claimed.rowCount() == 0) {
                        return Uni.createFrom().item(new Summary(day, false, false, 0, 0, 0));
                    }
                    LocalDate monthStart = YearMonth.from(day).atDay(1);
                    return pool.preparedQuery(FULL_DONE).execute(Tuple.of(monthStart))
                            .map(rows -> !rows.iterator().next().getBoolean(0))
                            .flatMap(full -> pages(new Run(day, now, full)))
                            .map(summary -> new Summary(day, true, summary.full(), summary.pairs(), summary.changed(),
                                    (System.nanoTime() - started) / 1_000_000))
                            .call(summary -> pool.preparedQuery(FINISH).execute(Tuple.from(new Object[] { day, replica,
                                    time(clock.instant()), summary.full(), summary.pairs(), summary.changed() })))
                            .invoke(summary -> timer.record(java.time.Duration.ofMillis(summary.millis())));
                });
    }

    private record Run(LocalDate day, Instant now, boolean full) {
        LocalDate windowStart() {
            return StockMetrics.windowStart(now);
        }
    }

    /** One pair as read, with what it is now. */
    private record Pair(PairKey key, long quantity, Instant lastEventAt, OffsetDateTime readAt, FacilityArea area, String areaChain,
            MinMax minMax, StockMetrics.Result now, StockForecast forecast) {
    }

    /** What one page did, and where the next one starts. */
    private record Page(int read, long written, String lastFacility, String lastProduct) {
    }

    /**
     * Pages in key order until a short page: a loop, not a recursion, so a page's rows and payloads are garbage once
     * written. The computing runs on a worker thread, never on the event loop.
     */
    private Uni<Summary> pages(Run run) {
        String[] cursor = { "", "" };
        long[] totals = new long[2];
        return Multi.createBy().repeating().uni(() -> page(run, cursor[0], cursor[1]).invoke(page -> {
                    cursor[0] = page.lastFacility();
                    cursor[1] = page.lastProduct();
                    totals[0] += page.read();
                    totals[1] += page.written();
                }))
                .whilst(page -> page.read() == config.pageSize())
                .collect().last()
                .map(last -> new Summary(run.day(), true, run.full(), totals[0], totals[1], 0));
    }

    private Uni<Page> page(Run run, String afterFacility, String afterProduct) {
        Tuple page = Tuple.from(new Object[] { afterFacility, afterProduct, run.windowStart(), run.day().plusDays(1), run.full(),
                config.pageSize(), FacilityArea.NATIONAL });
        return pool.preparedQuery(PAGE).execute(page)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(rows -> {
                    List<Pair> moved = new ArrayList<>();
                    String lastFacility = afterFacility, lastProduct = afterProduct;
                    int read = 0;
                    for (Row row : rows) {
                        read++;
                        lastFacility = row.getString("facility_code");
                        lastProduct = row.getString("product_code");
                        Pair pair = compute(row, run.now(), false);
                        if (pair != null) {
                            moved.add(pair);
                        }
                    }
                    int count = read;
                    String facility = lastFacility, product = lastProduct;
                    return write(run, moved, true).map(written -> new Page(count, written, facility, product));
                });
    }

    /**
     * Re-judges one facility's pairs now and publishes them (level changes {@code recompute}), after its target
     * population or tier changed: the min/max its status is judged by moved (docs/domain-rules.md §6), so neither the
     * status nor the {@code minStock}/{@code maxStock} alert-service judges by should wait for the next event or full
     * recompute. Takes no daily claim (a few rows, any replica); batches still win (the written rows' {@code updated_at}
     * must be the one read). Answers how many pairs were published.
     */
    public Uni<Long> facility(String code) {
        Instant now = clock.instant();
        Run run = new Run(StockMetrics.businessDay(now), now, true);
        Tuple page = Tuple.from(new Object[] { code, "", run.windowStart(), run.day().plusDays(1), true, FACILITY_PAIRS, FacilityArea.NATIONAL });
        return pool.preparedQuery(FACILITY_PAGE).execute(page)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(rows -> {
                    List<Pair> pairs = new ArrayList<>();
                    rows.forEach(row -> pairs.add(compute(row, now, true)));
                    return write(run, pairs, false);
                });
    }

    /** The pair's figures now, or null when they are the ones stored (unless {@code always}). */
    private Pair compute(Row row, Instant now, boolean always) {
        LocalDate[] days = row.getArrayOfLocalDates("days");
        Long[] used = row.getArrayOfLongs("used");
        Long[] net = row.getArrayOfLongs("net");
        Long[] counted = row.getArrayOfLongs("counted");
        List<Movement> movements = new ArrayList<>(days == null ? 0 : days.length);
        for (int i = 0; days != null && i < days.length; i++) {
            movements.add(new Movement(days[i].atStartOfDay(StockMetrics.BUSINESS_ZONE).toInstant(), net[i], used[i], counted[i]));
        }
        long quantity = row.getLong("quantity");
        MinMax minMax = limits.of(FacilityTier.valueOf(row.getString("tier")), row.getInteger("target_population"),
                row.getString("product_code"), row.getString("diluent_for"));
        StockMetrics.Result result = StockMetrics.compute(movements, quantity, instant(row.getOffsetDateTime("first_event_at")), now,
                minMax);
        BigDecimal storedMos = row.getBigDecimal("months_of_stock");
        boolean same = Objects.equals(result.amc(), row.getLong("amc"))
                && (result.monthsOfStock() == null ? storedMos == null : storedMos != null && result.monthsOfStock().compareTo(storedMos) == 0)
                && result.status().name().equals(row.getString("status"))
                && result.stockOutDays() == row.getInteger("stockout_days");
        if (same && !always) {
            return null;
        }
        return new Pair(new PairKey(row.getString("facility_code"), row.getString("product_code")), quantity,
                instant(row.getOffsetDateTime("last_event_at")), row.getOffsetDateTime("updated_at"),
                new FacilityArea(row.getString("zone_code"), row.getString("state_code"), row.getString("lga_code")),
                row.getString("area_chain"), minMax, result, StockForecast.of(lots(row), result.amc(), now));
    }

    /** The pair's lots on hand, for its predicted stock-out. */
    private static List<StockForecast.LotOnHand> lots(Row row) {
        Long[] doses = row.getArrayOfLongs("lot_doses");
        LocalDate[] expiries = row.getArrayOfLocalDates("lot_expiries");
        List<StockForecast.LotOnHand> lots = new ArrayList<>(doses == null ? 0 : doses.length);
        for (int i = 0; doses != null && i < doses.length; i++) {
            lots.add(new StockForecast.LotOnHand(doses[i], expiries[i]));
        }
        return lots;
    }

    /**
     * Writes one page's changed pairs in one transaction; answers how many were written (a batch may have won some).
     * {@code leased}: renew the day's claim with it (the daily run).
     */
    private Uni<Long> write(Run run, List<Pair> moved, boolean leased) {
        if (moved.isEmpty() && !leased) {
            return Uni.createFrom().item(0L);
        }
        if (moved.isEmpty()) {
            return pool.preparedQuery(RENEW).execute(Tuple.of(run.day(), replica, time(clock.instant()))).flatMap(this::leaseHeld)
                    .replaceWith(0L);
        }
        Long[] locks = moved.stream().map(p -> LedgerService.lockKey(p.key())).sorted().distinct().toArray(Long[]::new);
        String[] payloads = moved.stream().map(p -> payload(run, p)).toArray(String[]::new);
        Tuple rows = Tuple.from(new Object[] {
                moved.stream().map(p -> p.key().facilityCode()).toArray(String[]::new),
                moved.stream().map(p -> p.key().productCode()).toArray(String[]::new),
                moved.stream().map(p -> p.now().amc()).toArray(Long[]::new),
                moved.stream().map(p -> p.now().monthsOfStock() == null ? null : p.now().monthsOfStock().toPlainString()).toArray(String[]::new),
                moved.stream().map(p -> p.now().status().name()).toArray(String[]::new),
                moved.stream().map(p -> p.now().stockOutDays()).toArray(Integer[]::new),
                moved.stream().map(Pair::readAt).toArray(OffsetDateTime[]::new),
                payloads,
                moved.stream().map(Pair::areaChain).toArray(String[]::new),
                time(run.now()), Topics.STOCK_LEVELS });
        return pool.withTransaction(conn -> (leased ? conn.preparedQuery(RENEW).execute(Tuple.of(run.day(), replica, time(clock.instant())))
                        .flatMap(this::leaseHeld) : Uni.createFrom().voidItem())
                .chain(() -> conn.preparedQuery(LOCK).execute(Tuple.of((Object) locks)))
                .chain(() -> conn.preparedQuery(WRITE).execute(rows))
                .map(DailyRecompute::pending))
                .call(relay::deliver)
                .map(pending -> (long) pending.size());
    }

    private Uni<Void> leaseHeld(io.vertx.mutiny.sqlclient.RowSet<Row> renewed) {
        return renewed.rowCount() == 1 ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(new IllegalStateException("another replica took the recompute over"));
    }

    private static List<LedgerService.Pending> pending(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        List<LedgerService.Pending> pending = new ArrayList<>();
        for (Row row : rows) {
            for (OutboxFormat.Change change : OutboxFormat.changes(row.getString("message_key"), row.getString("payload"),
                    row.getString("invalidate_areas"))) {
                pending.add(new LedgerService.Pending(row.getLong("id"), Topics.STOCK_LEVELS, change.key(), change.payload(),
                        change.invalidateAreas()));
            }
        }
        return pending;
    }

    /** A level change that moved no balance: the pair's figures as they stand today, with its reporting gap. */
    private static String payload(Run run, Pair pair) {
        StockMetrics.Result r = pair.now();
        LevelMetrics metrics = StockForecast.levelMetrics(r.amc(), r.monthsOfStock(), r.status(), r.stockOutDays(), pair.minMax(),
                pair.forecast());
        Integer gap = pair.lastEventAt() == null ? null : (int) Math.max(0, StockMetrics.daysBetween(pair.lastEventAt(), run.now()));
        StockLevelChanged change = new StockLevelChanged(pair.key().facilityCode(), pair.key().productCode(), "",
                StockLevelChanged.RECOMPUTE + ":" + run.day(), StockLevelChanged.RECOMPUTE, pair.quantity(), pair.quantity(),
                pair.quantity(), run.now(), run.now(), metrics, pair.area(), null, null, pair.lastEventAt(), gap);
        // Stored once in the outbox, so a re-publication after a crash carries the same id.
        return EventJson.write(CloudEvent.of(UUID.randomUUID().toString(), LedgerService.SOURCE, EventTypes.STOCK_LEVEL_CHANGED,
                pair.key().facilityCode(), run.now(), change));
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "stock-service";
        }
    }
}
