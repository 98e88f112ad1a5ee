package ng.vaxtrace.stock.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import ng.vaxtrace.stock.config.StockConfig;

/**
 * Read-through cache of rendered API responses in Redis, invalidated precisely and without scans:
 * <ul>
 * <li>a facility's own responses live under keys derived from its code, deleted when its stock changes;</li>
 * <li>responses about an area (aggregates, map, KPIs) carry the area's version in their key; a change at a facility
 * increments the versions of its LGA, state, zone and the nation, so stale entries are never read again and expire.</li>
 * </ul>
 * Redis trouble degrades to uncached reads, and every command is bounded by {@code vaxtrace.stock.cache-timeout}: an
 * unreachable Redis (a network partition refuses no connection, it just never answers) must hold up neither a read nor
 * the relay of applied events. An invalidation Redis did not take is remembered: until it is replayed, the responses
 * it names are neither read from nor written to the cache here, and it is replayed every second until Redis takes it,
 * so the answers cached before the change are never served again (by other replicas: until the replay, a second or so
 * after Redis is back). Only if this replica stops first does the TTL bound their staleness.
 */
@ApplicationScoped
public class StockCache {

    private static final String PREFIX = "vaxtrace:stock-service:v1:";

    private final ReactiveValueCommands<String, String> values;
    private final ReactiveValueCommands<String, byte[]> blobs;
    private final ReactiveValueCommands<String, Long> counters;
    private final Duration ttl;
    private final Duration timeout;
    private final Redis redis;
    /** Invalidations Redis did not take, each with the stamp of its latest failure (a replay clears only what it sent). */
    private final Map<String, Long> missedKeys = new ConcurrentHashMap<>();
    private final Map<String, Long> missedAreas = new ConcurrentHashMap<>();
    private final AtomicLong stamps = new AtomicLong();

    public StockCache(ReactiveRedisDataSource redis, StockConfig config) {
        this.redis = redis.getRedis();
        this.values = redis.value(String.class);
        this.blobs = redis.value(byte[].class);
        this.counters = redis.value(Long.class);
        this.ttl = config.cacheTtl();
        this.timeout = config.cacheTimeout();
    }

    public static String facilityKey(String facilityCode, String view) {
        return PREFIX + "facility:" + facilityCode + ":" + view;
    }

    /** The cached value, else {@code load}ed and stored; a Redis failure degrades to an uncached read. */
    public Uni<String> getOrLoad(String key, Supplier<Uni<String>> load) {
        return getOrLoad(values, key, () -> missedKeys.containsKey(key), load);
    }

    /** Like {@link #getOrLoad} for a response about {@code area}: the key carries the area's current version. */
    public Uni<String> getOrLoadForArea(String area, String view, Supplier<Uni<String>> load) {
        return getOrLoadForArea(values, area, view, load);
    }

    /** Bytes (a pre-compressed body) about {@code area}, cached like {@link #getOrLoadForArea}. */
    public Uni<byte[]> getOrLoadBytesForArea(String area, String view, Supplier<Uni<byte[]>> load) {
        return getOrLoadForArea(blobs, area, view, load);
    }

    private <V> Uni<V> getOrLoadForArea(ReactiveValueCommands<String, V> commands, String area, String view, Supplier<Uni<V>> load) {
        BooleanSupplier missed = () -> missedAreas.containsKey(area);
        if (missed.getAsBoolean()) {
            return load.get();
        }
        // Without the area's version there is no key to trust (version 0 would be one of the oldest).
        return bounded(counters.get(versionKey(area))).onItemOrFailure().transformToUni((version, failure) -> failure != null
                ? uncached(failure, load)
                : getOrLoad(commands, PREFIX + "area:" + area + ":v" + (version == null ? 0 : version) + ":" + view, missed, load));
    }

