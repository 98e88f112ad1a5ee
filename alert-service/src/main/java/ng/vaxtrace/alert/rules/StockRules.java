package ng.vaxtrace.alert.rules;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ng.vaxtrace.contracts.AlertSeverity;
import ng.vaxtrace.contracts.AlertType;

/**
 * The stock and lot rules for one facility and product: stock-out, below minimum, above maximum, predicted
 * stock-out, expiring lots, expired stock on hand, VVM discard stage on hand. Every rule answers Raise or Clear, so
 * an alert resolves by itself as soon as its condition is gone.
 */
public final class StockRules {

    /** Days per month when turning a monthly consumption into a daily one (365.25 / 12). */
    static final double DAYS_PER_MONTH = 30.4375;

    private StockRules() {
    }

    /** Figures stock-service computed for the product; {@code amc}, {@code monthsOfStock}, min/max may be unknown. */
    public record ProductLevel(long balance, Long amc, BigDecimal monthsOfStock, BigDecimal minMonths, BigDecimal maxMonths) {
    }

    /** One lot at the facility. */
    public record LotLevel(String lotCode, long balance, LocalDate expiry, Integer vvmStage) {
    }

    public static List<Finding> evaluate(String productCode, ProductLevel level, List<LotLevel> lots, LocalDate today,
            Instant observedAt, RuleSettings settings) {
        List<Finding> findings = new ArrayList<>(levelRules(productCode, level, observedAt, settings));
        findings.addAll(lotRules(productCode, lots, today, observedAt, settings));
        return findings;
    }

    static List<Finding> levelRules(String product, ProductLevel level, Instant at, RuleSettings settings) {
        List<Finding> findings = new ArrayList<>(4);
        boolean out = level.balance() <= 0;
        findings.add(out
                ? raise(AlertType.STOCK_OUT, product, AlertSeverity.CRITICAL, product + " is stocked out", details("balance", 0L), null, at)
                : clear(AlertType.STOCK_OUT, product));

        BigDecimal mos = level.monthsOfStock();
        boolean below = !out && mos != null && level.minMonths() != null && mos.compareTo(level.minMonths()) < 0;
        findings.add(below
                ? raise(AlertType.BELOW_MIN, product, AlertSeverity.HIGH, product + ": " + mos.toPlainString()
                        + " months of stock, below the minimum of " + level.minMonths().toPlainString(),
                        details("monthsOfStock", mos, "minMonths", level.minMonths(), "balance", level.balance(), "amc", level.amc()), null, at)
                : clear(AlertType.BELOW_MIN, product));

        boolean above = !out && mos != null && level.maxMonths() != null && mos.compareTo(level.maxMonths()) > 0;
        findings.add(above
                ? raise(AlertType.ABOVE_MAX, product, AlertSeverity.LOW, product + ": " + mos.toPlainString()
                        + " months of stock, above the maximum of " + level.maxMonths().toPlainString(),
                        details("monthsOfStock", mos, "maxMonths", level.maxMonths(), "balance", level.balance(), "amc", level.amc()), null, at)
                : clear(AlertType.ABOVE_MAX, product));

        findings.add(predictedStockOut(product, level, at, settings));
        return findings;
    }

    private static Finding predictedStockOut(String product, ProductLevel level, Instant at, RuleSettings settings) {
        if (level.balance() <= 0 || level.amc() == null || level.amc() <= 0) {
            return clear(AlertType.PREDICTED_STOCK_OUT, product); // stocked out already, or no consumption to project
        }
        double daysLeft = level.balance() * DAYS_PER_MONTH / level.amc();
        int horizon = settings.leadTimeDays() + settings.safetyMarginDays();
        if (daysLeft >= horizon) {
            return clear(AlertType.PREDICTED_STOCK_OUT, product);
        }
        AlertSeverity severity = daysLeft < settings.leadTimeDays() ? AlertSeverity.HIGH : AlertSeverity.MEDIUM;
        long shown = (long) Math.floor(daysLeft);
        return raise(AlertType.PREDICTED_STOCK_OUT, product, severity, product + ": about " + shown
                + " days of stock left, less than the lead time of " + settings.leadTimeDays() + " days + "
                + settings.safetyMarginDays() + " days margin",
                details("daysLeft", BigDecimal.valueOf(daysLeft).setScale(1, java.math.RoundingMode.DOWN), "balance", level.balance(),
                        "amc", level.amc(), "leadTimeDays", settings.leadTimeDays(), "safetyMarginDays", settings.safetyMarginDays()),
                null, at);
    }

