package ng.vaxtrace.connector.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ng.vaxtrace.connector.client.OpenLmis;
import ng.vaxtrace.connector.config.ConnectorConfig;
import ng.vaxtrace.contracts.FacilityTier;
import ng.vaxtrace.connector.state.UnplacedFacility;
import ng.vaxtrace.data.AreaAliases;
import ng.vaxtrace.data.Geography;
import ng.vaxtrace.data.ProductCatalogue;

class ReferenceMapperTest {

    private static final ConnectorConfig.Levels LEVELS = new ConnectorConfig.Levels() {
        @Override
        public int zone() {
            return 2;
        }

        @Override
        public int state() {
            return 3;
        }

        @Override
        public int lga() {
            return 4;
        }
    };
    private static final OpenLmis.Zone COUNTRY = zone("ng", "Nigeria", 1, null);
    private final ReferenceMapper mapper = new ReferenceMapper(new AreaMatcher(Geography.nigeria(), AreaAliases.nigeria(), LEVELS),
            Map.of("lga_store", FacilityTier.LGA, "state_store", FacilityTier.STATE), ProductCatalogue.all());

    @Test
    void shouldPlaceAFacilityByOurZoneCodes() {
        OpenLmis.Zone lga = zone("NG-KN-007", "Dala", 4, zone("NG-KN", "Kano", 3, zone("NG-NW", "North West", 2, COUNTRY)));
        var facility = new OpenLmis.Facility("f1", "ng-kn-007-ls", "Dala LGA cold store", true, type("lga_store"), lga,
                new OpenLmis.Point("Point", List.of(8.52, 12.01)), null);

        var reference = mapper.facility(facility, null).facility();

        assertThat(reference.code()).isEqualTo("NG-KN-007-LS");
        assertThat(reference.tier()).isEqualTo(FacilityTier.LGA);
        assertThat(reference.zoneCode()).isEqualTo("NG-NW");
        assertThat(reference.stateCode()).isEqualTo("NG-KN");
        assertThat(reference.lgaCode()).isEqualTo("NG-KN-007");
        assertThat(reference.latitude()).isEqualTo(12.01);
        assertThat(reference.longitude()).isEqualTo(8.52);
    }

    @Test
    void shouldPlaceZonesWithTheirOwnCodesByOfficialNames() {
        OpenLmis.Zone lga = zone("KN007", "Dala", 4, zone("KN", "Kano", 3, zone("NW", "North-West", 2, COUNTRY)));
        var facility = new OpenLmis.Facility("f2", "HF0001", "Dala PHC", null, null, lga, null, null);

        var reference = mapper.facility(facility, null).facility();

        assertThat(reference.tier()).as("unknown or missing type").isEqualTo(FacilityTier.HEALTH_FACILITY);
        assertThat(reference.lgaCode()).isEqualTo("NG-KN-007");
        assertThat(reference.latitude()).as("no location in the basic DTO").isNull();
        assertThat(reference.active()).isTrue();
    }

    @Test
    void shouldPlaceAHealthFacilityWhoseLgaIsUnknownAtItsStateAndSaySo() {
        OpenLmis.Zone unknown = zone("XX", "Atlantis", 4, zone("NG-KN", "Kano", 3, zone("NG-NW", "North West", 2, COUNTRY)));

        var placement = mapper.facility(new OpenLmis.Facility("f3", "HF0002", "Lost PHC", true, null, unknown, null, null), null);

        assertThat(placement.facility().stateCode()).isEqualTo("NG-KN");
        assertThat(placement.facility().zoneCode()).isEqualTo("NG-NW");
        assertThat(placement.facility().lgaCode()).isNull();
        assertThat(placement.unplaced().outcome()).isEqualTo(UnplacedFacility.Outcome.PLACED_AT_STATE);
        assertThat(placement.unplaced().reason()).contains("'Atlantis' (XX");
    }

    @Test
    void shouldQuarantineAFacilityWithoutAStateOrAUsableCodeWithTheReason() {
        OpenLmis.Zone nowhere = zone("YY", "Atlantis", 3, zone("ZZ", "Oceania", 2, COUNTRY));

        var lost = mapper.facility(new OpenLmis.Facility("f3", "HF0002", "Lost PHC", true, null, nowhere, null, null), null);
        var bad = mapper.facility(new OpenLmis.Facility("f4", "bad code!", "Bad", true, null, nowhere, null, null), null);

        assertThat(lost.facility()).isNull();
        assertThat(lost.unplaced().outcome()).isEqualTo(UnplacedFacility.Outcome.QUARANTINED);
        assertThat(lost.unplaced().reason()).contains("no state recognised").contains("'Atlantis' (YY");
        assertThat(bad.facility()).isNull();
        assertThat(bad.unplaced().reason()).contains("bad code!");
    }

