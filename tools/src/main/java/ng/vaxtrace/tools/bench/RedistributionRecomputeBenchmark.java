package ng.vaxtrace.tools.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ng.vaxtrace.contracts.FacilityReference;
import ng.vaxtrace.data.ProductCatalogue;
import ng.vaxtrace.data.SyntheticNigeria;
import ng.vaxtrace.security.Roles;
import ng.vaxtrace.testing.LocalInfra;
import ng.vaxtrace.testing.ServiceProcess;
import ng.vaxtrace.testing.TestIssuer;

/**
 * The whole recomputation inside alert-service for all of Nigeria: its tables are filled (set-based SQL) with the
 * levels of ~30,000 facilities × 16 products and three lots each, then the packaged service's own timer
 * ({@code vaxtrace_alert_redistribution_seconds}: the read from PostgreSQL + the plan) is read for the next runs.
 * Not a test: it prints figures. Needs servers ({@code LocalInfra}); run with a fresh state directory.
 */
public final class RedistributionRecomputeBenchmark {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern SUM = Pattern.compile("vaxtrace_alert_redistribution_seconds_sum(?:\\{[^}]*})? ([0-9.eE+-]+)");
    private static final Pattern COUNT = Pattern.compile("vaxtrace_alert_redistribution_seconds_count(?:\\{[^}]*})? ([0-9.eE+-]+)");

    public static void main(String[] args) throws Exception {
        int perLga = 39;
        LocalInfra.Endpoints infra = LocalInfra.start();
        Map<String, String> config = Map.of("kafka.bootstrap.servers", infra.kafkaBootstrap(),
                "quarkus.datasource.reactive.url", infra.reactiveUrl("vaxtrace_alert"),
                "quarkus.datasource.jdbc.url", infra.jdbcUrl("vaxtrace_alert"), "quarkus.datasource.username", infra.pgUser(),
                "quarkus.log.level", "WARN",
                "vaxtrace.alert.redistribution.interval", "20s",
                "vaxtrace.alert.redistribution.synthetic-facilities-per-lga", String.valueOf(perLga),
                "vaxtrace.alert.sweep-delay", "1h");
        try (ServiceProcess alerts = ServiceProcess.start("alert-service", config, Map.of("QUARKUS_DATASOURCE_PASSWORD", infra.pgPassword()),
                "-Xmx1g")) {
            alerts.awaitReady(Duration.ofMinutes(3)); // Flyway has made the tables
            long start = System.nanoTime();
            long levels = fill(infra, perLga);
            System.out.printf("VaxTrace redistribution recompute benchmark — %,d levels written in %.1f s, %d cores, service heap 1 GB%n",
                    levels, (System.nanoTime() - start) / 1e9, Runtime.getRuntime().availableProcessors());
            // Runs that started after the data was complete: wait for one to end, then time the next three.
            double[] first = metric(alerts);
            awaitRuns(alerts, first[1] + 1);
            double[] from = metric(alerts);
            double[] to = awaitRuns(alerts, from[1] + 3);
            System.out.printf("  recompute (read + plan) in alert-service: mean %.2f s over %d runs%n",
                    (to[0] - from[0]) / (to[1] - from[1]), (long) (to[1] - from[1]));
            String page = HTTP.send(HttpRequest.newBuilder(alerts.uri("/api/v1/transfers/suggestions?limit=1"))
                    .header("Authorization", TestIssuer.bearer(Roles.NATIONAL_OFFICER, null)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher total = Pattern.compile("\"total\":(\\d+)").matcher(page);
            System.out.printf("  transfers suggested: %s%n", total.find() ? total.group(1) : page);
        }
    }

    /** Facilities in one batch, then levels and lots by INSERT … SELECT in the database (no row-by-row traffic). */
    private static long fill(LocalInfra.Endpoints infra, int perLga) throws Exception {
        Properties auth = new Properties();
        auth.put("user", infra.pgUser());
        auth.put("password", infra.pgPassword());
        try (Connection db = DriverManager.getConnection(infra.jdbcUrl("vaxtrace_alert"), auth)) {
            db.setAutoCommit(false);
            try (PreparedStatement insert = db.prepareStatement("insert into facility (facility_code, zone_code, state_code, lga_code, "
                    + "last_event_at) values (?, ?, ?, ?, now()) on conflict do nothing")) {
                for (FacilityReference f : new SyntheticNigeria(2026, perLga).facilities()) {
                    if (f.stateCode() != null) {
                        insert.setString(1, f.code());
                        insert.setString(2, f.zoneCode());
                        insert.setString(3, f.stateCode());
                        insert.setString(4, f.lgaCode());
                        insert.addBatch();
                    }
                }
                insert.executeBatch();
            }
            List<String> products = ProductCatalogue.all().stream().map(p -> p.code()).toList();
            try (Statement sql = db.createStatement()) {
                String array = "array['" + String.join("','", products) + "']";
                // Pseudo-random but repeatable: r in [0,1) from a hash of facility and product; ~8% out, ~12% low, ~20% above max.
                sql.execute("create temporary table draw as select f.facility_code, p.product_code, "
                        + "(abs(hashtext(f.facility_code || p.product_code)) % 10000) / 10000.0 as r, "
                        + "50 + abs(hashtext(p.product_code || f.facility_code)) % 150 as amc "
                        + "from facility f cross join unnest(" + array + ") as p(product_code)");
                sql.execute("insert into product_level (facility_code, product_code, balance, amc, months_of_stock, min_months, max_months, "
                        + "recorded_at) select facility_code, product_code, bal, amc, round(bal::numeric / amc, 2), 0.5, 1.5, now() from ("
                        + "select *, round(amc * case when r < 0.08 then 0 when r < 0.20 then r * 2 when r < 0.80 then 0.5 + r "
                        + "else 2 + r * 3 end)::bigint as bal from draw) d on conflict do nothing");
                sql.execute("insert into lot_level (facility_code, product_code, lot_code, balance, expiry, vvm_stage, vvm_discarded, vvm_pending) "
                        + "select facility_code, product_code, product_code || '-' || n, "
                        + "case when n < 3 then balance / 3 else balance - 2 * (balance / 3) end, "
                        + "current_date + (60 + 210 * n), null, 0, 0 from product_level cross join generate_series(1, 3) n "
                        + "where balance > 0 on conflict do nothing");
            }
            db.commit();
            try (Statement sql = db.createStatement(); var rows = sql.executeQuery("select count(*) from product_level")) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** Waits until the timer has counted {@code runs} runs; returns {sum, count}. */
    private static double[] awaitRuns(ServiceProcess alerts, double runs) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (Instant.now().isBefore(deadline)) {
            double[] m = metric(alerts);
            if (m[1] >= runs) {
                return m;
            }
            Thread.sleep(500); // polling the service's metrics, not waiting for luck
        }
        throw new IllegalStateException("alert-service did not recompute " + runs + " times within 5 minutes");
    }

    private static double[] metric(ServiceProcess alerts) throws Exception {
        String text = HTTP.send(HttpRequest.newBuilder(alerts.uri("/q/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher sum = SUM.matcher(text);
        Matcher count = COUNT.matcher(text);
        return new double[] { sum.find() ? Double.parseDouble(sum.group(1)) : 0, count.find() ? Double.parseDouble(count.group(1)) : 0 };
    }
}
