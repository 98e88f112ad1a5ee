package ng.vaxtrace.connector.sync;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import ng.vaxtrace.connector.client.OpenLmis;
import ng.vaxtrace.connector.state.UnplacedFacility;
import ng.vaxtrace.contracts.FacilityArea;
import ng.vaxtrace.contracts.FacilityReference;
import ng.vaxtrace.contracts.FacilityTier;
import ng.vaxtrace.contracts.LotReference;
import ng.vaxtrace.contracts.ProductReference;
import ng.vaxtrace.contracts.StockEventValidator;

/**
 * OpenLMIS reference data → our reference events. Pure: what cannot be mapped (a product code we cannot use, a lot
 * without expiry) comes back empty and is counted by the caller, never guessed; a facility that cannot be placed comes
 * back with the reason, for the run's list of unplaced facilities.
 */
public final class ReferenceMapper {

    private final AreaMatcher areas;
    private final Map<String, FacilityTier> tiers;
    private final Map<String, ProductReference> catalogue;
    private final Catchments catchments;

    /** A mapper that gives no facility a target population. */
    public ReferenceMapper(AreaMatcher areas, Map<String, FacilityTier> facilityTypes, List<ProductReference> catalogue) {
        this(areas, facilityTypes, catalogue, Catchments.NONE);
    }

    public ReferenceMapper(AreaMatcher areas, Map<String, FacilityTier> facilityTypes, List<ProductReference> catalogue,
            Catchments catchments) {
        this.areas = areas;
        this.tiers = facilityTypes;
        this.catalogue = catalogue.stream().collect(Collectors.toMap(ProductReference::code, Function.identity()));
        this.catchments = catchments;
    }

    /** Our code for an OpenLMIS code: upper-cased; empty when it still breaks our code rules. */
    public static Optional<String> code(String openlmisCode) {
        if (openlmisCode == null) {
            return Optional.empty();
        }
        String code = openlmisCode.trim().toUpperCase(Locale.ROOT);
        return StockEventValidator.CODE.matcher(code).matches() ? Optional.of(code) : Optional.empty();
    }

    /** A facility as we publish it, and what could not be placed; {@code facility} is null when it is quarantined. */
    public record Placement(FacilityReference facility, UnplacedFacility unplaced) {
    }

    /**
     * The facility with the area its zone chain places it in. A store or health facility whose LGA is not
     * recognised but whose state is, is placed at its state (and reported); one that cannot be placed at its own
     * tier's level otherwise, or has no usable code or name, is quarantined with the reason. {@code location} is the
     * facility's point (from the full DTO), or null. The target population comes from its own zone's catchment
     * population where that zone is its own catchment ({@link Catchments}); a facility placed at its state gets none.
     */
    public Placement facility(OpenLmis.Facility f, OpenLmis.Point location) {
        Optional<String> code = code(f.code());
        if (code.isEmpty() || f.name() == null || f.name().isBlank()) {
            return quarantined(f, code.isEmpty() ? "facility code '" + f.code() + "' breaks our code rules" : "facility has no name");
        }
        FacilityTier tier = f.type() == null ? FacilityTier.HEALTH_FACILITY : tiers.getOrDefault(f.type().code(), FacilityTier.HEALTH_FACILITY);
        FacilityArea area = areas.area(f.geographicZone());
        boolean placed = switch (tier) {
            case NATIONAL -> true;
            case ZONE -> area.zoneCode() != null;
            case STATE -> area.stateCode() != null;
            case LGA, HEALTH_FACILITY -> area.lgaCode() != null;
        };
        UnplacedFacility unplaced = null;
        if (!placed) {
            boolean atState = (tier == FacilityTier.LGA || tier == FacilityTier.HEALTH_FACILITY) && area.stateCode() != null;
            String chain = AreaMatcher.describe(f.geographicZone());
            if (!atState) {
                return quarantined(f, "no " + (tier == FacilityTier.ZONE ? "geopolitical zone" : "state") + " recognised in " + chain);
            }
            unplaced = new UnplacedFacility(f.id(), f.code(), f.name(), UnplacedFacility.Outcome.PLACED_AT_STATE, area.stateCode(),
                    "no LGA of " + area.stateCode() + " recognised in " + chain);
        }
        Double latitude = null;
        Double longitude = null;
        OpenLmis.Point point = location != null ? location : f.location();
        if (point != null && point.coordinates() != null && point.coordinates().size() >= 2) {
            longitude = point.coordinates().get(0); // GeoJSON order: [lon, lat]
            latitude = point.coordinates().get(1);
        }
        return new Placement(new FacilityReference(code.get(), f.name().trim(), tier,
                tier == FacilityTier.NATIONAL ? null : area.zoneCode(),
                tier == FacilityTier.NATIONAL || tier == FacilityTier.ZONE ? null : area.stateCode(),
                tier == FacilityTier.LGA || tier == FacilityTier.HEALTH_FACILITY ? area.lgaCode() : null,
                latitude, longitude, !Boolean.FALSE.equals(f.active()), placed ? catchments.targetPopulation(tier, f.geographicZone()) : null),
                unplaced);
    }

