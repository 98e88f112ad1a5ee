package ng.vaxtrace.gateway.hub;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import ng.vaxtrace.contracts.Alert;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.EventTypes;
import ng.vaxtrace.contracts.FacilityArea;
import ng.vaxtrace.contracts.StockLevelChanged;
import ng.vaxtrace.contracts.TransferSuggestion;
import ng.vaxtrace.gateway.config.GatewayConfig;
import ng.vaxtrace.gateway.hub.Payloads.AggregateSnapshot;
import ng.vaxtrace.gateway.hub.Payloads.AggregateUpdate;
import ng.vaxtrace.gateway.hub.Payloads.AreaCounts;
import ng.vaxtrace.gateway.hub.Payloads.BatchedChange;
import ng.vaxtrace.gateway.hub.Payloads.MapUpdate;
import ng.vaxtrace.gateway.hub.Payloads.Page;
import ng.vaxtrace.gateway.hub.Payloads.Marker;
import ng.vaxtrace.gateway.hub.Payloads.Snapshot;
import ng.vaxtrace.gateway.hub.Payloads.StockEntry;
import ng.vaxtrace.gateway.hub.Payloads.Subscribed;
import ng.vaxtrace.gateway.rooms.FacilityAreas;
import ng.vaxtrace.gateway.rooms.Room;

/**
 * The heart of the gateway: applies each event to the live state, numbers it in every room it concerns and hands it
 * to the members, and answers subscriptions with a snapshot (or the missed frames) tagged with the room's sequence.
 * One lock covers all of it, so a snapshot and the deltas after it can neither overlap nor leave a gap; the work
 * under the lock is bounded (index lookups and non-blocking queue offers).
 */
@ApplicationScoped
public class RoomHub {

    private static final String UNKNOWN = "UNKNOWN";
    /** Ticks of the flush clock per flush interval: each flushes the rooms of one phase (see {@link #tick()}). */
    public static final int PHASES = 100;
    /** Changes in one {@code stock:batch} above which a room's next one waits a whole batch interval (see {@link #batchTick()}). */
    static final int BUSY_BATCH = 8;
    /** Members handed a paced frame per tick (a room's 2,000 dashboards: over 20 ticks, 200 ms at the default interval). */
    static final int PACE_SLICE = 100;

    private final GatewayConfig config;
    private final FacilityAreas facilityAreas;
    private final String instanceId = UUID.randomUUID().toString().substring(0, 8);
    private final Instant startedAt = Instant.now();
    /** Replaced once, by the warm-up's state with the stream's facts laid over it. */
    private LiveState state = new LiveState();
    private final Map<String, RoomState> rooms = new HashMap<>();
    private final Map<String, List<RoomState>> roomsByCode = new HashMap<>();
    private final Set<String> recentIds;
    private final Counter duplicates;
    private final Counter snapshots;
    private final Counter resumes;
    private long roomCounter;
    /** The rooms of each flush phase. */
    private final List<List<RoomState>> byPhase = new ArrayList<>(PHASES);
    /** Rooms still handing a flushed frame to their members a slice at a time. */
    private final Set<RoomState> pacing = new java.util.LinkedHashSet<>();
    private long ticks;
    private long batchTicks;
    /** Aggregate rooms with stock changes waiting for the next batch flush. */
    private final Set<RoomState> batching = new java.util.LinkedHashSet<>();
    /** Read without the lock: readiness probes must not queue behind a storm of joins waiting for it. */
    private volatile boolean complete;

