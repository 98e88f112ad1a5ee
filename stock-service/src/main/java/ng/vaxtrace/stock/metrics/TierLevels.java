package ng.vaxtrace.stock.metrics;

import jakarta.enterprise.context.ApplicationScoped;

import ng.vaxtrace.contracts.FacilityTier;
import ng.vaxtrace.stock.config.StockConfig;

/** The configured min/max months of stock of each supply-chain tier. */
@ApplicationScoped
public class TierLevels {

    private final StockConfig config;

    public TierLevels(StockConfig config) {
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
}
