-- Every DHIS2 push (export/Dhis2Export): what was sent for which period, how DHIS2 answered. A period is pushed with
-- importStrategy CREATE_AND_UPDATE, so pushing it again replaces its values; a push whose payload equals the last
-- accepted one of the period is skipped.
CREATE TABLE dhis2_export (
    id             BIGSERIAL    PRIMARY KEY,
    period         VARCHAR(6)   NOT NULL,   -- DHIS2 monthly period yyyyMM
    trigger        VARCHAR(16)  NOT NULL,   -- manual, scheduled
    actor          VARCHAR(200) NOT NULL,
    payload_sha256 VARCHAR(64)  NOT NULL,
    payload        TEXT         NOT NULL,
    value_count    INTEGER      NOT NULL,
    status         VARCHAR(16)  NOT NULL,   -- PUSHING, SUCCESS, WARNING, FAILED
    attempts       INTEGER      NOT NULL DEFAULT 0,
    http_status    INTEGER,
    response       TEXT,                    -- DHIS2's answer (import summary), or the last error
    started_at     TIMESTAMPTZ  NOT NULL,
    finished_at    TIMESTAMPTZ
);
CREATE INDEX dhis2_export_period ON dhis2_export (period, id DESC);
