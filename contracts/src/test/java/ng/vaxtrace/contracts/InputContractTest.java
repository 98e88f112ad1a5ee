package ng.vaxtrace.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The strict reading and the plausible ranges of docs/input-contract.md, on the Kafka side as on the HTTP side. */
class InputContractTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    private static String record(String field, String json) {
        StockEvent data = StockEventContractTest.valid(StockEventType.RECEIPT);
        String valid = StockEventContractTest.envelope(StockEventType.RECEIPT, data);
        return valid.replaceFirst("\"" + field + "\":(\"[^\"]*\"|[-0-9.]+|\\{[^}]*\\})", "\"" + field + "\":" + json);
    }

    @Test
    void shouldReadTheRecordsWeWrite() {
        String json = StockEventContractTest.envelope(StockEventType.RECEIPT, StockEventContractTest.valid(StockEventType.RECEIPT));
        assertThat(EventJson.read(json, EventJson.STOCK_EVENT).data().quantity()).isEqualTo(100L);
    }

    @ParameterizedTest
    @ValueSource(strings = { "\"10\"", "1.5", "1e3", "100.0", "true", "[100]", "{\"n\":1}" })
    void shouldRefuseAQuantityThatIsNotAWholeNumber(String quantity) {
        String json = record("quantity", quantity);
        assertThat(json).contains("\"quantity\":" + quantity);
        assertThatThrownBy(() -> EventJson.read(json, EventJson.STOCK_EVENT)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("data.quantity: ");
    }

    @ParameterizedTest
    @ValueSource(strings = { "1764410400", "1764410400.5", "[2026,11,29]", "true" })
    void shouldRefuseATimeThatIsNotAnIsoString(String occurredAt) {
        String json = record("occurredAt", occurredAt);
        assertThatThrownBy(() -> EventJson.read(json, EventJson.STOCK_EVENT)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = { "20270630", "[2027,6,30]", "{}" })
    void shouldRefuseALotExpiryThatIsNotAnIsoDate(String expiry) {
        String json = record("lot", "{\"code\":\"PT-1\",\"expiry\":" + expiry + "}");
        assertThatThrownBy(() -> EventJson.read(json, EventJson.STOCK_EVENT)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = { "42", "4.2", "false" })
    void shouldRefuseANumberOrBooleanWhereTextIsMeant(String code) {
        String json = record("facilityCode", code);
        assertThatThrownBy(() -> EventJson.read(json, EventJson.STOCK_EVENT)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldNameANumberTooLargeForItsField() {
        assertThatThrownBy(() -> EventJson.read(record("quantity", "9223372036854775808"), EventJson.STOCK_EVENT))
                .hasMessageStartingWith("data.quantity: ");
    }

    @Test
    void shouldRefuseDuplicateKeysAndTrailingData() {
        String json = record("quantity", "10,\"quantity\":-5");
        assertThatThrownBy(() -> EventJson.read(json, EventJson.STOCK_EVENT)).hasMessageContaining("Duplicate field");
        String valid = record("quantity", "10");
        assertThatThrownBy(() -> EventJson.read(valid + "{}", EventJson.STOCK_EVENT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventJson.tree("{\"a\":1} x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldReadBodiesOnlyAsUtf8() {
        assertThat(EventJson.utf8Tree("{\"a\":\"é\"}".getBytes(StandardCharsets.UTF_8)).get("a").asText()).isEqualTo("é");
        assertThatThrownBy(() -> EventJson.utf8Tree("{\"a\":1}".getBytes(StandardCharsets.UTF_16LE))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventJson.utf8Tree("{\"a\":1}".getBytes(StandardCharsets.UTF_16))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventJson.utf8Tree("\uFEFF{\"a\":1}".getBytes(StandardCharsets.UTF_8))).hasMessageContaining("byte-order");
        assertThatThrownBy(() -> EventJson.utf8Tree(new byte[] { '{', '"', (byte) 0xC3, '"', ':', '1', '}' })).hasMessageContaining("UTF-8");
        assertThatThrownBy(() -> EventJson.utf8Tree("{\"a\":1}".getBytes(StandardCharsets.UTF_16BE))).hasMessageContaining("NUL");
        assertThatThrownBy(() -> EventJson.utf8Text("{}".getBytes(Charset.forName("UTF-32LE")))).hasMessageContaining("NUL");
        assertThat(EventJson.utf8Text("{\"a\":\"\\u0000\"}".getBytes(StandardCharsets.UTF_8))).isEqualTo("{\"a\":\"\\u0000\"}");
        assertThat(EventJson.utf8Tree(" \n".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(EventJson.utf8Tree("null".getBytes(StandardCharsets.UTF_8)).isNull()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "-999999999-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "1900-01-01T00:00:00Z", "2025-11-28T10:00:00Z",
            "2026-11-29T10:05:01Z", "+999999999-12-31T23:59:59Z" })
    void shouldRefuseAnEventTimeOutsideTheWindow(String occurredAt) {
        StockEvent event = withTime(StockEventContractTest.valid(StockEventType.PHYSICAL_COUNT), Instant.parse(occurredAt));
        assertThat(StockEventValidator.validate(StockEventType.PHYSICAL_COUNT, event, NOW)).extracting(FieldViolation::field)
                .contains("occurredAt");
    }

    @ParameterizedTest
    @ValueSource(strings = { "2025-11-30T10:00:00Z", "2026-11-29T10:04:59Z" })
    void shouldAcceptAnEventTimeInsideTheWindow(String occurredAt) {
        StockEvent event = withTime(StockEventContractTest.valid(StockEventType.PHYSICAL_COUNT), Instant.parse(occurredAt));
        assertThat(StockEventValidator.validate(StockEventType.PHYSICAL_COUNT, event, NOW)).isEmpty();
    }

    @Test
    void shouldTakeTheWindowFromTheConfiguredLimits() {
        InputLimits week = new InputLimits(Duration.ofDays(7), Duration.ofMinutes(1), Period.ofYears(5), 1000);
        StockEvent event = withTime(StockEventContractTest.valid(StockEventType.RECEIPT), NOW.minus(Duration.ofDays(8)));
        assertThat(StockEventValidator.validate(StockEventType.RECEIPT, event, NOW, week)).extracting(FieldViolation::message)
                .containsExactly("must not be more than 7 days in the past");
        StockEvent big = withQuantity(StockEventContractTest.valid(StockEventType.RECEIPT), 1001);
        assertThat(StockEventValidator.validate(StockEventType.RECEIPT, big, NOW, week)).extracting(FieldViolation::field)
                .containsExactly("quantity");
    }

    @ParameterizedTest
    @EnumSource(StockEventType.class)
    void shouldRefuseABillionDosesInOneEvent(StockEventType type) {
        StockEvent event = withQuantity(StockEventContractTest.valid(type), type == StockEventType.ADJUSTMENT ? -1_000_000_000 : 1_000_000_000);
        assertThat(StockEventValidator.validate(type, event, NOW)).extracting(FieldViolation::field).containsExactly("quantity");
    }

    @ParameterizedTest
    @EnumSource(value = StockEventType.class, names = { "RECEIPT", "ISSUE", "TRANSFER_IN", "TRANSFER_OUT" })
    void shouldRefuseMovingALotThatExpiredBeforeTheEvent(StockEventType type) {
        StockEvent event = withExpiry(StockEventContractTest.valid(type), LocalDate.parse("2026-11-28"));
        assertThat(StockEventValidator.validate(type, event, NOW)).extracting(FieldViolation::field).containsExactly("lot.expiry");
    }

    @ParameterizedTest
    @EnumSource(value = StockEventType.class, names = { "DISCARD", "PHYSICAL_COUNT", "ADJUSTMENT", "CONSUMPTION" })
    void shouldAcceptRecordingAnExpiredLot(StockEventType type) {
        StockEvent event = withExpiry(StockEventContractTest.valid(type), LocalDate.parse("2026-11-28"));
        assertThat(StockEventValidator.validate(type, event, NOW)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "+999999999-12-31", "2037-01-01", "1900-01-01", "0001-01-01" })
    void shouldRefuseALotExpiryDecadesFromTheEvent(String expiry) {
        StockEvent event = withExpiry(StockEventContractTest.valid(StockEventType.PHYSICAL_COUNT), LocalDate.parse(expiry));
        assertThat(StockEventValidator.validate(StockEventType.PHYSICAL_COUNT, event, NOW)).extracting(FieldViolation::field)
                .containsExactly("lot.expiry");
    }

    private static StockEvent withTime(StockEvent e, Instant at) {
        return new StockEvent(e.facilityCode(), e.productCode(), e.lot(), e.quantity(), at, e.sourceSystem(), e.vvmStage(), e.reason(),
                e.counterpartyCode());
    }

    private static StockEvent withQuantity(StockEvent e, long quantity) {
        return new StockEvent(e.facilityCode(), e.productCode(), e.lot(), quantity, e.occurredAt(), e.sourceSystem(), e.vvmStage(),
                e.reason(), e.counterpartyCode());
    }

    private static StockEvent withExpiry(StockEvent e, LocalDate expiry) {
        return new StockEvent(e.facilityCode(), e.productCode(), new Lot(e.lot().code(), expiry), e.quantity(), e.occurredAt(),
                e.sourceSystem(), e.vvmStage(), e.reason(), e.counterpartyCode());
    }

}
