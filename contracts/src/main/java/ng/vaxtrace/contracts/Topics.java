package ng.vaxtrace.contracts;

/**
 * Kafka topic names: part of the public contract. The major version is in the name; within a version changes are
 * additive only, a breaking change gets a new topic.
 */
public final class Topics {

    /** Stock movements from the field and from OpenLMIS; key = facility code. */
    public static final String STOCK_EVENTS = "vaxtrace.stock.events.v1";

    /** Stock events that could not be processed at all (unparseable, or failed after retries); key kept. */
    public static final String STOCK_EVENTS_DLQ = "vaxtrace.stock.events.dlq.v1";

    /** A facility's stock changed; emitted by stock-service after commit; key = facility code. */
    public static final String STOCK_LEVELS = "vaxtrace.stock.levels.v1";

    /** Alert lifecycle events; key = alert id. */
    public static final String ALERTS = "vaxtrace.alerts.v1";

    /**
     * Redistribution suggestions as they change (suggested, changed, withdrawn); emitted by alert-service;
     * key = receiving facility code.
     */
    public static final String TRANSFERS = "vaxtrace.transfers.v1";

    /** Cold-chain temperature readings from fridge monitors; key = fridge id. */
    public static final String COLDCHAIN_READINGS = "vaxtrace.coldchain.readings.v1";

    /** Reference data (locations, facilities, products, lots) from OpenLMIS; key = entity code. */
    public static final String REFERENCE_DATA = "vaxtrace.reference.v1";

    private Topics() {
    }
}
