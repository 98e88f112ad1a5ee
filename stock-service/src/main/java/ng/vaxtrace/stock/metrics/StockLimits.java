package ng.vaxtrace.stock.metrics;

import jakarta.enterprise.context.ApplicationScoped;

import ng.vaxtrace.contracts.FacilityTier;

/**
 * The one rule for the min/max a facility's stock of a product is judged by (docs/domain-rules.md §6), used by the
 * event path, the daily recompute and the facility stock read alike. Where the facility has a target population and
 * the immunisation schedule gives the product a need, min/max stock are that need × the tier's min/max months, in
 * doses (WHO/OpenLMIS ISA: target population × doses in the schedule × coverage × wastage factor ÷ 12 × months, by
 * supply level; [S2]: min = 25 % of the need, max = need + min at a health facility); otherwise min/max are the tier's
 * months × AMC. A diluent is judged by its vaccine's need (it is given dose for dose with it).
 */
@ApplicationScoped
public class StockLimits {

    private final TierLevels levels;
    private final ScheduleNeed need;

    public StockLimits(TierLevels levels, ScheduleNeed need) {
        this.levels = levels;
        this.need = need;
    }

    /**
     * @param targetPopulation the facility's annual target population, or null
     * @param diluentFor       the vaccine the product is the diluent of, or null
     */
    public MinMax of(FacilityTier tier, Integer targetPopulation, String product, String diluentFor) {
        MinMax months = levels.minMax(tier);
        ScheduleNeed.Need n = need.of(diluentFor != null ? diluentFor : product, targetPopulation, months);
        return n == null ? months : new MinMax(months.minMonths(), months.maxMonths(), n.minStock(), n.maxStock());
    }
}
