-- Facility contacts (NDPR personal data): the name and phone number are stored only as AES-256-GCM ciphertext
-- (12-byte random IV followed by ciphertext and tag; the AAD binds facility code and field), under the key named by
-- key_id. Keys come from configuration (vaxtrace.pii.keys), never from the database.
CREATE TABLE facility_contact (
    facility_code VARCHAR(64)  PRIMARY KEY REFERENCES facility (code),
    name_cipher   BYTEA        NOT NULL,
    phone_cipher  BYTEA        NOT NULL,
    key_id        VARCHAR(32)  NOT NULL,
    updated_at    TIMESTAMPTZ  NOT NULL,
    updated_by    VARCHAR(200) NOT NULL
);
-- Re-encryption finds the rows not yet under the active key.
CREATE INDEX facility_contact_key ON facility_contact (key_id);
