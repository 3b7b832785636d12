-- A quarantined idempotency record is named by its key, which may be 255 characters long: with
-- entity_id at 60 (and row_key at 120) recording it failed with "value too long", so the row was
-- answered with a generic 500 and never reached the quarantine list.
alter table integrity_quarantine alter column entity_id type varchar(255);
alter table integrity_quarantine alter column row_key type varchar(320);
