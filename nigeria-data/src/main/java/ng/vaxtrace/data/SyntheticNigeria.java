package ng.vaxtrace.data;

import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.ColdChainReading;
import ng.vaxtrace.contracts.FacilityReference;
import ng.vaxtrace.contracts.FacilityTier;
import ng.vaxtrace.contracts.Lot;
import ng.vaxtrace.contracts.LotReference;
import ng.vaxtrace.contracts.ProductReference;
import ng.vaxtrace.contracts.StockEvent;
import ng.vaxtrace.contracts.StockEventType;

/**
 * The one synthetic-data generator of the project: every store of the real supply chain (national, 6 zonal,
 * 37 state, 774 LGA stores), {@code healthFacilitiesPerLga} health facilities placed in each LGA, lots with expiries,
 * and months of stock activity per facility — monthly receipts, session consumption (issues at stores), month-end
 * physical counts and occasional VVM discards — and each facility's fridge temperature every 15 minutes, with the odd
 * power cut (heat excursion) and freezing night. Deterministic: the same seed gives the same data, event ids included.
 * About 39 facilities per LGA gives Nigeria's ~30,000.
 */
public final class SyntheticNigeria {

    public static final String SOURCE = "/synthetic";
    public static final String SOURCE_SYSTEM = "synthetic";

    /** Doses a typical health facility uses per month, by product (diluents follow their vaccine). */
    private static final Map<String, Integer> MONTHLY_NEED = Map.ofEntries(
            Map.entry("BCG", 60), Map.entry("BCG-DIL", 60), Map.entry("HEPB", 50), Map.entry("BOPV", 200),
            Map.entry("PENTA", 150), Map.entry("PCV", 150), Map.entry("ROTA", 100), Map.entry("IPV", 50),
            Map.entry("MEASLES", 90), Map.entry("MEASLES-DIL", 90), Map.entry("YF", 50), Map.entry("YF-DIL", 50),
            Map.entry("MENA", 50), Map.entry("MENA-DIL", 50), Map.entry("TD", 80), Map.entry("HPV", 20));
    private static final Map<FacilityTier, Integer> TIER_SCALE = Map.of(FacilityTier.HEALTH_FACILITY, 1, FacilityTier.LGA, 40,
            FacilityTier.STATE, 800, FacilityTier.ZONE, 5_000, FacilityTier.NATIONAL, 30_000);
    /** Months of stock each tier is restocked to (the max of domain.md's placeholders). */
    private static final Map<FacilityTier, Double> RESTOCK_MONTHS = Map.of(FacilityTier.HEALTH_FACILITY, 1.25, FacilityTier.LGA, 1.0,
            FacilityTier.STATE, 3.0, FacilityTier.ZONE, 3.0, FacilityTier.NATIONAL, 6.0);

    private final long seed;
    private final int healthFacilitiesPerLga;
    private final Geography geography = Geography.nigeria();
    private List<FacilityReference> facilities;

    public SyntheticNigeria(long seed, int healthFacilitiesPerLga) {
        this.seed = seed;
        this.healthFacilitiesPerLga = healthFacilitiesPerLga;
    }

    public List<ProductReference> products() {
        return ProductCatalogue.all();
    }

    /** Every store and health facility, parents before children. */
    public synchronized List<FacilityReference> facilities() {
        if (facilities == null) {
            facilities = List.copyOf(buildFacilities());
        }
        return facilities;
    }

    /**
     * A facility's stock activity from {@code from} to {@code to} (inclusive) for every product, in time order.
     * Balances never go negative: a session with nothing left records no consumption (a stock-out).
     */
    /** The fridge of a facility, as its temperature monitor names it. */
    public static String fridgeOf(FacilityReference facility) {
        return facility.code() + "-FRIDGE-1";
    }

