package ng.vaxtrace.ingest.delivery;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import ng.vaxtrace.contracts.DiscardReason;
import ng.vaxtrace.contracts.ProductReference;
import ng.vaxtrace.data.ProductCatalogue;
import ng.vaxtrace.ingest.config.DeliveryRulesConfig;

/**
 * Decides, lot line by lot line, what a delivery's cold chain did to it — the WHO rules per product rather than one
 * verdict for the whole delivery (sources in docs/domain-rules.md §1):
 * <ul>
 * <li>VVM stage 3 or 4: discard (reason VVM), whatever else happened; VVM stage is per vial, so it is the line's.</li>
 * <li>Freezing (at or below −0.5 °C, or the freeze indicator alarmed) harms only freeze-sensitive products. Where
 * the shake test tells freeze damage (adsorbed vaccines) the lot is received and the test asked for, unless it
 * already failed (then discarded, FREEZE); other freeze-sensitive products are discarded (FREEZE).</li>
 * <li>Heat (above the top of the product's storage range, or a break with no sign of freezing) is judged by the VVM:
 * stage 1 or 2 is usable; without a reported stage the lot is received and a VVM check asked for. A product
 * without VVM is discarded (HEAT) only above its own storage maximum.</li>
 * <li>The storage range is the freezer's (−25 to −15 °C) for products the catalogue allows frozen (OPV) at stores
 * that keep them frozen, else the refrigerator's (+2 to +8 °C).</li>
 * </ul>
 * A product missing from the catalogue is judged as a refrigerated, freeze-sensitive vaccine with a VVM and no
 * shake test (the cautious reading).
 */
@ApplicationScoped
public class ColdChainAtDelivery {

    /** What the delivery as a whole went through, as the receiving health worker reports it. */
    public record Conditions(String facilityCode, Double temperatureAtReceiptCelsius, boolean coldChainBreak, boolean freezeIndicatorAlarm) {
    }

    /** One lot line: product, VVM stage seen on arrival (1–4, optional) and the shake test's result (optional). */
    public record Line(String productCode, Integer vvmStage, ShakeTest shakeTest) {
    }

    /** The WHO shake test's outcome, as the health worker reports it. */
    public enum ShakeTest {
        PASSED, FAILED
    }

    /** What the health worker still has to do before using a lot that was received. */
    public enum Advice {
        /** Keep the lot apart and do the shake test; discard it (reason FREEZE) if it fails. */
        SHAKE_TEST,
        /** Look at the vials' VVM; discard (reason VVM) those at stage 3 or 4. */
        CHECK_VVM
    }

    /** The line's fate: discarded (with the reason) or received, possibly with advice; {@code note} says why. */
    public record Verdict(DiscardReason discard, Advice advice, String note) {

        static Verdict receive(Advice advice, String note) {
            return new Verdict(null, advice, note);
        }

        static Verdict discard(DiscardReason reason, String note) {
            return new Verdict(reason, null, note);
        }
    }

    /** The thresholds, as configured (see {@link DeliveryRulesConfig}). */
    public record Settings(double fridgeMinCelsius, double fridgeMaxCelsius, double freezerMinCelsius, double freezerMaxCelsius,
            double freezeDamageAtOrBelowCelsius, Set<String> shakeTestProducts, Pattern frozenStorageFacilities) {
    }

    private static final ProductReference UNKNOWN = new ProductReference("?", "?", "VACCINE", 1, 2, 8, true, true, null, null);

    private final Settings settings;
    private final Map<String, ProductReference> products;

    @Inject
    public ColdChainAtDelivery(DeliveryRulesConfig config) {
        this(new Settings(config.fridgeMinCelsius(), config.fridgeMaxCelsius(), config.freezerMinCelsius(), config.freezerMaxCelsius(),
                config.freezeDamageAtOrBelowCelsius(), config.shakeTestProducts(), Pattern.compile(config.frozenStorageFacilities())));
    }

    public ColdChainAtDelivery(Settings settings) {
        this.settings = settings;
        this.products = ProductCatalogue.all().stream().collect(Collectors.toUnmodifiableMap(ProductReference::code, Function.identity()));
    }

    public Verdict judge(Conditions delivery, Line line) {
        ProductReference product = products.getOrDefault(line.productCode(), UNKNOWN);
        Integer vvm = line.vvmStage();
        if (vvm != null && vvm >= 3) {
            return Verdict.discard(DiscardReason.VVM, "VVM stage " + vvm + ": past the discard point");
        }
        Double celsius = delivery.temperatureAtReceiptCelsius();
        boolean frozenStorage = storedFrozen(product, delivery.facilityCode());
        double rangeMax = frozenStorage ? settings.freezerMaxCelsius() : settings.fridgeMaxCelsius();
        boolean freezing = delivery.freezeIndicatorAlarm() || celsius != null && celsius <= settings.freezeDamageAtOrBelowCelsius();
        if (freezing && product.freezeSensitive() && !frozenStorage) {
            return frozen(product, line, celsius);
        }
        double rangeMin = frozenStorage ? settings.freezerMinCelsius() : settings.fridgeMinCelsius();
        boolean cold = celsius != null && celsius < rangeMin;
        // A break reported without a temperature on the cold side or a freeze alarm is taken for heat: the VVM judges it.
        boolean heat = celsius != null && celsius > rangeMax || delivery.coldChainBreak() && !freezing && !cold;
        if (!heat) {
            return cold || freezing && !frozenStorage ? Verdict.receive(null, "cold exposure that does not harm " + product.code()) : Verdict.receive(null, null);
        }
        String exposure = celsius != null && celsius > rangeMax
                ? "heat exposure (" + celsius + " °C, above " + rangeMax + " °C)" : "cold-chain break with no sign of freezing";
        if (product.vvm()) {
            return vvm == null
                    ? Verdict.receive(Advice.CHECK_VVM, exposure + ": the VVM decides; discard vials at stage 3 or 4")
                    : Verdict.receive(null, exposure + ", VVM stage " + vvm + ": usable");
        }
        Integer productMax = product.storageMaxC();
        return celsius != null && productMax != null && celsius > productMax
                ? Verdict.discard(DiscardReason.HEAT, exposure + ", above the product's own limit of " + productMax + " °C")
                : Verdict.receive(null, exposure + ": within the product's own limit");
    }

    private Verdict frozen(ProductReference product, Line line, Double celsius) {
        String exposure = celsius != null && celsius <= settings.freezeDamageAtOrBelowCelsius()
                ? "freeze exposure (" + celsius + " °C, at or below " + settings.freezeDamageAtOrBelowCelsius() + " °C)"
                : "freeze indicator alarm";
        if (!settings.shakeTestProducts().contains(product.code())) {
            return Verdict.discard(DiscardReason.FREEZE, exposure + " of a freeze-sensitive vaccine the shake test cannot clear");
        }
        if (line.shakeTest() == ShakeTest.FAILED) {
            return Verdict.discard(DiscardReason.FREEZE, exposure + ", shake test failed");
        }
        return line.shakeTest() == ShakeTest.PASSED
                ? Verdict.receive(null, exposure + ", shake test passed: usable")
                : Verdict.receive(Advice.SHAKE_TEST, exposure + ": keep the lot apart and do the shake test; discard it (FREEZE) if it fails");
    }

    /** Frozen storage applies to products the catalogue allows in the freezer, at the stores that keep them so. */
    private boolean storedFrozen(ProductReference product, String facilityCode) {
        return product.storageMinC() != null && product.storageMinC() <= settings.freezerMaxCelsius()
                && facilityCode != null && settings.frozenStorageFacilities().matcher(facilityCode).matches();
    }
}
