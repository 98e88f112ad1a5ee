package ng.vaxtrace.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Nigeria's administrative hierarchy as VaxTrace codes it: {@code NG} → zones ({@code NG-NW}) → states and FCT
 * (ISO 3166-2, {@code NG-KN}) → LGAs ({@code NG-KN-017}). LGA coordinates are synthetic but stable: a deterministic
 * point within the state's rough extent, good enough to place markers on a national map.
 */
public final class Geography {

    public static final String COUNTRY = "NG";

    private static final Geography NIGERIA = load();

    private final Map<String, Area> areas;
    private final Map<String, List<Area>> children;

    private Geography(Map<String, Area> areas) {
        this.areas = Collections.unmodifiableMap(areas);
        Map<String, List<Area>> byParent = new LinkedHashMap<>();
        for (Area area : areas.values()) {
            if (area.parentCode() != null) {
                byParent.computeIfAbsent(area.parentCode(), p -> new ArrayList<>()).add(area);
            }
        }
        this.children = byParent;
    }

    public static Geography nigeria() {
        return NIGERIA;
    }

    public Optional<Area> area(String code) {
        return Optional.ofNullable(areas.get(code));
    }

    public List<Area> children(String code) {
        return children.getOrDefault(code, List.of());
    }

    public List<Area> all() {
        return List.copyOf(areas.values());
    }

    public List<Area> ofLevel(Area.Level level) {
        return areas.values().stream().filter(a -> a.level() == level).toList();
    }

    private static Geography load() {
        Map<String, Area> areas = new LinkedHashMap<>();
        Map<String, Double> radius = new LinkedHashMap<>();
        areas.put(COUNTRY, new Area(COUNTRY, "Nigeria", Area.Level.COUNTRY, null, 9.08, 8.68));
        Map<String, double[]> zoneSums = new LinkedHashMap<>();
        for (String[] row : Csv.read("zones.csv")) {
            areas.put(row[0], new Area(row[0], row[1], Area.Level.ZONE, COUNTRY, 0, 0));
            zoneSums.put(row[0], new double[3]);
        }
        for (String[] row : Csv.read("states.csv")) {
            double lat = Double.parseDouble(row[4]);
            double lon = Double.parseDouble(row[5]);
            areas.put(row[0], new Area(row[0], row[1], Area.Level.STATE, row[2], lat, lon));
            radius.put(row[0], Double.parseDouble(row[6]));
            double[] sum = zoneSums.get(row[2]);
            sum[0] += lat;
            sum[1] += lon;
            sum[2]++;
        }
        zoneSums.forEach((zone, sum) -> {
            Area z = areas.get(zone);
            areas.put(zone, new Area(z.code(), z.name(), z.level(), z.parentCode(), sum[0] / sum[2], sum[1] / sum[2]));
        });
        for (String[] row : Csv.read("lgas.csv")) {
            Area state = areas.get(row[1]);
            double[] point = pointNear(row[0], state.latitude(), state.longitude(), radius.get(row[1]) * 0.8);
            areas.put(row[0], new Area(row[0], row[2], Area.Level.LGA, row[1], point[0], point[1]));
        }
        return new Geography(areas);
    }

    /** A deterministic point within {@code radius} degrees of (lat, lon), seeded by {@code key}. */
    static double[] pointNear(String key, double lat, double lon, double radius) {
        SplittableRandom random = new SplittableRandom(key.hashCode() * 0x9E3779B97F4A7C15L);
        double angle = random.nextDouble(2 * Math.PI);
        double distance = radius * Math.sqrt(random.nextDouble());
        return new double[] { round(lat + distance * Math.sin(angle)), round(lon + distance * Math.cos(angle)) };
    }

    private static double round(double degrees) {
        return Math.round(degrees * 100_000) / 100_000.0;
    }
}
