-- Payouts under control (issue 13): two-person reviews, held payments, the duplicate-payment guard,
-- batches, and each channel's clock (time zone, accounting cut-off, payout windows).

-- ------------------------------------------------------------------------------------------------
-- Merchants: the guards' settings.
-- ------------------------------------------------------------------------------------------------
alter table merchant
    -- same account, type and amount under another merchantOrderNo within this window: a suspected duplicate
    add column duplicate_window interval not null default interval '24 hours'
        check (duplicate_window >= interval '0' and duplicate_window <= interval '31 days'),
    -- a PAYOUT at or above this amount waits for a review; null: no limit
    add column payout_review_limit numeric(19, 4) check (payout_review_limit is null or payout_review_limit > 0);

-- ------------------------------------------------------------------------------------------------
-- Channels: their own clock. The accounting day (reconciliation) runs in the channel's time zone and
-- ends at its cut-off; payouts are sent only inside its payout windows (empty: always).
-- ------------------------------------------------------------------------------------------------
alter table channel
    add column timezone       text   not null default 'Asia/Shanghai',
    add column cutoff         text   not null default '23:00' check (cutoff ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
    add column payout_windows text[] not null default '{}'
        check (array_to_string(payout_windows, ',') ~ '^(([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-4]):[0-5][0-9](,|$))*$');

-- ------------------------------------------------------------------------------------------------
-- Two-person reviews: what a change would do, who asked, and who approved or rejected it. The
-- approval's primary key makes "two distinct people" a constraint; the requester is refused by the
-- approving statement itself. At most one pending review per target.
-- ------------------------------------------------------------------------------------------------
create table review (
    id                  text primary key,
    kind                text        not null check (kind in ('PAYOUT_HOLD', 'CHANNEL_CHANGE', 'DISCREPANCY_RESOLUTION')),
    target              text        not null,
    summary             text        not null,
    -- what approval does, read by the package that owns the target
    action              jsonb       not null,
    status              text        not null check (status in ('PENDING', 'APPROVED', 'REJECTED')),
    requested_by        text        not null,
    required_approvals  integer     not null check (required_approvals >= 1),
    created_at          timestamptz not null default now(),
    decided_at          timestamptz,
    check ((status = 'PENDING') = (decided_at is null))
);
create unique index review_one_pending_per_target on review (target) where status = 'PENDING';
create index review_target_idx on review (target, created_at);
create index review_pending_idx on review (created_at) where status = 'PENDING';

create table review_decision (
    review_id   text        not null references review (id),
    decided_by  text        not null,
    decision    text        not null check (decision in ('APPROVE', 'REJECT')),
    note        text,
    at          timestamptz not null default now(),
    -- one decision per person and review: a second approval by the same person cannot exist
    primary key (review_id, decided_by)
);

-- ------------------------------------------------------------------------------------------------
-- Batches: one per (merchant, merchantBatchNo); each good item is an ordinary payment carrying the
-- batch and its index. Counts and amounts per status are kept by the transactions that change an
-- item's status, so reading a batch never scans its items.
-- ------------------------------------------------------------------------------------------------
create table batch (
    id                  text primary key,
    merchant_id         text        not null references merchant (id),
    merchant_batch_no   text        not null check (merchant_batch_no ~ '^[A-Za-z0-9_-]{1,64}$'),
    type                text        not null check (type in ('DEBIT', 'PAYOUT')),
    notify_url          text,
    -- the items' currency when they share one (the amounts below are then in it), else null
    currency            text,
    request_hash        bytea       not null,
    status              text        not null check (status in ('PROCESSING', 'COMPLETED')),
    items               integer     not null check (items between 1 and 10000),
    rejected            jsonb       not null default '[]',
    rejected_count      integer     not null default 0 check (rejected_count >= 0),
    processing          integer     not null default 0 check (processing >= 0),
    on_hold             integer     not null default 0 check (on_hold >= 0),
    succeeded           integer     not null default 0 check (succeeded >= 0),
    failed              integer     not null default 0 check (failed >= 0),
    succeeded_amount    numeric(21, 4) not null default 0,
    failed_amount       numeric(21, 4) not null default 0,
    -- not COMPLETED by then: alert (未回盘)
    deadline_at         timestamptz not null,
    created_at          timestamptz not null,
    updated_at          timestamptz not null,
    completed_at        timestamptz,
    constraint batch_merchant_no_uq unique (merchant_id, merchant_batch_no),
    -- every item is accounted for exactly once
    check (rejected_count + processing + on_hold + succeeded + failed = items),
    check ((status = 'COMPLETED') = (processing = 0 and on_hold = 0))
);
create index batch_open_idx on batch (deadline_at) where status = 'PROCESSING';

-- ------------------------------------------------------------------------------------------------
-- Payments: held for review, guarded against duplicates, in a batch, routed later.
-- ------------------------------------------------------------------------------------------------
alter table payment drop constraint payment_status_check;
alter table payment
    add constraint payment_status_check check (status in ('ON_HOLD', 'PROCESSING', 'SUCCEEDED', 'FAILED')),
    -- why it waits for a review (DUPLICATE_SUSPECTED, AMOUNT_OVER_REVIEW_LIMIT) and since when
    add column hold_reason  text,
    add column held_at      timestamptz,
    -- blind index of the account number: HMAC-SHA256 under a key of its own, so "same account" is
    -- found without any clear number (the encryption key cannot produce it)
    add column account_index bytea,
    -- deferred: a batch row is written last, with the counts of the items stored before it in the same transaction
    add column batch_id     text references batch (id) deferrable initially deferred,
    add column batch_index  integer,
    -- not routed yet: to be routed at or after this time (batch fan-out, a payout window, an approved
    -- hold); null once its first attempt exists
    add column route_at     timestamptz,
    add constraint payment_hold_reason check ((status = 'ON_HOLD') <= (hold_reason is not null)),
    add constraint payment_batch_item check ((batch_id is null) = (batch_index is null));
-- the duplicate guard's look-up: same merchant, account, type and amount, recent first
create index payment_guard_idx on payment (merchant_id, account_index, type, amount, created_at)
    where account_index is not null;
create unique index payment_batch_item_uq on payment (batch_id, batch_index) where batch_id is not null;
create index payment_route_due_idx on payment (route_at) where route_at is not null;
create index payment_on_hold_idx on payment (held_at) where status = 'ON_HOLD';

-- ------------------------------------------------------------------------------------------------
-- Ops roles: "admin" manages merchants, keys and ops tokens and may do everything "ops" may.
-- ------------------------------------------------------------------------------------------------
alter table ops_token drop constraint ops_token_role_check;
alter table ops_token add constraint ops_token_role_check check (role in ('admin', 'ops', 'viewer'));

-- the repeated-debit gauge counts the last day's DEBITs per account
create index payment_debit_created_idx on payment (created_at) where type = 'DEBIT' and account_index is not null;
