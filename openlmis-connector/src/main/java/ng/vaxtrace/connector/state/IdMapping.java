package ng.vaxtrace.connector.state;

import java.time.LocalDate;

/**
 * One OpenLMIS id mapped to our code. {@code productCode} and {@code expiry} are set for lots (and productCode for
 * trade items); {@code publishedHash} identifies the reference event last published for it.
 */
public record IdMapping(String kind, String openlmisId, String code, String productCode, LocalDate expiry, String publishedHash) {

    public static final String ZONE = "zone";
    public static final String FACILITY = "facility";
    public static final String PROGRAM = "program";
    public static final String PRODUCT = "product";
    public static final String TRADE_ITEM = "trade-item";
    public static final String LOT = "lot";
}
