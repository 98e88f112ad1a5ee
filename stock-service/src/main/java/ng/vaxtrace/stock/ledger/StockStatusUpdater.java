package ng.vaxtrace.stock.ledger;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import ng.vaxtrace.contracts.FacilityTier;
import ng.vaxtrace.contracts.LevelMetrics;
import ng.vaxtrace.contracts.StockEventType;
import ng.vaxtrace.stock.config.StockConfig;
import ng.vaxtrace.stock.metrics.MinMax;
import ng.vaxtrace.stock.metrics.Movement;
import ng.vaxtrace.stock.metrics.StockMetrics;
import ng.vaxtrace.stock.reference.Facility;

/**
 * Recomputes a facility's metrics for one product from its ledger (the AMC window and this month) and stores them in
 * {@code stock_status}, inside the caller's transaction, so aggregates and the published change agree with the ledger.
 */
@ApplicationScoped
public class StockStatusUpdater {

    /** The product's balance at the facility and its metrics after the change. */
    public record Updated(long productBalance, LevelMetrics metrics) {
    }

    private static final String FIRST_EVENT = "select first_event_at from stock_status where facility_code = ?1 and product_code = ?2";
    private static final String MOVEMENTS = "select e.occurredAt, e.eventType, e.delta, e.quantity from LedgerEntry e "
            + "where e.facilityCode = ?1 and e.productCode = ?2 and e.occurredAt >= ?3 order by e.occurredAt, e.id";
    private static final String UPSERT = """
            insert into stock_status (facility_code, product_code, quantity, amc, months_of_stock, status, stockout_days,
                                      first_event_at, last_event_at, updated_at)
            values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
            on conflict (facility_code, product_code) do update set quantity = excluded.quantity, amc = excluded.amc,
                months_of_stock = excluded.months_of_stock, status = excluded.status, stockout_days = excluded.stockout_days,
                first_event_at = least(stock_status.first_event_at, excluded.first_event_at),
                last_event_at = greatest(stock_status.last_event_at, excluded.last_event_at), updated_at = excluded.updated_at
            """;

    private final StockConfig config;

    public StockStatusUpdater(StockConfig config) {
        this.config = config;
    }

    public MinMax minMax(FacilityTier tier) {
        StockConfig.Tier levels = switch (tier) {
            case NATIONAL -> config.levels().national();
            case ZONE -> config.levels().zone();
            case STATE -> config.levels().state();
            case LGA -> config.levels().lga();
            case HEALTH_FACILITY -> config.levels().healthFacility();
        };
        return new MinMax(levels.minMonths(), levels.maxMonths());
    }

    public Uni<Updated> update(Facility facility, String productCode, long productBalance, Instant occurredAt, Instant now) {
        Instant windowStart = YearMonth.from(now.atZone(ZoneOffset.UTC)).minusMonths(StockMetrics.AMC_MONTHS).atDay(1)
                .atStartOfDay().toInstant(ZoneOffset.UTC);
        MinMax minMax = minMax(facility.tier());
        return Panache.getSession().flatMap(session -> session.createNativeQuery(FIRST_EVENT, Object.class)
                .setParameter(1, facility.code).setParameter(2, productCode).getResultList()
                .map(rows -> rows.isEmpty() ? occurredAt : earliest(toInstant(rows.get(0)), occurredAt))
                .flatMap(firstEventAt -> session.createSelectionQuery(MOVEMENTS, Object[].class)
                        .setParameter(1, facility.code).setParameter(2, productCode).setParameter(3, windowStart)
                        .getResultList()
                        .flatMap(rows -> {
                            StockMetrics.Result result = StockMetrics.compute(movements(rows), productBalance, firstEventAt, now, minMax);
                            LevelMetrics metrics = new LevelMetrics(result.amc(), result.monthsOfStock(), result.status().name(),
                                    result.stockOutDays(), minMax.minMonths(), minMax.maxMonths());
                            return session.createNativeQuery(UPSERT)
                                    .setParameter(1, facility.code).setParameter(2, productCode).setParameter(3, productBalance)
                                    .setParameter(4, result.amc()).setParameter(5, result.monthsOfStock())
                                    .setParameter(6, result.status().name()).setParameter(7, result.stockOutDays())
                                    .setParameter(8, firstEventAt).setParameter(9, occurredAt).setParameter(10, now)
                                    .executeUpdate()
                                    .replaceWith(new Updated(productBalance, metrics));
                        })));
    }

    private static List<Movement> movements(List<Object[]> rows) {
        return rows.stream().map(r -> {
            StockEventType type = StockEventType.fromWireName((String) r[1]).orElseThrow();
            long used = type == StockEventType.CONSUMPTION || type == StockEventType.ISSUE ? ((Number) r[3]).longValue() : 0;
            return new Movement((Instant) r[0], ((Number) r[2]).longValue(), used);
        }).toList();
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof java.time.OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (value instanceof java.sql.Timestamp ts) {
            return ts.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass());
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
