package ng.vaxtrace.contracts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules of the stock-event contract that a JSON Schema cannot say on its own (per-type quantity sign, reason
 * vocabularies, plausible ranges of times, expiries and quantities: {@link InputLimits}). Ingest uses it to answer 400
 * with every bad field; stock-service uses it again before writing, so an event that reached Kafka another way is
 * still checked. docs/input-contract.md lists every rule.
 */
public final class StockEventValidator {

    /** Facility, product and area codes: upper-case letters, digits, '-' and '_'. */
    public static final Pattern CODE = Pattern.compile("^[A-Z0-9][A-Z0-9_-]{1,63}$");
    /** Lot codes as printed by manufacturers. */
    public static final Pattern LOT_CODE = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$");
    /** Event ids: UUIDs or other client-chosen unique strings. */
    public static final Pattern EVENT_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:-]{7,127}$");
    public static final Pattern SOURCE_SYSTEM = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$");

    private StockEventValidator() {
    }

    /** Every violation of the contract by {@code event} of {@code type}, judged at {@code now} within the default limits. */
    public static List<FieldViolation> validate(StockEventType type, StockEvent event, Instant now) {
        return validate(type, event, now, InputLimits.DEFAULTS);
    }

    /** Every violation of the contract by {@code event} of {@code type}, judged at {@code now} within {@code limits}; empty when valid. */
    public static List<FieldViolation> validate(StockEventType type, StockEvent event, Instant now, InputLimits limits) {
        List<FieldViolation> violations = new ArrayList<>();
        if (event == null) {
            violations.add(new FieldViolation("", "is required"));
            return violations;
        }
        code(violations, "facilityCode", event.facilityCode(), true);
        code(violations, "productCode", event.productCode(), true);
        lot(violations, event.lot());
        quantity(violations, type, event.quantity(), limits);
        if (limits.eventTime(violations, "occurredAt", event.occurredAt(), now) && event.lot() != null) {
            limits.lotExpiry(violations, "lot.expiry", event.lot().expiry(), event.occurredAt(), entersOrMovesStock(type));
        }
        if (event.sourceSystem() == null || !SOURCE_SYSTEM.matcher(event.sourceSystem()).matches()) {
            violations.add(new FieldViolation("sourceSystem", "is required: 1-64 letters, digits, '.', '_', ':' or '-'"));
        }
        if (event.vvmStage() != null && (event.vvmStage() < 1 || event.vvmStage() > 4)) {
            violations.add(new FieldViolation("vvmStage", "must be between 1 and 4"));
        }
        reason(violations, type, event.reason());
        boolean transfer = type == StockEventType.TRANSFER_IN || type == StockEventType.TRANSFER_OUT;
        code(violations, "counterpartyCode", event.counterpartyCode(), transfer);
        return violations;
    }

    private static void code(List<FieldViolation> violations, String field, String value, boolean required) {
        if (value == null) {
            if (required) {
                violations.add(new FieldViolation(field, "is required"));
            }
        } else if (!CODE.matcher(value).matches()) {
            violations.add(new FieldViolation(field, "must be 2-64 upper-case letters, digits, '-' or '_'"));
        }
    }

    private static void lot(List<FieldViolation> violations, Lot lot) {
        if (lot == null) {
            return;
        }
        if (lot.code() == null || !LOT_CODE.matcher(lot.code()).matches()) {
            violations.add(new FieldViolation("lot.code", "is required: 1-64 letters, digits, '.', '_', '/' or '-'"));
        }
        if (lot.expiry() == null) {
            violations.add(new FieldViolation("lot.expiry", "is required (ISO date, YYYY-MM-DD)"));
        }
    }

    /** Receipts, issues and transfers move usable stock; counts, adjustments and discards may concern an expired lot. */
    private static boolean entersOrMovesStock(StockEventType type) {
        return switch (type) {
            case RECEIPT, ISSUE, TRANSFER_IN, TRANSFER_OUT -> true;
            default -> false;
        };
    }

    private static void quantity(List<FieldViolation> violations, StockEventType type, Long quantity, InputLimits limits) {
        if (quantity == null) {
            violations.add(new FieldViolation("quantity", "is required (a whole number of doses)"));
            return;
        }
        if (limits.quantityTooLarge(violations, "quantity", quantity)) {
            return;
        }
        if (type == StockEventType.ADJUSTMENT && quantity == 0) {
            violations.add(new FieldViolation("quantity", "must be a non-zero signed number of doses for an adjustment"));
        } else if (type == StockEventType.PHYSICAL_COUNT && quantity < 0) {
            violations.add(new FieldViolation("quantity", "must be zero or more for a physical count"));
        } else if (type != StockEventType.ADJUSTMENT && type != StockEventType.PHYSICAL_COUNT && quantity <= 0) {
            violations.add(new FieldViolation("quantity", "must be more than zero for a " + type.wireName()));
        }
    }

    private static void reason(List<FieldViolation> violations, StockEventType type, String reason) {
        if (type == StockEventType.ADJUSTMENT) {
            oneOf(violations, reason, AdjustmentReason.values());
        } else if (type == StockEventType.DISCARD) {
            oneOf(violations, reason, DiscardReason.values());
        } else if (reason != null) {
            violations.add(new FieldViolation("reason", "is only allowed on adjustments and discards"));
        }
    }

    private static void oneOf(List<FieldViolation> violations, String reason, Enum<?>[] allowed) {
        if (reason == null || Arrays.stream(allowed).noneMatch(r -> r.name().equals(reason))) {
            violations.add(new FieldViolation("reason", "is required, one of " + Arrays.toString(allowed)));
        }
    }
}
