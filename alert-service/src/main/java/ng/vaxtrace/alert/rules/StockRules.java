package ng.vaxtrace.alert.rules;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
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
import ng.vaxtrace.contracts.VvmTally;

/**
 * The stock and lot rules for one facility and product: stock-out, below minimum, above maximum, predicted
 * stock-out, expiring lots, expired stock on hand, VVM discard stage reported on a lot. Every rule answers Raise or
 * Clear, so an alert resolves by itself as soon as its condition is gone. Stock sufficiency is judged on usable
 * stock: the balance less expired lots and doses reported at VVM stage 3/4 still on hand (docs/domain-rules.md §3).
 */
public final class StockRules {

    /** Days per month when turning a monthly consumption into a daily one (365.25 / 12). */
    static final double DAYS_PER_MONTH = 30.4375;

    private StockRules() {
    }

    /**
     * Figures stock-service computed for the product; {@code amc}, {@code monthsOfStock}, min/max may be unknown.
     * {@code daysOfStock} and {@code predictedStockOutDate} are stock-service's predicted stock-out (level-change contract
     * v1.4) as of {@code asOf}, its {@code recordedAt}; absent when it made none. {@code minStock}/{@code maxStock} (v1.5,
     * doses) are the facility's min/max from its target population: when present they, not the months, judge the stock.
     */
    public record ProductLevel(long balance, Long amc, BigDecimal monthsOfStock, BigDecimal minMonths, BigDecimal maxMonths,
            BigDecimal daysOfStock, LocalDate predictedStockOutDate, Instant asOf, Long minStock, Long maxStock) {

        /** Figures without a predicted stock-out. */
        public ProductLevel(long balance, Long amc, BigDecimal monthsOfStock, BigDecimal minMonths, BigDecimal maxMonths) {
            this(balance, amc, monthsOfStock, minMonths, maxMonths, null, null, null);
        }

        /** Figures judged on months of AMC (no min/max stock from a target population). */
        public ProductLevel(long balance, Long amc, BigDecimal monthsOfStock, BigDecimal minMonths, BigDecimal maxMonths,
                BigDecimal daysOfStock, LocalDate predictedStockOutDate, Instant asOf) {
            this(balance, amc, monthsOfStock, minMonths, maxMonths, daysOfStock, predictedStockOutDate, asOf, null, null);
        }

        /** Whether min/max come from the facility's target population (doses) rather than months of AMC. */
        public boolean fromTargetPopulation() {
            return minStock != null && maxStock != null;
        }
    }

    /** One lot at the facility, with what its VVM reports add up to. */
    public record LotLevel(String lotCode, long balance, LocalDate expiry, VvmTally vvm) {

        boolean expired(LocalDate today) {
            return expiry != null && expiry.isBefore(today); // usable through the expiry date; expired from the day after
        }

        /** Doses of the lot that may still be used: none once expired, else the balance less its VVM 3/4 doses on hand. */
        public long usableDoses(LocalDate today) {
            return balance <= 0 || expired(today) ? 0 : balance - Math.min(balance, vvm.pending());
        }
    }

    /**
     * Stock the facility can use: the balance less expired lots and doses at VVM stage 3/4 still on hand.
     *
     * @param unusable the doses on hand that must not be used
     */
    record Usable(long balance, long unusable, BigDecimal monthsOfStock) {

        long doses() {
            return Math.max(0, balance - unusable);
        }
    }

    public static List<Finding> evaluate(String productCode, ProductLevel level, List<LotLevel> lots, LocalDate today,
            Instant observedAt, RuleSettings settings) {
        List<Finding> findings = new ArrayList<>(levelRules(productCode, level, unusable(lots, today), vvmHeld(lots, today), observedAt,
                settings));
        findings.addAll(lotRules(productCode, lots, today, observedAt, settings));
        return findings;
    }

    /** Doses on hand that must not be used: whole expired lots, and the pending VVM 3/4 doses of the others. */
    public static long unusable(List<LotLevel> lots, LocalDate today) {
        return lots.stream().filter(l -> l.balance() > 0).mapToLong(l -> l.balance() - l.usableDoses(today)).sum();
    }

    /** Doses at VVM stage 3/4 still on hand in lots not expired (expired lots stock-service already leaves out). */
    static long vvmHeld(List<LotLevel> lots, LocalDate today) {
        return lots.stream().filter(l -> l.balance() > 0 && !l.expired(today)).mapToLong(l -> Math.min(l.balance(), l.vvm().pending())).sum();
    }

