package ng.vaxtrace.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ng.vaxtrace.contracts.InputLimits;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.FieldViolation;

/** The pure rules of the readers: ids, VVM mapping, field-by-field validation (discard decisions: ColdChainAtDeliveryTest). */
class ReadersTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final ColdChainReadingReader READINGS = new ColdChainReadingReader(CLOCK, InputLimits.DEFAULTS);

    @Test
    void shouldReadTheOpenLmisVvmStatusOnlyWhenItIsAStage() {
        assertThat(OpenLmisEventMapper.vvmStage(Map.of("vvmStatus", "STAGE_3"))).isEqualTo(3);
        assertThat(OpenLmisEventMapper.vvmStage(Map.of("vvmStatus", "STAGE_5"))).isNull();
        assertThat(OpenLmisEventMapper.vvmStage(Map.of())).isNull();
        assertThat(OpenLmisEventMapper.vvmStage(null)).isNull();
    }

    @Test
    void shouldIdentifyAReadingWithoutReadingIdByFridgeAndTime() {
        Submission reading = READINGS.read(EventJson.tree("""
                {"fridgeId":"CCE/KN/7","facilityCode":"NG-KN-017-HF-001","measuredAt":"2026-11-29T09:45:00Z","temperatureCelsius":-20.5}
                """), "/ingest-service/clients/t", "");
        assertThat(reading.errors()).isEmpty();
        assertThat(reading.eventId()).isEqualTo("CCE/KN/7@2026-11-29T09:45:00Z");
        assertThat(reading.event().subject()).isEqualTo("CCE/KN/7");
    }

    @Test
    void shouldAcceptTheTemperatureBoundsAndNameWhatIsOutsideThem() {
        String template = """
                {"fridgeId":"F1","facilityCode":"NG-KN-1","measuredAt":"%s","temperatureCelsius":%s}""";
        assertThat(READINGS.read(EventJson.tree(template.formatted(NOW, "-90")), "s", "").errors()).isEmpty();
        assertThat(READINGS.read(EventJson.tree(template.formatted(NOW, "80")), "s", "").errors()).isEmpty();
        assertThat(READINGS.read(EventJson.tree(template.formatted(NOW, "80.1")), "s", "readings[2].").errors())
                .extracting(FieldViolation::field).containsExactly("readings[2].temperatureCelsius");
        assertThat(READINGS.read(EventJson.tree(template.formatted(NOW.plusSeconds(301), "5")), "s", "").errors())
                .extracting(FieldViolation::field).containsExactly("measuredAt");
    }

    @Test
    void shouldFingerprintTheContentSoThatOnlyTheSameEventCountsAsARetry() {
        String template = """
                {"fridgeId":"F1","facilityCode":"NG-KN-1","measuredAt":"%s","temperatureCelsius":%s,"readingId":"r-00000001"}""";
        Submission first = READINGS.read(EventJson.tree(template.formatted(NOW, "4")), "s", "");
        Submission same = READINGS.read(EventJson.tree(template.formatted(NOW, "4.0")), "s", "");
        Submission other = READINGS.read(EventJson.tree(template.formatted(NOW, "5")), "s", "");
        assertThat(same.fingerprint()).isEqualTo(first.fingerprint());
        assertThat(other.fingerprint()).isNotEqualTo(first.fingerprint());
    }
}
