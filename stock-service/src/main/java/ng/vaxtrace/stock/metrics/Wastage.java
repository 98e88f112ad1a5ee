package ng.vaxtrace.stock.metrics;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Vaccine wastage of one facility and product over a period, from its ledger (WHO: wastage rate = 100 − usage rate,
 * usage rate = doses administered ÷ doses used; shared reference domain.md, Wastage [S2][S10c]). Doses used =
 * administered (consumption events) + wasted (discards, whatever the reason, and open-vial wastage). Open-vial wastage,
 * for multi-dose vials: the doses left in opened vials, reported as adjustments with reason {@code OPEN_VIAL_WASTAGE}
 * (OpenLMIS's "open vial" adjustment reason [S31]), ÷ doses opened (= administered + those doses) [S10b]. Voided
 * entries and their voids are left out (the ledger's repairs cancel out).
 *
 * @param administered      doses of consumption events
 * @param discarded         doses wasted: discarded (every reason) and open-vial wastage
 * @param openVialDiscarded doses discarded from opened vials
 * @param ratePercent       discarded ÷ (administered + discarded) × 100, one decimal; null when nothing was used
 * @param openVialRatePercent openVialDiscarded ÷ (administered + openVialDiscarded) × 100, one decimal; null for a
 *                          single-dose product or when nothing was opened
 */
public record Wastage(long administered, long discarded, long openVialDiscarded, BigDecimal ratePercent, BigDecimal openVialRatePercent) {

    public static Wastage of(long administered, long discarded, long openVialDiscarded, int dosesPerVial) {
        return new Wastage(administered, discarded, openVialDiscarded, percent(discarded, administered + discarded),
                dosesPerVial > 1 ? percent(openVialDiscarded, administered + openVialDiscarded) : null);
    }

    private static BigDecimal percent(long part, long whole) {
        return whole <= 0 ? null : BigDecimal.valueOf(part * 100L).divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_UP);
    }
}
