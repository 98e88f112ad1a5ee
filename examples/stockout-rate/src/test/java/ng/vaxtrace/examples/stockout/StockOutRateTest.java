package ng.vaxtrace.examples.stockout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import ng.vaxtrace.contracts.FacilityArea;
import ng.vaxtrace.contracts.StockLevelChanged;

class StockOutRateTest {

    static final FacilityArea KANO = new FacilityArea("NG-NW", "NG-KN", "NG-KN-017");
    static final Instant DECEMBER = lagos("2026-12-01T00:00");

    @Test
    void shouldDivideFacilityDaysStockedOutByFacilityDaysObserved() {
        StockOutRate rate = new StockOutRate();
        // A: stocked out from 11 to 21 November (10 days); B: never. 2 facilities × 30 days observed.
        rate.accept(id(), change("HF-A", "2026-11-01T00:00", 100));
        rate.accept(id(), change("HF-A", "2026-11-11T00:00", 0));
        rate.accept(id(), change("HF-A", "2026-11-21T00:00", 50));
        rate.accept(id(), change("HF-B", "2026-11-01T00:00", 200));

        assertThat(rate.rows(DECEMBER)).singleElement().satisfies(row -> {
            assertThat(row.month()).isEqualTo(YearMonth.of(2026, 11));
            assertThat(row.stateCode()).isEqualTo("NG-KN");
            assertThat(row.facilities()).isEqualTo(2);
            assertThat(row.facilityDays()).isCloseTo(60, within(1e-9));
            assertThat(row.stockedOutDays()).isCloseTo(10, within(1e-9));
            assertThat(row.rate()).isCloseTo(1.0 / 6, within(1e-9));
        });
    }

    @Test
    void shouldCountARedeliveredEventOnceAndPlaceALateOneAtItsTimeInTheField() {
        StockOutRate inOrder = new StockOutRate();
        StockOutRate redeliveredAndLate = new StockOutRate();
        String stockOut = id();
        inOrder.accept(id(), change("HF-A", "2026-11-01T00:00", 100));
        inOrder.accept(stockOut, change("HF-A", "2026-11-11T00:00", 0));
        inOrder.accept(id(), change("HF-A", "2026-11-21T00:00", 50));

        redeliveredAndLate.accept(id(), change("HF-A", "2026-11-01T00:00", 100));
        redeliveredAndLate.accept(id(), change("HF-A", "2026-11-21T00:00", 50));
        redeliveredAndLate.accept(stockOut, change("HF-A", "2026-11-11T00:00", 0)); // synced late from an offline app
        assertThat(redeliveredAndLate.accept(stockOut, change("HF-A", "2026-11-11T00:00", 0))).isFalse();

        assertThat(redeliveredAndLate.rows(DECEMBER)).isEqualTo(inOrder.rows(DECEMBER));
        assertThat(redeliveredAndLate.duplicates()).isEqualTo(1);
    }

    @Test
    void shouldSplitAStockOutAcrossMonthsInNigerianTime() {
        StockOutRate rate = new StockOutRate();
        rate.accept(id(), change("HF-A", "2026-10-31T12:00", 0));
        rate.accept(id(), change("HF-A", "2026-11-02T00:00", 80));

        List<StockOutRate.Row> rows = rate.rows(DECEMBER);
        assertThat(rows).extracting(StockOutRate.Row::month).containsExactly(YearMonth.of(2026, 10), YearMonth.of(2026, 11));
        assertThat(rows.get(0).stockedOutDays()).isCloseTo(0.5, within(1e-9));
        assertThat(rows.get(0).rate()).isCloseTo(1.0, within(1e-9));
        assertThat(rows.get(1).stockedOutDays()).isCloseTo(1, within(1e-9));
        assertThat(rows.get(1).facilityDays()).isCloseTo(30, within(1e-9));
    }

    @Test
    void shouldLeaveOutChangesThatDoNotSayWhereTheFacilityIs() {
        StockOutRate rate = new StockOutRate();
        StockLevelChanged placed = change("HF-A", "2026-11-01T00:00", 0);
        assertThat(rate.accept(id(), new StockLevelChanged("HF-X", "PENTA", null, id(), "issue", 1, 0, 0, placed.occurredAt(),
                placed.recordedAt(), null, null, null, null))).isFalse();
        assertThat(rate.unplaced()).isEqualTo(1);
        assertThat(rate.rows(DECEMBER)).isEmpty();
    }

    static StockLevelChanged change(String facility, String lagosTime, long balance) {
        Instant at = lagos(lagosTime);
        return new StockLevelChanged(facility, "PENTA", "LOT-1", id(), balance == 0 ? "issue" : "receipt", 0, balance, balance,
                at, at.plusSeconds(5), null, KANO, null, null);
    }

    static Instant lagos(String localTime) {
        return LocalDateTime.parse(localTime).atZone(StockOutRate.NIGERIA).toInstant();
    }

    static String id() {
        return UUID.randomUUID().toString();
    }
}
