package ng.vaxtrace.contracts;

/** Alert severity, in rising order. */
public enum AlertSeverity {
    LOW, MEDIUM, HIGH, CRITICAL
}
