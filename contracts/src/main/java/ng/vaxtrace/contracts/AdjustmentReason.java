package ng.vaxtrace.contracts;

/** Why an adjustment changed a balance (OpenLMIS-style reasons that are not discards or transfers). */
public enum AdjustmentReason {
    CORRECTION, FOUND, LOST, STOLEN, RETURNED, OPEN_VIAL_WASTAGE, OTHER
}
