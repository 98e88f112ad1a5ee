package ng.vaxtrace.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.ContractSchemas;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.FacilityReference;
import ng.vaxtrace.contracts.FacilityTier;
import ng.vaxtrace.contracts.StockEvent;
import ng.vaxtrace.contracts.StockEventType;
import ng.vaxtrace.contracts.StockEventValidator;

class SyntheticNigeriaTest {

    private static final LocalDate FROM = LocalDate.parse("2026-07-01");
    private static final LocalDate TO = LocalDate.parse("2026-10-31");

    @Test
    void shouldHoldNigeriasRealStructure() {
        Geography ng = Geography.nigeria();
        assertThat(ng.ofLevel(Area.Level.ZONE)).hasSize(6);
        assertThat(ng.ofLevel(Area.Level.STATE)).hasSize(37);
        assertThat(ng.ofLevel(Area.Level.LGA)).hasSize(774);
        assertThat(ng.children("NG-KN")).hasSize(44);
        assertThat(ng.children("NG-BY")).hasSize(8);
        assertThat(ng.children("NG-FC")).extracting(Area::name).contains("Abuja Municipal Area Council", "Gwagwalada");
        assertThat(ng.area("NG-KT").orElseThrow().name()).isEqualTo("Katsina");
        assertThat(ng.children("NG-NW")).extracting(Area::code).containsExactlyInAnyOrder("NG-JI", "NG-KD", "NG-KN", "NG-KT", "NG-KE", "NG-SO", "NG-ZA");
    }

    @Test
    void shouldPlaceEveryFacilityInsideNigeriaWithAFullAreaChain() {
        List<FacilityReference> facilities = new SyntheticNigeria(7, 39).facilities();
        assertThat(facilities).hasSize(1 + 6 + 37 + 774 + 774 * 39);
        assertThat(facilities).allSatisfy(f -> {
            assertThat(f.latitude()).isBetween(4.0, 14.0);
            assertThat(f.longitude()).isBetween(2.6, 14.7);
            assertThat(StockEventValidator.CODE.matcher(f.code()).matches()).isTrue();
        });
        assertThat(facilities).filteredOn(f -> f.tier() == FacilityTier.HEALTH_FACILITY)
                .allSatisfy(f -> assertThat(f.lgaCode()).startsWith(f.stateCode() + "-"));
        assertThat(facilities).extracting(FacilityReference::code).doesNotHaveDuplicates();
    }

    @Test
    void shouldBeDeterministicBySeed() {
        FacilityReference facility = new SyntheticNigeria(42, 2).facilities().get(900);
        List<CloudEvent<StockEvent>> first = new SyntheticNigeria(42, 2).history(facility, FROM, TO);
        List<CloudEvent<StockEvent>> again = new SyntheticNigeria(42, 2).history(facility, FROM, TO);
        List<CloudEvent<StockEvent>> other = new SyntheticNigeria(43, 2).history(facility, FROM, TO);
        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void shouldProduceValidHistoryThatNeverGoesNegative() {
        SyntheticNigeria data = new SyntheticNigeria(1, 1);
        FacilityReference facility = data.facilities().stream().filter(f -> f.tier() == FacilityTier.HEALTH_FACILITY).findFirst().orElseThrow();
        List<CloudEvent<StockEvent>> history = data.history(facility, FROM, TO);
        Map<String, Long> balances = new HashMap<>();
        for (CloudEvent<StockEvent> event : history) {
            StockEventType type = StockEventType.fromCloudEventType(event.type()).orElseThrow();
            assertThat(StockEventValidator.validate(type, event.data(), event.time())).isEmpty();
            String card = event.data().productCode() + "/" + event.data().lotCode();
            long before = balances.getOrDefault(card, 0L);
            balances.put(card, before + type.delta(before, event.data().quantity()));
            assertThat(balances.get(card)).isNotNegative();
        }
        assertThat(history).extracting(CloudEvent::type).contains(StockEventType.RECEIPT.cloudEventType(),
                StockEventType.CONSUMPTION.cloudEventType(), StockEventType.PHYSICAL_COUNT.cloudEventType());
        assertThat(ContractSchemas.violations(EventJson.write(history.get(0)))).isEmpty();
    }

    @Test
    void shouldGiveFridgesMostlyGoodTemperaturesWithRealHeatAndFreezeAlarmsNowAndThen() {
        SyntheticNigeria data = new SyntheticNigeria(7, 1);
        java.time.Instant from = java.time.Instant.parse("2026-07-01T00:00:00Z");
        java.time.Instant to = java.time.Instant.parse("2026-09-01T00:00:00Z");
        int inRange = 0;
        int total = 0;
        int heatAlarms = 0;
        int freezeAlarms = 0;
        for (FacilityReference facility : data.facilities().stream().filter(f -> f.tier() == FacilityTier.HEALTH_FACILITY).limit(40).toList()) {
            List<ng.vaxtrace.contracts.ColdChainReading> readings = data.fridgeReadings(facility, from, to);
            assertThat(readings).hasSize(62 * 96).allMatch(r -> r.fridgeId().equals(SyntheticNigeria.fridgeOf(facility)));
            assertThat(data.fridgeReadings(facility, from, to)).isEqualTo(readings); // deterministic
            java.time.Instant heatStart = null;
            java.time.Instant freezeStart = null;
            boolean heatCounted = false;
            boolean freezeCounted = false;
            for (var r : readings) {
                total++;
                if (r.temperatureCelsius() > 2 && r.temperatureCelsius() <= 8) {
                    inRange++;
                }
                if (r.temperatureCelsius() > 8) {
                    heatStart = heatStart == null ? r.measuredAt() : heatStart;
                    if (!heatCounted && java.time.Duration.between(heatStart, r.measuredAt()).toMinutes() > 600) {
                        heatAlarms++;
                        heatCounted = true;
                    }
                } else {
                    heatStart = null;
                    heatCounted = false;
                }
                if (r.temperatureCelsius() <= -0.5) {
                    freezeStart = freezeStart == null ? r.measuredAt() : freezeStart;
                    if (!freezeCounted && java.time.Duration.between(freezeStart, r.measuredAt()).toMinutes() > 60) {
                        freezeAlarms++;
                        freezeCounted = true;
                    }
                } else {
                    freezeStart = null;
                    freezeCounted = false;
                }
            }
        }
        assertThat((double) inRange / total).isGreaterThan(0.9);
        assertThat(heatAlarms).isGreaterThan(20);   // ~1 day in 25 per fridge: 40 fridges × 62 days ≈ 99
        assertThat(freezeAlarms).isGreaterThan(5);  // ~1 day in 60, most longer than an hour
        var reading = data.fridgeReadings(data.facilities().get(900), from, from.plusSeconds(900)).get(0);
        assertThat(ContractSchemas.violations(EventJson.write(CloudEvent.of("r1", "/synthetic", ng.vaxtrace.contracts.EventTypes.COLDCHAIN_READING,
                reading.fridgeId(), reading.measuredAt(), reading)))).isEmpty();
    }
}
