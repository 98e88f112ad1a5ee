package ng.vaxtrace.contracts;

/** Where a facility sits in the supply chain; min/max stock levels are set per tier. */
public enum FacilityTier {
    /** The National Strategic Cold Store. */
    NATIONAL,
    /** One of the six zonal stores. */
    ZONE,
    /** A state cold store. */
    STATE,
    /** An LGA cold store. */
    LGA,
    /** A health facility that immunises. */
    HEALTH_FACILITY
}
