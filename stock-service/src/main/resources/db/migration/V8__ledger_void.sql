-- Voids: the link from a compensating ledger entry to the entry it voids, with the administrator's reason. One void
-- per entry (primary key); a void entry is never itself voided (the service checks void_event_id). Append-only like
-- the ledger, so a repair is itself never repaired away.
CREATE TABLE ledger_void (
    voided_event_id VARCHAR(128) PRIMARY KEY REFERENCES ledger_entry (event_id),
    void_event_id   VARCHAR(128) NOT NULL UNIQUE REFERENCES ledger_entry (event_id),
    reason          VARCHAR(500) NOT NULL,
    actor           VARCHAR(200) NOT NULL,
    at              TIMESTAMPTZ  NOT NULL
);

CREATE FUNCTION ledger_void_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger_void is append-only';
END $$;
CREATE TRIGGER ledger_void_append_only BEFORE UPDATE OR DELETE ON ledger_void
    FOR EACH ROW EXECUTE FUNCTION ledger_void_is_append_only();
CREATE TRIGGER ledger_void_no_truncate BEFORE TRUNCATE ON ledger_void
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_void_is_append_only();
