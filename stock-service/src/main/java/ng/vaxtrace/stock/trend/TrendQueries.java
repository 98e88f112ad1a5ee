package ng.vaxtrace.stock.trend;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import ng.vaxtrace.stock.dashboard.AreaScope;

/**
 * Reads the per-day rollups and today's balances for a trend: one facility's rows of {@code stock_day}, or an area's of
 * {@code stock_day_area}, each by its primary key (~one row per day). Read-only; the ledger writes them.
 */
@ApplicationScoped
public class TrendQueries {

    private final Pool pool;

    public TrendQueries(Pool pool) {
        this.pool = pool;
    }

    /** A facility's balance of the product now and its movements since {@code since}. */
    public Uni<Series> facility(String facilityCode, String productCode, LocalDate since) {
        Uni<Long> balance = pool.preparedQuery("select coalesce(sum(quantity), 0) as q from stock_balance "
                + "where facility_code = $1 and product_code = $2").execute(Tuple.of(facilityCode, productCode)).map(TrendQueries::sum);
        Uni<List<TrendSeries.Movement>> days = pool.preparedQuery("select day, used, net_delta from stock_day "
                + "where facility_code = $1 and product_code = $2 and day >= $3").execute(Tuple.of(facilityCode, productCode, since))
                .map(TrendQueries::movements);
        return Uni.combine().all().unis(balance, days).asTuple().map(t -> new Series(t.getItem1(), t.getItem2()));
    }

    /**
     * An area's balance of the product now (every facility in it, stores included) and per day the net change of them
     * all and the doses the health facilities used (what stores issue to them is not consumption), as the ledger's
     * transaction summed them into {@code stock_day_area}.
     */
    public Uni<Series> area(AreaScope area, String productCode, LocalDate since) {
        Uni<Long> balance = pool.preparedQuery("select coalesce(sum(b.quantity), 0) as q from stock_balance b "
                + "join facility f on f.code = b.facility_code where " + area.condition(1) + " and b.product_code = $2")
                .execute(Tuple.of(area.code(), productCode)).map(TrendQueries::sum);
        Uni<List<TrendSeries.Movement>> days = pool.preparedQuery("select day, used, net_delta from stock_day_area "
                + "where area_code = $1 and product_code = $2 and day >= $3")
                .execute(Tuple.of(area.code(), productCode, since)).map(TrendQueries::movements);
        return Uni.combine().all().unis(balance, days).asTuple().map(t -> new Series(t.getItem1(), t.getItem2()));
    }

    /** What a trend is built from. */
    public record Series(long balanceNow, List<TrendSeries.Movement> movements) {
    }

    private static long sum(RowSet<Row> rows) {
        return rows.iterator().next().getLong("q");
    }

    private static List<TrendSeries.Movement> movements(RowSet<Row> rows) {
        List<TrendSeries.Movement> movements = new ArrayList<>(rows.size());
        for (Row row : rows) {
            movements.add(new TrendSeries.Movement(row.getLocalDate("day"), row.getLong("used"), row.getLong("net_delta")));
        }
        return movements;
    }
}
