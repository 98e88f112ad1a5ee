package ng.vaxtrace.tools.bench;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;

import ng.vaxtrace.contracts.FacilityReference;
import ng.vaxtrace.data.SyntheticNigeria;
import ng.vaxtrace.testing.LocalInfra;

/**
 * Facility locations in PostGIS against the haversine paths they replace or sit beside, on nigeria-data's synthetic
 * country (39 health facilities per LGA + the 818 stores, ~31,000 points), in a scratch schema shaped like
 * stock-service's V21 ({@code location geometry(Point,4326)} generated from latitude/longitude, GiST index):
 * <ol>
 * <li>the radius query of {@code GET /api/v1/facilities?near=&radiusKm=25} (index box + ST_DistanceSphere), beside the
 * same answer by a haversine formula in SQL over the plain columns (a full scan: the path without PostGIS);</li>
 * <li>nearest donor in the receiver's state, as alert-service's redistribution planner needs it: the planner's
 * in-memory haversine scan, one KNN ({@code <->}) query per receiver, and one set-based KNN query for all receivers.</li>
 * </ol>
 * Not a test: it prints figures. Needs servers ({@code LocalInfra}, with PostGIS).
 */
public final class PlaceQueryBenchmark {

    private static final double EARTH_RADIUS_KM = 6371.0088;

    private record Point(String code, String state, double latitude, double longitude) {
    }

