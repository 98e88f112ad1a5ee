-- What has been published on vaxtrace.transfers.v1, per suggestion (docs/redistribution.md#live-updates): each
-- recomputed plan is compared with it, and only the differences are published. Withdrawn suggestions are kept for a
-- week so that a suggestion that comes back continues its version numbers (event ids stay unique).
CREATE TABLE transfer_publication (
    suggestion_id VARCHAR(200) PRIMARY KEY,   -- <product>/<from facility>/<to facility>
    version       INT          NOT NULL,      -- of the last published event
    status        VARCHAR(16)  NOT NULL,      -- SUGGESTED or WITHDRAWN
    fingerprint   VARCHAR(64)  NOT NULL,      -- hash of what was suggested (doses, lots, need, distance)
    payload       TEXT         NOT NULL,      -- the last published suggestion (JSON), for its withdrawal
    changed_at    TIMESTAMPTZ  NOT NULL
);
CREATE INDEX transfer_publication_withdrawn ON transfer_publication (changed_at) WHERE status = 'WITHDRAWN';
