-- Steadfast schema, version 1 (PostgreSQL): exactly what Hibernate 6.6 creates with hbm2ddl for
-- the same entities as the H2 script of this version (generated with schema-generation scripts,
-- then reordered by hand: columns in entity order, the integrity columns last).
-- response_body is text: as a large object (oid, what @Lob gives) PostgreSQL's driver refuses it
-- inside an XA branch, and a purged row would leave the object behind.

create table payment (
    id                  varchar(36)  not null,
    order_id            varchar(64)  not null,
    amount_minor        bigint       not null,
    currency            varchar(3)   not null,
    method              varchar(20)  not null check (method in ('CARD','BANK_TRANSFER','WALLET')),
    status              varchar(20)  not null check (status in ('PENDING','DECLINED','UNKNOWN','AUTHORIZED','CAPTURED','PARTIALLY_REFUNDED','REFUNDED','VOIDED')),
    captured_minor      bigint       not null,
    refunded_minor      bigint       not null,
    card_pan_enc        varchar(120),
    card_token          varchar(64),
    card_masked         varchar(19),
    capture_on_approval boolean      not null,
    decline_reason      varchar(40),
    gateway_reference   varchar(40),
    idempotency_key     varchar(255) not null,
    receipt_key         varchar(200) not null,
    created_at          timestamp(6) with time zone not null,
    version             bigint       not null,
    check_crc32c        integer      not null,
    check_amount_secded smallint     not null,
    check_seal          varchar(44)  not null,
    primary key (id)
);

-- Not unique: idempotency_record enforces uniqueness, and a purged key may be used again.
create index ix_payment_idempotency_key on payment (idempotency_key);

create table ledger_entry (
    id                  varchar(36)  not null,
    payment_id          varchar(36)  not null,
    movement            varchar(20)  not null,
    account             varchar(40)  not null,
    currency            varchar(3)   not null,
    amount_minor        bigint       not null,
    created_at          timestamp(6) with time zone not null,
    check_crc32c        integer      not null,
    check_amount_secded smallint     not null,
    check_seal          varchar(44)  not null,
    primary key (id)
);

create index ix_ledger_payment on ledger_entry (payment_id);

create table idempotency_record (
    idempotency_key     varchar(255) not null,
    request_hash        varchar(64)  not null,
    payment_id          varchar(36)  not null,
    amount_minor        bigint       not null,
    response_status     integer      not null,
    response_body       text         not null,
    created_at          timestamp(6) with time zone not null,
    check_crc32c        integer      not null,
    check_amount_secded smallint     not null,
    check_seal          varchar(44)  not null,
    primary key (idempotency_key)
);

create table integrity_quarantine (
    row_key             varchar(120) not null,
    entity              varchar(60)  not null,
    entity_id           varchar(60)  not null,
    reason              varchar(200) not null,
    detected_at         timestamp(6) with time zone not null,
    primary key (row_key)
);
