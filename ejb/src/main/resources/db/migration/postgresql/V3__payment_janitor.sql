-- The payment janitor (issue 12): a new status, NEEDS_OPERATOR, for card payments whose outcome
-- the acquirer still does not know after the janitor's last attempt; a side table with the
-- janitor's attempts (the payment row is sealed, and this is scheduling, not money); and an index
-- for its search of payments still waiting for an outcome.
-- Written to run again harmlessly: SchemaAdoptionIT drops the history of a migrated database and
-- migrates it again.

-- PostgreSQL names a column's check constraint <table>_<column>_check, here and in a database of
-- the release before migrations alike.
alter table payment drop constraint if exists payment_status_check;
alter table payment add constraint payment_status_check
    check (status in ('PENDING','DECLINED','UNKNOWN','AUTHORIZED','CAPTURED','PARTIALLY_REFUNDED','REFUNDED','VOIDED','NEEDS_OPERATOR'));

create table if not exists payment_settlement (
    payment_id          varchar(36)  not null,
    attempts            integer      not null,
    last_attempt_at     timestamp(6) with time zone not null,
    next_attempt_at     timestamp(6) with time zone not null,
    primary key (payment_id)
);

create index if not exists ix_payment_status_created on payment (status, created_at);
