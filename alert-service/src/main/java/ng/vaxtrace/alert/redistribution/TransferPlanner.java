package ng.vaxtrace.alert.redistribution;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Redistribution suggestions, computed in memory over every facility × product at once: each facility that is
 * stocked out, predicted to stock out or below its minimum is offered doses from facilities above their maximum — in
 * its own LGA first, then elsewhere in its state, nearest first — shipping the donor's earliest-expiring usable lots
 * first and never taking a donor below its own minimum. Minimum and maximum are the facility's min/max stock from its
 * target population where stock-service sent them (docs/domain-rules.md §6), else its tier's months × AMC. Plain code,
 * no I/O: docs/redistribution.md gives the rules.
 */
public final class TransferPlanner {

    /** Days per month when turning a monthly consumption into a daily one (365.25 / 12), as the alert rules do. */
    static final double DAYS_PER_MONTH = 30.4375;
    private static final double EARTH_RADIUS_KM = 6371.0088;

    private TransferPlanner() {
    }

    /** Where a facility is. Coordinates in degrees (WGS 84). */
    public record Site(String facilityCode, String zoneCode, String stateCode, String lgaCode, double latitude, double longitude) {
    }

    /** Usable doses of one lot (expired lots and VVM 3/4 doses already left out); {@code expiry} may be unknown. */
    public record LotStock(String lotCode, long doses, LocalDate expiry) {
    }

    /**
     * One facility's usable stock of one product with stock-service's AMC and the tier's min/max months, and — where
     * the facility has a target population — its min/max stock in doses, which then set the limits. {@code lots} is
     * empty where the product is not tracked by lot; their doses may add up to less than {@code usable}.
     */
    public record Holding(Site site, String productCode, long usable, long amc, double minMonths, double maxMonths, Long minStock,
            Long maxStock, List<LotStock> lots) {

        /** A holding judged on months of AMC. */
        public Holding(Site site, String productCode, long usable, long amc, double minMonths, double maxMonths, List<LotStock> lots) {
            this(site, productCode, usable, amc, minMonths, maxMonths, null, null, lots);
        }

        boolean fromTargetPopulation() {
            return minStock != null && maxStock != null;
        }

        /** Doses it may be filled up to. */
        long maxDoses() {
            return fromTargetPopulation() ? maxStock : (long) Math.ceil(maxMonths * amc);
        }

        /** Doses a donation never takes it below. */
        long minDoses() {
            return fromTargetPopulation() ? minStock : (long) Math.ceil(minMonths * amc);
        }

        boolean belowMin() {
            return fromTargetPopulation() ? usable < minStock : (double) usable / amc < minMonths;
        }

        boolean aboveMax() {
            return fromTargetPopulation() ? usable > maxStock : (double) usable / amc > maxMonths;
        }
    }

    /** Why the receiving facility needs stock, most urgent first. */
    public enum Need {
        STOCKED_OUT, PREDICTED_STOCK_OUT, BELOW_MIN
    }

    /** How far the donor is: in the receiver's LGA, or elsewhere in its state. */
    public enum Reach {
        SAME_LGA, SAME_STATE
    }

    @RegisterForReflection
    public record ShippedLot(String lotCode, long doses, LocalDate expiry) {
    }

    /** One suggested transfer; {@code lots} is empty where the donor's lots are not known. */
    @RegisterForReflection
    public record Transfer(String productCode, Site from, Site to, long doses, List<ShippedLot> lots, double distanceKm,
            Reach reach, Need need) {
    }

    /**
     * @param predictionDays  a facility with fewer days of usable stock than this is predicted to stock out (the alert
     *                        rules' lead time + safety margin)
     * @param minimumDoses    smaller transfers are not worth a trip and are not suggested
     */
    public record Settings(int predictionDays, long minimumDoses) {
    }

    /** Every suggestion for these holdings, most urgent receivers first. */
    public static List<Transfer> plan(List<Holding> holdings, Settings settings) {
        Map<String, List<Holding>> groups = new HashMap<>();
        for (Holding h : holdings) {
            // Without consumption or a target population neither need nor surplus is measurable.
            if (h.site().stateCode() != null && (h.amc() > 0 || h.fromTargetPopulation())) {
                groups.computeIfAbsent(h.productCode() + '|' + h.site().stateCode(), k -> new ArrayList<>()).add(h);
            }
        }
        List<Transfer> transfers = new ArrayList<>();
        groups.keySet().stream().sorted().forEach(key -> planState(groups.get(key), settings, transfers));
        transfers.sort(Comparator.comparing(Transfer::need).thenComparing(t -> t.to().facilityCode()).thenComparing(t -> t.reach())
                .thenComparingDouble(Transfer::distanceKm));
        return transfers;
    }

