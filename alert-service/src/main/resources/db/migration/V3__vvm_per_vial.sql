-- VVM stage is per vial: a lot keeps what its stage 3/4 reports add up to since it was last found clear, instead of
-- the worst stage ever reported (which condemned the whole lot for good). vvm_stage is now null when the lot is clear.
ALTER TABLE lot_level
    ADD COLUMN vvm_discarded BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN vvm_pending   BIGINT NOT NULL DEFAULT 0;
UPDATE lot_level SET vvm_stage = NULL WHERE vvm_stage < 3;
-- Lots already flagged: what was on hand was taken as condemned; keep it so until a count or an inspection clears it.
UPDATE lot_level SET vvm_pending = balance WHERE vvm_stage >= 3;