    static List<Finding> levelRules(String product, ProductLevel level, long unusable, long vvmHeld, Instant at, RuleSettings settings) {
        List<Finding> findings = new ArrayList<>(4);
        Usable usable = usable(level, unusable);
        boolean out = usable.doses() <= 0;
        findings.add(out ? stockOut(product, usable, at) : clear(AlertType.STOCK_OUT, product));

        BigDecimal mos = usable.monthsOfStock();
        String months = shown(mos);
        String usableText = Presentation.doses(product, usable.doses()) + (usable.unusable() > 0 ? " usable; "
                + Presentation.doses(product, Math.min(usable.unusable(), usable.balance())) + " more on hand are expired or at VVM 3/4" : "");
        if (level.fromTargetPopulation()) {
            findings.addAll(targetPopulationRules(product, level, usable, usableText, at));
        } else {
            boolean below = !out && mos != null && level.minMonths() != null && mos.compareTo(level.minMonths()) < 0;
            findings.add(below
                    ? raise(AlertType.BELOW_MIN, product, AlertSeverity.HIGH, product + ": " + months
                            + " months of " + (usable.unusable() > 0 ? "usable " : "") + "stock (" + usableText + "), below the minimum of "
                            + level.minMonths().toPlainString(),
                            sufficiency(product, usable, level, "minMonths", level.minMonths()), null, at)
                    : clear(AlertType.BELOW_MIN, product));

            boolean above = !out && mos != null && level.maxMonths() != null && mos.compareTo(level.maxMonths()) > 0;
            findings.add(above
                    ? raise(AlertType.ABOVE_MAX, product, AlertSeverity.LOW, product + ": " + months
                            + " months of " + (usable.unusable() > 0 ? "usable " : "") + "stock (" + usableText + "), above the maximum of "
                            + level.maxMonths().toPlainString(),
                            sufficiency(product, usable, level, "maxMonths", level.maxMonths()), null, at)
                    : clear(AlertType.ABOVE_MAX, product));
        }

        Finding predicted = predictedStockOut(product, level, usable, vvmHeld, at, settings);
        if (predicted != null) {
            findings.add(predicted);
        }
        return findings;
    }

    /**
     * Below-min and above-max against the facility's min/max stock from its target population (docs/domain-rules.md §6):
     * usable doses against doses, exactly; no AMC needed.
     */
    private static List<Finding> targetPopulationRules(String product, ProductLevel level, Usable usable, String usableText, Instant at) {
        boolean out = usable.doses() <= 0;
        String what = usable.unusable() > 0 ? "usable stock" : "stock";
        Finding below = !out && usable.doses() < level.minStock()
                ? raise(AlertType.BELOW_MIN, product, AlertSeverity.HIGH, product + ": " + what + " (" + usableText + ")"
                        + " below the minimum of " + Presentation.doses(product, level.minStock()) + " its target population needs",
                        stockLimits(product, usable, level, "minStock", level.minStock()), null, at)
                : clear(AlertType.BELOW_MIN, product);
        Finding above = !out && usable.doses() > level.maxStock()
                ? raise(AlertType.ABOVE_MAX, product, AlertSeverity.LOW, product + ": " + what + " (" + usableText + ")"
                        + " above the maximum of " + Presentation.doses(product, level.maxStock()) + " its target population needs",
                        stockLimits(product, usable, level, "maxStock", level.maxStock()), null, at)
                : clear(AlertType.ABOVE_MAX, product);
        return List.of(below, above);
    }

    private static Map<String, Object> stockLimits(String product, Usable usable, ProductLevel level, String limitName, long limit) {
        return details(limitName, limit, "basis", "TARGET_POPULATION", "balance", level.balance(), "usableDoses", usable.doses(),
                "unusableDoses", usable.unusable() > 0 ? usable.unusable() : null, "usableVials", Presentation.vials(product, usable.doses()),
                "dosesPerVial", Presentation.dosesPerVial(product), "monthsOfStock",
                usable.monthsOfStock() == null ? null : new BigDecimal(shown(usable.monthsOfStock())), "amc", level.amc());
    }

    /**
     * Months of usable stock: stock-service's months of stock scaled by usable ÷ balance (MOS = SOH ÷ AMC, so this is
     * usable ÷ AMC with stock-service's own AMC, unrounded).
     */
    private static Usable usable(ProductLevel level, long unusable) {
        long balance = Math.max(0, level.balance());
        long excluded = Math.min(unusable, balance);
        BigDecimal mos = level.monthsOfStock();
        if (mos != null && excluded > 0) {
            mos = mos.multiply(BigDecimal.valueOf(balance - excluded)).divide(BigDecimal.valueOf(balance), MathContext.DECIMAL64);
        }
        return new Usable(balance, excluded, mos);
    }

