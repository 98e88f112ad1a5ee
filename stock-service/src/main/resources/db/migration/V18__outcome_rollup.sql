-- Outcome metrics per month (docs/outcome-metrics.md): one row per facility × product × Africa/Lagos month, computed
-- by outcome/OutcomeRollup from stock_day and stock_status (never from the ledger per request), so an area's figures
-- are one aggregate over at most facilities × products rows.
CREATE TABLE outcome_month (
    month           DATE        NOT NULL,   -- first day of the month
    facility_code   VARCHAR(64) NOT NULL,
    product_code    VARCHAR(64) NOT NULL,
    facility_days   INTEGER     NOT NULL,   -- days of the month the stock card existed (to today in the current month)
    stockout_days   INTEGER     NOT NULL,   -- of those, days that ended with the product's balance at 0
    used            BIGINT      NOT NULL,   -- the month's consumption as the AMC counts it (StockMetrics)
    opening_balance BIGINT      NOT NULL,
    closing_balance BIGINT      NOT NULL,   -- at the end of the month (now, in the current month)
    amc             BIGINT,                 -- at the end of the month, as stock-service computes it; null: unknown
    months_of_stock NUMERIC(10, 2),
    status          VARCHAR(16) NOT NULL,
    computed_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (month, facility_code, product_code)
);

-- Doses wasted per month and reason (discards by reason, open-vial adjustments), from the ledger's wastage entries.
CREATE TABLE outcome_wastage (
    month         DATE        NOT NULL,
    facility_code VARCHAR(64) NOT NULL,
    product_code  VARCHAR(64) NOT NULL,
    reason        VARCHAR(32) NOT NULL,
    doses         BIGINT      NOT NULL,
    PRIMARY KEY (month, facility_code, product_code, reason)
);

-- A facility's monthly report: the first physical count it made in the month, and when VaxTrace received it.
CREATE TABLE outcome_reporting (
    month               DATE        NOT NULL,
    facility_code       VARCHAR(64) NOT NULL,
    first_count_at      TIMESTAMPTZ NOT NULL,
    first_recorded_at   TIMESTAMPTZ NOT NULL,   -- earliest receipt of a count of the month
    PRIMARY KEY (month, facility_code)
);

-- When each month's rollup was last computed (answers carry it, so a reader knows how fresh the figures are).
CREATE TABLE outcome_refresh (
    month       DATE        PRIMARY KEY,
    computed_at TIMESTAMPTZ NOT NULL,
    pairs       BIGINT      NOT NULL,
    millis      BIGINT      NOT NULL
);

-- Target population (surviving infants) per area (or facility catchment) and year, loaded by an administrator.
CREATE TABLE target_population (
    area_code  VARCHAR(64) NOT NULL,
    year       INTEGER     NOT NULL,
    children   BIGINT      NOT NULL CHECK (children > 0),
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (area_code, year)
);

-- The rollup reads a month's wastage entries and counts by time across all facilities: a partial index holds only
-- those (a few per cent of the ledger's rows), so the apply path pays for it on those rows only.
CREATE INDEX ledger_entry_outcome ON ledger_entry (occurred_at) WHERE event_type IN ('discard', 'adjustment', 'physical-count');
