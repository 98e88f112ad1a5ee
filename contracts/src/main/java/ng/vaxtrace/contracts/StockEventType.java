package ng.vaxtrace.contracts;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The kinds of stock movement. {@link #wireName} is what clients send; {@link #cloudEventType} is the CloudEvent
 * {@code type} on the stock-events topic.
 */
public enum StockEventType {
    /** Stock received from a supplier or higher level; quantity &gt; 0 adds to the balance. */
    RECEIPT("receipt"),
    /** Stock issued to a lower level or outreach; quantity &gt; 0 subtracts. */
    ISSUE("issue"),
    /** Doses used in sessions; quantity &gt; 0 subtracts. Feeds AMC. */
    CONSUMPTION("consumption"),
    /** A correction with a reason; quantity is a signed, non-zero delta. */
    ADJUSTMENT("adjustment"),
    /** A physical count; quantity &ge; 0 sets the balance. */
    PHYSICAL_COUNT("physical-count"),
    /** Doses thrown away for a reason (expired, VVM, freeze, heat, breakage); quantity &gt; 0 subtracts. */
    DISCARD("discard"),
    /** Stock received from another facility (counterparty required); quantity &gt; 0 adds. */
    TRANSFER_IN("transfer-in"),
    /** Stock sent to another facility (counterparty required); quantity &gt; 0 subtracts. */
    TRANSFER_OUT("transfer-out");

    /** Looked up for every event read: maps, not a scan that builds each type's name again. */
    private static final Map<String, StockEventType> BY_WIRE_NAME = new HashMap<>();
    private static final Map<String, StockEventType> BY_CLOUD_EVENT_TYPE = new HashMap<>();

    static {
        for (StockEventType type : values()) {
            BY_WIRE_NAME.put(type.wireName, type);
            BY_CLOUD_EVENT_TYPE.put(type.cloudEventType, type);
        }
    }

    private final String wireName;
    private final String cloudEventType;

    StockEventType(String wireName) {
        this.wireName = wireName;
        this.cloudEventType = EventTypes.PREFIX + "stock." + wireName + ".v1";
    }

    public String wireName() {
        return wireName;
    }

    public String cloudEventType() {
        return cloudEventType;
    }

    public static Optional<StockEventType> fromWireName(String name) {
        return Optional.ofNullable(name == null ? null : BY_WIRE_NAME.get(name));
    }

    public static Optional<StockEventType> fromCloudEventType(String type) {
        return Optional.ofNullable(type == null ? null : BY_CLOUD_EVENT_TYPE.get(type));
    }

    /**
     * The signed change this event makes to a balance of {@code before}; a physical count sets the balance.
     */
    public long delta(long before, long quantity) {
        return switch (this) {
            case RECEIPT, TRANSFER_IN, ADJUSTMENT -> quantity;
            case ISSUE, CONSUMPTION, DISCARD, TRANSFER_OUT -> -quantity;
            case PHYSICAL_COUNT -> quantity - before;
        };
    }
}
