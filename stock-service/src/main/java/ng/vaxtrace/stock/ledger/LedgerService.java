package ng.vaxtrace.stock.ledger;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.CompositeException;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.EventTypes;
import ng.vaxtrace.contracts.FacilityArea;
import ng.vaxtrace.contracts.FacilityTier;
import ng.vaxtrace.contracts.FieldViolation;
import ng.vaxtrace.contracts.LevelMetrics;
import ng.vaxtrace.contracts.StockEvent;
import ng.vaxtrace.contracts.StockEventType;
import ng.vaxtrace.contracts.StockEventValidator;
import ng.vaxtrace.contracts.StockLevelChanged;
import ng.vaxtrace.contracts.Topics;
import ng.vaxtrace.stock.ledger.BatchPlan.CardKey;
import ng.vaxtrace.stock.ledger.BatchPlan.Decided;
import ng.vaxtrace.stock.ledger.BatchPlan.PairKey;
import ng.vaxtrace.stock.metrics.MinMax;
import ng.vaxtrace.stock.metrics.Movement;
import ng.vaxtrace.stock.metrics.StockForecast;
import ng.vaxtrace.stock.metrics.StockMetrics;
import ng.vaxtrace.stock.metrics.StockStatus;
import ng.vaxtrace.stock.metrics.StockLimits;

/**
 * Applies a batch of stock events to the ledger in one transaction with a constant number of statements, whatever the
 * batch's size. Read phase (pipelined, one round trip): advisory locks on every facility × product of the batch in a
 * fixed order (so concurrent batches and manual adjustments cannot deadlock), then the ids already applied, the
 * facilities and products, every lot balance of those facility × products, the tail of each card from the batch's
 * earliest event, their metric state and their per-day rollups of the AMC window. Then {@link BatchPlan} decides
 * every event in memory exactly as applying them one by one would (duplicates, validation, negative stock, late
 * events replaying their own card). Write phase (pipelined): multi-row statements for ledger rows, recomputed rows,
 * balances, lots, rejected events, day rollups (and which days changed, for the area rollup), metrics and the outbox. A redelivered event id is a no-op.
 */
@ApplicationScoped
public class LedgerService {

    static final String SOURCE = "/stock-service";
    /** The unique key of the ledger's event ids (V1): the idempotency key. */
    private static final String EVENT_ID_KEY = "ledger_entry_event_id_key";

    private static final String LOCK = "select pg_advisory_xact_lock(k) from unnest($1::int8[]) as k";
    private static final String APPLIED = "select event_id from ledger_entry where event_id = any($1::text[])";
    private static final String FACILITIES = "select code, tier, zone_code, state_code, lga_code, target_population from facility where code = any($1::text[])";
    private static final String PRODUCTS = "select code, diluent_for from product where code = any($1::text[])";
    private static final String BALANCES = """
            select b.facility_code, b.product_code, b.lot_code, b.quantity, b.last_occurred_at, b.lot_expiry
            from stock_balance b join unnest($1::text[], $2::text[]) as u(f, p) on b.facility_code = u.f and b.product_code = u.p""";
    private static final String TAILS = """
            select l.facility_code, l.product_code, l.lot_code, l.id, l.event_type, l.quantity, l.delta, l.balance_after, l.occurred_at
            from ledger_entry l join unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) as u(f, p, lot, t)
              on l.facility_code = u.f and l.product_code = u.p and l.lot_code = u.lot and l.occurred_at >= u.t
            order by l.facility_code, l.product_code, l.lot_code, l.occurred_at, l.id""";
    private static final String STATUSES = """
            select s.facility_code, s.product_code, s.first_event_at
            from stock_status s join unnest($1::text[], $2::text[]) as u(f, p) on s.facility_code = u.f and s.product_code = u.p""";
    private static final String DAYS = """
            select d.facility_code, d.product_code, d.day, d.used, d.net_delta, d.counted
            from stock_day d join unnest($1::text[], $2::text[]) as u(f, p) on d.facility_code = u.f and d.product_code = u.p
            where d.day between $3 and $4""";

