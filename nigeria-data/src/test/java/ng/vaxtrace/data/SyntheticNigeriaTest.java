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
}
