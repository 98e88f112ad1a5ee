package ng.vaxtrace.alert.service;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;


import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import ng.vaxtrace.alert.config.AlertConfig;
import ng.vaxtrace.alert.rules.ColdChainRules;
import ng.vaxtrace.alert.rules.Finding;
import ng.vaxtrace.alert.rules.ReportingGapRule;
import ng.vaxtrace.alert.rules.RuleSettings;
import ng.vaxtrace.alert.rules.StockRules;
import ng.vaxtrace.contracts.VvmTally;
import ng.vaxtrace.alert.store.AlertBook;
import ng.vaxtrace.alert.store.AlertBook.Change;
import ng.vaxtrace.alert.store.ColdChainState;
import ng.vaxtrace.alert.store.ProcessedEvents;
import ng.vaxtrace.alert.store.StockState;
import ng.vaxtrace.contracts.AlertType;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.ColdChainReading;
import ng.vaxtrace.contracts.FacilityArea;
import ng.vaxtrace.contracts.LevelMetrics;
import ng.vaxtrace.contracts.StockLevelChanged;

/**
 * Feeds what happened (stock-level changes, fridge readings, the passing of time) to the rules and the findings to
 * the alert book. Each batch is one transaction, and event ids already processed are skipped, so a redelivered batch
 * changes nothing. Returns the outbox rows to publish after commit.
 */
@ApplicationScoped
public class AlertEngine {

    /** Expiry dates are Nigerian calendar dates. */
    public static final ZoneId NIGERIA = ZoneId.of("Africa/Lagos");

    /** Lots near or past expiry, and products whose predicted stock-out comes within lead time + margin as days pass. */
    private static final String EXPIRY_CANDIDATES = "select distinct facility_code, product_code from lot_level "
            + "where balance > 0 and expiry <= $1 union select facility_code, subject from alert "
            + "where status <> 'RESOLVED' and alert_type in ('LOT_EXPIRING', 'EXPIRED_STOCK') "
            + "union select facility_code, product_code from product_level where predicted_stockout_date <= $2 order by 1, 2";
    private static final String SILENT = "select facility_code from facility where last_event_at < $1 union "
            + "select facility_code from alert where status <> 'RESOLVED' and alert_type = 'REPORTING_GAP' order by 1";
    private static final String PRUNE = "delete from processed_event where processed_at < $1";
    private static final String PRUNE_READINGS = "delete from fridge_reading where measured_at < $1";
    private static final String FACILITY_FOR_UPDATE = "select zone_code, state_code, lga_code, last_event_at from facility "
            + "where facility_code = $1 for update";

    private final Pool pool;
    private final AlertBook book;
    private final AlertConfig config;
    private final RuleSettings settings;
    private final Clock clock;

    public AlertEngine(Pool pool, AlertBook book, AlertConfig config, Clock clock) {
        this.pool = pool;
        this.book = book;
        this.config = config;
        this.settings = config.settings();
        this.clock = clock;
    }

    public RuleSettings settings() {
        return settings;
    }