    /**
     * The facility's fridge readings every 15 minutes in [from, to): mostly +3 to +6 °C; on about one day in 25 a power
     * cut from the evening warms it above +8 °C for 11 to 16 hours (a WHO heat alarm), and on about one day in 60 it
     * freezes at −1 to −2 °C for 70 to 150 minutes in the early morning (a freeze alarm). Deterministic per facility and day.
     */
    public List<ColdChainReading> fridgeReadings(FacilityReference facility, Instant from, Instant to) {
        String fridge = fridgeOf(facility);
        List<ColdChainReading> readings = new ArrayList<>();
        long quarter = 15 * 60;
        for (long t = (from.getEpochSecond() + quarter - 1) / quarter * quarter; t < to.getEpochSecond(); t += quarter) {
            Instant at = Instant.ofEpochSecond(t);
            LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
            double hour = (t - day.atStartOfDay(ZoneOffset.UTC).toEpochSecond()) / 3600.0;
            SplittableRandom noise = new SplittableRandom(seed ^ t * 31 ^ fridge.hashCode());
            double celsius = 4.5 + Math.sin(hour / 24 * 2 * Math.PI) + (noise.nextDouble() - 0.5) * 0.6;
            boolean power = true;
            // An evening power cut may run past midnight: look at yesterday's excursions too.
            for (LocalDate d : List.of(day.minusDays(1), day)) {
                long[][] excursions = excursions(fridge, d);
                if (excursions[0] != null && t >= excursions[0][0] && t < excursions[0][1]) {
                    celsius = 9.0 + Math.min(5, (t - excursions[0][0]) / 3600.0 * 0.6) + noise.nextDouble();
                    power = false;
                }
                if (excursions[1] != null && t >= excursions[1][0] && t < excursions[1][1]) {
                    celsius = -1.0 - noise.nextDouble();
                }
            }
            readings.add(new ColdChainReading(fridge, facility.code(), at, Math.round(celsius * 10) / 10.0, power));
        }
        return readings;
    }

    /** The day's {heat, freeze} excursions as [start, end) epoch seconds, or null when there is none. */
    private long[][] excursions(String fridge, LocalDate day) {
        SplittableRandom daily = new SplittableRandom(seed ^ (fridge + "/" + day).hashCode() * 0x9E3779B97F4A7C15L);
        long midnight = day.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        long[] heat = null;
        long[] freeze = null;
        if (daily.nextInt(25) == 0) {
            long start = midnight + (17 + daily.nextInt(5)) * 3600L;
            heat = new long[] { start, start + (11 + daily.nextInt(6)) * 3600L };
        }
        if (daily.nextInt(60) == 0) {
            long start = midnight + (2 + daily.nextInt(3)) * 3600L;
            freeze = new long[] { start, start + (70 + daily.nextInt(81)) * 60L };
        }
        return new long[][] { heat, freeze };
    }

    public List<CloudEvent<StockEvent>> history(FacilityReference facility, LocalDate from, LocalDate to) {
        List<CloudEvent<StockEvent>> events = new ArrayList<>();
        for (ProductReference product : products()) {
            events.addAll(productHistory(facility, product, from, to));
        }
        events.sort(Comparator.comparing(CloudEvent::time));
        return events;
    }

