-- Reconciliation and discrepancy handling (issue 12): accounting days, statement runs, the
-- statement's lines (staged by COPY), discrepancies, and the daily re-query of what stays open.

-- ------------------------------------------------------------------------------------------------
-- The accounting day an order belongs to, in its channel's time zone and cut-off, fixed when it is
-- sent (an order sent after the cut-off belongs to the next day's statement).
-- ------------------------------------------------------------------------------------------------
alter table attempt
    add column accounting_day  date,
    -- how many times the daily re-query (补单) asked about it after its query schedule ran out
    add column daily_requeries integer not null default 0;
alter table refund
    add column accounting_day  date,
    add column daily_requeries integer not null default 0,
    -- MERCHANT: asked for by the business line (reserved against the payment); RECONCILIATION: gives
    -- back money a channel took that payroute did not keep (a discrepancy's resolution), never reserved
    add column origin text not null default 'MERCHANT' check (origin in ('MERCHANT', 'RECONCILIATION')),
    add column discrepancy_id text;
create index attempt_channel_day_idx on attempt (channel_code, accounting_day) where accounting_day is not null;
create index refund_channel_day_idx on refund (channel_code, accounting_day) where accounting_day is not null;
-- one correcting refund per discrepancy, whatever the retries
create unique index refund_one_per_discrepancy on refund (discrepancy_id) where discrepancy_id is not null;
-- what the daily re-query looks for: open after the schedule ran out
create index attempt_requery_idx on attempt (last_query_at) where status in ('PROCESSING', 'UNKNOWN') and next_query_at is null;
create index refund_requery_idx on refund (last_query_at) where status in ('PROCESSING', 'UNKNOWN') and next_query_at is null;

-- ------------------------------------------------------------------------------------------------
-- One reconciliation per (channel, accounting day): re-running it replaces its results.
-- ------------------------------------------------------------------------------------------------
create table reconciliation (
    id              text primary key,
    channel_code    text        not null references channel (code),
    day             date        not null,
    status          text        not null check (status in ('WAITING_FOR_STATEMENT', 'RUNNING', 'DONE', 'FAILED')),
    counts          jsonb       not null default '{}',
    -- statement fetches so far, the next one, and when a statement still missing is reported (未回盘)
    fetches         integer     not null default 0,
    next_fetch_at   timestamptz not null default now(),
    deadline_at     timestamptz not null,
    statement_lines bigint,
    error           text,
    requested_by    text        not null,
    created_at      timestamptz not null default now(),
    started_at      timestamptz,
    finished_at     timestamptz,
    constraint reconciliation_channel_day_uq unique (channel_code, day)
);
create index reconciliation_waiting_idx on reconciliation (next_fetch_at) where status = 'WAITING_FOR_STATEMENT';

-- The statement being compared, staged by COPY; unlogged (a crash loses only what a re-run reloads).
-- COPY fills every column but the run's id, which the loading transaction sets (set local
-- payroute.reconciliation_id) so the statement streams straight in without being rewritten.
create unlogged table statement_line (
    reconciliation_id  text    not null default current_setting('payroute.reconciliation_id'),
    order_no           text    not null,
    type               text    not null,
    amount             numeric(19, 4) not null,
    currency           text    not null,
    status             text    not null,
    time               text,
    original_order_no  text
);
create index statement_line_run_idx on statement_line (reconciliation_id, order_no);

-- ------------------------------------------------------------------------------------------------
-- Discrepancies: one per (channel, day, kind, order); a re-run finds the same one again, never a copy.
-- ------------------------------------------------------------------------------------------------
create table discrepancy (
    id                  text primary key,
    reconciliation_id   text        not null references reconciliation (id),
    channel_code        text        not null,
    day                 date        not null,
    kind                text        not null check (kind in ('CHANNEL_ONLY', 'PAYROUTE_ONLY', 'AMOUNT_MISMATCH',
                                        'STATUS_MISMATCH', 'DUPLICATE_CHARGE')),
    order_no            text        not null,
    payment_id          text,
    refund_id           text,
    channel_amount      numeric(19, 4),
    payroute_amount     numeric(19, 4),
    currency            text,
    channel_status      text,
    payroute_status     text,
    status              text        not null check (status in ('OPEN', 'RESOLVING', 'RESOLVED')),
    resolution          jsonb,
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now(),
    constraint discrepancy_uq unique (channel_code, day, kind, order_no)
);
create index discrepancy_open_idx on discrepancy (channel_code, kind) where status <> 'RESOLVED';