    public static void main(String[] args) throws Exception {
        int queries = 1000;
        LocalInfra.Endpoints infra = LocalInfra.start();
        Properties auth = new Properties();
        auth.put("user", infra.pgUser());
        auth.put("password", infra.pgPassword());
        List<Point> points = new ArrayList<>();
        for (FacilityReference f : new SyntheticNigeria(2026, 39).facilities()) {
            if (f.latitude() != null && f.stateCode() != null) {
                points.add(new Point(f.code(), f.stateCode(), f.latitude(), f.longitude()));
            }
        }
        SplittableRandom random = new SplittableRandom(42);
        try (Connection db = DriverManager.getConnection(infra.jdbcUrl("vaxtrace_stock"), auth)) {
            load(db, points);
            System.out.printf("VaxTrace place-query benchmark — %,d facilities, %d cores (shared machine: other builds ran beside it)%n",
                    points.size(), Runtime.getRuntime().availableProcessors());

            // 1. Radius 25 km around facilities drawn at random.
            List<Point> centres = new ArrayList<>();
            for (int i = 0; i < queries; i++) {
                centres.add(points.get(random.nextInt(points.size())));
            }
            String postgis = "select code, ST_DistanceSphere(location, p.pt) d from bench_places.facility, "
                    + "(select ST_SetSRID(ST_MakePoint(?, ?), 4326) pt) p where location && ST_Expand(p.pt, ?) "
                    + "and ST_DistanceSphere(location, p.pt) <= ? order by d";
            // The sphere of ST_DistanceSphere (radius 6,370,986 m), so both answers are the same set.
            String haversine = "select code, d from (select code, 2 * 6370986 * asin(least(1, sqrt(power(sin(radians(latitude - ?) / 2), 2) "
                    + "+ cos(radians(?)) * cos(radians(latitude)) * power(sin(radians(longitude - ?) / 2), 2)))) d "
                    + "from bench_places.facility) f where d <= ? order by d";
            long[] found = new long[2];
            List<List<String>> indexed = new ArrayList<>();
            List<List<String>> scanned = new ArrayList<>();
            double[] withIndex = time(db, postgis, centres, 3, indexed, (s, c) -> {
                s.setDouble(1, c.longitude());
                s.setDouble(2, c.latitude());
                s.setDouble(3, 25 / (111.195 * Math.cos(Math.toRadians(Math.abs(c.latitude()) + 0.25))));
                s.setDouble(4, 25_000);
            }, found, 0);
            double[] scan = time(db, haversine, centres.subList(0, 200), 1, scanned, (s, c) -> {
                s.setDouble(1, c.latitude());
                s.setDouble(2, c.latitude());
                s.setDouble(3, c.longitude());
                s.setDouble(4, 25_000);
            }, found, 1);
            System.out.printf("  radius 25 km (the near= query), PostGIS GiST + ST_DistanceSphere: p50 %.2f ms, p99 %.2f ms over %d queries "
                    + "(%.1f facilities each)%n", withIndex[0], withIndex[1], queries, found[0] / (double) (queries * 3));
            long same = 0;
            for (int i = 0; i < 200; i++) {
                same += new java.util.TreeSet<>(indexed.get(i)).equals(new java.util.TreeSet<>(scanned.get(i))) ? 1 : 0;
            }
            System.out.printf("  same answer by haversine in SQL over latitude/longitude (full scan): p50 %.2f ms, p99 %.2f ms over the first 200 "
                    + "(%.1f facilities each; the same set as PostGIS's for %d of 200)%n", scan[0], scan[1], found[1] / 200.0, same);

            // 2. Nearest donor in the same state: ~20 % of facilities are donors, 2,000 receivers.
            List<Point> donors = new ArrayList<>();
            List<Point> receivers = new ArrayList<>();
            for (Point p : points) {
                double r = random.nextDouble();
                if (r < 0.2) {
                    donors.add(p);
                } else if (receivers.size() < 2000 && r < 0.3) {
                    receivers.add(p);
                }
            }
            try (Statement sql = db.createStatement()) {
                sql.execute("create table bench_places.donor as select * from bench_places.facility where code = any('{"
                        + String.join(",", donors.stream().map(Point::code).toList()) + "}')");
                sql.execute("create index on bench_places.donor using gist (location)");
                sql.execute("create index on bench_places.donor (state_code)");
                sql.execute("analyze bench_places.donor");
            }
            Map<String, List<Point>> byState = new HashMap<>();
            donors.forEach(d -> byState.computeIfAbsent(d.state(), k -> new ArrayList<>()).add(d));
            Map<String, String> memory = new HashMap<>();
            double memoryMs = Double.MAX_VALUE;
            for (int run = 0; run < 5; run++) { // warm-up included: the best run
                long start = System.nanoTime();
                for (Point r : receivers) {
                    Point best = null;
                    double bestKm = Double.MAX_VALUE;
                    for (Point d : byState.getOrDefault(r.state(), List.of())) {
                        double km = haversineKm(r, d);
                        if (km < bestKm) {
                            bestKm = km;
                            best = d;
                        }
                    }
                    memory.put(r.code(), best == null ? null : best.code());
                }
                memoryMs = Math.min(memoryMs, (System.nanoTime() - start) / 1e6);
            }
            // KNN orders by planar distance in degrees; the 8 nearest by it, re-ordered on the sphere, give the nearest.
            String knn = "select code from (select code, location from bench_places.donor where state_code = ? "
                    + "order by location <-> ST_SetSRID(ST_MakePoint(?, ?), 4326) limit 8) k "
                    + "order by ST_DistanceSphere(location, ST_SetSRID(ST_MakePoint(?, ?), 4326)), code limit 1";
            Map<String, String> perQuery = new HashMap<>();
            double perQueryMs = Double.MAX_VALUE;
            try (PreparedStatement s = db.prepareStatement(knn)) {
                for (int run = 0; run < 3; run++) {
                    long start = System.nanoTime();
                    for (Point r : receivers) {
                        s.setString(1, r.state());
                        s.setDouble(2, r.longitude());
                        s.setDouble(3, r.latitude());
                        s.setDouble(4, r.longitude());
                        s.setDouble(5, r.latitude());
                        try (ResultSet rows = s.executeQuery()) {
                            perQuery.put(r.code(), rows.next() ? rows.getString(1) : null);
                        }
                    }
                    perQueryMs = Math.min(perQueryMs, (System.nanoTime() - start) / 1e6);
                }
            }
            String lateral = "select r.code, n.code from bench_places.facility r cross join lateral (select code from ("
                    + "select code, location from bench_places.donor d where d.state_code = r.state_code order by d.location <-> r.location limit 8) k "
                    + "order by ST_DistanceSphere(k.location, r.location), code limit 1) n where r.code = any(?)";
            Map<String, String> setBased = new HashMap<>();
            double setMs = Double.MAX_VALUE;
            try (PreparedStatement s = db.prepareStatement(lateral)) {
                Array codes = db.createArrayOf("text", receivers.stream().map(Point::code).toArray());
                for (int run = 0; run < 3; run++) {
                    long start = System.nanoTime();
                    s.setArray(1, codes);
                    try (ResultSet rows = s.executeQuery()) {
                        while (rows.next()) {
                            setBased.put(rows.getString(1), rows.getString(2));
                        }
                    }
                    setMs = Math.min(setMs, (System.nanoTime() - start) / 1e6);
                }
            }
            long agreeQuery = receivers.stream().filter(r -> java.util.Objects.equals(memory.get(r.code()), perQuery.get(r.code()))).count();
            long agreeSet = receivers.stream().filter(r -> java.util.Objects.equals(memory.get(r.code()), setBased.get(r.code()))).count();
            System.out.printf("  nearest donor in the state, %,d receivers × %,d donors:%n", receivers.size(), donors.size());
            System.out.printf("    in memory, haversine scan of the state's donors (the planner's way): %.1f ms%n", memoryMs);
            System.out.printf("    PostGIS KNN, one query per receiver (JDBC round trips): %.1f ms (same donor for %d of %d)%n",
                    perQueryMs, agreeQuery, receivers.size());
            System.out.printf("    PostGIS KNN, one set-based LATERAL query: %.1f ms (same donor for %d of %d)%n", setMs, agreeSet, receivers.size());
            try (Statement sql = db.createStatement()) {
                sql.execute("drop schema bench_places cascade");
            }
        }
    }

