-- One row per Africa/Lagos business day whose metrics recompute a replica claimed (ledger/DailyRecompute): the claim
-- makes one replica run it, its renewal lets another take over from a replica that died, finished_at makes it once a
-- day. full_run: every pair was recomputed (the first run of a month must be, the AMC window moved); later runs of
-- the month only recompute pairs stocked out, the only figures a day without events can change.
CREATE TABLE metrics_recompute (
    day         DATE         PRIMARY KEY,
    claimed_by  VARCHAR(128) NOT NULL,
    claimed_at  TIMESTAMPTZ  NOT NULL,
    finished_at TIMESTAMPTZ,
    full_run    BOOLEAN      NOT NULL DEFAULT false,
    pairs       BIGINT,
    changed     BIGINT
);
