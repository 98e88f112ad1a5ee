package ng.vaxtrace.stock.trend;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Keeps the per-area daily rollup {@code stock_day_area} (the nation, zones, states, LGAs) that area trends read, off
 * the ledger's apply path. Summing a batch's changes into the area rows inside the batch's transaction made every
 * batch lock the nation's row of each product and day until its commit: concurrent batches queued behind each other
 * there, and that one upsert cost more than the ledger insert itself (56 µs per event in the stock-service benchmark).
 * Instead a batch only notes the business days it changed in {@code stock_day_area_pending} (insert-only, no shared
 * row), and this job recomputes those days' area rows from {@code stock_day} — the same sums as migration V26's
 * backfill. It takes only notes whose writing transaction is older than every transaction still running
 * ({@code pg_snapshot_xmin}), so the day rows it sums hold everything those transactions wrote; a note of a batch
 * still in flight waits for the next run. Area trends therefore lag the ledger by up to one interval.
 * One replica at a time (a transaction-scoped advisory lock); the others skip that run.
 */
@ApplicationScoped
public class AreaDayRollup {

    /** Any constant shared by every replica: the advisory lock of this job. */
    private static final long LOCK_KEY = 0x5641585452454E44L; // "VAXTREND"
    private static final String LOCK = "select pg_try_advisory_xact_lock($1)";
    private static final String TAKE = """
            with taken as (
                delete from stock_day_area_pending where marked_by < pg_snapshot_xmin(pg_current_snapshot()) returning day)
            select distinct day from taken order by day""";
    private static final String CLEAR = "delete from stock_day_area where day = any($1::date[])";
    private static final String SUM = """
            insert into stock_day_area (area_code, product_code, day, used, net_delta)
            select a.area_code, d.product_code, d.day,
                   sum(case when f.tier = 'HEALTH_FACILITY' then d.used else 0 end), sum(d.net_delta)
            from stock_day d
            join facility f on f.code = d.facility_code
            cross join lateral (values ('NG'), (f.zone_code), (f.state_code), (f.lga_code)) as a(area_code)
            where d.day = any($1::date[]) and a.area_code is not null
            group by 1, 2, 3""";

    private final Pool pool;

    public AreaDayRollup(Pool pool) {
        this.pool = pool;
    }

    @Scheduled(every = "${vaxtrace.stock.area-days.interval:30s}", delayed = "${vaxtrace.stock.area-days.interval:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return run().replaceWithVoid().onFailure().recoverWithUni(e -> {
            Log.warnf("area trend rollup failed, the next run retries: %s", e.toString());
            return Uni.createFrom().voidItem();
        });
    }

    /** Recomputes the area rows of every day noted by a finished transaction; returns those days (empty: nothing to do). */
    public Uni<List<LocalDate>> run() {
        return pool.withTransaction(conn -> conn.preparedQuery(LOCK).execute(Tuple.of(LOCK_KEY)).flatMap(locked -> {
            if (!locked.iterator().next().getBoolean(0)) {
                return Uni.createFrom().item(List.<LocalDate>of()); // another replica is at it
            }
            return conn.preparedQuery(TAKE).execute().flatMap(rows -> {
                List<LocalDate> days = new ArrayList<>();
                for (Row row : rows) {
                    days.add(row.getLocalDate(0));
                }
                if (days.isEmpty()) {
                    return Uni.createFrom().item(days);
                }
                Tuple which = Tuple.of(days.toArray(LocalDate[]::new));
                return conn.preparedQuery(CLEAR).execute(which).flatMap(cleared -> conn.preparedQuery(SUM).execute(which))
                        .replaceWith(days);
            });
        }));
    }
}
