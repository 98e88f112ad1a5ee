-- Business days whose area rollup (stock_day_area) must be recomputed: noted by each ledger batch in the statement
-- that writes its stock_day rows, taken by AreaDayRollup once the noting transaction is older than every running one
-- (so the day rows it sums hold what that transaction wrote). Insert-only for the batches; no row is shared between
-- them, unlike summing into the nation's area row inside each batch (V26), which made them wait on each other.
CREATE TABLE stock_day_area_pending (
    day       DATE NOT NULL,
    marked_by XID8 NOT NULL DEFAULT pg_current_xact_id()
);