    public Uni<List<Change>> applyStockChanges(List<CloudEvent<StockLevelChanged>> events) {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, NIGERIA);
        return pool.withTransaction(conn -> ProcessedEvents.claim(conn, events.stream().map(CloudEvent::id).toList(), now)
                .flatMap(fresh -> Multi.createFrom().iterable(events).filter(e -> fresh.remove(e.id()))
                        .onItem().transformToUniAndConcatenate(e -> applyStockChange(conn, e.data(), today, now))
                        .collect().asList().map(AlertEngine::flatten)));
    }

    private Uni<List<Change>> applyStockChange(SqlConnection conn, StockLevelChanged change, LocalDate today, Instant now) {
        LevelMetrics m = change.metrics();
        StockRules.ProductLevel level = new StockRules.ProductLevel(change.productBalanceAfter(), m == null ? null : m.amc(),
                m == null ? null : m.monthsOfStock(), m == null ? null : BigDecimal.valueOf(m.minMonths()),
                m == null ? null : BigDecimal.valueOf(m.maxMonths()), m == null ? null : m.daysOfStock(),
                m == null ? null : m.predictedStockOutDate(), change.recordedAt(), m == null ? null : m.minStock(),
                m == null ? null : m.maxStock());
        return StockState.lots(conn, change.facilityCode(), change.productCode())
                .flatMap(before -> {
                    List<StockRules.LotLevel> lots = afterChange(before, change);
                    VvmTally vvm = lots.stream().filter(l -> l.lotCode().equals(change.lotCode())).map(StockRules.LotLevel::vvm)
                            .findFirst().orElse(VvmTally.CLEAR);
                    return StockState.record(conn, change, vvm).replaceWith(lots);
                })
                .flatMap(lots -> {
                    List<Finding> findings = new ArrayList<>(StockRules.evaluate(change.productCode(), level, lots, today,
                            change.occurredAt(), settings));
                    if (!StockLevelChanged.RECOMPUTE.equals(change.causeEventType())) {
                        findings.add(new Finding.Clear(AlertType.REPORTING_GAP, "")); // it just reported
                    }
                    return book.apply(conn, change.facilityCode(), change.area(), findings, now);
                });
    }

    /** The product's lots once the change is applied: the changed lot's balance, expiry and VVM tally updated. */
    static List<StockRules.LotLevel> afterChange(List<StockRules.LotLevel> before, StockLevelChanged change) {
        if (change.lotCode() == null || change.lotCode().isEmpty()) {
            return before;
        }
        List<StockRules.LotLevel> lots = new ArrayList<>(before.size() + 1);
        StockRules.LotLevel previous = null;
        for (StockRules.LotLevel lot : before) {
            if (lot.lotCode().equals(change.lotCode())) {
                previous = lot;
            } else {
                lots.add(lot);
            }
        }
        VvmTally tally = (previous == null ? VvmTally.CLEAR : previous.vvm())
                .next(change.causeEventType(), change.vvmStage(), change.lotBalanceBefore(), change.lotBalanceAfter());
        LocalDate expiry = change.lotExpiry() != null ? change.lotExpiry() : previous == null ? null : previous.expiry();
        lots.add(new StockRules.LotLevel(change.lotCode(), change.lotBalanceAfter(), expiry, tally));
        return lots;
    }

    /**
     * Stores readings and evaluates each fridge's excursions reading by reading, in time order, for readings newer
     * than what the fridge had sent before: an excursion that began and ended inside one offline upload is still
     * raised (and resolved). Readings older than the fridge's newest are kept in the history only.
     */
    public Uni<List<Change>> applyReadings(List<CloudEvent<ColdChainReading>> events) {
        Instant now = clock.instant();
        return pool.withTransaction(conn -> ProcessedEvents.claim(conn, events.stream().map(CloudEvent::id).toList(), now)
                .flatMap(fresh -> {
                    Map<String, List<ColdChainReading>> byFridge = new LinkedHashMap<>();
                    for (CloudEvent<ColdChainReading> e : events) {
                        if (fresh.remove(e.id())) {
                            byFridge.computeIfAbsent(e.data().fridgeId(), f -> new ArrayList<>()).add(e.data());
                        }
                    }
                    return Multi.createFrom().iterable(byFridge.values())
                            .onItem().transformToUniAndConcatenate(readings -> applyFridge(conn, readings, now))
                            .collect().asList().map(AlertEngine::flatten);
                }));
    }

    private Uni<List<Change>> applyFridge(SqlConnection conn, List<ColdChainReading> readings, Instant now) {
        List<ColdChainReading> sorted = readings.stream().sorted(Comparator.comparing(ColdChainReading::measuredAt)).toList();
        ColdChainReading first = sorted.get(0);
        return ColdChainState.latest(conn, first.fridgeId()).flatMap(latestBefore -> Multi.createFrom().iterable(sorted)
                .onItem().transformToUniAndConcatenate(r -> ColdChainState.store(conn, r).replaceWith(r))
                .collect().asList()
                .chain(() -> StockState.area(conn, first.facilityCode()))
                .flatMap(area -> Multi.createFrom().iterable(sorted)
                        .filter(r -> latestBefore == null || r.measuredAt().isAfter(latestBefore))
                        .onItem().transformToUniAndConcatenate(r -> evaluateFridge(conn, r, area, now))
                        .collect().asList().map(AlertEngine::flatten)));
    }

    private Uni<List<Change>> evaluateFridge(SqlConnection conn, ColdChainReading reading, FacilityArea area, Instant now) {
        String fridge = reading.fridgeId();
        return ColdChainState.heatRun(conn, fridge, reading.measuredAt(), settings.heatLimitCelsius())
                .flatMap(heat -> ColdChainState.freezeRun(conn, fridge, reading.measuredAt(), settings.freezeLimitCelsius())
                        .flatMap(freeze -> book.apply(conn, reading.facilityCode(), area,
                                ColdChainRules.evaluate(fridge, heat, freeze, settings), now)));
    }

    /**
     * The rules time alone can trigger: lots entering an expiry window or expiring, facilities falling silent. Each
     * facility is its own small transaction (one bad row does not roll back the country, and no lock is held long).
     * Also prunes old processed event ids and fridge readings.
     */
    public Uni<List<Change>> sweep() {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, NIGERIA);
        Uni<List<Change>> lots = pool.preparedQuery(EXPIRY_CANDIDATES).execute(Tuple.of(today.plusDays(settings.expiryWindowsDays()[0]),
                        today.plusDays(settings.leadTimeDays() + settings.safetyMarginDays())))
                .flatMap(rows -> Multi.createFrom().iterable(rows)
                        .map(row -> new String[] { row.getString(0), row.getString(1) })
                        .onItem().transformToUniAndConcatenate(key -> pool.withTransaction(conn -> sweepLots(conn, key[0], key[1], today, now))
                                .onFailure().recoverWithItem(e -> skipped(key[0], e)))
                        .collect().asList().map(AlertEngine::flatten));
        Uni<List<Change>> silent = pool.preparedQuery(SILENT)
                .execute(Tuple.of(now.minus(java.time.Duration.ofDays(settings.reportingGapDays())).atOffset(ZoneOffset.UTC)))
                .flatMap(rows -> Multi.createFrom().iterable(rows)
                        .map(row -> row.getString("facility_code"))
                        .onItem().transformToUniAndConcatenate(facility -> pool.withTransaction(conn -> sweepSilent(conn, facility, now))
                                .onFailure().recoverWithItem(e -> skipped(facility, e)))
                        .collect().asList().map(AlertEngine::flatten));
        Uni<Void> prune = pool.preparedQuery(PRUNE).execute(Tuple.of(now.minus(config.processedRetention()).atOffset(ZoneOffset.UTC)))
                .chain(() -> pool.preparedQuery(PRUNE_READINGS).execute(Tuple.of(now.minus(config.readingRetention()).atOffset(ZoneOffset.UTC))))
                .replaceWithVoid();
        return lots.flatMap(a -> silent.map(b -> {
            List<Change> all = new ArrayList<>(a);
            all.addAll(b);
            return all;
        })).call(() -> prune);
    }

    private static List<Change> skipped(String facility, Throwable e) {
        io.quarkus.logging.Log.warnf("time rules skipped %s this round: %s", facility, e.toString());
        return List.of();
    }

    /**
     * A lot that expires leaves less usable stock, a predicted stock-out comes closer: the level rules are judged again
     * with the lot rules.
     */
    private Uni<List<Change>> sweepLots(SqlConnection conn, String facility, String product, LocalDate today, Instant now) {
        return StockState.lots(conn, facility, product)
                .flatMap(lots -> StockState.level(conn, facility, product)
                        .flatMap(level -> StockState.area(conn, facility)
                                .flatMap(area -> book.apply(conn, facility, area, level == null
                                        ? StockRules.lotRules(product, lots, today, now, settings)
                                        : StockRules.evaluate(product, level, lots, today, now, settings), now))));
    }

    /** Re-reads the facility under a lock: a report that arrived since the candidates were listed is seen. */
    private Uni<List<Change>> sweepSilent(SqlConnection conn, String facility, Instant now) {
        return conn.preparedQuery(FACILITY_FOR_UPDATE).execute(Tuple.of(facility)).flatMap(rows -> {
            if (rows.size() == 0) {
                return Uni.createFrom().item(List.<Change>of());
            }
            Row row = rows.iterator().next();
            FacilityArea area = new FacilityArea(row.getString("zone_code"), row.getString("state_code"), row.getString("lga_code"));
            Finding finding = ReportingGapRule.evaluate(row.getOffsetDateTime("last_event_at").toInstant(), now, settings);
            return book.apply(conn, facility, area, List.of(finding), now);
        });
    }

    private static List<Change> flatten(List<List<Change>> lists) {
        List<Change> all = new ArrayList<>();
        lists.forEach(all::addAll);
        return all;
    }

}
