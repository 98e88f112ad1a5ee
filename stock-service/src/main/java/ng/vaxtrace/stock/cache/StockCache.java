package ng.vaxtrace.stock.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;
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
    private final ReactiveValueCommands<String, Long> counters;
    private final ReactiveKeyCommands<String> keys;
    private final Duration ttl;

    public StockCache(ReactiveRedisDataSource redis, StockConfig config) {
        this.values = redis.value(String.class);
        this.counters = redis.value(Long.class);
        this.keys = redis.key();
        this.ttl = config.cacheTtl();
    }

    public static String facilityKey(String facilityCode, String view) {
        return PREFIX + "facility:" + facilityCode + ":" + view;
    }

    /** The cached value, else {@code load}ed and stored; a Redis failure degrades to an uncached read. */
    public Uni<String> getOrLoad(String key, Supplier<Uni<String>> load) {
        return values.get(key)
                .onFailure().recoverWithItem(e -> {
                    Log.warnf("Redis read failed, serving uncached: %s", e.toString());
                    return null;
                })
                .flatMap(cached -> cached != null ? Uni.createFrom().item(cached) : load.get().call(fresh -> fresh == null
                        ? Uni.createFrom().voidItem()
                        : values.set(key, fresh, new SetArgs().px(ttl)).onFailure().recoverWithNull()));
    }

    /** Like {@link #getOrLoad} for a response about {@code area}: the key carries the area's current version. */
    public Uni<String> getOrLoadForArea(String area, String view, Supplier<Uni<String>> load) {
        return counters.get(versionKey(area)).onFailure().recoverWithNull()
                .flatMap(version -> getOrLoad(PREFIX + "area:" + area + ":v" + (version == null ? 0 : version) + ":" + view, load));
    }

    /** Drops the facility's responses and moves every area in {@code areaChain} (comma-separated) to a new version. */
    public Uni<Void> invalidate(String facilityCode, String areaChain) {
        List<Uni<Void>> work = new ArrayList<>();
        work.add(keys.del(facilityKey(facilityCode, "stock"), facilityKey(facilityCode, "detail")).replaceWithVoid());
        if (areaChain != null && !areaChain.isBlank()) {
            for (String area : areaChain.split(",")) {
                work.add(counters.incr(versionKey(area.strip())).replaceWithVoid());
            }
        }
        return Uni.join().all(work).andFailFast().replaceWithVoid();
    }

    private static String versionKey(String area) {
        return PREFIX + "area-version:" + area;
    }
}
