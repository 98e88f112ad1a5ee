package ng.vaxtrace.stock.ledger;

import java.util.ArrayList;
import java.util.List;

/**
 * How a batch's stock-level changes are kept in one outbox row: one change per line, {@code key TAB areas TAB json}.
 * One row per batch instead of one per change makes the outbox's insert and delete a constant cost per batch (the
 * payload is compressed with lz4 by PostgreSQL, V7). Facility and area codes hold no tab or newline, and the JSON
 * writer escapes control characters, so the framing is unambiguous. Rows of the older format (one change, its key in
 * {@code message_key}) are still read, so an upgrade never strands an unpublished change.
 */
public final class OutboxFormat {

    /** The {@code message_key} of a batch row. */
    public static final String BATCH_KEY = "*";

    /** One change of a row, as the relay publishes it. */
    public record Change(String key, String payload, String invalidateAreas) {
    }

    private OutboxFormat() {
    }

    public static String frame(String[] keys, String[] payloads, String[] areas) {
        int size = 0;
        for (String payload : payloads) {
            size += payload.length() + 64;
        }
        StringBuilder framed = new StringBuilder(size);
        for (int i = 0; i < payloads.length; i++) {
            framed.append(keys[i]).append('\t').append(areas[i]).append('\t').append(payloads[i]).append('\n');
        }
        return framed.toString();
    }

    /** The changes of a stored row, in the order they were written. */
    public static List<Change> changes(String messageKey, String payload, String invalidateAreas) {
        if (!BATCH_KEY.equals(messageKey)) {
            return List.of(new Change(messageKey, payload, invalidateAreas));
        }
        List<Change> changes = new ArrayList<>();
        int start = 0;
        while (start < payload.length()) {
            int end = payload.indexOf('\n', start);
            int tab1 = payload.indexOf('\t', start);
            int tab2 = payload.indexOf('\t', tab1 + 1);
            if (end < 0 || tab1 < 0 || tab2 < 0 || tab2 > end) {
                throw new IllegalStateException("outbox row is not in the batch format at character " + start);
            }
            changes.add(new Change(payload.substring(start, tab1), payload.substring(tab2 + 1, end), payload.substring(tab1 + 1, tab2)));
            start = end + 1;
        }
        return changes;
    }
}
