package ng.vaxtrace.contracts;

/** What an alert is about. New types may be added within v1; consumers must tolerate unknown ones. */
public enum AlertType {
    /** No stock of the product at the facility. */
    STOCK_OUT,
    /** Months of stock below the tier's minimum. */
    BELOW_MIN,
    /** Months of stock above the tier's maximum (return or redistribute). */
    ABOVE_MAX,
    /** Days of stock left shorter than the delivery lead time plus a safety margin. */
    PREDICTED_STOCK_OUT,
    /** A lot in stock expires within the warning window (90/60/30 days; severity rises as it nears). */
    LOT_EXPIRING,
    /** An expired lot is still on hand. */
    EXPIRED_STOCK,
    /** VVM stage 3 or 4 reported on a lot still on hand: heat-damaged, must be discarded. */
    VVM_DISCARD_STAGE,
    /** Fridge above +8 °C for more than 10 consecutive hours (WHO storage-monitor criterion). */
    HEAT_EXCURSION,
    /** Fridge at or below −0.5 °C for more than 60 consecutive minutes (WHO storage-monitor criterion). */
    FREEZE_EXCURSION,
    /** No stock event from the facility for longer than the reporting window. */
    REPORTING_GAP
}
