-- alert-service owns alerts and the little state its rules need. Nothing here is shared with other services.

-- Where each facility sits (from stock-level changes) and when we last heard from it (reporting-gap rule).
CREATE TABLE facility (
    facility_code VARCHAR(64) PRIMARY KEY,
    zone_code     VARCHAR(64),
    state_code    VARCHAR(64),
    lga_code      VARCHAR(64),
    last_event_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX facility_last_event ON facility (last_event_at);

-- The latest stock figures per facility and product, as stock-service computed them.
CREATE TABLE product_level (
    facility_code   VARCHAR(64) NOT NULL,
    product_code    VARCHAR(64) NOT NULL,
    balance         BIGINT      NOT NULL,
    amc             BIGINT,
    months_of_stock NUMERIC(10, 2),
    min_months      NUMERIC(6, 2),
    max_months      NUMERIC(6, 2),
    recorded_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (facility_code, product_code)
);

-- Per lot: balance, expiry and the worst VVM stage reported (a VVM never goes back).
CREATE TABLE lot_level (
    facility_code VARCHAR(64) NOT NULL,
    product_code  VARCHAR(64) NOT NULL,
    lot_code      VARCHAR(64) NOT NULL,
    balance       BIGINT      NOT NULL,
    expiry        DATE,
    vvm_stage     SMALLINT,
    PRIMARY KEY (facility_code, product_code, lot_code)
);
CREATE INDEX lot_level_expiring ON lot_level (expiry) WHERE balance > 0;

-- Cold-chain readings: the history the excursion rules measure runs on.
CREATE TABLE fridge_reading (
    fridge_id     VARCHAR(64)   NOT NULL,
    measured_at   TIMESTAMPTZ   NOT NULL,
    facility_code VARCHAR(64)   NOT NULL,
    temperature_c NUMERIC(6, 2) NOT NULL,
    PRIMARY KEY (fridge_id, measured_at)
);

-- Event ids already applied: redelivered records change nothing (pruned after the retention in config).
CREATE TABLE processed_event (
    event_id     VARCHAR(128) PRIMARY KEY,
    processed_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX processed_event_age ON processed_event (processed_at);

CREATE TABLE alert (
    id              UUID PRIMARY KEY,
    alert_type      VARCHAR(32)  NOT NULL,
    severity        VARCHAR(16)  NOT NULL,
    status          VARCHAR(16)  NOT NULL,
    facility_code   VARCHAR(64)  NOT NULL,
    -- product code, fridge id or '' (reporting gap): with facility and type, the dedup key
    subject         VARCHAR(64)  NOT NULL,
    product_code    VARCHAR(64),
    lot_code        VARCHAR(64),
    fridge_id       VARCHAR(64),
    zone_code       VARCHAR(64),
    state_code      VARCHAR(64),
    lga_code        VARCHAR(64),
    message         VARCHAR(500) NOT NULL,
    details         JSONB        NOT NULL DEFAULT '{}',
    raised_at       TIMESTAMPTZ  NOT NULL,
    updated_at      TIMESTAMPTZ  NOT NULL,
    acknowledged_at TIMESTAMPTZ,
    acknowledged_by VARCHAR(128),
    resolved_at     TIMESTAMPTZ,
    resolved_by     VARCHAR(128),
    resolution      VARCHAR(8),
    notes           JSONB        NOT NULL DEFAULT '[]'
);
-- The heart of deduplication: at most one unresolved alert per facility + subject + type, enforced by Postgres
-- so concurrent consumers and redeliveries cannot open a second one.
CREATE UNIQUE INDEX alert_one_unresolved ON alert (facility_code, subject, alert_type) WHERE status <> 'RESOLVED';
CREATE INDEX alert_raised ON alert (raised_at DESC, id DESC);
CREATE INDEX alert_state ON alert (state_code, raised_at DESC);
CREATE INDEX alert_lga ON alert (lga_code, raised_at DESC);
CREATE INDEX alert_zone ON alert (zone_code, raised_at DESC);
CREATE INDEX alert_facility ON alert (facility_code, raised_at DESC);
CREATE INDEX alert_unresolved ON alert (status) WHERE status <> 'RESOLVED';

-- Every transition, append-only: the alert's history.
CREATE TABLE alert_transition (
    id         BIGSERIAL PRIMARY KEY,
    alert_id   UUID         NOT NULL REFERENCES alert (id),
    event_id   UUID         NOT NULL UNIQUE,
    transition VARCHAR(16)  NOT NULL,
    status     VARCHAR(16)  NOT NULL,
    severity   VARCHAR(16)  NOT NULL,
    actor      VARCHAR(128) NOT NULL,
    note       VARCHAR(1000),
    at         TIMESTAMPTZ  NOT NULL
);
CREATE INDEX alert_transition_alert ON alert_transition (alert_id, id);

-- Transactional outbox: alert events written with the change, published after commit, deleted after Kafka's ack.
CREATE TABLE outbox_message (
    id          BIGSERIAL PRIMARY KEY,
    message_key VARCHAR(64) NOT NULL,
    payload     TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
