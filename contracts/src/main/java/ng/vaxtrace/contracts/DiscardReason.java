package ng.vaxtrace.contracts;

/** Why doses were discarded; VVM covers stage 3 and 4 vials, which must not be used. */
public enum DiscardReason {
    EXPIRED, VVM, FREEZE, HEAT, BREAKAGE
}
