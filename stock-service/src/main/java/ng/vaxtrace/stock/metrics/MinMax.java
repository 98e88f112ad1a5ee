package ng.vaxtrace.stock.metrics;

/**
 * The min/max a facility's stock of a product is judged by: the tier's months of stock, and — where the facility has
 * a target population and the schedule gives the product a need — the stock in doses that need gives
 * ({@link StockLimits}), which then decides the status instead of months × AMC.
 *
 * @param minStock doses, or null when judged on months of AMC
 * @param maxStock doses, present with {@code minStock}
 */
public record MinMax(double minMonths, double maxMonths, Long minStock, Long maxStock) {

    /** A tier's months only: status judged on months × AMC. */
    public MinMax(double minMonths, double maxMonths) {
        this(minMonths, maxMonths, null, null);
    }

    /** Whether min/max stock come from the target population (ISA) rather than the AMC. */
    public boolean fromTargetPopulation() {
        return minStock != null && maxStock != null;
    }
}
