-- Audit log of write actions: append-only (the database refuses UPDATE, DELETE and TRUNCATE). before/after never
-- hold personal data in clear (contacts are masked).
CREATE TABLE audit_log (
    id            BIGSERIAL PRIMARY KEY,
    at            TIMESTAMPTZ  NOT NULL,
    actor         VARCHAR(200) NOT NULL,
    role          VARCHAR(32)  NOT NULL,
    actor_area    VARCHAR(64),
    action        VARCHAR(64)  NOT NULL,   -- stock.adjust, facility.contact.update, admin.contacts.reencrypt, ...
    subject_type  VARCHAR(32)  NOT NULL,
    subject_id    VARCHAR(200) NOT NULL,
    facility_code VARCHAR(64),
    before        JSONB,
    after         JSONB
);
CREATE INDEX audit_log_actor ON audit_log (actor, id DESC);
CREATE INDEX audit_log_action ON audit_log (action, id DESC);
CREATE INDEX audit_log_facility ON audit_log (facility_code, id DESC);
CREATE INDEX audit_log_at ON audit_log (at);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