    @Test
    void shouldPlaceLgasByKnownAlternativeSpellingsAndByAConservativeFuzzyMatch() {
        OpenLmis.Zone fct = zone("fct", "FCT", 3, zone("nc", "North Central", 2, COUNTRY));
        OpenLmis.Zone nasarawa = zone("nas", "Nassarawa", 3, COUNTRY);

        assertThat(placedIn(zone("amac", "Abuja Municipal", 4, fct))).isEqualTo("NG-FC-002");
        assertThat(placedIn(zone("gwag", "Gwagwalda", 4, fct))).as("one letter off").isEqualTo("NG-FC-004");
        assertThat(placedIn(zone("nas-nas", "Nassarawa", 4, nasarawa))).as("state and LGA by alias, no zone level").isEqualTo("NG-NA-009");
        assertThat(placedIn(zone("nas-egg", "NASSARAWA-EGGON", 4, nasarawa))).isEqualTo("NG-NA-010");
        assertThat(placedIn(zone("kn-n", "Nasarawa", 4, zone("kn", "Kano", 3, COUNTRY)))).as("same name, other state").isEqualTo("NG-KN-031");
        assertThat(placedIn(zone("kuj", "Kujy", 4, fct))).as("names under 5 letters are never fuzzy").isNull();
        assertThat(placedIn(zone("abj", "Abuja Area", 4, fct))).as("too far from any name").isNull();
    }

    @Test
    void shouldNeverGuessBetweenTwoEquallyCloseLgas() {
        // One letter from two names: refused; one letter from one name only: that one.
        assertThat(AreaMatcher.fuzzy("ilesaeest", Map.of("ilesaeast", "A", "ilesawest", "B"))).isNull();
        assertThat(AreaMatcher.fuzzy("ilesaeastt", Map.of("ilesaeast", "A", "ilesawest", "B"))).isEqualTo("A");
        assertThat(AreaMatcher.fuzzy("ilorinweast", Map.of("ilorinwest", "B"))).as("another direction is another LGA").isNull();
    }

    private String placedIn(OpenLmis.Zone lga) {
        var placement = mapper.facility(new OpenLmis.Facility("f-" + lga.id(), "HF9", "PHC", true, null, lga, null, null), null);
        return placement.facility() == null ? null : placement.facility().lgaCode();
    }

    @Test
    void shouldPlaceAStateStoreWithoutAnLga() {
        OpenLmis.Zone state = zone("NG-KN", "Kano", 3, zone("NG-NW", "North West", 2, COUNTRY));

        var reference = mapper.facility(new OpenLmis.Facility("f5", "NG-KN-SS", "Kano state cold store", true, type("state_store"), state,
                null, null), null).facility();

        assertThat(reference.stateCode()).isEqualTo("NG-KN");
        assertThat(reference.lgaCode()).isNull();
    }

    @Test
    void shouldMapAnOrderableWithItsTemperatureRangeAndVvmUse() {
        var orderable = new OpenLmis.Orderable("o1", "PENTA", "Pentavalent", 10L, List.of(), Map.of(), Map.of("useVVM", "true"),
                new OpenLmis.Temperature(2.0, "CEL"), new OpenLmis.Temperature(8.0, "CEL"));

        var product = mapper.product(orderable).orElseThrow();

        assertThat(product.dosesPerVial()).isEqualTo(10);
        assertThat(product.vvm()).isTrue();
        assertThat(product.storageMinC()).isEqualTo(2);
        assertThat(product.storageMaxC()).isEqualTo(8);
        assertThat(product.kind()).isEqualTo("VACCINE");
    }

    @Test
    void shouldFillMissingOptionalOrderableFieldsFromOurCatalogueOrLeaveThemOut() {
        var known = new OpenLmis.Orderable("o2", "BCG-DIL", "BCG diluent", 20L, null, null, null, null, null);
        var unknown = new OpenLmis.Orderable("o3", "MALARIA", "Malaria vaccine", 2L, null, null, null, null, null);

        var diluent = mapper.product(known).orElseThrow();
        var malaria = mapper.product(unknown).orElseThrow();

        assertThat(diluent.kind()).isEqualTo("DILUENT");
        assertThat(diluent.storageMaxC()).isEqualTo(25);
        assertThat(diluent.vvm()).isFalse();
        assertThat(malaria.storageMinC()).isNull();
        assertThat(mapper.product(new OpenLmis.Orderable("o4", "X1", "No net content", null, null, null, null, null, null))).isEmpty();
    }

    /** The rule with Nigeria's levels and surviving-infant share (3.5 %, [S15]); health facilities own level-5 zones. */
    private static final Catchments CATCHMENTS = new Catchments(Map.of(FacilityTier.ZONE, 2, FacilityTier.STATE, 3, FacilityTier.LGA, 4,
            FacilityTier.HEALTH_FACILITY, 5), 0.035);

