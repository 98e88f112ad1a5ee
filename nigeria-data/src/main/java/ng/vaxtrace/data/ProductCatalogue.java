package ng.vaxtrace.data;

import java.util.List;

import ng.vaxtrace.contracts.ProductReference;

/** Nigeria's routine antigens and diluents (products.csv; sources in NOTICE.md). */
public final class ProductCatalogue {

    private static final List<ProductReference> PRODUCTS = Csv.read("products.csv").stream()
            .map(r -> new ProductReference(r[0], r[1], r[2], Integer.parseInt(r[3]), integer(r[4]), integer(r[5]),
                    Boolean.parseBoolean(r[6]), Boolean.parseBoolean(r[7]), integer(r[8]), r.length > 9 && !r[9].isEmpty() ? r[9] : null))
            .toList();

    private ProductCatalogue() {
    }

    public static List<ProductReference> all() {
        return PRODUCTS;
    }

    private static Integer integer(String value) {
        return value == null || value.isEmpty() ? null : Integer.valueOf(value);
    }
}
