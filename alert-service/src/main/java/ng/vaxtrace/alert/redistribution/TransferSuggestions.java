package ng.vaxtrace.alert.redistribution;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
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
import io.vertx.mutiny.sqlclient.Tuple;
import ng.vaxtrace.alert.config.AlertConfig;
import ng.vaxtrace.alert.rules.StockRules;
import ng.vaxtrace.alert.rules.StockRules.LotLevel;
import ng.vaxtrace.contracts.VvmTally;
import ng.vaxtrace.alert.service.AlertEngine;

/**
 * Keeps the latest redistribution plan for all of Nigeria: every interval, one set-based read of the levels this
 * service already keeps (no per-facility queries) and one in-memory plan ({@link TransferPlanner}) on a
 * worker thread. Every replica computes the same plan from the same tables; the API filters it by area, and
 * {@link TransferPublisher} publishes how it changed.
 */
@ApplicationScoped
public class TransferSuggestions {

    /** The plan as last computed. */
    public record Plan(Instant computedAt, List<TransferPlanner.Transfer> transfers, int holdings) {
    }

    /**
     * The levels that can matter, with their lots in stock as arrays: one row per facility × product, and only those
     * that may be a receiver or a donor. The filter is a coarse superset (balance against the thresholds, or a lot
     * that may be unusable); which holdings really qualify is decided in Java, with the alert rules' usable stock.
     */
    private static final String LEVELS = "select p.facility_code, p.product_code, p.balance, p.amc, p.min_months, p.max_months, "
            + "p.min_stock, p.max_stock, "
            + "f.zone_code, f.state_code, f.lga_code, array_agg(l.lot_code) filter (where l.lot_code is not null) as lot_codes, "
            + "array_agg(l.balance) filter (where l.lot_code is not null) as lot_balances, "
            + "array_agg(l.expiry) filter (where l.lot_code is not null) as lot_expiries, "
            + "array_agg(l.vvm_pending) filter (where l.lot_code is not null) as lot_pending "
            + "from product_level p join facility f on f.facility_code = p.facility_code "
            + "left join lot_level l on l.facility_code = p.facility_code and l.product_code = p.product_code and l.balance > 0 "
            + "where f.state_code is not null and p.min_months is not null and p.max_months is not null "
            + "and (p.amc > 0 or p.min_stock is not null and p.max_stock is not null) "
            + "and (p.balance > coalesce(p.max_stock, p.max_months * p.amc) "
            + "or p.balance < greatest(coalesce(p.min_stock, p.min_months * p.amc), coalesce($1 * p.amc / 30.4375, 0)) "
            + "or exists (select 1 from lot_level u where u.facility_code = p.facility_code and u.product_code = p.product_code "
            + "and u.balance > 0 and (u.expiry < $2 or u.vvm_pending > 0))) "
            + "group by p.facility_code, p.product_code, p.balance, p.amc, p.min_months, p.max_months, p.min_stock, p.max_stock, "
            + "f.zone_code, f.state_code, f.lga_code";

    private final Pool pool;
    private final FacilityPlaces places;
    private final Clock clock;
    private final TransferPlanner.Settings settings;
    private final MeterRegistry metrics;
    private final TransferPublisher publisher;
    private final AtomicReference<Plan> latest = new AtomicReference<>();

    public TransferSuggestions(Pool pool, FacilityPlaces places, Clock clock, AlertConfig config, MeterRegistry metrics,
            TransferPublisher publisher) {
        this.pool = pool;
        this.publisher = publisher;
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
                .onFailure().invoke(e -> Log.warnf("redistribution not recomputed, keeping the previous plan: %s", e.toString()))
                // Then how the suggestions changed, for live updates; a failure is retried with the next plan.
                .chain(plan -> publisher.publish(plan).onFailure().invoke(e ->
                        Log.warnf("transfer changes not published, the next plan retries: %s", e.toString())))
                .replaceWithVoid()
                .onFailure().recoverWithNull();
    }

    /** Reads every level and lot, then plans off the event loop (all of Nigeria is a second or so of CPU). */
    public Uni<Plan> compute() {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, AlertEngine.NIGERIA);
        return pool.preparedQuery(LEVELS).execute(Tuple.of(settings.predictionDays(), today))
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(rows -> {
                    List<TransferPlanner.Holding> holdings = holdings(rows, today);
                    return new Plan(now, TransferPlanner.plan(holdings, settings), holdings.size());
                });
    }

    private List<TransferPlanner.Holding> holdings(RowSet<Row> levels, LocalDate today) {
        List<TransferPlanner.Holding> holdings = new ArrayList<>(levels.size());
        for (Row row : levels) {
            String facility = row.getString("facility_code");
            TransferPlanner.Site site = places.site(facility, row.getString("zone_code"), row.getString("state_code"), row.getString("lga_code"));
            if (site == null) {
                continue;
            }
            List<LotLevel> lots = lots(row);
            long usable = Math.max(0, Math.max(0, row.getLong("balance")) - StockRules.unusable(lots, today));
            List<TransferPlanner.LotStock> usableLots = new ArrayList<>(lots.size());
            for (LotLevel lot : lots) {
                long doses = lot.usableDoses(today);
                if (doses > 0) {
                    usableLots.add(new TransferPlanner.LotStock(lot.lotCode(), doses, lot.expiry()));
                }
            }
            Long amc = row.getLong("amc");
            holdings.add(new TransferPlanner.Holding(site, row.getString("product_code"), usable, amc == null ? 0 : amc,
                    row.getBigDecimal("min_months").doubleValue(), row.getBigDecimal("max_months").doubleValue(), row.getLong("min_stock"),
                    row.getLong("max_stock"), usableLots));
        }
        return holdings;
    }

    /** The row's lots in stock, with the VVM 3/4 doses still on hand (all that usable stock needs of the tally). */
    private static List<LotLevel> lots(Row row) {
        String[] codes = row.getArrayOfStrings("lot_codes");
        if (codes == null) {
            return List.of();
        }
        Long[] balances = row.getArrayOfLongs("lot_balances");
        LocalDate[] expiries = row.getArrayOfLocalDates("lot_expiries");
        Long[] pending = row.getArrayOfLongs("lot_pending");
        List<LotLevel> lots = new ArrayList<>(codes.length);
        for (int i = 0; i < codes.length; i++) {
            long vvm = pending[i] == null ? 0 : pending[i];
            lots.add(new LotLevel(codes[i], balances[i], expiries[i], vvm == 0 ? VvmTally.CLEAR : new VvmTally(3, 0, vvm)));
        }
        return lots;
    }
}