    private List<CloudEvent<StockEvent>> productHistory(FacilityReference facility, ProductReference product, LocalDate from,
            LocalDate to) {
        SplittableRandom random = new SplittableRandom(seed ^ (facility.code() + "/" + product.code()).hashCode() * 0x9E3779B97F4A7C15L);
        double size = 0.5 + random.nextDouble() * 1.5;
        boolean underSupplied = random.nextInt(10) == 0;
        long need = Math.max(1, Math.round(MONTHLY_NEED.getOrDefault(product.code(), 50) * TIER_SCALE.get(facility.tier()) * size));
        boolean store = facility.tier() != FacilityTier.HEALTH_FACILITY;
        List<CloudEvent<StockEvent>> events = new ArrayList<>();
        long balance = 0;
        int n = 0;
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            Lot lot = usableLot(product.code(), day, to);
            if (day.getDayOfMonth() == 1 || day.equals(from)) {
                long target = Math.round(need * RESTOCK_MONTHS.get(facility.tier()) * (underSupplied ? 0.6 : 1.0));
                long receipt = Math.max(0, target - balance);
                if (receipt > 0) {
                    balance += receipt;
                    events.add(event(StockEventType.RECEIPT, facility, product, lot, receipt, day, 8, n++, null, null));
                }
            }
            boolean sessionDay = store ? day.getDayOfWeek() == DayOfWeek.MONDAY
                    : day.getDayOfWeek() == DayOfWeek.MONDAY || day.getDayOfWeek() == DayOfWeek.WEDNESDAY || day.getDayOfWeek() == DayOfWeek.FRIDAY;
            if (sessionDay && balance > 0) {
                double perSession = store ? need / 4.3 : need / 13.0;
                long used = Math.min(balance, Math.max(1, Math.round(perSession * (0.7 + random.nextDouble() * 0.6))));
                balance -= used;
                events.add(event(store ? StockEventType.ISSUE : StockEventType.CONSUMPTION, facility, product, lot, used, day, 11, n++, null, null));
                if (product.vvm() && balance >= product.dosesPerVial() && random.nextInt(60) == 0) {
                    balance -= product.dosesPerVial();
                    events.add(event(StockEventType.DISCARD, facility, product, lot, product.dosesPerVial(), day, 12, n++, "VVM", 3));
                }
            }
            if (day.equals(day.withDayOfMonth(day.lengthOfMonth()))) {
                long counted = random.nextInt(5) == 0 ? Math.max(0, balance - random.nextInt(3)) : balance;
                balance = counted;
                events.add(event(StockEventType.PHYSICAL_COUNT, facility, product, lot, counted, day, 16, n++, null, null));
            }
        }
        return events;
    }

    private CloudEvent<StockEvent> event(StockEventType type, FacilityReference facility, ProductReference product, Lot lot,
            long quantity, LocalDate day, int hour, int n, String reason, Integer vvmStage) {
        Instant at = day.atTime(LocalTime.of(hour, 0)).toInstant(ZoneOffset.UTC).plusSeconds(n % 60);
        String id = UUID.nameUUIDFromBytes((seed + ":" + facility.code() + ":" + product.code() + ":" + n).getBytes(StandardCharsets.UTF_8)).toString();
        StockEvent data = new StockEvent(facility.code(), product.code(), lot, quantity, at, SOURCE_SYSTEM, vvmStage, reason, null);
        return CloudEvent.of(id, SOURCE, type.cloudEventType(), facility.code(), at, data);
    }

    /** The lot to use on {@code day}: the earliest expiry that has not expired (FEFO). */
    private Lot usableLot(String productCode, LocalDate day, LocalDate horizon) {
        for (int i = 0; i < 3; i++) {
            LotReference lot = lotOf(productCode, i, horizon);
            if (lot.expiry().isAfter(day)) {
                return new Lot(lot.code(), lot.expiry());
            }
        }
        LotReference last = lotOf(productCode, 2, horizon);
        return new Lot(last.code(), last.expiry());
    }

    private LotReference lotOf(String productCode, int index, LocalDate today) {
        int[] monthsToExpiry = { 2, 9, 20 };
        String code = productCode + "-" + Long.toString(Math.abs(seed % 1000), 36).toUpperCase() + "-" + (index + 1);
        return new LotReference(productCode, code, today.plusMonths(monthsToExpiry[index]).withDayOfMonth(1).minusDays(1), "Synthetic Biologicals");
    }

    private List<FacilityReference> buildFacilities() {
        List<FacilityReference> list = new ArrayList<>();
        list.add(new FacilityReference("NG-NSCS", "National Strategic Cold Store, Abuja", FacilityTier.NATIONAL, null, null, null,
                9.0579, 7.4951, true));
        for (Area zone : geography.ofLevel(Area.Level.ZONE)) {
            list.add(new FacilityReference(zone.code() + "-ZS", zone.name() + " zonal cold store", FacilityTier.ZONE, zone.code(), null,
                    null, zone.latitude(), zone.longitude(), true));
        }
        for (Area state : geography.ofLevel(Area.Level.STATE)) {
            list.add(new FacilityReference(state.code() + "-SS", state.name() + " state cold store", FacilityTier.STATE, state.parentCode(),
                    state.code(), null, state.latitude(), state.longitude(), true));
        }
        for (Area lga : geography.ofLevel(Area.Level.LGA)) {
            Area state = geography.area(lga.parentCode()).orElseThrow();
            list.add(new FacilityReference(lga.code() + "-LS", lga.name() + " LGA cold store", FacilityTier.LGA, state.parentCode(),
                    state.code(), lga.code(), lga.latitude(), lga.longitude(), true));
        }
        for (Area lga : geography.ofLevel(Area.Level.LGA)) {
            Area state = geography.area(lga.parentCode()).orElseThrow();
            for (int i = 1; i <= healthFacilitiesPerLga; i++) {
                String code = lga.code() + "-HF-" + String.format("%03d", i);
                double[] point = Geography.pointNear(seed + code, lga.latitude(), lga.longitude(), 0.08);
                String kind = i == 1 ? "Comprehensive Health Centre" : i % 7 == 0 ? "General Hospital" : "Primary Health Centre";
                list.add(new FacilityReference(code, lga.name() + " " + kind + (i == 1 ? "" : " " + i), FacilityTier.HEALTH_FACILITY,
                        state.parentCode(), state.code(), lga.code(), point[0], point[1], true));
            }
        }
        return list;
    }
}
