package ng.vaxtrace.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** The Java rules and the published JSON Schemas must agree on what a valid stock event is. */
class StockEventContractTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    static StockEvent valid(StockEventType type) {
        long quantity = type == StockEventType.ADJUSTMENT ? -20 : 100;
        String reason = switch (type) {
            case ADJUSTMENT -> "LOST";
            case DISCARD -> "VVM";
            default -> null;
        };
        String counterparty = type == StockEventType.TRANSFER_IN || type == StockEventType.TRANSFER_OUT ? "NG-KN-LGA-STORE-01" : null;
        return new StockEvent("NG-KN-HF-00042", "PENTA", new Lot("PT2026-118", LocalDate.parse("2027-06-30")), quantity,
                NOW.minusSeconds(3600), "field-app", 2, reason, counterparty);
    }

    static String envelope(StockEventType type, StockEvent data) {
        return EventJson.write(CloudEvent.of("8c0e6f4e-0d7f-4f0e-9a57-6c4b1d0f7a11", "/tests", type.cloudEventType(),
                data.facilityCode(), NOW, data));
    }

    @ParameterizedTest
    @EnumSource(StockEventType.class)
    void shouldAcceptAWellFormedEventOfEveryType(StockEventType type) {
        StockEvent event = valid(type);
        assertThat(StockEventValidator.validate(type, event, NOW)).isEmpty();
        assertThat(ContractSchemas.violations(envelope(type, event))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = StockEventType.class, names = {"RECEIPT", "ISSUE", "CONSUMPTION", "DISCARD", "TRANSFER_IN", "TRANSFER_OUT"})
    void shouldRejectZeroQuantityForMovements(StockEventType type) {
        StockEvent event = withQuantity(valid(type), 0L);
        assertThat(StockEventValidator.validate(type, event, NOW)).extracting(FieldViolation::field).containsExactly("quantity");
        assertThat(ContractSchemas.violations(envelope(type, event))).isNotEmpty();
    }

    @Test
    void shouldAcceptAZeroPhysicalCountButNotANegativeOne() {
        StockEventType type = StockEventType.PHYSICAL_COUNT;
        assertThat(StockEventValidator.validate(type, withQuantity(valid(type), 0L), NOW)).isEmpty();
        assertThat(ContractSchemas.violations(envelope(type, withQuantity(valid(type), 0L)))).isEmpty();
        assertThat(StockEventValidator.validate(type, withQuantity(valid(type), -1L), NOW)).isNotEmpty();
        assertThat(ContractSchemas.violations(envelope(type, withQuantity(valid(type), -1L)))).isNotEmpty();
    }

    @Test
    void shouldRequireAKnownReasonOnDiscards() {
        StockEvent discard = valid(StockEventType.DISCARD);
        StockEvent unknown = new StockEvent(discard.facilityCode(), discard.productCode(), discard.lot(), discard.quantity(),
                discard.occurredAt(), discard.sourceSystem(), null, "MELTED", null);
        assertThat(StockEventValidator.validate(StockEventType.DISCARD, unknown, NOW)).extracting(FieldViolation::field)
                .containsExactly("reason");
        assertThat(ContractSchemas.violations(envelope(StockEventType.DISCARD, unknown))).isNotEmpty();
    }

    @Test
    void shouldRefuseAReasonOnAReceipt() {
        StockEvent receipt = valid(StockEventType.RECEIPT);
        StockEvent withReason = new StockEvent(receipt.facilityCode(), receipt.productCode(), receipt.lot(), 10L,
                receipt.occurredAt(), receipt.sourceSystem(), null, "LOST", null);
        assertThat(StockEventValidator.validate(StockEventType.RECEIPT, withReason, NOW)).extracting(FieldViolation::field)
                .containsExactly("reason");
        assertThat(ContractSchemas.violations(envelope(StockEventType.RECEIPT, withReason))).isNotEmpty();
    }

    @Test
    void shouldNameEveryBadFieldAtOnce() {
        StockEvent bad = new StockEvent("kano hf", null, new Lot(null, null), null, NOW.plusSeconds(3600), "", 7, null, null);
        List<String> fields = StockEventValidator.validate(StockEventType.TRANSFER_OUT, bad, NOW).stream()
                .map(FieldViolation::field).toList();
        assertThat(fields).containsExactlyInAnyOrder("facilityCode", "productCode", "lot.code", "lot.expiry", "quantity",
                "occurredAt", "sourceSystem", "vvmStage", "counterpartyCode");
    }

    @Test
    void shouldComputeTheDeltaOfEachMovement() {
        assertThat(StockEventType.RECEIPT.delta(50, 10)).isEqualTo(10);
        assertThat(StockEventType.CONSUMPTION.delta(50, 10)).isEqualTo(-10);
        assertThat(StockEventType.ADJUSTMENT.delta(50, -5)).isEqualTo(-5);
        assertThat(StockEventType.PHYSICAL_COUNT.delta(50, 42)).isEqualTo(-8);
        assertThat(StockEventType.TRANSFER_OUT.delta(50, 50)).isEqualTo(-50);
    }

    @Test
    void shouldRoundTripAnEnvelopeThroughJson() {
        StockEvent event = valid(StockEventType.RECEIPT);
        CloudEvent<StockEvent> parsed = EventJson.read(envelope(StockEventType.RECEIPT, event), EventJson.STOCK_EVENT);
        assertThat(parsed.data()).isEqualTo(event);
        assertThat(parsed.dataschema()).endsWith("/stock.receipt.v1.json");
    }

    private static StockEvent withQuantity(StockEvent e, Long quantity) {
        return new StockEvent(e.facilityCode(), e.productCode(), e.lot(), quantity, e.occurredAt(), e.sourceSystem(),
                e.vvmStage(), e.reason(), e.counterpartyCode());
    }
}
