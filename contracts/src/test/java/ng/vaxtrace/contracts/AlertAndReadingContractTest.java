package ng.vaxtrace.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** What alert-service and ingest-service publish must match the published schemas. */
class AlertAndReadingContractTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    private static final FacilityArea KANO_017 = new FacilityArea("NG-NW", "NG-KN", "NG-KN-017");

    static Alert alert(String status, AlertSeverity previous, Instant resolvedAt, String resolution) {
        return new Alert("5f0c8a52-3b8f-4e0e-9f55-0f0d4fb1c7a1", AlertType.STOCK_OUT, AlertSeverity.CRITICAL, status,
                "NG-KN-017-HF-001", KANO_017, "PENTA", null, null, "PENTA stocked out", Map.of("balance", 0),
                NOW.minusSeconds(60), NOW, null, null, resolvedAt, resolvedAt == null ? null : "system", resolution,
                List.of(), previous);
    }

    private static String envelope(String type, Object data) {
        return EventJson.write(CloudEvent.of("a1", "/alert-service", type, "NG-KN-017-HF-001", NOW, data));
    }

    @Test
    void shouldValidateEachLifecycleEvent() {
        assertThat(ContractSchemas.violations(envelope(EventTypes.ALERT_OPENED, alert(Alert.OPEN, null, null, null)))).isEmpty();
        assertThat(ContractSchemas.violations(envelope(EventTypes.ALERT_ESCALATED,
                alert(Alert.OPEN, AlertSeverity.HIGH, null, null)))).isEmpty();
        assertThat(ContractSchemas.violations(envelope(EventTypes.ALERT_ACKNOWLEDGED,
                alert(Alert.ACKNOWLEDGED, null, null, null)))).isEmpty();
        assertThat(ContractSchemas.violations(envelope(EventTypes.ALERT_RESOLVED,
                alert(Alert.RESOLVED, null, NOW, "AUTO")))).isEmpty();
    }

    @Test
    void shouldRefuseEventsWhoseStatusContradictsTheirType() {
        assertThat(ContractSchemas.violations(envelope(EventTypes.ALERT_RESOLVED, alert(Alert.OPEN, null, null, null)))).isNotEmpty();
        assertThat(ContractSchemas.violations(envelope(EventTypes.ALERT_ESCALATED, alert(Alert.OPEN, null, null, null)))).isNotEmpty();
    }

    @Test
    void shouldValidateAReadingAndRefuseAnImpossibleOne() {
        ColdChainReading reading = new ColdChainReading("SN-TCW3000-0042", "NG-KN-017-HF-001", NOW, 5.5, true);
        assertThat(ContractSchemas.violations(envelope(EventTypes.COLDCHAIN_READING, reading))).isEmpty();
        ColdChainReading impossible = new ColdChainReading("bad id with spaces", "NG-KN-017-HF-001", NOW, 120.0, null);
        assertThat(ContractSchemas.violations(envelope(EventTypes.COLDCHAIN_READING, impossible))).hasSize(2);
    }

    @Test
    void shouldListTheFacilitysAreasNationalFirst() {
        assertThat(KANO_017.chain()).containsExactly("NG", "NG-NW", "NG-KN", "NG-KN-017");
        assertThat(new FacilityArea(null, null, null).chain()).containsExactly("NG");
    }
}