    public static List<Finding> lotRules(String product, List<LotLevel> lots, LocalDate today, Instant at, RuleSettings settings) {
        List<LotLevel> onHand = lots.stream().filter(l -> l.balance() > 0).toList();
        List<Finding> findings = new ArrayList<>(3);

        // Usable through the expiry date; expired from the day after.
        List<LotLevel> expired = onHand.stream().filter(l -> l.expiry() != null && l.expiry().isBefore(today))
                .sorted(Comparator.comparing(LotLevel::expiry)).toList();
        findings.add(expired.isEmpty() ? clear(AlertType.EXPIRED_STOCK, product)
                : raise(AlertType.EXPIRED_STOCK, product, AlertSeverity.CRITICAL, product + ": "
                        + doses(expired) + " doses of expired stock on hand (lot " + expired.get(0).lotCode() + ", expired "
                        + expired.get(0).expiry() + ")", details("doses", doses(expired), "lots", lotList(expired)),
                        expired.get(0).lotCode(), at));

        findings.add(expiring(product, onHand, today, at, settings));

        List<LotLevel> damaged = onHand.stream().filter(l -> l.vvmStage() != null && l.vvmStage() >= 3)
                .sorted(Comparator.comparing(LotLevel::vvmStage).reversed()).toList();
        findings.add(damaged.isEmpty() ? clear(AlertType.VVM_DISCARD_STAGE, product)
                : raise(AlertType.VVM_DISCARD_STAGE, product, damaged.get(0).vvmStage() >= 4 ? AlertSeverity.CRITICAL : AlertSeverity.HIGH,
                        product + ": VVM stage " + damaged.get(0).vvmStage() + " reported on lot " + damaged.get(0).lotCode()
                                + " with " + doses(damaged) + " doses still on hand: discard",
                        details("vvmStage", damaged.get(0).vvmStage(), "doses", doses(damaged), "lots", lotList(damaged)),
                        damaged.get(0).lotCode(), at));
        return findings;
    }

    private static Finding expiring(String product, List<LotLevel> onHand, LocalDate today, Instant at, RuleSettings settings) {
        int[] windows = settings.expiryWindowsDays();
        List<LotLevel> soon = onHand.stream()
                .filter(l -> l.expiry() != null && !l.expiry().isBefore(today) && ChronoUnit.DAYS.between(today, l.expiry()) <= windows[0])
                .sorted(Comparator.comparing(LotLevel::expiry)).toList();
        if (soon.isEmpty()) {
            return clear(AlertType.LOT_EXPIRING, product);
        }
        LotLevel first = soon.get(0);
        long days = ChronoUnit.DAYS.between(today, first.expiry());
        AlertSeverity severity = days <= windows[2] ? AlertSeverity.HIGH : days <= windows[1] ? AlertSeverity.MEDIUM : AlertSeverity.LOW;
        long window = days <= windows[2] ? windows[2] : days <= windows[1] ? windows[1] : windows[0];
        return raise(AlertType.LOT_EXPIRING, product, severity, product + ": lot " + first.lotCode() + " (" + first.balance()
                + " doses) expires on " + first.expiry() + ", in " + days + " days",
                details("daysToExpiry", days, "windowDays", window, "doses", doses(soon), "lots", lotList(soon)), first.lotCode(), at);
    }

    private static long doses(List<LotLevel> lots) {
        return lots.stream().mapToLong(LotLevel::balance).sum();
    }

    private static List<Map<String, Object>> lotList(List<LotLevel> lots) {
        return lots.stream().limit(10).map(l -> details("lotCode", l.lotCode(), "doses", l.balance(),
                "expiry", l.expiry() == null ? null : l.expiry().toString(), "vvmStage", l.vvmStage())).toList();
    }

    private static Finding raise(AlertType type, String product, AlertSeverity severity, String message, Map<String, Object> details,
            String lot, Instant at) {
        return new Finding.Raise(type, product, severity, message, details, product, lot, null, at);
    }

    private static Finding clear(AlertType type, String subject) {
        return new Finding.Clear(type, subject);
    }

    /** An ordered map of the non-null pairs (the details stay readable and stable in JSON). */
    static Map<String, Object> details(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                map.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return map;
    }
}
