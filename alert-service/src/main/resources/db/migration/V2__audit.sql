-- Audit log: who did what to which alert, with the state before and after. Written in the same transaction as the
-- change it records; append-only (the trigger below refuses UPDATE, DELETE and TRUNCATE, whoever asks). In production
-- run the service with a database role that does not own this table, so it cannot drop the trigger either
-- (docs/security-alert.md).
CREATE TABLE audit_log (
    id            BIGSERIAL PRIMARY KEY,
    at            TIMESTAMPTZ  NOT NULL,
    actor         VARCHAR(128) NOT NULL,
    role          VARCHAR(32)  NOT NULL,
    -- the area the actor's token restricted it to (NG, a zone, state or LGA code, or a facility code)
    actor_area    VARCHAR(64)  NOT NULL,
    action        VARCHAR(64)  NOT NULL,
    subject_type  VARCHAR(32)  NOT NULL,
    subject_id    VARCHAR(128) NOT NULL,
    -- where the subject sits, for filtering by area
    facility_code VARCHAR(64),
    zone_code     VARCHAR(64),
    state_code    VARCHAR(64),
    lga_code      VARCHAR(64),
    before        JSONB,
    after         JSONB,
    note          VARCHAR(1000)
);
CREATE INDEX audit_log_actor ON audit_log (actor, id DESC);
CREATE INDEX audit_log_subject ON audit_log (subject_id, id DESC);
CREATE INDEX audit_log_at ON audit_log (at DESC);

CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
