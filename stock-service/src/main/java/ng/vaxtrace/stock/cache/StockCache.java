package ng.vaxtrace.stock.cache;

import java.time.Duration;
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
 * Read-through cache of rendered API responses in Redis. Keys are derived from the facility, so a stock change
 * deletes exactly its own entries (no KEYS scans). The TTL only bounds staleness if an invalidation is ever missed.
 */
@ApplicationScoped
public class StockCache {

    private static final String PREFIX = "vaxtrace:stock-service:v1:";

    private final ReactiveValueCommands<String, String> values;
    private final ReactiveKeyCommands<String> keys;
    private final Duration ttl;

    public StockCache(ReactiveRedisDataSource redis, StockConfig config) {
        this.values = redis.value(String.class);
        this.keys = redis.key();
        this.ttl = config.cacheTtl();
    }

    public static String facilityStockKey(String facilityCode) {
        return PREFIX + "facility-stock:" + facilityCode;
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

    /** Drops every cached response that shows this facility's stock. */
    public Uni<Void> invalidateFacility(String facilityCode) {
        return keys.del(facilityStockKey(facilityCode)).replaceWithVoid();
    }
}
