-- The part of each business day's net change that physical counts made (what a count found missing, negative, or
-- found extra): the consumption of a month with none recorded is what its counts found missing (OpenLMIS calculated
-- consumption), so facilities that only count get an AMC (metrics/StockMetrics, docs/domain-rules.md §4).
ALTER TABLE stock_day ADD COLUMN counted BIGINT NOT NULL DEFAULT 0;

UPDATE stock_day d SET counted = c.counted
FROM (SELECT facility_code, product_code, (occurred_at AT TIME ZONE 'Africa/Lagos')::date AS day, sum(delta) AS counted
      FROM ledger_entry WHERE event_type = 'physical-count'
      GROUP BY 1, 2, 3) c
WHERE d.facility_code = c.facility_code AND d.product_code = c.product_code AND d.day = c.day AND c.counted <> 0;