    /** Months as shown: stock-service's figure as it came, a scaled one cut (not rounded) to two decimals. */
    private static String shown(BigDecimal months) {
        if (months == null) {
            return null;
        }
        return months.scale() <= 2 ? months.toPlainString() : months.setScale(2, RoundingMode.DOWN).toPlainString();
    }

    private static Finding stockOut(String product, Usable usable, Instant at) {
        if (usable.balance() <= 0) {
            return raise(AlertType.STOCK_OUT, product, AlertSeverity.CRITICAL, product + " is stocked out", details("balance", 0L), null, at);
        }
        return raise(AlertType.STOCK_OUT, product, AlertSeverity.CRITICAL, product + ": no usable stock: the "
                + Presentation.doses(product, usable.balance()) + " on hand are expired or at VVM stage 3/4",
                details("balance", usable.balance(), "usableDoses", 0L, "unusableDoses", usable.unusable()), null, at);
    }

    private static Map<String, Object> sufficiency(String product, Usable usable, ProductLevel level, String limitName, BigDecimal limit) {
        return details("monthsOfStock", new BigDecimal(shown(usable.monthsOfStock())), limitName, limit, "balance", level.balance(),
                "usableDoses", usable.doses(), "unusableDoses", usable.unusable() > 0 ? usable.unusable() : null,
                "usableVials", Presentation.vials(product, usable.doses()), "dosesPerVial", Presentation.dosesPerVial(product), "amc", level.amc());
    }

    /**
     * Stock-service's predicted stock-out (its days of usable stock: expired lots left out, earliest expiry first, what
     * expires before use not counted), aged by the days since it was computed, less the days the doses at VVM 3/4 still
     * on hand would have lasted (stock-service learns of those only when they are discarded). Null, leaving the alert as
     * it is, when the change carries no prediction although there is stock and an AMC: a later change of the same batch
     * carries it.
     */
    private static Finding predictedStockOut(String product, ProductLevel level, Usable usable, long vvmHeld, Instant at,
            RuleSettings settings) {
        if (usable.doses() <= 0 || level.amc() == null || level.amc() <= 0) {
            return clear(AlertType.PREDICTED_STOCK_OUT, product); // no usable stock already, or no consumption to project
        }
        if (level.daysOfStock() == null) {
            return null;
        }
        double elapsed = level.asOf() == null ? 0 : Math.max(0, (at.getEpochSecond() - level.asOf().getEpochSecond()) / 86_400.0);
        double daysLeft = level.daysOfStock().doubleValue() - elapsed - vvmHeld * DAYS_PER_MONTH / level.amc();
        int horizon = settings.leadTimeDays() + settings.safetyMarginDays();
        if (daysLeft >= horizon) {
            return clear(AlertType.PREDICTED_STOCK_OUT, product);
        }
        AlertSeverity severity = daysLeft < settings.leadTimeDays() ? AlertSeverity.HIGH : AlertSeverity.MEDIUM;
        long shown = (long) Math.floor(Math.max(0, daysLeft));
        boolean adjusted = vvmHeld > 0; // the date holds as days pass; doses held back at VVM 3/4 bring it forward
        return raise(AlertType.PREDICTED_STOCK_OUT, product, severity, product + ": about " + shown
                + " days of stock left" + (adjusted || level.predictedStockOutDate() == null ? "" : " (until " + level.predictedStockOutDate() + ")")
                + ", less than the lead time of " + settings.leadTimeDays() + " days + " + settings.safetyMarginDays() + " days margin",
                details("daysLeft", BigDecimal.valueOf(Math.max(0, daysLeft)).setScale(1, RoundingMode.DOWN),
                        "predictedStockOutDate", adjusted || level.predictedStockOutDate() == null ? null : level.predictedStockOutDate().toString(),
                        "balance", level.balance(), "usableDoses", usable.unusable() > 0 ? usable.doses() : null,
                        "vvmHeldDoses", vvmHeld > 0 ? vvmHeld : null, "amc", level.amc(), "leadTimeDays", settings.leadTimeDays(),
                        "safetyMarginDays", settings.safetyMarginDays()),
                null, at);
    }

