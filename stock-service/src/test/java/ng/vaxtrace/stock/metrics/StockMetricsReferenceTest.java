package ng.vaxtrace.stock.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * {@link StockMetrics} against an independent, deliberately naive computation of the OpenLMIS rules on randomised
 * event streams: a day-by-day walk of the stock card instead of ranges. Sources of the rules re-implemented here:
 * OpenLMIS stockmanagement {@code StockCardAggregate} (a day is a stock-out day when the card ends the day at 0),
 * {@code Year360Utils.getDaysBetweenEu} (30E/360: the 31st reads as the 30th; the last day of February carries the
 * days up to the 30th), OpenLMIS requisition's adjusted consumption
 * ceil(consumption × 30 ÷ (30 − stock-out days)) and AMC = ceil(mean of the last 3 complete periods)
 * (shared reference openlmis-api.md §5, docs/domain-rules.md §4). Streams include facilities that fall silent for
 * months before evaluation and events entered out of time order (back-dated), which the ledger applies in time order.
 */
class StockMetricsReferenceTest {

    private static final ZoneId LAGOS = ZoneId.of("Africa/Lagos");
    private static final MinMax HEALTH_FACILITY = new MinMax(0.25, 1.25);

    @Test
    void shouldEqualAnIndependentDayByDayComputationOnRandomisedStreamsWithSilentFacilitiesAndBackDatedEvents() {
        Random random = new Random(20261204L);
        for (int stream = 0; stream < 2_000; stream++) {
            Instant start = Instant.parse("2025-12-01T00:00:00Z").plusSeconds(random.nextInt(200 * 86_400));
            List<Movement> arrival = randomStream(random, start);
            // back-dated events: entries arrive shuffled, the ledger orders them by when they happened
            List<Movement> ordered = new ArrayList<>(arrival);
            ordered.sort(Comparator.comparing(Movement::occurredAt));
            Instant last = ordered.get(ordered.size() - 1).occurredAt();
            // silent facilities: evaluated up to 5 months after their last report
            Instant now = last.plusSeconds(random.nextInt(150 * 86_400) + 1);
            long soh = ordered.stream().mapToLong(Movement::delta).sum();

            StockMetrics.Result actual = StockMetrics.compute(ordered, soh, ordered.get(0).occurredAt(), now, HEALTH_FACILITY);
            Reference expected = reference(ordered, now, HEALTH_FACILITY);

            String context = "stream " + stream + " now " + now + " movements " + ordered;
            assertThat(actual.stockOnHand()).as(context).isEqualTo(soh);
            assertThat(actual.stockOutDays()).as(context).isEqualTo(expected.stockOutDays);
            assertThat(actual.months().stream().map(StockMetrics.MonthUsage::adjusted).toList()).as(context)
                    .isEqualTo(expected.adjusted);
            assertThat(actual.amc()).as(context).isEqualTo(expected.amc);
            assertThat(actual.monthsOfStock()).as(context).isEqualTo(expected.monthsOfStock);
            assertThat(actual.status()).as(context).isEqualTo(expected.status);
        }
    }

    /** Receipts, consumption never beyond the balance, and physical counts, shuffled; some days are left out entirely. */
    private static List<Movement> randomStream(Random random, Instant start) {
        List<Movement> movements = new ArrayList<>();
        long balance = 0;
        Instant at = start;
        int events = 1 + random.nextInt(40);
        for (int i = 0; i < events; i++) {
            int kind = random.nextInt(10);
            if (i == 0 || kind < 3) {
                long received = 1 + random.nextInt(500);
                movements.add(new Movement(at, received, 0));
                balance += received;
            } else if (kind < 8) {
                long used = balance == 0 ? 0 : 1 + random.nextInt((int) Math.min(balance, 400));
                movements.add(new Movement(at, -used, used));
                balance -= used;
            } else {
                long counted = random.nextInt(5) == 0 ? 0 : random.nextInt((int) balance + 50);
                movements.add(new Movement(at, counted - balance, 0, counted - balance));
                balance = counted;
            }
            at = at.plusSeconds(random.nextInt(12 * 86_400));
        }
        List<Movement> shuffled = new ArrayList<>(movements);
        Collections.shuffle(shuffled, random);
        return shuffled;
    }

