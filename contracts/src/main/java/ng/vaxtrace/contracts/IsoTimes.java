package ng.vaxtrace.contracts;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * The ISO-8601 forms every event carries, read and written without {@link DateTimeFormatter}'s general machinery.
 * Profiling stock-service's apply showed java.time's parser and printer at a seventh of its CPU (maps of parsed
 * fields, resolvers) for two or three times per event. Only the canonical forms take the short path —
 * {@code 2026-12-04T10:15:30Z} with 0–9 fraction digits, {@code 2026-12-04}, years 0000–9999 — and give exactly what
 * {@link DateTimeFormatter#ISO_INSTANT} and {@link DateTimeFormatter#ISO_LOCAL_DATE} give; anything else (offsets,
 * leap seconds, signed or long years, mistakes) returns {@code null} here and goes the general way, with its errors.
 */
public final class IsoTimes {

    /** Seconds from the epoch to 0000-01-01T00:00:00Z and to 10000-01-01T00:00:00Z: the four-digit years. */
    private static final long MIN_FOUR_DIGIT = -62167219200L;
    private static final long MAX_FOUR_DIGIT = 253402300800L;

    private IsoTimes() {
    }

    /** {@code text} as an instant when it is in the canonical UTC form, else null (the caller parses it in full). */
    public static Instant parseInstant(String text) {
        int n = text.length();
        if (n < 20 || n > 30 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':'
                || text.charAt(16) != ':' || text.charAt(n - 1) != 'Z') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int nanos = 0;
        if (n > 20) {
            int fraction = n - 21; // between '.' and 'Z'
            if (text.charAt(19) != '.' || fraction < 1 || fraction > 9) {
                return null;
            }
            int value = digits(text, 20, fraction);
            if (value < 0) {
                return null;
            }
            nanos = value;
            for (int i = fraction; i < 9; i++) {
                nanos *= 10;
            }
        }
        if (day > 28 && day > lengthOfMonth(year, month)) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** {@code text} as a date when it is {@code yyyy-MM-dd}, else null (the caller parses it in full). */
    public static LocalDate parseDate(String text) {
        if (text.length() != 10 || text.charAt(4) != '-' || text.charAt(7) != '-') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month)) {
            return null;
        }
        return LocalDate.of(year, month, day);
    }

    /** The instant as {@link DateTimeFormatter#ISO_INSTANT} writes it (fraction in groups of three digits, if any). */
    public static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < MIN_FOUR_DIGIT || seconds >= MAX_FOUR_DIGIT) {
            return DateTimeFormatter.ISO_INSTANT.format(instant);
        }
        long epochDay = Math.floorDiv(seconds, 86_400);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        LocalDate date = LocalDate.ofEpochDay(epochDay);
        char[] out = new char[30];
        put(out, 0, date.getYear(), 4);
        out[4] = '-';
        put(out, 5, date.getMonthValue(), 2);
        out[7] = '-';
        put(out, 8, date.getDayOfMonth(), 2);
        out[10] = 'T';
        put(out, 11, secondOfDay / 3_600, 2);
        out[13] = ':';
        put(out, 14, secondOfDay / 60 % 60, 2);
        out[16] = ':';
        put(out, 17, secondOfDay % 60, 2);
        int at = 19;
        int nanos = instant.getNano();
        if (nanos > 0) {
            out[at++] = '.';
            if (nanos % 1_000_000 == 0) {
                put(out, at, nanos / 1_000_000, 3);
                at += 3;
            } else if (nanos % 1_000 == 0) {
                put(out, at, nanos / 1_000, 6);
                at += 6;
            } else {
                put(out, at, nanos, 9);
                at += 9;
            }
        }
        out[at++] = 'Z';
        return new String(out, 0, at);
    }

    /** The unsigned decimal of {@code count} characters from {@code from}, or -1 if one is not a digit. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static void put(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    private static int lengthOfMonth(int year, int month) {
        return switch (month) {
            case 2 -> java.time.Year.isLeap(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }
}