    private static final String INSERT_ENTRIES = """
            insert into ledger_entry (event_id, event_type, facility_code, product_code, lot_code, lot_expiry, quantity, delta,
                                      balance_after, occurred_at, recorded_at, source, source_system, vvm_stage, reason, counterparty_code)
            select u.event_id, u.event_type, u.f, u.p, u.lot, u.expiry, u.quantity, u.delta, u.balance, u.occurred_at, $16,
                   u.source, u.source_system, u.vvm, u.reason, u.counterparty
            from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[], $7::int8[], $8::int8[], $9::int8[],
                        $10::timestamptz[], $11::text[], $12::text[], $13::int2[], $14::text[], $15::text[])
                 with ordinality as u(event_id, event_type, f, p, lot, expiry, quantity, delta, balance, occurred_at, source,
                                      source_system, vvm, reason, counterparty, ord)
            order by u.ord""";
    private static final String UPDATE_ENTRIES = """
            update ledger_entry l set delta = u.delta, balance_after = u.balance
            from unnest($1::int8[], $2::int8[], $3::int8[]) as u(id, delta, balance) where l.id = u.id""";
    private static final String UPSERT_BALANCES = """
            insert into stock_balance (facility_code, product_code, lot_code, lot_expiry, quantity, last_occurred_at, updated_at)
            select u.f, u.p, u.lot, u.expiry, u.quantity, u.last, $7
            from unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::int8[], $6::timestamptz[]) as u(f, p, lot, expiry, quantity, last)
            on conflict (facility_code, product_code, lot_code) do update set quantity = excluded.quantity,
                lot_expiry = excluded.lot_expiry, last_occurred_at = excluded.last_occurred_at, updated_at = excluded.updated_at""";
    private static final String INSERT_LOTS = """
            insert into lot (product_code, code, expiry) select * from unnest($1::text[], $2::text[], $3::date[])
            on conflict (product_code, code) do nothing""";
    private static final String INSERT_REJECTED = """
            insert into rejected_event (event_id, event_type, facility_code, reason, payload, received_at)
            select u.id, u.type, u.f, u.reason, u.payload, $6
            from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) as u(id, type, f, reason, payload)
            on conflict (event_id) do nothing""";
    /**
     * The day rollups, and in the same statement a note of each business day the batch changed, for the area rollup
     * ({@link ng.vaxtrace.stock.trend.AreaDayRollup}) to recompute after this transaction: insert-only, no row shared
     * with other batches (summing into the nation's row here made concurrent batches wait for each other's commit).
     */
    private static final String UPSERT_DAYS = """
            with noted as (
                insert into stock_day_area_pending (day) select distinct d from unnest($3::date[]) as d
            )
            insert into stock_day (facility_code, product_code, day, used, net_delta, counted)
            select * from unnest($1::text[], $2::text[], $3::date[], $4::int8[], $5::int8[], $6::int8[])
            on conflict (facility_code, product_code, day) do update
                set used = stock_day.used + excluded.used, net_delta = stock_day.net_delta + excluded.net_delta,
                    counted = stock_day.counted + excluded.counted""";
    private static final String UPSERT_STATUSES = """
            insert into stock_status (facility_code, product_code, quantity, amc, months_of_stock, status, stockout_days,
                                      first_event_at, last_event_at, updated_at)
            select u.f, u.p, u.quantity, u.amc, u.mos::numeric, u.status, u.out_days, u.first_at, u.last_at, $10
            from unnest($1::text[], $2::text[], $3::int8[], $4::int8[], $5::text[], $6::text[], $7::int4[], $8::timestamptz[],
                        $9::timestamptz[]) as u(f, p, quantity, amc, mos, status, out_days, first_at, last_at)
            on conflict (facility_code, product_code) do update set quantity = excluded.quantity, amc = excluded.amc,
                months_of_stock = excluded.months_of_stock, status = excluded.status, stockout_days = excluded.stockout_days,
                first_event_at = least(stock_status.first_event_at, excluded.first_event_at),
                last_event_at = greatest(stock_status.last_event_at, excluded.last_event_at), updated_at = excluded.updated_at""";
    /** One outbox row per batch (key {@value OutboxFormat#BATCH_KEY}): its changes framed one per line, see {@link OutboxFormat}. */
    private static final String INSERT_OUTBOX = """
            insert into outbox_message (topic, message_key, payload, invalidate_areas, created_at)
            values ($1, '%s', $2, '', $3) returning id""".formatted(OutboxFormat.BATCH_KEY);

    /** The first and last instants a UTC {@link OffsetDateTime} can hold. */
    private static final Instant FIRST_UTC = LocalDateTime.MIN.toInstant(ZoneOffset.UTC);
    private static final Instant LAST_UTC = LocalDateTime.MAX.toInstant(ZoneOffset.UTC);

    /** How long batches read the applied ids after a redelivery was seen. */
    private static final Duration CHECK_APPLIED_AFTER_REDELIVERY = Duration.ofSeconds(30);

    private final Pool pool;
    private final Clock clock;
    private volatile long checkAppliedUntil = System.nanoTime();
    private final MeterRegistry metrics;
    private final StockLimits limits;
    private final Timer batchTimer;
    /** One counter per outcome, registered once: a registry lookup per event was a measurable part of the apply. */
    private final Map<LedgerOutcome.Kind, Counter> outcomeCounters = new EnumMap<>(LedgerOutcome.Kind.class);

    public LedgerService(Pool pool, Clock clock, MeterRegistry metrics, StockLimits limits) {
        this.pool = pool;
        this.clock = clock;
        this.metrics = metrics;
        this.limits = limits;
        this.batchTimer = Timer.builder("vaxtrace_stock_batch_seconds").description("Time to apply one batch of stock events")
                .publishPercentiles(0.5, 0.99).register(metrics);
        for (LedgerOutcome.Kind kind : LedgerOutcome.Kind.values()) {
            outcomeCounters.put(kind, metrics.counter("vaxtrace_stock_events_total", "outcome", kind.name().toLowerCase()));
        }
    }

    /**
     * A stock event as received, with the record value kept for the rejected-events store. A {@code repair} (a void's
     * compensating entry) is not judged by the input contract: it copies what the ledger already holds, which an entry
     * stored before the contract may hold out of its ranges (a lot expiring in year 57496, a billion doses).
     * {@code notBefore} (a repair's, else null) is the earliest time its entry may take in the card: the voided
     * entry's, so that the void of an entry stored in the future (an old version's {@code +infinity}) is ordered right
     * after that entry instead of before it, where the entry's own change would then make the card negative.
     */
    public record Received(CloudEvent<StockEvent> event, String rawPayload, boolean repair, Instant notBefore) {

