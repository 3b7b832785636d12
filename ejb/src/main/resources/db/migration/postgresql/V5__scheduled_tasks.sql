-- Scheduled tasks run once per fire in the whole cluster (issue 13): every node's timer fires on
-- the task's schedule, and the node that moves the task's last_fire forward to this fire runs it
-- (ScheduledRuns.claim); the others find it taken and skip it. The row also tells an operator
-- where and when each task last ran, and how often.
-- Written to run again harmlessly: SchemaAdoptionIT drops the history of a migrated database and
-- migrates it again.

create table if not exists scheduled_task (
    name                varchar(64)  not null,
    last_fire           timestamp(6) with time zone not null,
    last_node           varchar(64)  not null,
    last_run_at         timestamp(6) with time zone not null,
    runs                bigint       not null,
    primary key (name)
);

insert into scheduled_task (name, last_fire, last_node, last_run_at, runs)
    values ('payment-janitor', timestamptz '1970-01-01 00:00:00+00', '-', timestamptz '1970-01-01 00:00:00+00', 0),
           ('idempotency-purge', timestamptz '1970-01-01 00:00:00+00', '-', timestamptz '1970-01-01 00:00:00+00', 0)
    on conflict (name) do nothing;
