package ng.vaxtrace.stock.metrics;

/** Minimum and maximum stock of a tier, in months of stock. */
public record MinMax(double minMonths, double maxMonths) {
}