        public Received(CloudEvent<StockEvent> event, String rawPayload) {
            this(event, rawPayload, false, null);
        }
    }

    /** A stock-level change written to the outbox by the batch (row {@code id}, shared by the batch's changes), ready for the relay to publish after commit. */
    public record Pending(long id, String topic, String key, String payload, String invalidateAreas) {
    }

    /** What a batch did: each event's outcome in input order, and the outbox rows it wrote. */
    public record Result(List<LedgerOutcome> outcomes, List<Pending> outbox) {
    }

    /** Applies the events in one transaction; outcomes are in input order. */
    public Uni<Result> applyAll(List<Received> events) {
        return applyAll(events, (conn, result) -> Uni.createFrom().voidItem());
    }

    /**
     * Like {@link #applyAll(List)}, running {@code alsoInTransaction} (an audit row, say) in the same transaction
     * after the batch was written, so the two commit or fail together.
     */
    public Uni<Result> applyAll(List<Received> events, BiFunction<SqlConnection, Result, Uni<Void>> alsoInTransaction) {
        long started = System.nanoTime();
        // Optimistic first: redeliveries are rare (a restart, a rebalance), so the ids already applied are not read;
        // if one is there, the ledger's unique event id fails the batch and it is decided again knowing them. After
        // one, batches read the applied ids for a while (a producer re-sending a stream sends many in a row).
        boolean checkApplied = System.nanoTime() < checkAppliedUntil;
        return attempt(events, alsoInTransaction, checkApplied)
                .onFailure(LedgerService::isRedelivery).recoverWithUni(() -> {
                    metrics.counter("vaxtrace_stock_batch_redeliveries_total").increment();
                    checkAppliedUntil = System.nanoTime() + CHECK_APPLIED_AFTER_REDELIVERY.toNanos();
                    return attempt(events, alsoInTransaction, true);
                })
                .invoke(result -> {
                    batchTimer.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
                    int[] byKind = new int[LedgerOutcome.Kind.values().length];
                    for (int i = 0; i < result.outcomes().size(); i++) {
                        LedgerOutcome outcome = result.outcomes().get(i);
                        byKind[outcome.kind().ordinal()]++;
                        // Logged once committed: an attempt rolled back for a redelivery decides its events again.
                        if (outcome.kind() == LedgerOutcome.Kind.REJECTED) {
                            Log.infof("rejected stock event %s: %s", events.get(i).event().id(), outcome.detail());
                        }
                    }
                    for (LedgerOutcome.Kind kind : LedgerOutcome.Kind.values()) {
                        if (byKind[kind.ordinal()] > 0) {
                            outcomeCounters.get(kind).increment(byKind[kind.ordinal()]);
                        }
                    }
                });
    }

    private Uni<Result> attempt(List<Received> events, BiFunction<SqlConnection, Result, Uni<Void>> alsoInTransaction,
            boolean checkApplied) {
        return pool.withTransaction(conn -> apply(conn, events, checkApplied).call(result -> alsoInTransaction.apply(conn, result)));
    }

