package ng.vaxtrace.tools.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Map;

import ng.vaxtrace.security.Roles;
import ng.vaxtrace.testing.LocalInfra;
import ng.vaxtrace.testing.ServiceProcess;
import ng.vaxtrace.testing.TestIssuer;

/**
 * The monthly outcome rollup (stock-service outcome/OutcomeRollup) at national scale: the synthetic Nigeria (818 stores
 * + 39 health facilities per LGA, 16 products), every pair with a status and day rollups from three months back, a
 * month's discards (5 % of pairs) and physical counts (every facility) in the ledger; then the operator's refresh of
 * last month (a whole month) and of this month (to today) timed to their answers, and the national and a state's
 * outcome report read through the API. Beside them, in the same run, the rollup's read alone in psql.
 * Run: {@code ./vaxtrace bench outcomes [--facilities-per-lga 39] [--days-per-week 2]}.
 */
public final class OutcomeBenchmark {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String ADMIN = TestIssuer.bearer(Roles.ADMIN, null);
    private static final String NATIONAL = TestIssuer.bearer(Roles.NATIONAL_OFFICER, null);

    private OutcomeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = RecomputeBenchmark.options(args);
        int daysPerWeek = Integer.parseInt(options.getOrDefault("days-per-week", "2"));
        LocalInfra.Endpoints infra = LocalInfra.start();
        YearMonth current = YearMonth.now(ZoneId.of("Africa/Lagos"));
        YearMonth last = current.minusMonths(1);
        try (ServiceProcess stock = RecomputeBenchmark.stockService(infra, options,
                Map.of("vaxtrace.stock.outcomes.refresh-enabled", "false"))) {
            long start = System.nanoTime();
            // ./vaxtrace bench starts from empty servers; servers kept from an earlier run keep their data.
            if (RecomputeBenchmark.count(infra, "select count(*) from stock_day").equals("0")) {
                RecomputeBenchmark.sql(infra, RecomputeBenchmark.LOAD_STATUSES);
                RecomputeBenchmark.sql(infra, RecomputeBenchmark.LOAD_DAYS.formatted(daysPerWeek));
                RecomputeBenchmark.sql(infra, LOAD_LEDGER.formatted(last.atDay(1), last.atDay(1)));
            }
            RecomputeBenchmark.sql(infra, "vacuum analyze stock_status");
            RecomputeBenchmark.sql(infra, "vacuum analyze stock_day");
            RecomputeBenchmark.sql(infra, "vacuum analyze ledger_entry");
            System.out.printf("VaxTrace outcome rollup benchmark — %s facilities × %s products = %s pairs, %s day rollups "
                    + "(%d days a week with movements), %s wastage and count entries in %s; loaded in %.0f s; %d cores%n",
                    RecomputeBenchmark.count(infra, "select count(*) from facility"),
                    RecomputeBenchmark.count(infra, "select count(*) from product"),
                    RecomputeBenchmark.count(infra, "select count(*) from stock_status"),
                    RecomputeBenchmark.count(infra, "select count(*) from stock_day"), daysPerWeek,
                    RecomputeBenchmark.count(infra, "select count(*) from ledger_entry"), last,
                    (System.nanoTime() - start) / 1e9, Runtime.getRuntime().availableProcessors());

            refresh(stock, last, "1. last month, a whole month (first rollup: every row inserted)");
            refresh(stock, last, "2. last month again (every row rewritten, as the nightly refresh does)");
            refresh(stock, current, "3. this month to today");
            for (String area : new String[] { "NG", "NG", "NG-KN" }) {
                read(stock, area, last);
            }

            long read = System.nanoTime();
            String rows = RecomputeBenchmark.count(infra, RecomputeBenchmark.READ_ALONE);
            System.out.printf("   ceiling, same run: the rollup's read alone in psql (every pair with its day rollups aggregated): "
                    + "%s pairs|day rows in %.1f s%n", rows, (System.nanoTime() - read) / 1e9);
        }
    }

    private static void refresh(ServiceProcess stock, YearMonth month, String label) throws Exception {
        URI uri = stock.uri("/api/v1/admin/outcomes/" + month + "/refresh");
        long start = System.nanoTime();
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).header("Authorization", ADMIN).timeout(Duration.ofMinutes(30))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        double seconds = (System.nanoTime() - start) / 1e9;
        if (response.statusCode() != 200) {
            throw new IllegalStateException(uri + " answered " + response.statusCode() + ": " + response.body());
        }
        System.out.printf("%s%n   %.1f s — %s%n", label, seconds, response.body());
    }

    private static void read(ServiceProcess stock, String area, YearMonth month) throws Exception {
        URI uri = stock.uri("/api/v1/areas/" + area + "/outcomes?month=" + month);
        long start = System.nanoTime();
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).header("Authorization", NATIONAL).build(),
                HttpResponse.BodyHandlers.ofString());
        double millis = (System.nanoTime() - start) / 1e6;
        if (response.statusCode() != 200) {
            throw new IllegalStateException(uri + " answered " + response.statusCode() + ": " + response.body());
        }
        System.out.printf("   GET /api/v1/areas/%s/outcomes?month=%s: %.0f ms, %d bytes (%s)%n", area, month, millis,
                response.body().length(), response.body().replaceAll("^.*?(\"facilities\":[0-9]+).*$", "$1"));
    }

    /**
     * A month of the ledger's entries the rollup reads itself: a VVM or expiry discard on 5 % of pairs, a physical count
     * of every facility's first product on the facility's reporting day (days 1–10 of the month, some late).
     */
    private static final String LOAD_LEDGER = """
            insert into ledger_entry (event_id, event_type, facility_code, product_code, lot_code, quantity, delta, balance_after,
                                      occurred_at, recorded_at, source, source_system, reason)
            select 'bench-discard-' || s.facility_code || '-' || s.product_code, 'discard', s.facility_code, s.product_code, '',
                   10, -10, greatest(s.quantity, 10) - 10, t.at, t.at, '/bench', 'bench',
                   case when h.h %% 2 = 0 then 'VVM' else 'EXPIRED' end
            from stock_status s
            cross join lateral (select abs(hashtext(s.facility_code || s.product_code)) as h) h
            cross join lateral (select (date '%s' + (h.h %% 28) * interval '1 day' + interval '10 hours') at time zone 'Africa/Lagos' as at) t
            where h.h %% 20 = 1
            union all
            select 'bench-count-' || f.code, 'physical-count', f.code, 'BCG', '', 100, 0, 100, t.at, t.at + interval '1 hour',
                   '/bench', 'bench', null
            from facility f
            cross join lateral (select (date '%s' + (abs(hashtext(f.code)) %% 10) * interval '1 day' + interval '9 hours')
                                        at time zone 'Africa/Lagos' as at) t""";
}
