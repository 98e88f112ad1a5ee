package ng.vaxtrace.alert.rules;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.stream.Collectors;

import ng.vaxtrace.contracts.ProductReference;
import ng.vaxtrace.data.ProductCatalogue;

/**
 * Doses as a health worker counts them: in vials of the product's presentation (EPI catalogue, doses per vial).
 * Stock is kept in doses; a text that says "40 vials" beside "400 doses" is what is checked on the shelf.
 */
public final class Presentation {

    private static final Map<String, Integer> DOSES_PER_VIAL = ProductCatalogue.all().stream()
            .collect(Collectors.toUnmodifiableMap(ProductReference::code, ProductReference::dosesPerVial, (a, b) -> a));

    private Presentation() {
    }

    /** Doses per vial of the product; null when the catalogue does not know it. */
    public static Integer dosesPerVial(String product) {
        return DOSES_PER_VIAL.get(product);
    }

    /** Vials holding {@code doses} (one decimal for an opened vial), or null when unknown or single-dose. */
    public static BigDecimal vials(String product, long doses) {
        Integer perVial = dosesPerVial(product);
        if (perVial == null || perVial <= 1) {
            return null;
        }
        BigDecimal vials = BigDecimal.valueOf(doses).divide(BigDecimal.valueOf(perVial), 1, RoundingMode.DOWN).stripTrailingZeros();
        return vials.scale() < 0 ? vials.setScale(0) : vials;
    }

    /** "400 doses (40 vials)", "1 dose", "35 doses (3.5 vials)". */
    public static String doses(String product, long doses) {
        BigDecimal vials = vials(product, doses);
        String text = doses + (doses == 1 ? " dose" : " doses");
        return vials == null ? text : text + " (" + vials.toPlainString() + (vials.compareTo(BigDecimal.ONE) == 0 ? " vial)" : " vials)");
    }
}
