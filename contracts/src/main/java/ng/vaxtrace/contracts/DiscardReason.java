package ng.vaxtrace.contracts;

/**
 * Why doses were discarded; VVM covers stage 3 and 4 vials, which must not be used. OPEN_VIAL (v1.4): the doses left in
 * opened multi-dose vials at the end of a session or of the open-vial time limit (WHO multi-dose vial policy), the
 * open-vial wastage.
 */
public enum DiscardReason {
    EXPIRED, VVM, FREEZE, HEAT, BREAKAGE, OPEN_VIAL
}
