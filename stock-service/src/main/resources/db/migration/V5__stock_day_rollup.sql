-- Per business day (Africa/Lagos) movements of each facility's product, kept by the transaction that writes the
-- ledger: the metrics (AMC, stock-out days, status) read at most ~4 months of these rows instead of rescanning the
-- ledger, so applying an event costs the same whatever the facility's history.
CREATE TABLE stock_day (
    facility_code VARCHAR(64) NOT NULL,
    product_code  VARCHAR(64) NOT NULL,
    day           DATE        NOT NULL,
    used          BIGINT      NOT NULL,   -- doses consumed or issued that day
    net_delta     BIGINT      NOT NULL,   -- signed change of the product's balance that day (all lots)
    PRIMARY KEY (facility_code, product_code, day)
);

INSERT INTO stock_day (facility_code, product_code, day, used, net_delta)
SELECT facility_code, product_code, (occurred_at AT TIME ZONE 'Africa/Lagos')::date,
       sum(CASE WHEN event_type IN ('consumption', 'issue') THEN quantity ELSE 0 END), sum(delta)
FROM ledger_entry
GROUP BY 1, 2, 3;

-- The outbox relay and its sweep look rows up by age.
CREATE INDEX outbox_message_created ON outbox_message (created_at, id);

-- Metrics no longer read a facility's product movements across lots by time: the index that served that read only
-- cost every insert (the card index serves late events, the history index the ledger API).
DROP INDEX ledger_entry_stock_card;