    public static List<Finding> lotRules(String product, List<LotLevel> lots, LocalDate today, Instant at, RuleSettings settings) {
        List<LotLevel> onHand = lots.stream().filter(l -> l.balance() > 0).toList();
        List<Finding> findings = new ArrayList<>(3);

        List<LotLevel> expired = onHand.stream().filter(l -> l.expired(today))
                .sorted(Comparator.comparing(LotLevel::expiry)).toList();
        findings.add(expired.isEmpty() ? clear(AlertType.EXPIRED_STOCK, product)
                : raise(AlertType.EXPIRED_STOCK, product, AlertSeverity.CRITICAL, product + ": "
                        + Presentation.doses(product, doses(expired)) + " of expired stock on hand (lot " + expired.get(0).lotCode() + ", expired "
                        + expired.get(0).expiry() + ")", details("doses", doses(expired), "lots", lotList(expired)),
                        expired.get(0).lotCode(), at));

        findings.add(expiring(product, onHand, today, at, settings));

        findings.add(vvm(product, onHand, at));
        return findings;
    }

    /**
     * VVM stage 3/4 reported on a lot: the vials reported are condemned, not the lot. Doses at the discard point still
     * on hand must be discarded (HIGH, CRITICAL at stage 4); when all reported were discarded, the rest of the lot is
     * to be inspected (MEDIUM). The alert names the worst lot and the share of it affected.
     */
    private static Finding vvm(String product, List<LotLevel> onHand, Instant at) {
        List<LotLevel> reported = onHand.stream().filter(l -> !l.vvm().isClear())
                .sorted(Comparator.<LotLevel>comparingLong(l -> l.vvm().pending() > 0 ? 0 : 1)
                        .thenComparing(l -> -l.vvm().stage())
                        .thenComparing(l -> -l.vvm().sharePercent(l.balance())))
                .toList();
        if (reported.isEmpty()) {
            return clear(AlertType.VVM_DISCARD_STAGE, product);
        }
        LotLevel lot = reported.get(0);
        VvmTally vvm = lot.vvm();
        BigDecimal share = BigDecimal.valueOf(vvm.sharePercent(lot.balance())).setScale(1, RoundingMode.HALF_UP);
        String head = product + ": VVM stage " + vvm.stage() + " on lot " + lot.lotCode() + ", " + share.toPlainString() + "% of the lot: ";
        AlertSeverity severity;
        String message;
        if (vvm.pending() > 0) {
            severity = vvm.stage() >= 4 ? AlertSeverity.CRITICAL : AlertSeverity.HIGH;
            message = head + "discard the " + Presentation.doses(product, vvm.pending()) + " reported at the discard point"
                    + (vvm.discarded() > 0 ? " (" + Presentation.doses(product, vvm.discarded()) + " already discarded)" : "");
        } else {
            severity = AlertSeverity.MEDIUM;
            message = head + Presentation.doses(product, vvm.discarded()) + " discarded; inspect the "
                    + Presentation.doses(product, lot.balance()) + " left and discard any vial at stage 3 or 4";
        }
        return raise(AlertType.VVM_DISCARD_STAGE, product, severity, message,
                details("vvmStage", vvm.stage(), "sharePercent", share, "dosesDiscarded", vvm.discarded(), "dosesToDiscard", vvm.pending(),
                        "lotBalance", lot.balance(), "dosesPerVial", Presentation.dosesPerVial(product), "lots", lotList(reported)),
                lot.lotCode(), at);
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
        return raise(AlertType.LOT_EXPIRING, product, severity, product + ": lot " + first.lotCode() + " ("
                + Presentation.doses(product, first.balance()) + ") expires on " + first.expiry() + ", in " + days + " days",
                details("daysToExpiry", days, "windowDays", window, "doses", doses(soon), "lots", lotList(soon)), first.lotCode(), at);
    }

    private static long doses(List<LotLevel> lots) {
        return lots.stream().mapToLong(LotLevel::balance).sum();
    }

    private static List<Map<String, Object>> lotList(List<LotLevel> lots) {
        return lots.stream().limit(10).map(l -> details("lotCode", l.lotCode(), "doses", l.balance(),
                "expiry", l.expiry() == null ? null : l.expiry().toString(), "vvmStage", l.vvm().stage(),
                "vvmDosesDiscarded", l.vvm().isClear() ? null : l.vvm().discarded(),
                "vvmDosesToDiscard", l.vvm().isClear() ? null : l.vvm().pending())).toList();
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
