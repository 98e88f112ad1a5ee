package ng.vaxtrace.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The short path for ISO times must give exactly what java.time gives for every canonical form, and step aside
 * (null) for everything else, so the general path still decides — and words — every other case.
 */
class IsoTimesTest {

    private static final long FIRST_SECOND = LocalDate.of(0, 1, 1).toEpochDay() * 86_400;
    private static final long LAST_SECOND = LocalDate.of(9999, 12, 31).toEpochDay() * 86_400 + 86_399;

    @Test
    void shouldWriteEveryInstantAsIsoInstantDoes() {
        Random random = new Random(20261204);
        for (int i = 0; i < 200_000; i++) {
            Instant instant = Instant.ofEpochSecond(FIRST_SECOND + (long) (random.nextDouble() * (LAST_SECOND - FIRST_SECOND)), nanos(random));
            assertThat(IsoTimes.format(instant)).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(instant));
        }
        for (Instant edge : new Instant[] { Instant.EPOCH, Instant.ofEpochSecond(FIRST_SECOND), Instant.ofEpochSecond(LAST_SECOND, 999_999_999),
                Instant.ofEpochSecond(FIRST_SECOND - 1), Instant.ofEpochSecond(LAST_SECOND + 1), Instant.MIN, Instant.MAX,
                Instant.ofEpochSecond(-1, 1) }) {
            assertThat(IsoTimes.format(edge)).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(edge));
        }
    }

    @Test
    void shouldReadEveryCanonicalInstantAsIsoInstantDoes() {
        Random random = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            Instant instant = Instant.ofEpochSecond(FIRST_SECOND + (long) (random.nextDouble() * (LAST_SECOND - FIRST_SECOND)), nanos(random));
            String text = DateTimeFormatter.ISO_INSTANT.format(instant);
            // Any number of fraction digits, not only ISO_INSTANT's groups of three.
            if (text.contains(".") && random.nextBoolean()) {
                text = text.substring(0, text.length() - 1).replaceAll("0+$", "") + "Z";
                text = text.endsWith(".Z") ? text.replace(".Z", "Z") : text;
            }
            assertThat(IsoTimes.parseInstant(text)).as(text).isEqualTo(DateTimeFormatter.ISO_INSTANT.parse(text, Instant::from));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-04-31T00:00:00Z",
            "2026-12-04T24:00:00Z", "2026-12-31T23:59:60Z", "2026-12-04T10:60:00Z", "2026-12-04T10:15:30+01:00",
            "2026-12-04T10:15:30z", "2026-12-04T10:15:30", "2026-12-04 10:15:30Z", "+12026-12-04T10:15:30Z",
            "-0001-12-04T10:15:30Z", "2026-12-04T10:15:30.Z", "2026-12-04T10:15:30.1234567890Z", "2026-12-04T10:15:3aZ",
            "２０２６-12-04T10:15:30Z", "1700000000", "2026-12-04" })
    void shouldLeaveEveryOtherFormToJavaTime(String text) {
        assertThat(IsoTimes.parseInstant(text)).isNull();
    }

    @Test
    void shouldReadCanonicalDatesAsLocalDateDoesAndLeaveTheRest() {
        for (LocalDate day = LocalDate.of(1896, 1, 1); day.getYear() < 2104; day = day.plusDays(1)) {
            assertThat(IsoTimes.parseDate(day.toString())).isEqualTo(day);
        }
        for (String other : new String[] { "2027-02-29", "2027-06-31", "2027-00-01", "2027-6-30", "+2027-06-30", "2027-06-30T00:00:00Z",
                "20270630", "2027/06/30" }) {
            assertThat(IsoTimes.parseDate(other)).as(other).isNull();
        }
    }

    @Test
    void shouldKeepTheGeneralPathsAnswersForEventsThatLeaveTheShortPath() {
        // A leap second and an offset are read as before; an impossible day is still refused with its field named.
        String leap = event("2026-12-31T23:59:60Z");
        assertThat(EventJson.read(leap, EventJson.STOCK_EVENT).time()).isEqualTo(Instant.parse("2026-12-31T23:59:59Z"));
        assertThat(EventJson.read(event("2026-12-04t10:15:30z"), EventJson.STOCK_EVENT).time()).isEqualTo(Instant.parse("2026-12-04T10:15:30Z"));
        String offset = event("2026-12-04T11:15:30+01:00");
        assertThat(EventJson.read(offset, EventJson.STOCK_EVENT).time()).isEqualTo(Instant.parse("2026-12-04T10:15:30Z"));
        assertThatThrownBy(() -> EventJson.read(event("2026-02-29T00:00:00Z"), EventJson.STOCK_EVENT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("time");
        assertThatThrownBy(() -> EventJson.read(event("1700000000"), EventJson.STOCK_EVENT)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldWriteEventTimesAsBefore() {
        CloudEvent<String> event = CloudEvent.of("id-1", "/test", "ng.vaxtrace.test", "subject", Instant.parse("2026-12-04T10:15:30.120Z"), "x");
        assertThat(EventJson.write(event)).contains("\"time\":\"2026-12-04T10:15:30.120Z\"");
    }

    private static String event(String time) {
        return "{\"specversion\":\"1.0\",\"id\":\"e-1\",\"source\":\"/t\",\"type\":\"ng.vaxtrace.stock.receipt.v1\",\"time\":\"" + time + "\"}";
    }

    private static int nanos(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1_000;
            default -> random.nextInt(1_000_000_000);
        };
    }
}
