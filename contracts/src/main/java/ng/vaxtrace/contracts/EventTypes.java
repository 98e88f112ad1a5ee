package ng.vaxtrace.contracts;

/** CloudEvent {@code type} values and the schema each one points at. */
public final class EventTypes {

    /** Every type starts with this reverse-DNS prefix and ends with the payload's major version. */
    public static final String PREFIX = "ng.vaxtrace.";

    public static final String STOCK_LEVEL_CHANGED = PREFIX + "stock.level-changed.v1";
    public static final String COLDCHAIN_READING = PREFIX + "coldchain.reading.v1";
    public static final String ALERT_OPENED = PREFIX + "alert.opened.v1";
    public static final String ALERT_ESCALATED = PREFIX + "alert.escalated.v1";
    public static final String ALERT_ACKNOWLEDGED = PREFIX + "alert.acknowledged.v1";
    public static final String ALERT_RESOLVED = PREFIX + "alert.resolved.v1";
    public static final String TRANSFER_SUGGESTED = PREFIX + "transfer.suggested.v1";
    public static final String TRANSFER_WITHDRAWN = PREFIX + "transfer.withdrawn.v1";
    public static final String REFERENCE_FACILITY = PREFIX + "reference.facility.v1";
    public static final String REFERENCE_PRODUCT = PREFIX + "reference.product.v1";
    public static final String REFERENCE_LOT = PREFIX + "reference.lot.v1";

    /** Base of the published schema ids; the same files ship inside the contracts jar under vaxtrace/schemas/. */
    public static final String SCHEMA_BASE = "https://schemas.vaxtrace.ng/events/";

    private EventTypes() {
    }

    /** The schema URI for a type: {@code ng.vaxtrace.stock.receipt.v1} → {@code .../stock.receipt.v1.json}. */
    public static String schemaUri(String type) {
        return SCHEMA_BASE + schemaFile(type);
    }

    /** The schema file name for a type, as found in docs/events/schemas. */
    public static String schemaFile(String type) {
        if (!type.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a VaxTrace event type: " + type);
        }
        return type.substring(PREFIX.length()) + ".json";
    }
}
