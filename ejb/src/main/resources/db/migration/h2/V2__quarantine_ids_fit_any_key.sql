-- A quarantined idempotency record is named by its key, which may be 255 characters long: with
-- entity_id at 60 (and row_key at 120) recording it failed with "Value too long", so the row was
-- answered with a generic 500 and never reached the quarantine list.
alter table integrity_quarantine alter column entity_id set data type varchar(255);
alter table integrity_quarantine alter column row_key set data type varchar(320);
