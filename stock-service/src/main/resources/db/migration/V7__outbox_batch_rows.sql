-- The outbox keeps one row per applied batch (message_key '*', the batch's stock-level changes framed one per line:
-- key TAB areas TAB json), so its insert and delete cost the same for a batch of 1 or of 1,000. Rows of the older
-- format (one change per row) are still read by the relay. A batch row is ~0.5–1 MB of JSON: lz4 compresses it
-- several times faster than the default pglz.
ALTER TABLE outbox_message ALTER COLUMN payload SET COMPRESSION lz4;
