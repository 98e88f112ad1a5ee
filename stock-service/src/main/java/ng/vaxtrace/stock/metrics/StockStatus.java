package ng.vaxtrace.stock.metrics;

/** Where a facility's stock of a product stands against its min/max (in months of stock). */
public enum StockStatus {
    /** Nothing on hand. */
    STOCKED_OUT,
    /** On hand, but less than the minimum months of stock: time to order or deliver. */
    BELOW_MIN,
    /** Between min and max inclusive: satisfactory. */
    WITHIN_RANGE,
    /** More than the maximum: overstocked, risk of expiry. */
    ABOVE_MAX,
    /** Stock on hand but no consumption history to judge it by (or no data at all). */
    UNKNOWN
}
