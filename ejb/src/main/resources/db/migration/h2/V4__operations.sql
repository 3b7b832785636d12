-- Operating Steadfast (issue 12): the admin API and console.
-- payment_transaction: the XA transaction (Narayana's id, as its log store names it) that wrote a
-- payment's receipt, recorded inside that transaction, so that an in-doubt transaction in the log
-- store joins exactly to its payment.
-- audit_entry: every operator action, append-only, hash-chained with a keyed MAC; audit_head holds
-- the chain's last link and is locked by each append, so that appends form one chain.
-- Written to run again harmlessly (SchemaAdoptionIT migrates a migrated database again).

create table if not exists payment_transaction (
    transaction_id      varchar(128) not null,
    payment_id          varchar(36)  not null,
    operation           varchar(32)  not null,
    recorded_at         timestamp(6) with time zone not null,
    primary key (transaction_id)
);

create index if not exists ix_payment_transaction_payment on payment_transaction (payment_id);

create table if not exists audit_entry (
    seq                 bigint        not null,
    recorded_at         timestamp(6) with time zone not null,
    actor               varchar(100)  not null,
    action              varchar(64)   not null,
    target              varchar(200)  not null,
    reason              varchar(500)  not null,
    before_state        varchar(4000),
    after_state         varchar(4000),
    mac                 varchar(64)   not null,
    primary key (seq)
);

create table if not exists audit_head (
    id                  integer       not null,
    seq                 bigint        not null,
    mac                 varchar(64)   not null,
    primary key (id)
);

insert into audit_head (id, seq, mac) select 1, 0, '' where not exists (select 1 from audit_head where id = 1);
