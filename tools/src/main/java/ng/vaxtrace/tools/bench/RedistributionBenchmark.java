package ng.vaxtrace.tools.bench;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import ng.vaxtrace.alert.redistribution.TransferPlanner;
import ng.vaxtrace.alert.redistribution.TransferPlanner.Holding;
import ng.vaxtrace.alert.redistribution.TransferPlanner.LotStock;
import ng.vaxtrace.alert.redistribution.TransferPlanner.Site;
import ng.vaxtrace.alert.redistribution.TransferPlanner.Transfer;
import ng.vaxtrace.contracts.FacilityReference;
import ng.vaxtrace.contracts.FacilityTier;
import ng.vaxtrace.data.ProductCatalogue;
import ng.vaxtrace.data.SyntheticNigeria;

/**
 * How long alert-service's redistribution planner takes for all of Nigeria: nigeria-data's synthetic country (39
 * health facilities per LGA, ~30,000, plus the 818 stores, at their coordinates) × the 16 products of the EPI
 * catalogue, with levels drawn so that ~8% are stocked out, ~12% low, ~20% above their maximum, three lots each.
 * The planner is timed in the JVM it runs in (warm-up first), beside the time of one pass that only groups and sorts
 * the same holdings (the floor any plan pays). Not a test: it prints figures.
 *
 * <p>Run: {@code ./vaxtrace bench redistribution [--per-lga 39] [--runs 5]}.
 */
public final class RedistributionBenchmark {

    public static void main(String[] args) {
        int perLga = intArg(args, "--per-lga", 39);
        int runs = intArg(args, "--runs", 5);
        List<Holding> holdings = holdings(perLga);
        TransferPlanner.Settings settings = new TransferPlanner.Settings(10, 20);
        System.out.printf("VaxTrace redistribution benchmark — %,d facility × product levels (%d per LGA), %d cores, heap %d MB%n",
                holdings.size(), perLga, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);

        for (int i = 0; i < 2; i++) { // warm-up: JIT
            TransferPlanner.plan(holdings, settings);
        }
        double[] plan = new double[runs];
        double[] floor = new double[runs];
        List<Transfer> transfers = List.of();
        long grouped = 0;
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            grouped += groupAndSort(holdings);
            floor[i] = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            transfers = TransferPlanner.plan(holdings, settings);
            plan[i] = (System.nanoTime() - start) / 1e9;
        }
        Arrays.sort(plan);
        Arrays.sort(floor);
        Map<TransferPlanner.Need, Long> byNeed = new EnumMap<>(TransferPlanner.Need.class);
        Map<TransferPlanner.Reach, Long> byReach = new EnumMap<>(TransferPlanner.Reach.class);
        long doses = 0;
        for (Transfer t : transfers) {
            byNeed.merge(t.need(), 1L, Long::sum);
            byReach.merge(t.reach(), 1L, Long::sum);
            doses += t.doses();
        }
        long receivers = transfers.stream().map(t -> t.to().facilityCode() + t.productCode()).distinct().count();
        System.out.printf("  plan, all of Nigeria:          min %.2f s, median %.2f s, max %.2f s (%d runs)%n",
                plan[0], plan[runs / 2], plan[runs - 1], runs);
        System.out.printf("  floor (group + sort only):     min %.2f s, median %.2f s (%,d holdings grouped)%n", floor[0], floor[runs / 2],
                grouped / runs);
        System.out.printf("  transfers: %,d to %,d facility × product (%,d doses); by need %s; by reach %s%n",
                transfers.size(), receivers, doses, byNeed, byReach);
    }

    /** The part of any plan that does not depend on the rules: group by product and state, sort each group. */
    private static long groupAndSort(List<Holding> holdings) {
        Map<String, List<Holding>> groups = new java.util.HashMap<>();
        for (Holding h : holdings) {
            groups.computeIfAbsent(h.productCode() + '|' + h.site().stateCode(), k -> new ArrayList<>()).add(h);
        }
        long n = 0;
        for (List<Holding> group : groups.values()) {
            group.sort(java.util.Comparator.comparingLong(Holding::usable));
            n += group.size();
        }
        return n;
    }

    private static List<Holding> holdings(int perLga) {
        SplittableRandom random = new SplittableRandom(2026);
        List<String> products = ProductCatalogue.all().stream().map(p -> p.code()).toList();
        LocalDate today = LocalDate.now();
        List<Holding> holdings = new ArrayList<>();
        for (FacilityReference f : new SyntheticNigeria(2026, perLga).facilities()) {
            if (f.stateCode() == null) {
                continue; // national and zonal stores: no state to redistribute within
            }
            Site site = new Site(f.code(), f.zoneCode(), f.stateCode(), f.lgaCode(), f.latitude(), f.longitude());
            long scale = f.tier() == FacilityTier.HEALTH_FACILITY ? 1 : f.tier() == FacilityTier.LGA ? 40 : 800;
            for (String product : products) {
                long amc = (50 + random.nextInt(150)) * scale;
                double roll = random.nextDouble();
                double months = roll < 0.08 ? 0 : roll < 0.20 ? random.nextDouble() * 0.5 : roll < 0.80 ? 0.5 + random.nextDouble()
                        : 2 + random.nextDouble() * 3;
                long usable = Math.round(months * amc);
                List<LotStock> lots = new ArrayList<>(3);
                long left = usable;
                for (int l = 0; l < 3 && left > 0; l++) {
                    long doses = l == 2 ? left : left / 2;
                    lots.add(new LotStock(product + "-" + l, doses, today.plusMonths(2 + 7L * l)));
                    left -= doses;
                }
                holdings.add(new Holding(site, product, usable, amc, 0.5, 1.5, lots));
            }
        }
        return holdings;
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
