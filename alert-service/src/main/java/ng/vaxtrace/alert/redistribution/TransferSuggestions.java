package ng.vaxtrace.alert.redistribution;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import ng.vaxtrace.alert.config.AlertConfig;
import ng.vaxtrace.alert.rules.StockRules;
import ng.vaxtrace.alert.rules.StockRules.LotLevel;
import ng.vaxtrace.alert.rules.VvmTally;
import ng.vaxtrace.alert.service.AlertEngine;

/**
 * Keeps the latest redistribution plan for all of Nigeria: every interval, two set-based reads of the levels this
 * service already keeps (one per table, no per-facility queries) and one in-memory plan ({@link TransferPlanner}) on a
 * worker thread. Every replica computes the same plan from the same tables; the API filters it by area.
 */
@ApplicationScoped
public class TransferSuggestions {

    /** The plan as last computed. */
    public record Plan(Instant computedAt, List<TransferPlanner.Transfer> transfers, int holdings) {
    }

    private static final String LEVELS = "select p.facility_code, p.product_code, p.balance, p.amc, p.min_months, p.max_months, "
            + "f.zone_code, f.state_code, f.lga_code from product_level p join facility f on f.facility_code = p.facility_code "
            + "where f.state_code is not null and p.amc > 0 and p.min_months is not null and p.max_months is not null";
    private static final String LOTS = "select facility_code, product_code, lot_code, balance, expiry, vvm_pending from lot_level "
            + "where balance > 0";

    private final Pool pool;
    private final FacilityPlaces places;
    private final Clock clock;
    private final TransferPlanner.Settings settings;
    private final MeterRegistry metrics;
    private final AtomicReference<Plan> latest = new AtomicReference<>();

    public TransferSuggestions(Pool pool, FacilityPlaces places, Clock clock, AlertConfig config, MeterRegistry metrics) {
        this.pool = pool;
        this.places = places;
        this.clock = clock;
        this.metrics = metrics;
        this.settings = new TransferPlanner.Settings(config.rules().leadTimeDays() + config.rules().safetyMarginDays(),
                config.redistribution().minimumDoses());
    }

    /** The latest plan, or null before the first one is ready. */
    public Plan latest() {
        return latest.get();
    }

    @Scheduled(every = "${vaxtrace.alert.redistribution.interval:60s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> recompute() {
        long started = System.nanoTime();
        return compute()
                .invoke(plan -> {
                    latest.set(plan);
                    metrics.timer("vaxtrace_alert_redistribution_seconds").record(Duration.ofNanos(System.nanoTime() - started));
                    Log.debugf("redistribution: %d transfers from %d facility-product levels", plan.transfers().size(), plan.holdings());
                })
                .replaceWithVoid()
                .onFailure().recoverWithUni(e -> {
                    Log.warnf("redistribution not recomputed, keeping the previous plan: %s", e.toString());
                    return Uni.createFrom().voidItem();
                });
    }

    /** Reads every level and lot, then plans off the event loop (all of Nigeria is a second or so of CPU). */
    public Uni<Plan> compute() {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, AlertEngine.NIGERIA);
        return Uni.combine().all().unis(pool.query(LEVELS).execute(), pool.query(LOTS).execute()).asTuple()
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(read -> {
                    List<TransferPlanner.Holding> holdings = holdings(read.getItem1(), read.getItem2(), today);
                    return new Plan(now, TransferPlanner.plan(holdings, settings), holdings.size());
                });
    }

    private List<TransferPlanner.Holding> holdings(RowSet<Row> levels, RowSet<Row> lotRows, LocalDate today) {
        Map<String, List<LotLevel>> lots = new HashMap<>();
        for (Row row : lotRows) {
            Long pending = row.getLong("vvm_pending");
            lots.computeIfAbsent(row.getString("facility_code") + '|' + row.getString("product_code"), k -> new ArrayList<>(3))
                    .add(new LotLevel(row.getString("lot_code"), row.getLong("balance"), row.getLocalDate("expiry"),
                            pending == null || pending == 0 ? VvmTally.CLEAR : new VvmTally(3, 0, pending)));
        }
        List<TransferPlanner.Holding> holdings = new ArrayList<>(levels.size());
        for (Row row : levels) {
            String facility = row.getString("facility_code");
            TransferPlanner.Site site = places.site(facility, row.getString("zone_code"), row.getString("state_code"), row.getString("lga_code"));
            if (site == null) {
                continue;
            }
            String product = row.getString("product_code");
            List<LotLevel> own = lots.getOrDefault(facility + '|' + product, List.of());
            long usable = Math.max(0, Math.max(0, row.getLong("balance")) - StockRules.unusable(own, today));
            List<TransferPlanner.LotStock> usableLots = new ArrayList<>(own.size());
            for (LotLevel lot : own) {
                long doses = lot.usableDoses(today);
                if (doses > 0) {
                    usableLots.add(new TransferPlanner.LotStock(lot.lotCode(), doses, lot.expiry()));
                }
            }
            holdings.add(new TransferPlanner.Holding(site, product, usable, row.getLong("amc"),
                    row.getBigDecimal("min_months").doubleValue(), row.getBigDecimal("max_months").doubleValue(), usableLots));
        }
        return holdings;
    }
}
