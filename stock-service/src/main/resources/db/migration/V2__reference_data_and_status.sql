-- Reference data: the administrative hierarchy, facilities at every tier, products and lots.
CREATE TABLE area (
    code        VARCHAR(64) PRIMARY KEY,          -- NG, NG-NW, NG-KN, NG-KN-017
    name        VARCHAR(200) NOT NULL,
    level       VARCHAR(16)  NOT NULL,            -- COUNTRY, ZONE, STATE, LGA
    parent_code VARCHAR(64) REFERENCES area (code),
    latitude    DOUBLE PRECISION,
    longitude   DOUBLE PRECISION
);
CREATE INDEX area_parent ON area (parent_code);

CREATE TABLE facility (
    code       VARCHAR(64) PRIMARY KEY,
    name       VARCHAR(200) NOT NULL,
    tier       VARCHAR(32)  NOT NULL,             -- NATIONAL, ZONE, STATE, LGA, HEALTH_FACILITY
    zone_code  VARCHAR(64),
    state_code VARCHAR(64),
    lga_code   VARCHAR(64),
    latitude   DOUBLE PRECISION,
    longitude  DOUBLE PRECISION,
    active     BOOLEAN      NOT NULL DEFAULT TRUE,
    updated_at TIMESTAMPTZ  NOT NULL
);
CREATE INDEX facility_zone ON facility (zone_code);
CREATE INDEX facility_state ON facility (state_code);
CREATE INDEX facility_lga ON facility (lga_code);

CREATE TABLE product (
    code             VARCHAR(64) PRIMARY KEY,
    name             VARCHAR(200) NOT NULL,
    kind             VARCHAR(16)  NOT NULL,
    doses_per_vial   INTEGER      NOT NULL,
    storage_min_c    INTEGER,
    storage_max_c    INTEGER,
    freeze_sensitive BOOLEAN      NOT NULL,
    vvm              BOOLEAN      NOT NULL,
    open_vial_hours  INTEGER,
    diluent_for      VARCHAR(64),
    updated_at       TIMESTAMPTZ  NOT NULL
);

CREATE TABLE lot (
    product_code VARCHAR(64) NOT NULL,
    code         VARCHAR(64) NOT NULL,
    expiry       DATE,
    manufacturer VARCHAR(200),
    PRIMARY KEY (product_code, code)
);

-- Derived metrics per facility and product, kept current with every change: what dashboards aggregate.
CREATE TABLE stock_status (
    facility_code   VARCHAR(64) NOT NULL,
    product_code    VARCHAR(64) NOT NULL,
    quantity        BIGINT      NOT NULL,
    amc             BIGINT,                       -- null: not enough history
    months_of_stock NUMERIC(10, 2),
    status          VARCHAR(16) NOT NULL,         -- STOCKED_OUT, BELOW_MIN, WITHIN_RANGE, ABOVE_MAX, UNKNOWN
    stockout_days   INTEGER     NOT NULL,
    first_event_at  TIMESTAMPTZ NOT NULL,
    last_event_at   TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (facility_code, product_code)
);
CREATE INDEX stock_status_product ON stock_status (product_code, status);

-- Late events recompute the balances after them: the facts of a ledger entry stay immutable, but its derived
-- delta and running balance may be recomputed.
DROP TRIGGER ledger_entry_append_only ON ledger_entry;
DROP FUNCTION ledger_entry_is_append_only();
CREATE FUNCTION ledger_entry_facts_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    facts ledger_entry;
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'ledger_entry is append-only';
    END IF;
    facts := NEW;
    facts.delta := OLD.delta;
    facts.balance_after := OLD.balance_after;
    IF facts IS DISTINCT FROM OLD THEN
        RAISE EXCEPTION 'ledger_entry is append-only: only the derived delta and balance_after may be recomputed';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE ON ledger_entry
    FOR EACH ROW EXECUTE FUNCTION ledger_entry_facts_are_immutable();

CREATE INDEX ledger_entry_card ON ledger_entry (facility_code, product_code, lot_code, occurred_at, id);
CREATE INDEX ledger_entry_history ON ledger_entry (facility_code, occurred_at DESC, id DESC);

-- The areas whose cached aggregates a change makes stale, so the relay can invalidate them precisely.
ALTER TABLE outbox_message ADD COLUMN invalidate_areas VARCHAR(300) NOT NULL DEFAULT '';