    /** Whether a batch failed because one of its events is already in the ledger (the unique event id). */
    static boolean isRedelivery(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg && "23505".equals(pg.getSqlState()) && EVENT_ID_KEY.equals(pg.getConstraint())) {
                return true;
            }
            if (t instanceof CompositeException composite && composite.getCauses().stream().anyMatch(LedgerService::isRedelivery)) {
                return true;
            }
        }
        return false;
    }

    /** The events that passed the checks that need no database, with their type. */
    private record Candidate(int index, Received received, StockEventType type) {
        StockEvent data() {
            return received.event().data();
        }

        /** Where its entry sits in the card (its {@code occurred_at}): the event's time, or a repair's later {@code notBefore}. */
        Instant cardTime() {
            Instant at = data().occurredAt();
            Instant notBefore = received.notBefore();
            return notBefore != null && notBefore.isAfter(at) ? notBefore : at;
        }
    }

    /** A facility as the batch reads it; {@code targetPopulation} (null when never given) sets its min/max stock. */
    private record Place(FacilityTier tier, FacilityArea area, String areaChain, Integer targetPopulation) {
    }

    /** {@code products}: the known product codes, each with the vaccine it is the diluent of (null for others). */
    private record Loaded(Set<String> applied, Map<String, Place> facilities, Map<String, String> products, List<BatchPlan.LotRow> lots,
            List<BatchPlan.TailRow> tails, Map<PairKey, Instant> firstEvents, Map<PairKey, Map<LocalDate, long[]>> days) {

        /** The min/max the pair is judged by: from the facility's target population where it has one, else the tier's months (metrics/StockLimits). */
        MinMax minMax(StockLimits limits, String facilityCode, String productCode) {
            Place place = facilities.get(facilityCode);
            return limits.of(place.tier(), place.targetPopulation(), productCode, products.get(productCode));
        }
    }

    private Uni<Result> apply(SqlConnection conn, List<Received> events, boolean checkApplied) {
        Instant now = clock.instant();
        LedgerOutcome[] outcomes = new LedgerOutcome[events.size()];
        Map<Integer, String> rejections = new LinkedHashMap<>();
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            CloudEvent<StockEvent> event = events.get(i).event();
            StockEventType type = StockEventType.fromCloudEventType(event.type()).orElse(null);
            List<FieldViolation> violations = type == null || events.get(i).repair() ? List.of()
                    : StockEventValidator.validate(type, event.data(), now);
            if (type == null) {
                outcomes[i] = reject(rejections, i, events, "unknown event type '" + event.type() + "'");
            } else if (!violations.isEmpty()) {
                outcomes[i] = reject(rejections, i, events, "invalid: " + violations.stream().map(v -> v.field() + " " + v.message()).toList());
            } else {
                candidates.add(new Candidate(i, events.get(i), type));
            }
        }
        return load(conn, candidates, now, checkApplied).flatMap(loaded -> {
            BatchPlan plan = new BatchPlan(loaded.lots(), loaded.tails(), pairs(candidates));
            Set<String> applied = new HashSet<>(loaded.applied());
            for (Candidate c : candidates) {
                String id = c.received().event().id();
                StockEvent data = c.data();
                if (applied.contains(id)) {
                    outcomes[c.index()] = LedgerOutcome.duplicate();
                } else if (!loaded.facilities().containsKey(data.facilityCode())) {
                    outcomes[c.index()] = reject(rejections, c.index(), events, "unknown facility '" + data.facilityCode() + "'");
                } else if (!loaded.products().containsKey(data.productCode())) {
                    outcomes[c.index()] = reject(rejections, c.index(), events, "unknown product '" + data.productCode() + "'");
                } else {
                    String refused = plan.apply(c.index(), c.type(), data, c.cardTime());
                    if (refused != null) {
                        outcomes[c.index()] = reject(rejections, c.index(), events, refused);
                    } else {
                        applied.add(id);
                    }
                }
            }
            return write(conn, events, plan, loaded, rejections, now).map(pending -> {
                List<Decided> decided = plan.decided();
                for (int i = 0; i < decided.size(); i++) {
                    Decided d = decided.get(i);
                    outcomes[d.index()] = LedgerOutcome.applied(pending.get(i).id(), d.lotBalanceBefore(), d.lotBalanceAfter(),
                            d.entry().balanceAfter);
                }
                return new Result(Arrays.asList(outcomes), pending);
            });
        });
    }

    private static LedgerOutcome reject(Map<Integer, String> rejections, int index, List<Received> events, String reason) {
        rejections.putIfAbsent(index, reason);
        return LedgerOutcome.rejected(reason);
    }

    private static List<PairKey> pairs(List<Candidate> candidates) {
        Set<PairKey> pairs = new LinkedHashSet<>();
        for (Candidate c : candidates) {
            pairs.add(new PairKey(c.data().facilityCode(), c.data().productCode()));
        }
        return List.copyOf(pairs);
    }

    /**
     * The read phase: every statement sent at once (pipelined); the locks come first, so the reads see locked state.
     * The tails of cards are read in a second round trip, and only for cards the batch reaches back into (an event
     * older than the card's last stored one): in-order events, the common case, need none. Without {@code checkApplied}
     * the ids already applied are not read: the ledger's unique event id refuses a redelivery at write time.
     */
    private Uni<Loaded> load(SqlConnection conn, List<Candidate> candidates, Instant now, boolean checkApplied) {
        if (candidates.isEmpty()) {
            return Uni.createFrom().item(new Loaded(Set.of(), Map.of(), Map.of(), List.of(), List.of(), Map.of(), Map.of()));
        }
        List<PairKey> pairs = pairs(candidates);
        String[] pf = pairs.stream().map(PairKey::facilityCode).toArray(String[]::new);
        String[] pp = pairs.stream().map(PairKey::productCode).toArray(String[]::new);
        Long[] locks = pairs.stream().map(LedgerService::lockKey).sorted().distinct().toArray(Long[]::new);
        Map<CardKey, Instant> earliest = new LinkedHashMap<>();
        for (Candidate c : candidates) {
            StockEvent d = c.data();
            earliest.merge(new CardKey(d.facilityCode(), d.productCode(), d.lotCode()), c.cardTime(), (a, b) -> a.isBefore(b) ? a : b);
        }
        LocalDate today = StockMetrics.businessDay(now);

        Uni<RowSet<Row>> locked = conn.preparedQuery(LOCK).execute(Tuple.of(locks));
        Uni<Set<String>> applied = !checkApplied ? Uni.createFrom().item(Set.of())
                : conn.preparedQuery(APPLIED).execute(Tuple.of(
                        candidates.stream().map(c -> c.received().event().id()).distinct().toArray(String[]::new))).map(LedgerService::ids);
        Uni<RowSet<Row>> facilities = conn.preparedQuery(FACILITIES).execute(Tuple.of(
                candidates.stream().map(c -> c.data().facilityCode()).distinct().toArray(String[]::new)));
        Uni<RowSet<Row>> products = conn.preparedQuery(PRODUCTS).execute(Tuple.of(
                candidates.stream().map(c -> c.data().productCode()).distinct().toArray(String[]::new)));
        Uni<RowSet<Row>> balances = conn.preparedQuery(BALANCES).execute(Tuple.of(pf, pp));
        Uni<RowSet<Row>> statuses = conn.preparedQuery(STATUSES).execute(Tuple.of(pf, pp));
        Uni<RowSet<Row>> days = conn.preparedQuery(DAYS).execute(Tuple.of(pf, pp, StockMetrics.windowStart(now), today.plusDays(1)));
        return Uni.combine().all().unis(locked, applied, facilities, products, balances, statuses, days).asTuple()
                .flatMap(t -> {
                    List<BatchPlan.LotRow> lots = lots(t.getItem5());
                    List<CardKey> late = new ArrayList<>();
                    for (BatchPlan.LotRow lot : lots) {
                        Instant first = earliest.get(lot.card());
                        if (first != null && lot.lastOccurredAt() != null && first.isBefore(lot.lastOccurredAt())) {
                            late.add(lot.card());
                        }
                    }
                    Uni<List<BatchPlan.TailRow>> tails = late.isEmpty() ? Uni.createFrom().item(List.of())
                            : conn.preparedQuery(TAILS).execute(Tuple.of(
                                    late.stream().map(CardKey::facilityCode).toArray(String[]::new),
                                    late.stream().map(CardKey::productCode).toArray(String[]::new),
                                    late.stream().map(CardKey::lotCode).toArray(String[]::new),
                                    late.stream().map(k -> time(earliest.get(k))).toArray(OffsetDateTime[]::new))).map(LedgerService::tails);
                    return tails.map(tailRows -> new Loaded(t.getItem2(), places(t.getItem3()), products(t.getItem4()), lots, tailRows,
                            firstEvents(t.getItem6()), days(t.getItem7())));
                });
    }

    /** The write phase: multi-row statements sent at once; the outbox insert returns the ids in event order. */
    private Uni<List<Pending>> write(SqlConnection conn, List<Received> events, BatchPlan plan, Loaded loaded,
            Map<Integer, String> rejections, Instant now) {
        OffsetDateTime at = time(now);
        // One small method per statement: each is compiled on its own, early (a single method of all of them was
        // still interpreted after 100,000 events and then cost the JIT seconds).
        List<Uni<RowSet<Row>>> writes = new ArrayList<>();
        List<BatchPlan.Entry> fresh = plan.newEntries();
        if (!fresh.isEmpty()) {
            writes.add(insertEntries(conn, events, fresh, at));
        }
        List<BatchPlan.Entry> recomputed = plan.recomputedEntries();
        if (!recomputed.isEmpty()) {
            writes.add(updateEntries(conn, recomputed));
        }
        List<BatchPlan.Card> cards = plan.touchedCards();
        if (!cards.isEmpty()) {
            writes.add(upsertBalances(conn, cards, at));
        }
        Uni<RowSet<Row>> lots = insertLots(conn, plan.decided());
        if (lots != null) {
            writes.add(lots);
        }
        if (!rejections.isEmpty()) {
            writes.add(rejected(conn, events, rejections, at));
        }
        Map<PairKey, Map<LocalDate, long[]>> dayChanges = plan.dayChanges();
        if (!dayChanges.isEmpty()) {
            writes.add(days(conn, dayChanges));
        }
        Map<PairKey, Instant> firstEvents = firstEvents(plan, loaded);
        Map<PairKey, StockMetrics.Result> pairMetrics = metrics(plan, loaded, dayChanges, firstEvents, now);
        if (!pairMetrics.isEmpty()) {
            writes.add(statuses(conn, plan, firstEvents, pairMetrics, at));
        }
        List<Decided> decided = plan.decided();
        String[][] outbox = outbox(events, plan, loaded, pairMetrics, now);
        Uni<Long> outboxId = decided.isEmpty() ? Uni.createFrom().item(0L)
                : conn.preparedQuery(INSERT_OUTBOX).execute(Tuple.of(Topics.STOCK_LEVELS, OutboxFormat.frame(outbox[1], outbox[2], outbox[3]), at))
                        .map(rows -> rows.iterator().next().getLong(0));
        Uni<Void> all = writes.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(writes).andFailFast().replaceWithVoid();
        return Uni.combine().all().unis(all, outboxId).asTuple().map(t -> {
            long id = t.getItem2();
            List<Pending> pending = new ArrayList<>(decided.size());
            for (int i = 0; i < decided.size(); i++) {
                pending.add(new Pending(id, outbox[0][i], outbox[1][i], outbox[2][i], outbox[3][i]));
            }
            return pending;
        });
    }

    private static Uni<RowSet<Row>> insertEntries(SqlConnection conn, List<Received> events, List<BatchPlan.Entry> fresh, OffsetDateTime at) {
        int n = fresh.size();
        String[] ids = new String[n], types = new String[n], fs = new String[n], ps = new String[n], lots = new String[n],
                sources = new String[n], systems = new String[n], reasons = new String[n], counterparties = new String[n];
        LocalDate[] expiries = new LocalDate[n];
        Long[] quantities = new Long[n], deltas = new Long[n], balances = new Long[n];
        OffsetDateTime[] occurred = new OffsetDateTime[n];
        Short[] vvm = new Short[n];
        for (int i = 0; i < n; i++) {
            BatchPlan.Entry e = fresh.get(i);
            Decided d = e.decided;
            CloudEvent<StockEvent> event = events.get(d.index()).event();
            StockEvent data = d.data();
            ids[i] = event.id();
            types[i] = d.type().wireName();
            fs[i] = data.facilityCode();
            ps[i] = data.productCode();
            lots[i] = data.lotCode();
            expiries[i] = data.lot() == null ? null : data.lot().expiry();
            quantities[i] = e.quantity;
            deltas[i] = e.delta;
            balances[i] = e.balanceAfter;
            occurred[i] = time(e.occurredAt);
            sources[i] = event.source();
            systems[i] = data.sourceSystem();
            vvm[i] = data.vvmStage() == null ? null : data.vvmStage().shortValue();
            reasons[i] = data.reason();
            counterparties[i] = data.counterpartyCode();
        }
        return conn.preparedQuery(INSERT_ENTRIES).execute(Tuple.from(new Object[] { ids, types, fs, ps, lots, expiries,
                quantities, deltas, balances, occurred, sources, systems, vvm, reasons, counterparties, at }));
    }

    private static Uni<RowSet<Row>> updateEntries(SqlConnection conn, List<BatchPlan.Entry> recomputed) {
        return conn.preparedQuery(UPDATE_ENTRIES).execute(Tuple.of(
                recomputed.stream().map(e -> e.id).toArray(Long[]::new),
                recomputed.stream().map(e -> e.delta).toArray(Long[]::new),
                recomputed.stream().map(e -> e.balanceAfter).toArray(Long[]::new)));
    }

    private static Uni<RowSet<Row>> upsertBalances(SqlConnection conn, List<BatchPlan.Card> cards, OffsetDateTime at) {
        return conn.preparedQuery(UPSERT_BALANCES).execute(Tuple.from(new Object[] {
                cards.stream().map(c -> c.key.facilityCode()).toArray(String[]::new),
                cards.stream().map(c -> c.key.productCode()).toArray(String[]::new),
                cards.stream().map(c -> c.key.lotCode()).toArray(String[]::new),
                cards.stream().map(c -> c.lotExpiry).toArray(LocalDate[]::new),
                cards.stream().map(c -> c.quantity).toArray(Long[]::new),
                cards.stream().map(c -> time(c.lastOccurredAt)).toArray(OffsetDateTime[]::new), at }));
    }

    /** The lots the batch names, each once (the first expiry given); null when it names none. */
    private static Uni<RowSet<Row>> insertLots(SqlConnection conn, List<Decided> decided) {
        Map<String, LocalDate> newLots = new LinkedHashMap<>();
        for (Decided d : decided) {
            if (d.data().lot() != null) {
                newLots.putIfAbsent(d.data().productCode() + "\n" + d.data().lot().code(), d.data().lot().expiry());
            }
        }
        if (newLots.isEmpty()) {
            return null;
        }
        return conn.preparedQuery(INSERT_LOTS).execute(Tuple.of(
                newLots.keySet().stream().map(k -> k.substring(0, k.indexOf('\n'))).toArray(String[]::new),
                newLots.keySet().stream().map(k -> k.substring(k.indexOf('\n') + 1)).toArray(String[]::new),
                newLots.values().toArray(LocalDate[]::new)));
    }

    private static Uni<RowSet<Row>> rejected(SqlConnection conn, List<Received> events, Map<Integer, String> rejections, OffsetDateTime at) {
        // One row per event id (the first reason wins), as the unique key allows.
        Map<String, Integer> byId = new LinkedHashMap<>();
        rejections.keySet().forEach(index -> byId.putIfAbsent(events.get(index).event().id(), index));
        List<Integer> rows = List.copyOf(byId.values());
        return conn.preparedQuery(INSERT_REJECTED).execute(Tuple.from(new Object[] {
                rows.stream().map(i -> events.get(i).event().id()).toArray(String[]::new),
                rows.stream().map(i -> events.get(i).event().type()).toArray(String[]::new),
                rows.stream().map(i -> events.get(i).event().data() == null ? null : events.get(i).event().data().facilityCode()).toArray(String[]::new),
                rows.stream().map(rejections::get).toArray(String[]::new),
                rows.stream().map(i -> events.get(i).rawPayload()).toArray(String[]::new), at }));
    }

    private static Uni<RowSet<Row>> days(SqlConnection conn, Map<PairKey, Map<LocalDate, long[]>> changes) {
        List<String> fs = new ArrayList<>(), ps = new ArrayList<>();
        List<LocalDate> ds = new ArrayList<>();
        List<Long> used = new ArrayList<>(), net = new ArrayList<>(), counted = new ArrayList<>();
        changes.forEach((pair, byDay) -> byDay.forEach((day, change) -> {
            fs.add(pair.facilityCode());
            ps.add(pair.productCode());
            ds.add(day);
            used.add(change[0]);
            net.add(change[1]);
            counted.add(change[2]); // the count-made part of the change (issue #19 item 3)
        }));
        return conn.preparedQuery(UPSERT_DAYS).execute(Tuple.of(fs.toArray(String[]::new), ps.toArray(String[]::new),
                ds.toArray(LocalDate[]::new), used.toArray(Long[]::new), net.toArray(Long[]::new), counted.toArray(Long[]::new)));
    }

    /**
     * Metrics once per facility × product of the batch, from the stored day rollups of the AMC window plus what the
     * batch adds to them: never from the ledger's history.
     */
    private Map<PairKey, StockMetrics.Result> metrics(BatchPlan plan, Loaded loaded, Map<PairKey, Map<LocalDate, long[]>> changes,
            Map<PairKey, Instant> firstEvents, Instant now) {
        Map<PairKey, StockMetrics.Result> results = new LinkedHashMap<>();
        LocalDate from = StockMetrics.windowStart(now);
        LocalDate to = StockMetrics.businessDay(now).plusDays(1);
        for (Decided d : plan.decided()) {
            PairKey pair = new PairKey(d.card().facilityCode(), d.card().productCode());
            if (results.containsKey(pair)) {
                continue;
            }
            Map<LocalDate, long[]> byDay = new HashMap<>();
            loaded.days().getOrDefault(pair, Map.of()).forEach((day, v) -> byDay.put(day, v.clone()));
            changes.getOrDefault(pair, Map.of()).forEach((day, v) -> {
                if (!day.isBefore(from) && !day.isAfter(to)) {
                    long[] sum = byDay.computeIfAbsent(day, x -> new long[3]);
                    sum[0] += v[0];
                    sum[1] += v[1];
                    sum[2] += v[2];
                }
            });
            List<Movement> movements = byDay.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> new Movement(e.getKey().atStartOfDay(StockMetrics.BUSINESS_ZONE).toInstant(), e.getValue()[1], e.getValue()[0],
                            e.getValue()[2]))
                    .toList();
            MinMax minMax = loaded.minMax(limits, pair.facilityCode(), pair.productCode());
            results.put(pair, StockMetrics.compute(movements, plan.productBalance(pair), firstEvents.get(pair), now, minMax));
        }
        return results;
    }

    /** When each facility × product was first reported: the stored time, or the batch's earliest event if earlier. */
    private static Map<PairKey, Instant> firstEvents(BatchPlan plan, Loaded loaded) {
        Map<PairKey, Instant> first = new HashMap<>();
        for (Decided d : plan.decided()) {
            PairKey pair = new PairKey(d.card().facilityCode(), d.card().productCode());
            Instant at = d.data().occurredAt();
            first.merge(pair, at, (a, b) -> a.isBefore(b) ? a : b);
        }
        first.replaceAll((pair, at) -> {
            Instant stored = loaded.firstEvents().get(pair);
            return stored != null && stored.isBefore(at) ? stored : at;
        });
        return first;
    }

    private Uni<RowSet<Row>> statuses(SqlConnection conn, BatchPlan plan, Map<PairKey, Instant> firstEvents,
            Map<PairKey, StockMetrics.Result> results, OffsetDateTime at) {
        List<PairKey> pairs = List.copyOf(results.keySet());
        Map<PairKey, Instant> last = new HashMap<>();
        for (Decided d : plan.decided()) {
            last.merge(new PairKey(d.card().facilityCode(), d.card().productCode()), d.data().occurredAt(), (a, b) -> a.isAfter(b) ? a : b);
        }
        return conn.preparedQuery(UPSERT_STATUSES).execute(Tuple.from(new Object[] {
                pairs.stream().map(PairKey::facilityCode).toArray(String[]::new),
                pairs.stream().map(PairKey::productCode).toArray(String[]::new),
                pairs.stream().map(p -> results.get(p).stockOnHand()).toArray(Long[]::new),
                pairs.stream().map(p -> results.get(p).amc()).toArray(Long[]::new),
                pairs.stream().map(p -> results.get(p).monthsOfStock() == null ? null : results.get(p).monthsOfStock().toPlainString()).toArray(String[]::new),
                pairs.stream().map(p -> results.get(p).status().name()).toArray(String[]::new),
                pairs.stream().map(p -> results.get(p).stockOutDays()).toArray(Integer[]::new),
                pairs.stream().map(p -> time(firstEvents.get(p))).toArray(OffsetDateTime[]::new),
                pairs.stream().map(p -> time(last.get(p))).toArray(OffsetDateTime[]::new), at }));
    }

    /**
     * One stock-level change per applied event, in order. Each carries its own balances; the metrics are the batch's
     * for the facility × product (AMC, stock-out days), with months of stock and status judged on the event's balance.
     */
    private String[][] outbox(List<Received> events, BatchPlan plan, Loaded loaded, Map<PairKey, StockMetrics.Result> results,
            Instant now) {
        List<Decided> decided = plan.decided();
        String[][] columns = new String[4][decided.size()];
        Map<PairKey, StockForecast> forecasts = forecasts(plan, loaded, results, now);
        for (int i = 0; i < decided.size(); i++) {
            Decided d = decided.get(i);
            StockEvent data = d.data();
            CloudEvent<StockEvent> cause = events.get(d.index()).event();
            Place place = loaded.facilities().get(data.facilityCode());
            StockMetrics.Result result = results.get(new PairKey(data.facilityCode(), data.productCode()));
            MinMax minMax = loaded.minMax(limits, data.facilityCode(), data.productCode());
            // Months of stock shown to 2 decimals; the status is decided on the exact figures (metrics/StockMetrics).
            BigDecimal mos = StockMetrics.monthsOfStock(d.productBalanceAfter(), result.amc());
            StockStatus status = StockMetrics.status(d.productBalanceAfter(), result.amc(), minMax);
            // The forecast is of the lots as the batch left them: only on a change that leaves that balance (contract v1.4).
            StockForecast forecast = d.productBalanceAfter() == result.stockOnHand()
                    ? forecasts.get(new PairKey(data.facilityCode(), data.productCode())) : null;
            LevelMetrics levelMetrics = StockForecast.levelMetrics(result.amc(), mos, status, result.stockOutDays(), minMax, forecast);
            StockLevelChanged change = new StockLevelChanged(data.facilityCode(), data.productCode(), data.lotCode(), cause.id(),
                    d.type().wireName(), d.lotBalanceBefore(), d.lotBalanceAfter(), d.productBalanceAfter(), data.occurredAt(), now,
                    levelMetrics, place.area(), d.lotExpiry(), data.vvmStage());
            // Derived from the cause, so a re-publication carries the same id and consumers drop it as a duplicate.
            String id = UUID.nameUUIDFromBytes(("stock-level-changed:" + cause.id()).getBytes(StandardCharsets.UTF_8)).toString();
            columns[0][i] = Topics.STOCK_LEVELS;
            columns[1][i] = data.facilityCode();
            columns[2][i] = EventJson.write(CloudEvent.of(id, SOURCE, EventTypes.STOCK_LEVEL_CHANGED, data.facilityCode(), now, change));
            columns[3][i] = place.areaChain();
        }
        return columns;
    }

    /** The predicted stock-out of each facility × product of the batch, from its lots as the batch left them (once per pair). */
    private static Map<PairKey, StockForecast> forecasts(BatchPlan plan, Loaded loaded, Map<PairKey, StockMetrics.Result> results, Instant now) {
        Map<CardKey, StockForecast.LotOnHand> lots = new LinkedHashMap<>();
        loaded.lots().forEach(l -> lots.put(l.card(), new StockForecast.LotOnHand(l.quantity(), l.lotExpiry())));
        plan.touchedCards().forEach(c -> lots.put(c.key, new StockForecast.LotOnHand(c.quantity, c.lotExpiry)));
        Map<PairKey, List<StockForecast.LotOnHand>> byPair = new HashMap<>();
        lots.forEach((card, lot) -> byPair.computeIfAbsent(new PairKey(card.facilityCode(), card.productCode()), p -> new ArrayList<>()).add(lot));
        Map<PairKey, StockForecast> forecasts = new HashMap<>();
        results.forEach((pair, result) -> forecasts.put(pair, StockForecast.of(byPair.getOrDefault(pair, List.of()), result.amc(), now)));
        return forecasts;
    }

    /** A 64-bit advisory-lock key per facility × product (a collision only serialises two unrelated pairs). */
    static long lockKey(PairKey pair) {
        return UUID.nameUUIDFromBytes(("stock-card:" + pair.facilityCode() + "\n" + pair.productCode()).getBytes(StandardCharsets.UTF_8))
                .getMostSignificantBits();
    }

    /**
     * As the PG client writes it. PostgreSQL's {@code infinity} reads as {@link OffsetDateTime#MAX} (or {@code MIN}),
     * whose instant lies beyond a UTC {@link OffsetDateTime}: such a time (a card's last time, a void ordered after an
     * entry stored at {@code infinity}) is written back as {@code infinity}.
     */
    private static OffsetDateTime time(Instant instant) {
        if (instant == null) {
            return null;
        }
        if (instant.isAfter(LAST_UTC)) {
            return OffsetDateTime.MAX;
        }
        return instant.isBefore(FIRST_UTC) ? OffsetDateTime.MIN : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    private static Set<String> ids(RowSet<Row> rows) {
        Set<String> ids = new HashSet<>();
        rows.forEach(row -> ids.add(row.getString(0)));
        return ids;
    }

    private static Map<String, Place> places(RowSet<Row> rows) {
        Map<String, Place> places = new HashMap<>();
        for (Row row : rows) {
            String zone = row.getString("zone_code"), state = row.getString("state_code"), lga = row.getString("lga_code");
            StringBuilder chain = new StringBuilder();
            for (String area : new String[] { lga, state, zone }) {
                if (area != null) {
                    chain.append(area).append(',');
                }
            }
            places.put(row.getString("code"), new Place(FacilityTier.valueOf(row.getString("tier")), new FacilityArea(zone, state, lga),
                    chain.append(FacilityArea.NATIONAL).toString(), row.getInteger("target_population")));
        }
        return places;
    }

    private static Map<String, String> products(RowSet<Row> rows) {
        Map<String, String> products = new HashMap<>();
        rows.forEach(row -> products.put(row.getString(0), row.getString(1)));
        return products;
    }

    private static List<BatchPlan.LotRow> lots(RowSet<Row> rows) {
        List<BatchPlan.LotRow> lots = new ArrayList<>();
        for (Row row : rows) {
            lots.add(new BatchPlan.LotRow(new CardKey(row.getString(0), row.getString(1), row.getString(2)), row.getLong(3),
                    instant(row, "last_occurred_at"), row.getLocalDate(5)));
        }
        return lots;
    }

    private static List<BatchPlan.TailRow> tails(RowSet<Row> rows) {
        List<BatchPlan.TailRow> tails = new ArrayList<>();
        for (Row row : rows) {
            tails.add(new BatchPlan.TailRow(new CardKey(row.getString(0), row.getString(1), row.getString(2)), row.getLong(3),
                    row.getString(4), row.getLong(5), row.getLong(6), row.getLong(7), instant(row, "occurred_at")));
        }
        return tails;
    }

    private static Map<PairKey, Instant> firstEvents(RowSet<Row> rows) {
        Map<PairKey, Instant> first = new HashMap<>();
        rows.forEach(row -> first.put(new PairKey(row.getString(0), row.getString(1)), instant(row, "first_event_at")));
        return first;
    }

    private static Map<PairKey, Map<LocalDate, long[]>> days(RowSet<Row> rows) {
        Map<PairKey, Map<LocalDate, long[]>> days = new HashMap<>();
        rows.forEach(row -> days.computeIfAbsent(new PairKey(row.getString(0), row.getString(1)), p -> new HashMap<>())
                .put(row.getLocalDate(2), new long[] { row.getLong(3), row.getLong(4), row.getLong(5) }));
        return days;
    }
}
