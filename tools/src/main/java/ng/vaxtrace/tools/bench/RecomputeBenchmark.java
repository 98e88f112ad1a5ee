package ng.vaxtrace.tools.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import ng.vaxtrace.security.Roles;
import ng.vaxtrace.testing.LocalInfra;
import ng.vaxtrace.testing.ServiceProcess;
import ng.vaxtrace.testing.TestIssuer;

/**
 * The daily recompute of every facility × product's metrics (stock-service ledger/DailyRecompute) at national scale:
 * the synthetic Nigeria (818 stores + 39 health facilities per LGA, 16 products), every pair holding a status and
 * day rollups over the AMC window, then the operator's trigger timed three ways — the first run of a month (every
 * pair read, most changed and published), the same over figures already current (read and computed, nothing
 * written), and an ordinary day (only stocked-out pairs read). Beside it, in the same run, the read alone in psql.
 * Run: {@code ./vaxtrace bench recompute [--facilities-per-lga 39] [--days-per-week 2]}.
 */
public final class RecomputeBenchmark {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String ADMIN = TestIssuer.bearer(Roles.ADMIN, null);

    private RecomputeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int daysPerWeek = Integer.parseInt(options.getOrDefault("days-per-week", "2"));
        LocalInfra.Endpoints infra = LocalInfra.start();
        try (ServiceProcess stock = stockService(infra, options, Map.of())) {
            long start = System.nanoTime();
            // ./vaxtrace bench starts from empty servers; servers kept from an earlier run keep their data.
            if (count(infra, "select count(*) from stock_day").equals("0")) {
                sql(infra, LOAD_STATUSES);
                sql(infra, LOAD_DAYS.formatted(daysPerWeek));
            }
            sql(infra, "update stock_status set updated_at = now() - interval '1 day', stockout_days = 0, amc = 100");
            sql(infra, "vacuum analyze stock_status");
            sql(infra, "vacuum analyze stock_day");
            sql(infra, "delete from metrics_recompute");
            System.out.printf("VaxTrace daily recompute benchmark — %s facilities × %s products = %s pairs, %s day rollups in the window "
                    + "(%d days a week with movements); loaded in %.0f s; %d cores%n",
                    count(infra, "select count(*) from facility"), count(infra, "select count(*) from product"),
                    count(infra, "select count(*) from stock_status"), count(infra, "select count(*) from stock_day"), daysPerWeek,
                    (System.nanoTime() - start) / 1e9, Runtime.getRuntime().availableProcessors());

            trigger(stock, "1. first run of the month (every pair; figures of yesterday, most change)");
            sql(infra, "delete from metrics_recompute");
            trigger(stock, "2. every pair again, figures already current (read and computed, nothing written)");
            trigger(stock, "3. an ordinary day (only stocked-out pairs can change)");

            long read = System.nanoTime();
            String rows = count(infra, READ_ALONE);
            System.out.printf("   ceiling, same run: the read alone in psql (every pair with its day rollups aggregated): %s pairs|day rows in %.1f s%n",
                    rows, (System.nanoTime() - read) / 1e9);
        }
    }

    /** {@code --name value} pairs. */
    static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return options;
    }

    /**
     * The packaged stock-service on the synthetic Nigeria ({@code --facilities-per-lga}, default 39), its nightly jobs
     * off (the benchmark triggers them), ready; {@code extra} adds or overrides settings.
     */
    static ServiceProcess stockService(LocalInfra.Endpoints infra, Map<String, String> options, Map<String, String> extra) throws Exception {
        int perLga = Integer.parseInt(options.getOrDefault("facilities-per-lga", "39"));
        Map<String, String> config = new HashMap<>(Map.of("kafka.bootstrap.servers", infra.kafkaBootstrap(),
                "quarkus.redis.hosts", infra.redisUrl(), "quarkus.datasource.reactive.url", infra.reactiveUrl("vaxtrace_stock"),
                "quarkus.datasource.jdbc.url", infra.jdbcUrl("vaxtrace_stock"), "quarkus.datasource.username", infra.pgUser(),
                "vaxtrace.stock.seed.synthetic-facilities-per-lga", Integer.toString(perLga),
                "vaxtrace.stock.recompute.enabled", "false", "quarkus.log.level", "WARN"));
        config.putAll(extra);
        ServiceProcess stock = ServiceProcess.start("stock-service", config, Map.of("QUARKUS_DATASOURCE_PASSWORD", infra.pgPassword()),
                "-Xmx768m");
        try {
            stock.awaitReady(Duration.ofMinutes(3));
        } catch (Exception e) {
            stock.close();
            throw e;
        }
        return stock;
    }

    private static void trigger(ServiceProcess stock, String label) throws Exception {
        URI uri = stock.uri("/api/v1/admin/metrics/recompute");
        long start = System.nanoTime();
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).header("Authorization", ADMIN)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        double seconds = (System.nanoTime() - start) / 1e9;
        if (response.statusCode() != 200) {
            throw new IllegalStateException(uri + " answered " + response.statusCode() + ": " + response.body());
        }
        System.out.printf("%s%n   %.1f s — %s%n", label, seconds, response.body());
    }

    /** Every facility × product: 10 % stocked out, the rest a plausible balance; figures as a batch wrote them yesterday. */
    static final String LOAD_STATUSES = """
            insert into stock_status (facility_code, product_code, quantity, amc, months_of_stock, status, stockout_days,
                                      first_event_at, last_event_at, updated_at)
            select f.code, p.code, q.quantity, 100, round(q.quantity / 100.0, 2),
                   case when q.quantity = 0 then 'STOCKED_OUT' when q.quantity < 25 then 'BELOW_MIN'
                        when q.quantity > 125 then 'ABOVE_MAX' else 'WITHIN_RANGE' end, 0,
                   now() - interval '200 days', now() - (q.h % 40) * interval '1 day', now() - interval '1 day'
            from facility f cross join product p
            cross join lateral (select abs(hashtext(f.code || p.code)) as h) hh
            cross join lateral (select hh.h, case when hh.h % 10 = 0 then 0 else hh.h % 400 + 1 end as quantity) q
            on conflict (facility_code, product_code) do nothing""";

    /**
     * Day rollups over the AMC window (from the first of the month three months back): consumption on
     * {@code days-per-week} days of each week, a receipt every fourth week.
     */
    static final String LOAD_DAYS = """
            insert into stock_day (facility_code, product_code, day, used, net_delta)
            select s.facility_code, s.product_code, d::date, u.used, case when extract(week from d)::int %% 4 = 0 then 4 * u.used else -u.used end
            from stock_status s
            cross join generate_series(date_trunc('month', now() at time zone 'Africa/Lagos') - interval '3 months',
                                       (now() at time zone 'Africa/Lagos')::date, interval '1 day') d
            cross join lateral (select 5 + abs(hashtext(s.facility_code || s.product_code || d::text)) %% 40 as used) u
            where extract(isodow from d) <= %d
            on conflict do nothing""";

    static final String READ_ALONE = """
            select count(*), sum(coalesce(array_length(d.days, 1), 0)) from stock_status s join facility f on f.code = s.facility_code
            left join lateral (select array_agg(x.day order by x.day) as days, array_agg(x.used order by x.day) as used,
                                      array_agg(x.net_delta order by x.day) as net, array_agg(x.counted order by x.day) as counted
                               from stock_day x where x.facility_code = s.facility_code and x.product_code = s.product_code
                                 and x.day >= date_trunc('month', now() at time zone 'Africa/Lagos') - interval '3 months') d on true""";

    static void sql(LocalInfra.Endpoints infra, String sql) throws Exception {
        StockThroughputBenchmark.run(StockThroughputBenchmark.psql(infra, sql), infra.pgPassword(), false);
    }

    static String count(LocalInfra.Endpoints infra, String sql) throws Exception {
        return StockThroughputBenchmark.run(StockThroughputBenchmark.psql(infra, sql), infra.pgPassword(), true).trim();
    }
}
