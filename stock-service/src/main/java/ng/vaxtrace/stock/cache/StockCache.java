package ng.vaxtrace.stock.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
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
 * Redis trouble degrades to uncached reads; the TTL only bounds staleness if an invalidation is ever lost.
 */
@ApplicationScoped
public class StockCache {

    private static final String PREFIX = "vaxtrace:stock-service:v1:";

    private final ReactiveValueCommands<String, String> values;
    private final ReactiveValueCommands<String, byte[]> blobs;
    private final ReactiveValueCommands<String, Long> counters;
    private final Duration ttl;
    private final Redis redis;

    public StockCache(ReactiveRedisDataSource redis, StockConfig config) {
        this.redis = redis.getRedis();
        this.values = redis.value(String.class);
        this.blobs = redis.value(byte[].class);
        this.counters = redis.value(Long.class);
        this.ttl = config.cacheTtl();
    }

    public static String facilityKey(String facilityCode, String view) {
        return PREFIX + "facility:" + facilityCode + ":" + view;
    }

    /** The cached value, else {@code load}ed and stored; a Redis failure degrades to an uncached read. */
    public Uni<String> getOrLoad(String key, Supplier<Uni<String>> load) {
        return getOrLoad(values, key, load);
    }

    /** Like {@link #getOrLoad} for a response about {@code area}: the key carries the area's current version. */
    public Uni<String> getOrLoadForArea(String area, String view, Supplier<Uni<String>> load) {
        return areaKey(area, view).flatMap(key -> getOrLoad(values, key, load));
    }

    /** Bytes (a pre-compressed body) about {@code area}, cached like {@link #getOrLoadForArea}. */
    public Uni<byte[]> getOrLoadBytesForArea(String area, String view, Supplier<Uni<byte[]>> load) {
        return areaKey(area, view).flatMap(key -> getOrLoad(blobs, key, load));
    }

    private Uni<String> areaKey(String area, String view) {
        return counters.get(versionKey(area)).onFailure().recoverWithNull()
                .map(version -> PREFIX + "area:" + area + ":v" + (version == null ? 0 : version) + ":" + view);
    }

    private <V> Uni<V> getOrLoad(ReactiveValueCommands<String, V> commands, String key, Supplier<Uni<V>> load) {
        return commands.get(key)
                .onFailure().recoverWithItem(e -> {
                    Log.warnf("Redis read failed, serving uncached: %s", e.toString());
                    return null;
                })
                .flatMap(cached -> cached != null ? Uni.createFrom().item(cached) : load.get().call(fresh -> fresh == null
                        ? Uni.createFrom().voidItem()
                        : commands.set(key, fresh, new SetArgs().px(ttl)).onFailure().recoverWithNull()));
    }

    /** Drops the facility's responses and moves every area in {@code areaChain} (comma-separated) to a new version. */
    public Uni<Void> invalidate(String facilityCode, String areaChain) {
        return invalidateAll(List.of(facilityCode), areaChain == null ? List.of() : List.of(areaChain.split(",")));
    }

    /**
     * Invalidates many facilities and areas in one Redis round trip: one DEL for every facility key and one INCR per
     * distinct area, sent as one pipelined batch on one connection (hundreds of separate commands would queue for the
     * pool's few connections).
     */
    public Uni<Void> invalidateAll(Collection<String> facilityCodes, Collection<String> areas) {
        List<Request> batch = new ArrayList<>();
        String[] facilityKeys = facilityCodes.stream().distinct()
                .flatMap(code -> Stream.of(facilityKey(code, "stock"), facilityKey(code, "detail"))).toArray(String[]::new);
        if (facilityKeys.length > 0) {
            Request del = Request.cmd(Command.DEL);
            for (String key : facilityKeys) {
                del.arg(key);
            }
            batch.add(del);
        }
        areas.stream().map(String::strip).filter(a -> !a.isEmpty()).distinct()
                .forEach(area -> batch.add(Request.cmd(Command.INCR).arg(versionKey(area))));
        return batch.isEmpty() ? Uni.createFrom().voidItem() : redis.batch(batch).replaceWithVoid();
    }

    private static String versionKey(String area) {
        return PREFIX + "area-version:" + area;
    }
}