    private record Reference(int stockOutDays, List<Long> adjusted, Long amc, BigDecimal monthsOfStock, StockStatus status) {
    }

    private static Reference reference(List<Movement> movements, Instant now, MinMax minMax) {
        LocalDate today = day(now);
        LocalDate firstDay = day(movements.get(0).occurredAt());
        YearMonth current = YearMonth.from(today);
        LocalDate windowStart = current.minusMonths(3).atDay(1);

        // the balance at the end of every day the card existed
        int outInWindow = 0;
        int[] outInMonth = new int[3];
        long balance = 0;
        int next = 0;
        for (LocalDate d = firstDay; !d.isAfter(today); d = d.plusDays(1)) {
            while (next < movements.size() && day(movements.get(next).occurredAt()).equals(d)) {
                balance += movements.get(next++).delta();
            }
            if (balance > 0 || d.isBefore(windowStart)) {
                continue;
            }
            int weight = weight360(d);
            outInWindow += weight;
            int m = (int) (YearMonth.from(d).getMonthValue() + 12L * YearMonth.from(d).getYear()
                    - (current.minusMonths(3).getMonthValue() + 12L * current.minusMonths(3).getYear()));
            if (m < 3) {
                outInMonth[m] += weight;
            }
        }

        List<Long> adjusted = new ArrayList<>();
        YearMonth firstMonth = YearMonth.from(firstDay);
        for (int m = 0; m < 3; m++) {
            YearMonth month = current.minusMonths(3 - m);
            if (month.isBefore(firstMonth)) {
                continue;
            }
            long used = 0;
            long counted = 0;
            for (Movement mv : movements) {
                if (YearMonth.from(day(mv.occurredAt())).equals(month)) {
                    used += mv.used();
                    counted += mv.counted();
                }
            }
            long consumption = used > 0 ? used : Math.max(0, -counted);
            int out = Math.min(30, outInMonth[m]);
            adjusted.add(out >= 30 ? consumption : ceilDiv(consumption * 30, 30 - out));
        }
        Long amc = adjusted.isEmpty() ? null : ceilDiv(adjusted.stream().mapToLong(Long::longValue).sum(), adjusted.size());
        long soh = balance;
        BigDecimal mos = amc == null || amc == 0 ? null
                : new BigDecimal(soh).divide(new BigDecimal(amc), 2, RoundingMode.HALF_UP);
        StockStatus status;
        if (soh <= 0) {
            status = StockStatus.STOCKED_OUT;
        } else if (amc == null || amc == 0) {
            status = StockStatus.UNKNOWN;
        } else if (new BigDecimal(soh).compareTo(new BigDecimal(Double.toString(minMax.minMonths())).multiply(new BigDecimal(amc))) < 0) {
            status = StockStatus.BELOW_MIN;
        } else if (new BigDecimal(soh).compareTo(new BigDecimal(Double.toString(minMax.maxMonths())).multiply(new BigDecimal(amc))) > 0) {
            status = StockStatus.ABOVE_MAX;
        } else {
            status = StockStatus.WITHIN_RANGE;
        }
        return new Reference(outInWindow, adjusted, amc, mos, status);
    }

    /**
     * Days a calendar day is worth on OpenLMIS's 30E/360 calendar ({@code Year360Utils.getDaysBetweenEu(d, d + 1)}, where
     * the 31st reads as the 30th): nothing for the 30th of a 31-day month (the 30th and the 31st are the same 360-day
     * date), one for the 31st, the rest of the month for February's last day, one otherwise. Summed over a run of days
     * this is getDaysBetweenEu of its first day and the day after its last (OpenLMIS's Year360UtilsTest: 2025-02-03 to
     * 2025-03-31 is 57 days).
     */
    private static int weight360(LocalDate d) {
        if (d.getDayOfMonth() == 30 && d.lengthOfMonth() == 31) {
            return 0;
        }
        return d.getMonthValue() == 2 && d.getDayOfMonth() == d.lengthOfMonth() ? 31 - d.getDayOfMonth() : 1;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    private static LocalDate day(Instant instant) {
        return LocalDate.ofInstant(instant, LAGOS);
    }
}
