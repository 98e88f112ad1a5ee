-- The ledger: one row per applied stock event, never updated or deleted.
CREATE TABLE ledger_entry (
    id                BIGSERIAL PRIMARY KEY,
    event_id          VARCHAR(128) NOT NULL UNIQUE,   -- CloudEvent id: the idempotency key
    event_type        VARCHAR(32)  NOT NULL,          -- receipt, issue, ...
    facility_code     VARCHAR(64)  NOT NULL,
    product_code      VARCHAR(64)  NOT NULL,
    lot_code          VARCHAR(64)  NOT NULL,          -- '' for products not tracked by lot
    lot_expiry        DATE,
    quantity          BIGINT       NOT NULL,          -- as reported
    delta             BIGINT       NOT NULL,          -- the change it made to the lot balance
    balance_after     BIGINT       NOT NULL,
    occurred_at       TIMESTAMPTZ  NOT NULL,
    recorded_at       TIMESTAMPTZ  NOT NULL,
    source            VARCHAR(256) NOT NULL,
    source_system     VARCHAR(64)  NOT NULL,
    vvm_stage         SMALLINT,
    reason            VARCHAR(32),
    counterparty_code VARCHAR(64)
);
CREATE INDEX ledger_entry_stock_card ON ledger_entry (facility_code, product_code, occurred_at);

CREATE FUNCTION ledger_entry_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger_entry is append-only';
END $$;
CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE ON ledger_entry
    FOR EACH ROW EXECUTE FUNCTION ledger_entry_is_append_only();

-- Current balance per facility, product and lot.
CREATE TABLE stock_balance (
    id               BIGSERIAL PRIMARY KEY,
    facility_code    VARCHAR(64) NOT NULL,
    product_code     VARCHAR(64) NOT NULL,
    lot_code         VARCHAR(64) NOT NULL,
    lot_expiry       DATE,
    quantity         BIGINT      NOT NULL CHECK (quantity >= 0),
    last_occurred_at TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    CONSTRAINT stock_balance_card UNIQUE (facility_code, product_code, lot_code)
);

-- Transactional outbox: stock-level changes written with the ledger entry, published after commit, then deleted.
CREATE TABLE outbox_message (
    id           BIGSERIAL PRIMARY KEY,
    topic        VARCHAR(128) NOT NULL,
    message_key  VARCHAR(128) NOT NULL,
    payload      TEXT         NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL
);

-- Events we could not apply (invalid, or would make stock negative): kept with the reason, never dropped.
CREATE TABLE rejected_event (
    id            BIGSERIAL PRIMARY KEY,
    event_id      VARCHAR(128) NOT NULL UNIQUE,
    event_type    VARCHAR(128),
    facility_code VARCHAR(64),
    reason        TEXT         NOT NULL,
    payload       TEXT         NOT NULL,
    received_at   TIMESTAMPTZ  NOT NULL
);
CREATE INDEX rejected_event_received ON rejected_event (received_at DESC);
