package ng.vaxtrace.http;

import java.util.List;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;


/**
 * Tables as RFC 4180 CSV for people who work in spreadsheets: CRLF line ends, a field quoted when it holds a comma,
 * quote, CR or LF, quotes doubled. A cell that a spreadsheet would run as a formula (starting with {@code = + - @},
 * tab or CR) gets a leading apostrophe (OWASP CSV injection), so a facility named {@code =HYPERLINK(…)} stays text;
 * numbers are written by the caller as numbers and never start with those characters except a minus sign, which
 * {@link #number} writes unprefixed.
 */
public final class Csv {

    public static final String MEDIA_TYPE = "text/csv";
    /**
     * Rows a paged download holds at most (and by default): a spreadsheet's worth, a few MB, so one download never
     * buffers a facility's whole history; the next page is named by the {@code X-Next-Cursor} header.
     */
    public static final int MAX_ROWS = 10_000;
    /** The header naming the cursor of a paged download's next page. */
    public static final String NEXT_CURSOR = "X-Next-Cursor";

    private final StringBuilder out = new StringBuilder(4096);

    public Csv(List<String> header) {
        row(header.toArray());
    }

    /** Appends a row; numbers are written as they are, everything else as text made safe. */
    public Csv row(Object... cells) {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            Object cell = cells[i];
            out.append(cell instanceof Number n ? number(n) : text(cell == null ? "" : cell.toString()));
        }
        out.append("\r\n");
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    static String number(Number n) {
        return n instanceof java.math.BigDecimal d ? d.toPlainString() : n.toString();
    }

    /** One text field: neutralised if a spreadsheet would evaluate it, then quoted if RFC 4180 requires it. */
    static String text(String value) {
        String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        boolean quote = safe.indexOf(',') >= 0 || safe.indexOf('"') >= 0 || safe.indexOf('\n') >= 0 || safe.indexOf('\r') >= 0;
        return quote ? '"' + safe.replace("\"", "\"\"") + '"' : safe;
    }

    /**
     * Whether the caller asked for CSV: {@code ?format=csv}, or an Accept header that prefers {@code text/csv}.
     * Another {@code format} is a 400 naming the field.
     */
    public static boolean wanted(String format, HttpHeaders headers) {
        if (format != null) {
            return switch (format) {
                case "csv" -> true;
                case "json" -> false;
                default -> throw ProblemException.invalid("format", "must be csv or json");
            };
        }
        List<MediaType> accepted = headers.getAcceptableMediaTypes();
        return !accepted.isEmpty() && accepted.get(0).isCompatible(MediaType.valueOf(MEDIA_TYPE)) && !accepted.get(0).isWildcardType();
    }

    /**
     * The page size of a paged table: for JSON {@code limit} 1–{@code jsonMax} (default {@code jsonDefault}); for CSV
     * 1–{@link #MAX_ROWS} (default {@link #MAX_ROWS}), so a download is a whole table or a large part of one.
     */
    public static int limit(String limit, boolean csv, int jsonDefault, int jsonMax) {
        if (limit == null) {
            return csv ? MAX_ROWS : jsonDefault;
        }
        return QueryParams.limit("limit", limit, csv ? MAX_ROWS : jsonMax);
    }

    /** The CSV as a download named {@code filename}, with the next page's cursor in {@link #NEXT_CURSOR} when there is one. */
    public Response response(String filename, String nextCursor) {
        Response response = response(filename);
        return nextCursor == null ? response : Response.fromResponse(response).header(NEXT_CURSOR, nextCursor).build();
    }

    /** The CSV as a download named {@code filename}. */
    public Response response(String filename) {
        return Response.ok(toString(), MEDIA_TYPE + "; charset=utf-8; header=present")
                .header("Content-Disposition", "attachment; filename=\"" + filename + "\"").build();
    }
}
