-- The payment janitor (issue 12): a new status, NEEDS_OPERATOR, for card payments whose outcome
-- the acquirer still does not know after the janitor's last attempt; a side table with the
-- janitor's attempts (the payment row is sealed, and this is scheduling, not money); and an index
-- for its search of payments still waiting for an outcome.
-- Written to run again harmlessly: SchemaAdoptionIT drops the history of a migrated database and
-- migrates it again, and a database of the release before migrations made by hbm2ddl update with
-- today's entities (PreviousReleaseH2Test) already has all of it.

-- The status check was declared on the column, so H2 named it itself (CONSTRAINT_<n>, different
-- from one database to the next): find it by its clause and drop it by that name.
execute immediate 'alter table payment drop constraint "' || (
    select cc.constraint_name
    from information_schema.check_constraints cc
    join information_schema.table_constraints tc
      on tc.constraint_schema = cc.constraint_schema and tc.constraint_name = cc.constraint_name
    where tc.table_schema = current_schema and tc.table_name = 'PAYMENT' and tc.constraint_type = 'CHECK'
      and cc.check_clause like '%"STATUS"%') || '"';
alter table payment add constraint ck_payment_status
    check (status in ('PENDING','DECLINED','UNKNOWN','AUTHORIZED','CAPTURED','PARTIALLY_REFUNDED','REFUNDED','VOIDED','NEEDS_OPERATOR'));

create table if not exists payment_settlement (
    payment_id          varchar(36)  not null,
    attempts            integer      not null,
    last_attempt_at     timestamp(6) with time zone not null,
    next_attempt_at     timestamp(6) with time zone not null,
    primary key (payment_id)
);

create index if not exists ix_payment_status_created on payment (status, created_at);