    private static OpenLmis.Zone populated(String code, String name, int level, OpenLmis.Zone parent, Long population) {
        return new OpenLmis.Zone("z-" + code, code, name, new OpenLmis.Level("l" + level, "L" + level, "L" + level, level), null, null, parent,
                population);
    }

    @Test
    void shouldGiveAStoreTheTargetPopulationOfTheAreaItSuppliesAndAHealthFacilityOnlyAZoneOfItsOwn() {
        // docs/openlmis-connector.md#target-population, cases C1–C6, by hand (population × 0.035, rounded).
        var withCatchments = new ReferenceMapper(new AreaMatcher(Geography.nigeria(), AreaAliases.nigeria(), LEVELS),
                Map.of("lga_store", FacilityTier.LGA, "state_store", FacilityTier.STATE, "national_store", FacilityTier.NATIONAL),
                ProductCatalogue.all(), CATCHMENTS);
        OpenLmis.Zone root = populated("ng", "Nigeria", 1, null, 220_000_000L);
        OpenLmis.Zone kano = populated("NG-KN", "Kano", 3, zone("NG-NW", "North West", 2, root), 13_000_000L);
        OpenLmis.Zone dala = populated("NG-KN-007", "Dala", 4, kano, 284_000L);
        // C1: the LGA store supplies Dala: 284,000 × 0.035 = 9,940 surviving infants.
        assertThat(withCatchments.facility(new OpenLmis.Facility("f1", "NG-KN-007-LS", "Dala LGA store", true, type("lga_store"), dala,
                null, null), null).facility().targetPopulation()).isEqualTo(9_940);
        // C2: a health facility in Dala shares Dala's population with the LGA's other facilities: none.
        assertThat(withCatchments.facility(new OpenLmis.Facility("f2", "NG-KN-007-HF-001", "Dala PHC", true, null, dala, null, null), null)
                .facility().targetPopulation()).isNull();
        // C3: the state store supplies Kano: 13,000,000 × 0.035 = 455,000. C6: the national store at the root: 7,700,000.
        assertThat(withCatchments.facility(new OpenLmis.Facility("f3", "NG-KN-SS", "Kano state store", true, type("state_store"), kano,
                null, null), null).facility().targetPopulation()).isEqualTo(455_000);
        assertThat(withCatchments.facility(new OpenLmis.Facility("f4", "NG-NSCS", "National store", true, type("national_store"), root,
                null, null), null).facility().targetPopulation()).isEqualTo(7_700_000);
        // C4: a health facility in a ward zone of its own (level 5, where the instance has them): 12,000 × 0.035 = 420.
        OpenLmis.Zone ward = populated("dala-ward-3", "Dala ward 3", 5, dala, 12_000L);
        assertThat(withCatchments.facility(new OpenLmis.Facility("f5", "NG-KN-007-HF-002", "Ward PHC", true, null, ward, null, null), null)
                .facility().targetPopulation()).isEqualTo(420);
        // C5: an LGA store in a state zone (placed at its state, or its zone is not the LGA it supplies), a zone without a
        // population, or the rule off: none.
        assertThat(withCatchments.facility(new OpenLmis.Facility("f6", "NG-KN-099-LS", "Lost LGA store", true, type("lga_store"),
                populated("XX", "Atlantis", 4, kano, 100_000L), null, null), null).facility().targetPopulation()).isNull();
        assertThat(withCatchments.facility(new OpenLmis.Facility("f7", "NG-KN-008-LS", "LGA store", true, type("lga_store"),
                zone("NG-KN-008", "Fagge", 4, kano), null, null), null).facility().targetPopulation()).isNull();
        assertThat(mapper.facility(new OpenLmis.Facility("f1", "NG-KN-007-LS", "Dala LGA store", true, type("lga_store"), dala, null, null),
                null).facility().targetPopulation()).isNull();
    }

    @Test
    void shouldMapALotOnlyWithACodeAndAnExpiry() {
        var lot = new OpenLmis.Lot("l1", "BCG-16-1", true, "ti", LocalDate.parse("2027-01-31"));

        assertThat(ReferenceMapper.lot(lot, "BCG").orElseThrow().expiry()).isEqualTo(LocalDate.parse("2027-01-31"));
        assertThat(ReferenceMapper.lot(new OpenLmis.Lot("l2", "BCG-16-2", true, "ti", null), "BCG")).isEmpty();
        assertThat(ReferenceMapper.lot(lot, null)).as("trade item not mapped").isEmpty();
    }

    private static OpenLmis.Zone zone(String code, String name, int level, OpenLmis.Zone parent) {
        return new OpenLmis.Zone("z-" + code, code, name, new OpenLmis.Level("l" + level, "L" + level, "L" + level, level), null, null, parent);
    }

    private static OpenLmis.FacilityType type(String code) {
        return new OpenLmis.FacilityType("t-" + code, code, code);
    }
}