    private static Placement quarantined(OpenLmis.Facility f, String reason) {
        return new Placement(null, new UnplacedFacility(f.id(), f.code(), f.name(), UnplacedFacility.Outcome.QUARANTINED, null, reason));
    }

    /** Whether the facility takes part in the program; a list without supportedPrograms (basic DTO) is assumed to. */
    public static boolean supports(OpenLmis.Facility f, String programId) {
        return f.supportedPrograms() == null || f.supportedPrograms().isEmpty()
                || f.supportedPrograms().stream().anyMatch(p -> programId.equals(p.id()) && !Boolean.FALSE.equals(p.supportActive()));
    }

    /** Whether the orderable is in the program (active there). */
    public static boolean inProgram(OpenLmis.Orderable o, String programId) {
        return o.programs() != null && o.programs().stream().anyMatch(p -> programId.equals(p.programId()) && !Boolean.FALSE.equals(p.active()));
    }

    /**
     * A commodity-type orderable as our product. Kind, freeze sensitivity, open-vial policy and diluent pairing are
     * not in OpenLMIS: they come from our catalogue for known codes; an unknown product is a vaccine as far as
     * OpenLMIS tells (net content, VVM use, temperature range).
     */
    public Optional<ProductReference> product(OpenLmis.Orderable o) {
        Optional<String> code = code(o.productCode());
        if (code.isEmpty() || o.fullProductName() == null || o.netContent() == null || o.netContent() < 1) {
            return Optional.empty();
        }
        ProductReference known = catalogue.get(code.get());
        boolean vvm = o.extraData() != null && "true".equalsIgnoreCase(String.valueOf(o.extraData().get("useVVM")));
        Integer min = celsius(o.minimumTemperature());
        Integer max = celsius(o.maximumTemperature());
        return Optional.of(new ProductReference(code.get(), o.fullProductName(), known != null ? known.kind() : "VACCINE",
                Math.toIntExact(o.netContent()), min != null ? min : known != null ? known.storageMinC() : null,
                max != null ? max : known != null ? known.storageMaxC() : null, known != null && known.freezeSensitive(), vvm,
                known != null ? known.openVialHours() : null, known != null ? known.diluentFor() : null));
    }

    /** A lot of {@code productCode}; empty without a usable code or an expiry (our stock events need both). */
    public static Optional<LotReference> lot(OpenLmis.Lot lot, String productCode) {
        if (productCode == null || lot.lotCode() == null || lot.expirationDate() == null
                || !StockEventValidator.LOT_CODE.matcher(lot.lotCode()).matches()) {
            return Optional.empty();
        }
        return Optional.of(new LotReference(productCode, lot.lotCode(), lot.expirationDate(), null));
    }

    private static Integer celsius(OpenLmis.Temperature t) {
        if (t == null || t.value() == null) {
            return null;
        }
        double c = "FAR".equalsIgnoreCase(t.temperatureMeasurementUnitCode()) ? (t.value() - 32) * 5 / 9 : t.value();
        return (int) Math.round(c);
    }
}
