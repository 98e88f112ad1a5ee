-- openlmis-connector's own state: OpenLMIS ids mapped to our codes, the last-seen state of every stock card, sync runs.

-- kind: zone, facility, program, product (commodity-type orderable), trade-item (orderable), lot.
create table id_map (
    kind           varchar(16)  not null,
    openlmis_id    varchar(64)  not null,
    code           varchar(64)  not null,
    product_code   varchar(64),
    expiry         date,
    -- hash of the reference event last published for it: unchanged data is not published again
    published_hash varchar(64),
    updated_at     timestamptz  not null default now(),
    primary key (kind, openlmis_id)
);

create table stock_card_state (
    card_id       varchar(64)  primary key,
    facility_code varchar(64)  not null,
    product_code  varchar(64)  not null,
    lot_code      varchar(64),
    stock_on_hand bigint       not null,
    occurred_date date         not null,
    event_id      varchar(128) not null,
    updated_at    timestamptz  not null
);

create table sync_run (
    id               uuid        primary key,
    trigger          varchar(16) not null,
    status           varchar(16) not null,
    started_at       timestamptz not null,
    finished_at      timestamptz,
    facilities_total int         not null default 0,
    facilities_done  int         not null default 0,
    cards_read       bigint      not null default 0,
    stock_events     bigint      not null default 0,
    reference_events bigint      not null default 0,
    error            text
);

-- A facility is listed once all its pages were read and its events acknowledged by Kafka: a resumed run skips it.
create table sync_run_facility (
    run_id       uuid        not null references sync_run (id),
    facility_id  varchar(64) not null,
    completed_at timestamptz not null,
    primary key (run_id, facility_id)
);