    /** The places as stock-service's V21 keeps them. */
    private static void load(Connection db, List<Point> points) throws Exception {
        try (Statement sql = db.createStatement()) {
            sql.execute("drop schema if exists bench_places cascade");
            sql.execute("create schema bench_places");
            sql.execute("create table bench_places.facility (code text primary key, state_code text, latitude float8, longitude float8, "
                    + "location geometry(Point, 4326) generated always as (ST_SetSRID(ST_MakePoint(longitude, latitude), 4326)) stored)");
        }
        try (PreparedStatement insert = db.prepareStatement("insert into bench_places.facility values (?, ?, ?, ?)")) {
            for (Point p : points) {
                insert.setString(1, p.code());
                insert.setString(2, p.state());
                insert.setDouble(3, p.latitude());
                insert.setDouble(4, p.longitude());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        try (Statement sql = db.createStatement()) {
            sql.execute("create index on bench_places.facility using gist (location)");
            sql.execute("analyze bench_places.facility");
        }
    }

    private interface Binder {
        void bind(PreparedStatement statement, Point centre) throws Exception;
    }

    /**
     * p50 and p99 in ms of {@code sql} per centre, over {@code rounds} rounds (the first is warm-up too); counts rows and
     * keeps each centre's codes of the first round in {@code answers}.
     */
    private static double[] time(Connection db, String sql, List<Point> centres, int rounds, List<List<String>> answers, Binder binder,
            long[] rows, int slot) throws Exception {
        List<Double> ms = new ArrayList<>();
        try (PreparedStatement s = db.prepareStatement(sql)) {
            for (int round = 0; round < rounds; round++) {
                for (Point c : centres) {
                    binder.bind(s, c);
                    List<String> codes = new ArrayList<>();
                    long start = System.nanoTime();
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) {
                            codes.add(r.getString(1));
                        }
                    }
                    ms.add((System.nanoTime() - start) / 1e6);
                    rows[slot] += codes.size();
                    if (round == 0) {
                        answers.add(codes);
                    }
                }
            }
        }
        double[] sorted = ms.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return new double[] { sorted[sorted.length / 2], sorted[(int) Math.floor(sorted.length * 0.99)] };
    }

    private static double haversineKm(Point a, Point b) {
        double dLat = Math.toRadians(b.latitude() - a.latitude());
        double dLon = Math.toRadians(b.longitude() - a.longitude());
        double h = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(Math.toRadians(a.latitude())) * Math.cos(Math.toRadians(b.latitude())) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
    }
}
