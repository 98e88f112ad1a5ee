package ng.vaxtrace.contracts;

import java.util.Arrays;
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

    private final String wireName;

    StockEventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public String cloudEventType() {
        return EventTypes.PREFIX + "stock." + wireName + ".v1";
    }

    public static Optional<StockEventType> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }

    public static Optional<StockEventType> fromCloudEventType(String type) {
        return Arrays.stream(values()).filter(t -> t.cloudEventType().equals(type)).findFirst();
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