    /** {@code missed}: an invalidation of this response is still to be replayed, so what Redis holds may be stale. */
    private <V> Uni<V> getOrLoad(ReactiveValueCommands<String, V> commands, String key, BooleanSupplier missed, Supplier<Uni<V>> load) {
        if (missed.getAsBoolean()) {
            return load.get();
        }
        return bounded(commands.get(key)).onItemOrFailure().transformToUni((cached, failure) -> {
            if (failure != null) {
                return uncached(failure, load);
            }
            if (cached != null) {
                return Uni.createFrom().item(cached);
            }
            return load.get().call(fresh -> fresh == null || missed.getAsBoolean() ? Uni.createFrom().voidItem()
                    : bounded(commands.set(key, fresh, new SetArgs().px(ttl))).onFailure().recoverWithNull());
        });
    }

    private static <V> Uni<V> uncached(Throwable failure, Supplier<Uni<V>> load) {
        Log.warnf("Redis read failed, serving uncached: %s", failure.toString());
        return load.get();
    }

    /** Drops the facility's responses and moves every area in {@code areaChain} (comma-separated) to a new version. */
    public Uni<Void> invalidate(String facilityCode, String areaChain) {
        return invalidateAll(List.of(facilityCode), areaChain == null ? List.of() : List.of(areaChain.split(",")));
    }

    /**
     * Invalidates many facilities and areas in one Redis round trip: one DEL for every facility key and one INCR per
     * distinct area, sent as one pipelined batch on one connection (hundreds of separate commands would queue for the
     * pool's few connections). Never fails: what Redis does not take in time is remembered and replayed.
     */
    public Uni<Void> invalidateAll(Collection<String> facilityCodes, Collection<String> areas) {
        List<String> keys = facilityCodes.stream().distinct().flatMap(code -> Stream.of(facilityKey(code, "stock"), facilityKey(code, "detail")))
                .toList();
        List<String> versions = areas.stream().map(String::strip).filter(a -> !a.isEmpty()).distinct().toList();
        return send(keys, versions).onFailure().recoverWithItem(e -> {
            Long stamp = stamps.incrementAndGet();
            keys.forEach(key -> missedKeys.put(key, stamp));
            versions.forEach(area -> missedAreas.put(area, stamp));
            Log.warnf("cache invalidation of %d facilities and %d areas failed, replaying it once Redis takes it: %s", facilityCodes.size(),
                    versions.size(), e.toString());
            return null;
        });
    }

    /** Replays the invalidations Redis did not take, every second until it takes them. */
    @Scheduled(every = "1s", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> replayMissedInvalidations() {
        if (missedKeys.isEmpty() && missedAreas.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<String, Long> keys = Map.copyOf(missedKeys);
        Map<String, Long> areas = Map.copyOf(missedAreas);
        return send(List.copyOf(keys.keySet()), List.copyOf(areas.keySet()))
                .invoke(() -> {
                    // Only what this replay sent: a failure since then is replayed again.
                    keys.forEach(missedKeys::remove);
                    areas.forEach(missedAreas::remove);
                    Log.infof("replayed the cache invalidation of %d responses and %d areas that Redis missed", keys.size(), areas.size());
                })
                .onFailure().recoverWithNull();
    }

    private Uni<Void> send(List<String> keys, List<String> areas) {
        List<Request> batch = new ArrayList<>();
        if (!keys.isEmpty()) {
            Request del = Request.cmd(Command.DEL);
            keys.forEach(del::arg);
            batch.add(del);
        }
        areas.forEach(area -> batch.add(Request.cmd(Command.INCR).arg(versionKey(area))));
        return batch.isEmpty() ? Uni.createFrom().voidItem() : bounded(redis.batch(batch)).replaceWithVoid();
    }

    /** A Redis command that fails rather than wait longer than the cache timeout. */
    private <T> Uni<T> bounded(Uni<T> command) {
        return command.ifNoItem().after(timeout).fail();
    }

    private static String versionKey(String area) {
        return PREFIX + "area-version:" + area;
    }
}
