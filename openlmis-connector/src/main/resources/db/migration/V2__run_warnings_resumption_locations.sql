-- Columns sized for what they hold (sync_run.trigger holds 'api:<username>'; usernames run to 255 characters in
-- OIDC providers; COMPLETED_WITH_WARNINGS is 23 characters). Audited with them: id_map.kind (longest 'trade-item'),
-- id_map.openlmis_id and sync_run_facility.facility_id (UUIDs, 36), id_map.code (our codes: at most 64 by the
-- contract's pattern), stock_card_state.lot_code (lot codes: at most 64 by the contract), event_id (UUIDs).
alter table sync_run alter column trigger type varchar(300);
alter table sync_run alter column status type varchar(32);

-- Resumption made explicit: a failed or interrupted run resumed later keeps its id, first trigger and start time;
-- these say how often and when it was resumed, by whom, and how far it had got.
alter table sync_run add column attempts int not null default 1;
alter table sync_run add column resumed_at timestamptz;
alter table sync_run add column resumed_by varchar(300);
alter table sync_run add column resumed_from int;
-- Facilities not placed in their LGA (placed at their state, or quarantined); listed in sync_run_unplaced.
alter table sync_run add column facilities_unplaced int not null default 0;
-- Seconds this run spent waiting for OpenLMIS to come back (5xx, timeouts, open breaker), against its budget.
alter table sync_run add column outage_seconds bigint not null default 0;

create table sync_run_unplaced (
    run_id      uuid         not null references sync_run (id),
    facility_id varchar(64)  not null,
    code        varchar(300) not null,
    name        text,
    outcome     varchar(32)  not null,
    state_code  varchar(16),
    reason      text         not null,
    primary key (run_id, facility_id)
);

-- The location of each facility from its full DTO (the list leaves it out), and a hash of its list entry when it was
-- read: the full DTO is read again only when the entry changed.
create table facility_detail (
    openlmis_id varchar(64) primary key,
    list_hash   varchar(64) not null,
    latitude    double precision,
    longitude   double precision,
    read_at     timestamptz not null
);

-- The last OpenLMIS line item of each card turned into events: the next change reads the card's line items after it.
alter table stock_card_state add column last_line_item_id varchar(64);
