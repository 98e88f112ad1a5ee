package ng.vaxtrace.stock.metrics;

import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import ng.vaxtrace.stock.config.ScheduleConfig;

/**
 * A facility's need of a product from its target population and the immunisation schedule, and the min/max stock
 * that need gives (WHO-derived health-facility rule [S2]: minimum = 25 % of the need for the supply period, maximum =
 * need + minimum; with the tier's min/max months: min = need × min months, max = need × max months). Monthly need =
 * ceil(target population × doses per person a year × coverage × wastage factor ÷ 12), wastage factor = 100 ÷ (100 −
 * maximum wastage rate) [S10][S10c].
 */
@ApplicationScoped
public class ScheduleNeed {

    /** The figures, doses. */
    public record Need(long monthlyNeed, long minStock, long maxStock) {
    }

    private final Map<String, Integer> doses;
    private final Map<String, Integer> wastage;
    private final double coverage;

    public ScheduleNeed(ScheduleConfig config) {
        this.doses = parse("vaxtrace.stock.schedule.doses-per-person", config.dosesPerPerson());
        this.wastage = parse("vaxtrace.stock.schedule.max-wastage-percent", config.maxWastagePercent());
        this.coverage = config.coverage();
    }

    /**
     * The need of {@code product} (a vaccine's code; a diluent passes its vaccine's), or null when the schedule has none
     * or the facility no target population (none given, or 0: a need of 0 would call any stock overstock).
     */
    public Need of(String product, Integer targetPopulation, MinMax minMax) {
        Integer perPerson = doses.get(product);
        if (targetPopulation == null || targetPopulation <= 0 || perPerson == null) {
            return null;
        }
        return of(targetPopulation, perPerson, coverage, wastage.getOrDefault(product, 0), minMax);
    }

    static Need of(long targetPopulation, int dosesPerPerson, double coverage, int wastagePercent, MinMax minMax) {
        long monthly = (long) Math.ceil(targetPopulation * dosesPerPerson * coverage * 100.0 / (100 - wastagePercent) / 12 - 1e-9);
        return new Need(monthly, (long) Math.ceil(monthly * minMax.minMonths() - 1e-9), (long) Math.ceil(monthly * minMax.maxMonths() - 1e-9));
    }

    private static Map<String, Integer> parse(String property, String list) {
        Map<String, Integer> map = new HashMap<>();
        for (String pair : list.split(",")) {
            String[] kv = pair.trim().split("=");
            if (kv.length != 2) {
                throw new IllegalArgumentException(property + ": expected PRODUCT=number, got '" + pair + "'");
            }
            map.put(kv[0].trim(), Integer.valueOf(kv[1].trim()));
        }
        return map;
    }
}