    public RoomHub(GatewayConfig config, FacilityAreas facilityAreas, MeterRegistry metrics) {
        this.config = config;
        this.facilityAreas = facilityAreas;
        int remembered = config.rememberedEventIds();
        this.recentIds = Collections.newSetFromMap(new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > remembered;
            }
        });
        for (int i = 0; i < PHASES; i++) {
            byPhase.add(new ArrayList<>());
        }
        this.duplicates = metrics.counter("vaxtrace_gateway_duplicate_events_total");
        this.snapshots = metrics.counter("vaxtrace_gateway_subscriptions_total", "start", "snapshot");
        this.resumes = metrics.counter("vaxtrace_gateway_subscriptions_total", "start", "resume");
        metrics.gauge("vaxtrace_gateway_rooms", this, hub -> hub.roomCount());
        metrics.gauge("vaxtrace_gateway_state_stock_entries", this, hub -> hub.stockEntries());
        metrics.gauge("vaxtrace_gateway_state_open_alerts", this, hub -> hub.openAlerts());
    }

    /**
     * A stock level changed: {@code stock:update} to the facility's LGA and facility rooms (and a map marker when its
     * status moved), into the next {@code stock:batch} of its aggregate rooms that follow changes, and into the counts
     * of every aggregate room when its status moved.
     */
    public void onStockLevel(CloudEvent<StockLevelChanged> event) {
        StockLevelChanged change = event.data();
        if (change == null || change.facilityCode() == null || change.productCode() == null) {
            return;
        }
        // Encoded before taking the lock: it is held by every event and join, and the encoding needs nothing of the state.
        String status = change.metrics() == null || change.metrics().status() == null ? UNKNOWN : change.metrics().status();
        String data = EventJson.write(change);
        String compact = EventJson.write(new BatchedChange(event.id(), change.facilityCode(), change.productCode(), status,
                change.productBalanceAfter(), change.recordedAt(), change.area() == null ? null : change.area().stateCode(),
                change.area() == null ? null : change.area().lgaCode()));
        apply(event.id(), change, status, data, compact);
    }

    private synchronized void apply(String id, StockLevelChanged change, String status, String data, String compact) {
        if (!firstSeen(id)) {
            return;
        }
        facilityAreas.learn(change.facilityCode(), change.area());
        List<String> codes = codes(change.area(), change.facilityCode());
        StockEntry entry = new StockEntry(change.facilityCode(), change.productCode(), status, change.productBalanceAfter(),
                change.recordedAt());
        List<LiveState.Bucket> touched = new ArrayList<>(3);
        StockEntry previous = state.put(change.area(), codes, entry, touched);
        markAggregates(touched, false);
        List<RoomState> targets = roomsFor(codes, change.productCode());
        if (targets.isEmpty()) {
            return;
        }
        String key = change.facilityCode() + "|" + change.productCode();
        boolean statusMoved = previous == null || !previous.status().equals(status);
        for (RoomState room : targets) {
            if (room.aggregate && !room.room.changes()) {
                continue; // counts only: markAggregates above has noted what aggregate:update will send
            }
            if (room.aggregate) {
                // Dashboards that follow every change of a state or of Nigeria: one batched frame per interval.
                if (room.pendingBatch.isEmpty()) {
                    batching.add(room);
                }
                room.pendingBatch.add(compact);
            } else {
                // A slow client may skip superseded balance updates of one facility × product, never the latest.
                room.publish("stock:update", id, data, "stock|" + key);
            }
            if (room.room.isFacility()) {
                room.facilityDirty = true;
            } else if (statusMoved && !room.aggregate) {
                room.pendingMarkers.put(key, new Marker(change.facilityCode(), change.productCode(), status,
                        previous == null ? null : previous.status(), change.productBalanceAfter()));
            }
        }
    }

    /** An alert moved through its lifecycle: {@code alert:new}, {@code alert:update} or {@code alert:resolved}. */
    public synchronized void onAlert(CloudEvent<Alert> event) {
        Alert alert = event.data();
        String frameEvent = alertFrame(event.type());
        if (alert == null || alert.alertId() == null || alert.facilityCode() == null || frameEvent == null
                || !firstSeen(event.id())) {
            return;
        }
        facilityAreas.learn(alert.facilityCode(), alert.area());
        List<String> codes = codes(alert.area(), alert.facilityCode());
        state.putAlert(codes, alert, true);
        markAggregates(alertBuckets(alert), true);
        List<RoomState> targets = roomsFor(codes, alert.productCode());
        if (targets.isEmpty()) {
            return;
        }
        String data = EventJson.write(alert);
        for (RoomState room : targets) {
            room.publish(frameEvent, event.id(), data, null);
            if (room.room.isFacility()) {
                room.facilityDirty = true;
            }
        }
    }

    /**
     * A redistribution suggestion changed: {@code transfer:suggested} or {@code transfer:withdrawn} to the rooms of the
     * donor and of the receiver (national, zone, state, LGA, facility; each room once). Not kept in the live state:
     * the current suggestions come from alert-service's API, these frames keep them current.
     */
    public synchronized void onTransfer(CloudEvent<TransferSuggestion> event) {
        TransferSuggestion transfer = event.data();
        String frameEvent = EventTypes.TRANSFER_SUGGESTED.equals(event.type()) ? "transfer:suggested"
                : EventTypes.TRANSFER_WITHDRAWN.equals(event.type()) ? "transfer:withdrawn" : null;
        if (transfer == null || frameEvent == null || transfer.from() == null || transfer.to() == null
                || transfer.from().facilityCode() == null || transfer.to().facilityCode() == null || !firstSeen(event.id())) {
            return;
        }
        java.util.LinkedHashSet<String> codes = new java.util.LinkedHashSet<>(codes(transfer.from().area(), transfer.from().facilityCode()));
        codes.addAll(codes(transfer.to().area(), transfer.to().facilityCode()));
        List<RoomState> targets = roomsFor(new ArrayList<>(codes), transfer.productCode());
        if (targets.isEmpty()) {
            return;
        }
        String data = EventJson.write(transfer);
        for (RoomState room : targets) {
            // A slow client may skip a superseded version of one suggestion, never the latest.
            room.publish(frameEvent, event.id(), data, "transfer|" + transfer.suggestionId());
        }
    }

    /**
     * Joins a room. With the epoch and sequence of an earlier subscription, and when the room still buffers every
     * frame after it, the missed frames are replayed; otherwise the client gets the room's current state. Either way
     * the following deltas continue the same sequence.
     */
    public synchronized void subscribe(Subscriber subscriber, Room room, String resumeEpoch, Long resumeSeq) {
        RoomState roomState = rooms.computeIfAbsent(room.name(), name -> open(room));
        roomState.finishPacing(); // a member re-joining must not get the paced frame after its snapshot
        if (!roomState.pendingBatch.isEmpty()) {
            // The snapshot already holds the waiting changes: number them first, so the joiner's deltas start after.
            flushBatch(roomState);
            batching.remove(roomState);
        }
        List<OutFrame> missed = resumeEpoch == null || resumeSeq == null ? null : roomState.framesAfter(resumeEpoch, resumeSeq);
        if (missed != null) {
            resumes.increment();
            subscriber.offer(OutFrame.control("subscribed", roomState.name,
                    new Subscribed(roomState.epoch, roomState.seq(), true, missed.size())));
            missed.forEach(subscriber::offer);
        } else {
            snapshots.increment();
            subscriber.offer(OutFrame.control("subscribed", roomState.name,
                    new Subscribed(roomState.epoch, roomState.seq(), false, null)));
            subscriber.offer(snapshotFrame(roomState));
        }
        roomState.members.add(subscriber);
    }

    /**
     * Hands the subscriber a page of a room's facility detail ({@code of} = stock or alerts) after its cursor, at the
     * room's current sequence — under the lock, so it reaches the client after every delta up to that sequence and
     * before the next. False when the room does not exist (the caller checks membership).
     */
    public synchronized boolean page(Subscriber to, Room room, String of, String cursor, int limit) {
        RoomState roomState = rooms.get(room.name());
        if (roomState == null) {
            return false;
        }
        roomState.finishPacing(); // the page is at the room's sequence: every frame up to it reaches the client first
        String product = room.product();
        List<Object> items = new ArrayList<>(Math.min(limit, 64));
        String next = null;
        if ("alerts".equals(of)) {
            for (Alert alert : state.alertsAfter(room.code(), cursor)) {
                if (product == null || product.equals(alert.productCode())) {
                    if (items.size() == limit) {
                        next = ((Alert) items.get(items.size() - 1)).alertId();
                        break;
                    }
                    items.add(alert);
                }
            }
        } else {
            for (StockEntry entry : state.stockAfter(room.code(), cursor)) {
                if (product == null || product.equals(entry.productCode())) {
                    if (items.size() == limit) {
                        StockEntry last = (StockEntry) items.get(items.size() - 1);
                        next = LiveState.key(last.facilityCode(), last.productCode());
                        break;
                    }
                    items.add(entry);
                }
            }
        }
        to.offer(OutFrame.control("page", roomState.name, new Page(roomState.seq(), "alerts".equals(of) ? "alerts" : "stock", items, next)));
        return true;
    }

    /**
     * The current levels and open alerts read from stock-service and alert-service (the warm-up): each fills in what
     * the stream has not told yet — a level or alert already consumed from Kafka is newer and stays. Every open room
     * then gets a fresh {@code snapshot} in its stream (the next {@code seq}), so its members see the completed state
     * and the deltas that follow it continue the same sequence.
     */
    public void warm(List<WarmLevel> levels, List<Alert> alerts) {
        warm(read(levels), alerts);
    }

    /** The levels the warm-up read, indexed apart from the live state (off the lock) while the alerts are still read. */
    public static final class ReadLevels {
        private final LiveState state;
        private final int levels;

        private ReadLevels(LiveState state, int levels) {
            this.state = state;
            this.levels = levels;
        }

        /** How many levels were read. */
        public int size() {
            return levels;
        }
    }

    /** Indexes the levels read at warm-up: the slow part, done before {@link #warm(ReadLevels, List)} takes the lock. */
    public ReadLevels read(List<WarmLevel> levels) {
        LiveState read = LiveState.of(levels);
        read.areas().forEach(facilityAreas::learn); // each facility once, where the index put it
        return new ReadLevels(read, levels.size());
    }

    /** Completes the state with what the warm-up read; see {@link #warm(List, List)}. */
    public void warm(ReadLevels levels, List<Alert> alerts) {
        alerts.forEach(alert -> facilityAreas.learn(alert.facilityCode(), alert.area()));
        LiveState read = levels.state;
        read.addRead(alerts);
        synchronized (this) {
            int kept = read.overlay(state);
            state = read;
            complete = true;
            flushBatches(); // numbered before the snapshots that hold them, as at a join
            for (RoomState room : rooms.values()) {
                room.dirtyAreas.clear();
                room.next();
                room.publishNumbered(snapshotFrame(room));
            }
            Log.infof("warm-up applied: %d levels and alerts kept as read (of %d levels, %d alerts read); %d rooms re-snapshotted",
                    kept, levels.levels, alerts.size(), rooms.size());
        }
    }

    /** Has the warm-up completed (snapshots hold every level and open alert, not only what was consumed)? */
    public boolean complete() {
        return complete;
    }

    public synchronized void unsubscribe(Subscriber subscriber, String roomName) {
        RoomState room = rooms.get(roomName);
        if (room != null && room.members.remove(subscriber) && room.members.isEmpty()) {
            room.emptySinceNanos = System.nanoTime();
        }
    }

    /**
     * One tick of the batch clock (two a batch interval): each aggregate room's waiting stock changes go out as one
     * {@code stock:batch} frame — at every tick while the room gets few changes (a change waits at most half an
     * interval), at every other tick once its last frame carried more than {@link #BUSY_BATCH} (a busy room: one
     * frame an interval, as at 1,000 changes/s nationally, so its dashboards' frame rate stays bounded).
     */
    public synchronized void batchTick() {
        batchTicks++;
        for (Iterator<RoomState> it = batching.iterator(); it.hasNext();) {
            RoomState room = it.next();
            if (room.lastBatchSize > BUSY_BATCH && batchTicks - room.lastBatchTick < 2) {
                continue;
            }
            flushBatch(room);
            it.remove();
        }
    }

    /** Sends every aggregate room's waiting stock changes now (before a snapshot that holds them). */
    public synchronized void flushBatches() {
        for (RoomState room : batching) {
            flushBatch(room);
        }
        batching.clear();
    }

    private void flushBatch(RoomState room) {
        if (room.pendingBatch.isEmpty()) {
            return;
        }
        StringBuilder data = new StringBuilder(room.pendingBatch.size() * 200 + 16).append("{\"updates\":[");
        for (int i = 0; i < room.pendingBatch.size(); i++) {
            data.append(i == 0 ? "" : ",").append(room.pendingBatch.get(i));
        }
        room.lastBatchSize = room.pendingBatch.size();
        room.lastBatchTick = batchTicks;
        room.pendingBatch.clear();
        room.publish("stock:batch", null, data.append("]}").toString(), null);
    }

    /**
     * One tick of the flush clock ({@link #PHASES} a flush interval): hands the next slice of members their paced
     * frames, then sends the coalesced map markers ({@code map:update}), aggregate counts ({@code aggregate:update})
     * and facility summaries ({@code facility:update}) of the rooms whose turn it is and drops their cached snapshots.
     * Each room is flushed once an interval, a different fraction at each tick: flushing all ~7,000 rooms in one
     * instant held the lock for up to 200 ms and put a burst of writes ahead of every live change.
     */
    public synchronized void tick() {
        pacing.removeIf(room -> !room.continuePacing(PACE_SLICE));
        List<RoomState> due = byPhase.get((int) (ticks++ % PHASES));
        Map<String, Map<String, Integer>> alertCounts = new HashMap<>();
        for (RoomState room : due) {
            flush(room, alertCounts);
        }
    }

    /** A whole flush interval's ticks at once: every room flushed, every paced frame handed out (how tests drive the clock). */
    public void flushMaps() {
        for (int i = 0; i < PHASES; i++) {
            tick();
        }
        synchronized (this) {
            pacing.forEach(RoomState::finishPacing);
            pacing.clear();
        }
    }

    /** One room's coalesced frames (see {@link #flushMaps()}); {@code alertCounts} shares alert counts between rooms. */
    private void flush(RoomState room, Map<String, Map<String, Integer>> alertCounts) {
        // A cached snapshot serves the joiners of a burst; kept longer it is memory thousands of quiet rooms hold.
        room.cachedSnapshot = null;
        room.cachedSnapshotSeq = -1;
        if (!room.pendingMarkers.isEmpty()) {
            publishPaced(room, "map:update", EventJson.write(new MapUpdate(new ArrayList<>(room.pendingMarkers.values()))),
                    "map");
            room.pendingMarkers.clear();
        }
        if (!room.dirtyAreas.isEmpty()) {
            List<AreaCounts> changed = new ArrayList<>(room.dirtyAreas.size());
            Map<String, Map<String, Map<String, Integer>>> counts = state.countsOf(room.room.code());
            room.dirtyAreas.forEach((child, products) -> changed.add(areaCounts(child, counts.getOrDefault(child, Map.of()),
                    room.room.product(), products, alertCounts)));
            room.dirtyAreas.clear();
            // Not coalesced: each one names only the areas that changed in its interval.
            publishPaced(room, "aggregate:update", EventJson.write(new AggregateUpdate(changed)), null);
        }
        if (room.facilityDirty) {
            publishPaced(room, "facility:update", EventJson.write(state.facility(room.room.code(), room.room.product())),
                    "facility");
            room.facilityDirty = false;
        }
    }

    private void publishPaced(RoomState room, String event, String dataJson, String coalesceKey) {
        if (room.publishPaced(event, dataJson, coalesceKey, PACE_SLICE)) {
            pacing.add(room);
        }
    }

    /** Forgets rooms nobody has been in for the resume window; their clients will get a snapshot. */
    public synchronized void sweep() {
        long cutoff = System.nanoTime() - config.resumeWindow().toNanos();
        for (Iterator<RoomState> it = rooms.values().iterator(); it.hasNext();) {
            RoomState room = it.next();
            if (room.members.isEmpty() && room.emptySinceNanos - cutoff < 0) {
                it.remove();
                byPhase.get(room.phase).remove(room);
                pacing.remove(room);
                List<RoomState> same = roomsByCode.get(room.room.code());
                same.remove(room);
                if (same.isEmpty()) {
                    roomsByCode.remove(room.room.code());
                }
                Log.debugf("room %s forgotten after the resume window", room.name);
            }
        }
    }

    public synchronized int roomCount() {
        return rooms.size();
    }

    synchronized int stockEntries() {
        return state.stockEntries();
    }

    synchronized int openAlerts() {
        return state.openAlerts();
    }

    private RoomState open(Room room) {
        // A room and its change-following twin flush at the same tick, so they share one count of the alerts.
        int phase = Math.floorMod(Objects.hash(room.level(), room.code(), room.product()), PHASES);
        RoomState created = new RoomState(room, instanceId + "." + (++roomCounter), config.roomBufferSize(), System.nanoTime(), phase);
        byPhase.get(phase).add(created);
        roomsByCode.computeIfAbsent(room.code(), c -> new ArrayList<>(2)).add(created);
        return created;
    }

    /** The room's snapshot at its current sequence: rendered once, shared by every joiner until the next frame. */
    private OutFrame snapshotFrame(RoomState room) {
        if (room.cachedSnapshotSeq != room.seq()) {
            room.cachedSnapshot = OutFrame.room("snapshot", room.name, room.seq(), null,
                    EventJson.write(room.aggregate ? aggregateSnapshot(room) : snapshot(room)), null);
            room.cachedSnapshotSeq = room.seq();
        }
        return room.cachedSnapshot;
    }

    private Snapshot snapshot(RoomState room) {
        String product = room.room.product();
        int max = config.snapshotMaxItems();
        List<StockEntry> stock = new ArrayList<>();
        boolean truncated = collect(state.stockOf(room.room.code()), product, StockEntry::productCode, stock, max);
        List<Alert> alerts = new ArrayList<>();
        truncated |= collect(state.alertsOf(room.room.code()), product, Alert::productCode, alerts, max);
        return new Snapshot(room.epoch, room.seq(), startedAt, complete, "detail", stock, alerts, truncated);
    }

    private AggregateSnapshot aggregateSnapshot(RoomState room) {
        String code = room.room.code();
        String product = room.room.product();
        List<AreaCounts> areas = new ArrayList<>();
        Map<String, Map<String, Integer>> alertCounts = new HashMap<>();
        state.countsOf(code).forEach((child, byProduct) -> areas.add(areaCounts(child, byProduct, product, null, alertCounts)));
        int entries = 0;
        int alerts = 0;
        if (product == null) {
            entries = state.stockOf(code).size();
            alerts = state.alertsOf(code).size();
        } else {
            entries = (int) state.stockOf(code).stream().filter(e -> product.equals(e.productCode())).count();
            alerts = (int) state.alertsOf(code).stream().filter(a -> product.equals(a.productCode())).count();
        }
        return new AggregateSnapshot(room.epoch, room.seq(), startedAt, complete, "aggregate", areas, state.facilitiesOf(code),
                entries, alerts);
    }

    private AreaCounts areaCounts(String child, Map<String, Map<String, Integer>> byProduct, String product, Set<String> only,
            Map<String, Map<String, Integer>> alertCounts) {
        Map<String, Map<String, Integer>> products = new java.util.TreeMap<>();
        byProduct.forEach((p, byStatus) -> {
            if ((product == null || product.equals(p)) && (only == null || only.contains(p)) && !byStatus.isEmpty()) {
                products.put(p, new java.util.TreeMap<>(byStatus));
            }
        });
        if (only != null) {
            // A product whose last facility left this area: an empty entry says "now none" (it replaces the old counts).
            only.stream().filter(p -> (product == null || product.equals(p)) && !products.containsKey(p))
                    .forEach(p -> products.put(p, Map.of()));
        }
        // A room and its change-following twin count the same alerts: once per flush.
        Map<String, Integer> alerts = alertCounts.computeIfAbsent(child + "|" + product, k -> {
            Map<String, Integer> bySeverity = new java.util.TreeMap<>();
            for (Alert alert : state.alertsOf(child)) {
                if (product == null || product.equals(alert.productCode())) {
                    bySeverity.merge(String.valueOf(alert.severity()), 1, Integer::sum);
                }
            }
            return bySeverity;
        });
        return new AreaCounts(child, products, alerts);
    }

    /**
     * Marks, in the aggregate rooms of each cell's area, the cell's child area as changed: with the cell's product for a
     * stock change (only that product's counts go out), without one for an alert (only the open alerts change).
     */
    private void markAggregates(List<LiveState.Bucket> touched, boolean isAlert) {
        for (LiveState.Bucket bucket : touched) {
            List<RoomState> candidates = roomsByCode.get(bucket.code());
            if (candidates != null) {
                for (RoomState room : candidates) {
                    if (room.aggregate && (room.room.product() == null || bucket.product() == null
                            || room.room.product().equals(bucket.product()))) {
                        Set<String> products = room.dirtyAreas.computeIfAbsent(bucket.child(), c -> new java.util.TreeSet<>());
                        if (bucket.product() != null && !isAlert) {
                            products.add(bucket.product());
                        }
                    }
                }
            }
        }
    }

    /** The aggregate cells an alert's counts appear in (its product, or every product when it has none). */
    private static List<LiveState.Bucket> alertBuckets(Alert alert) {
        FacilityArea area = alert.area();
        List<LiveState.Bucket> buckets = new ArrayList<>(3);
        if (area != null && area.stateCode() != null) {
            buckets.add(new LiveState.Bucket(FacilityArea.NATIONAL, area.stateCode(), alert.productCode()));
            if (area.zoneCode() != null) {
                buckets.add(new LiveState.Bucket(area.zoneCode(), area.stateCode(), alert.productCode()));
            }
            if (area.lgaCode() != null) {
                buckets.add(new LiveState.Bucket(area.stateCode(), area.lgaCode(), alert.productCode()));
            }
        }
        return buckets;
    }

    private static <T> boolean collect(Collection<T> source, String product, java.util.function.Function<T, String> productOf,
            List<T> into, int max) {
        for (T item : source) {
            if (product == null || product.equals(productOf.apply(item))) {
                if (into.size() == max) {
                    return true;
                }
                into.add(item);
            }
        }
        return false;
    }

    private List<RoomState> roomsFor(List<String> codes, String product) {
        List<RoomState> targets = new ArrayList<>();
        for (String code : codes) {
            List<RoomState> candidates = roomsByCode.get(code);
            if (candidates != null) {
                for (RoomState room : candidates) {
                    if (room.room.product() == null || room.room.product().equals(product)) {
                        targets.add(room);
                    }
                }
            }
        }
        return targets;
    }

    private static List<String> codes(FacilityArea area, String facilityCode) {
        return LiveState.codes(area, facilityCode);
    }

    private boolean firstSeen(String id) {
        if (id != null && !recentIds.add(id)) {
            duplicates.increment();
            return false;
        }
        return true;
    }

    private static String alertFrame(String type) {
        if (EventTypes.ALERT_OPENED.equals(type)) {
            return "alert:new";
        }
        if (EventTypes.ALERT_RESOLVED.equals(type)) {
            return "alert:resolved";
        }
        if (EventTypes.ALERT_ESCALATED.equals(type) || EventTypes.ALERT_ACKNOWLEDGED.equals(type)) {
            return "alert:update";
        }
        return null;
    }
}