    /** One product in one state: receivers in order of urgency take from the nearest donors with doses to spare. */
    private static void planState(List<Holding> holdings, Settings settings, List<Transfer> out) {
        List<Receiver> receivers = new ArrayList<>();
        List<Donor> donors = new ArrayList<>();
        for (Holding h : holdings) {
            // No AMC (a target population only): no prediction of when it runs out.
            double daysLeft = h.amc() > 0 ? (double) h.usable() / h.amc() * DAYS_PER_MONTH : Double.POSITIVE_INFINITY;
            long target = h.maxDoses();
            Need need = h.usable() <= 0 ? Need.STOCKED_OUT : daysLeft < settings.predictionDays() ? Need.PREDICTED_STOCK_OUT
                    : h.belowMin() ? Need.BELOW_MIN : null;
            if (need != null && target > h.usable()) {
                receivers.add(new Receiver(h, need, daysLeft, target - h.usable()));
            } else if (h.aboveMax()) {
                long floor = h.minDoses(); // never below its own minimum
                if (h.usable() - floor >= settings.minimumDoses()) {
                    donors.add(new Donor(h, h.usable() - floor));
                }
            }
        }
        if (receivers.isEmpty() || donors.isEmpty()) {
            return;
        }
        receivers.sort(Comparator.comparing(Receiver::need).thenComparingDouble(Receiver::daysLeft)
                .thenComparing(r -> r.holding().site().facilityCode()));
        donors.sort(Comparator.comparing(d -> d.holding.site().facilityCode())); // ties in distance go to the lower code
        Map<String, List<Donor>> byLga = new HashMap<>();
        for (Donor donor : donors) {
            byLga.computeIfAbsent(String.valueOf(donor.holding.site().lgaCode()), k -> new ArrayList<>()).add(donor);
        }
        for (Receiver receiver : receivers) {
            Site to = receiver.holding().site();
            long wanted = receiver.wanted();
            // Same LGA first (a handful of donors), then the rest of the state; nearest first within each.
            List<Donor> local = to.lgaCode() == null ? List.of() : byLga.getOrDefault(to.lgaCode(), List.of());
            wanted = takeNearest(receiver, local, wanted, Reach.SAME_LGA, settings, out);
            if (wanted >= settings.minimumDoses()) {
                wanted = takeNearest(receiver, donors, wanted, Reach.SAME_STATE, settings, out);
            }
        }
    }

    /**
     * Takes from the nearest donors of {@code pool} with doses to spare until the receiver has what it wants. The
     * nearest is picked again each time (usually one or two donors suffice), so no full sort per receiver.
     */
    private static long takeNearest(Receiver receiver, List<Donor> pool, long wanted, Reach reach, Settings settings,
            List<Transfer> out) {
        Site to = receiver.holding().site();
        double[] distance = new double[pool.size()];
        for (int i = 0; i < pool.size(); i++) {
            distance[i] = reach == Reach.SAME_STATE && sameLga(to, pool.get(i).holding.site()) ? Double.NaN // already tried
                    : haversineKm(to, pool.get(i).holding.site());
        }
        while (wanted >= settings.minimumDoses()) {
            int nearest = -1;
            for (int i = 0; i < pool.size(); i++) {
                if (!Double.isNaN(distance[i]) && pool.get(i).spare >= settings.minimumDoses()
                        && (nearest < 0 || distance[i] < distance[nearest])) {
                    nearest = i;
                }
            }
            if (nearest < 0) {
                break;
            }
            Donor donor = pool.get(nearest);
            long doses = Math.min(wanted, donor.spare);
            donor.spare -= doses;
            wanted -= doses;
            out.add(new Transfer(receiver.holding().productCode(), donor.holding.site(), to, doses, donor.take(doses),
                    Math.round(distance[nearest] * 10) / 10.0, reach, receiver.need()));
            distance[nearest] = Double.NaN;
        }
        return wanted;
    }

    private static boolean sameLga(Site a, Site b) {
        return a.lgaCode() != null && a.lgaCode().equals(b.lgaCode());
    }

    /** Great-circle distance between two sites. */
    static double haversineKm(Site a, Site b) {
        double dLat = Math.toRadians(b.latitude() - a.latitude());
        double dLon = Math.toRadians(b.longitude() - a.longitude());
        double h = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(Math.toRadians(a.latitude())) * Math.cos(Math.toRadians(b.latitude())) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
    }

    private record Receiver(Holding holding, Need need, double daysLeft, long wanted) {
    }

    /** A donor and what it can still give; its lots are drawn earliest expiry first (unknown expiry last). */
    private static final class Donor {
        final Holding holding;
        long spare;
        private List<LotStock> lots;
        private int lot;
        private long takenFromLot;

        Donor(Holding holding, long spare) {
            this.holding = holding;
            this.spare = spare;
        }

        List<ShippedLot> take(long doses) {
            if (lots == null) {
                lots = holding.lots().stream().filter(l -> l.doses() > 0)
                        .sorted(Comparator.comparing(LotStock::expiry, Comparator.nullsLast(Comparator.naturalOrder()))
                                .thenComparing(LotStock::lotCode))
                        .toList();
            }
            List<ShippedLot> shipped = new ArrayList<>(2);
            long left = doses;
            while (left > 0 && lot < lots.size()) {
                LotStock current = lots.get(lot);
                long n = Math.min(left, current.doses() - takenFromLot);
                shipped.add(new ShippedLot(current.lotCode(), n, current.expiry()));
                left -= n;
                takenFromLot += n;
                if (takenFromLot == current.doses()) {
                    lot++;
                    takenFromLot = 0;
                }
            }
            return shipped; // doses beyond the known lots travel without a lot code
        }
    }
}
