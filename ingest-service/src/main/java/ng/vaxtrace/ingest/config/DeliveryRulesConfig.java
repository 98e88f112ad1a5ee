package ng.vaxtrace.ingest.config;

import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How a delivery after a cold-chain break is judged, product by product (docs/domain-rules.md §1 gives each default
 * its source). Product facts (freeze sensitivity, VVM, storage range) come from the EPI product catalogue.
 */
@ConfigMapping(prefix = "vaxtrace.ingest.delivery")
public interface DeliveryRulesConfig {

    /** Lowest temperature of the refrigerated range (WHO: vaccines are kept at +2 to +8 °C). */
    @WithDefault("2")
    double fridgeMinCelsius();

    /** Highest temperature of the refrigerated range (WHO: +8 °C). */
    @WithDefault("8")
    double fridgeMaxCelsius();

    /** Lowest temperature of the freezer range (Nigeria's national store freezers: −25 to −15 °C). */
    @WithDefault("-25")
    double freezerMinCelsius();

    /** Highest temperature of the freezer range; a product the catalogue allows down to here may be stored frozen. */
    @WithDefault("-15")
    double freezerMaxCelsius();

    /** At or below this, a freeze-sensitive vaccine may be freeze-damaged (WHO freeze alarm criterion: −0.5 °C). */
    @WithDefault("-0.5")
    double freezeDamageAtOrBelowCelsius();

    /**
     * Products for which the WHO shake test tells freeze damage (aluminium-adsorbed: DTP-containing, HepB, Td/TT).
     * A freeze-exposed lot of these is received unless its shake test failed; other freeze-sensitive products are
     * discarded, since nothing at the facility can show they are undamaged.
     */
    @WithDefault("PENTA,HEPB,TD")
    Set<String> shakeTestProducts();

    /**
     * Facilities (a regular expression on the facility code) that keep freezer-stored products (OPV) frozen: the
     * national and zonal stores. Below them OPV is kept at +2 to +8 °C.
     */
    @WithDefault("NG-NSCS|NG-[A-Z]{2}-ZS")
    String frozenStorageFacilities();
}
