-- Refunds through the original route (issue 11), and one callback per (object, event type).

-- ------------------------------------------------------------------------------------------------
-- What a payment may still give back. refund_reserved: the sum of its refunds that are not FAILED
-- (reserved by the very transaction that stores a refund, released by the one that fails it);
-- refunded_amount: the sum of its SUCCEEDED refunds. Never more back than was charged.
-- ------------------------------------------------------------------------------------------------
alter table payment
    add column refund_reserved numeric(19, 4) not null default 0,
    add column refunded_amount numeric(19, 4) not null default 0,
    add constraint payment_refunds_within_amount check (
        refunded_amount >= 0 and refunded_amount <= refund_reserved and refund_reserved <= amount);

create table refund (
    id                  text primary key,
    payment_id          text        not null references payment (id),
    merchant_id         text        not null references merchant (id),
    merchant_refund_no  text        not null check (merchant_refund_no ~ '^[A-Za-z0-9_-]{1,64}$'),
    amount              numeric(19, 4) not null check (amount > 0),
    currency            text        not null check (currency ~ '^[A-Z]{3}$'),
    reason              text,
    -- keyed hash of the request content: an identical replay answers 200, a different one 409
    request_hash        bytea       not null,
    -- the original route: the channel and merchant account that charged the payment, never another
    channel_code        text        not null references channel (code),
    account_no          text        not null,
    -- ROUTED: to be sent (again) to its channel; SUBMITTING: claimed, the call may be in flight;
    -- PROCESSING/UNKNOWN: only ever queried; SUCCEEDED/FAILED terminal. Merchants see the first four as PROCESSING.
    status              text        not null check (status in ('ROUTED', 'SUBMITTING', 'PROCESSING', 'UNKNOWN', 'SUCCEEDED', 'FAILED')),
    failure_code        text,
    failure_message     text,
    outcome_code        text,
    outcome_message     text,
    http_status         integer,
    latency_ms          integer,
    -- calls made to submit it; a second one only after the channel proved it never took the first
    submissions         integer     not null default 0,
    -- the config of the current submission's call, as for attempts (V5)
    submitted_at        timestamptz,
    connect_timeout_ms  integer,
    timeout_ms          integer,
    deadline_at         timestamptz,
    not_found_grace_ms  integer,
    not_found_confirm_ms integer,
    acknowledged_at     timestamptz,
    not_found_since     timestamptz,
    last_query_at       timestamptz,
    query_count         integer     not null default 0,
    next_query_at       timestamptz,
    flagged_at          timestamptz,
    flag_reason         text,
    created_at          timestamptz not null,
    updated_at          timestamptz not null,
    completed_at        timestamptz,
    -- the idempotency guarantee: one refund per merchant refund number, whatever the concurrency
    constraint refund_merchant_no_uq unique (merchant_id, merchant_refund_no),
    foreign key (channel_code, account_no) references channel_account (channel_code, account_no),
    constraint refund_claim_recorded check (submitted_at is null or (deadline_at is not null
        and not_found_grace_ms is not null and not_found_confirm_ms is not null))
);
create index refund_payment_idx on refund (payment_id, created_at);
create index refund_routed_idx on refund (updated_at) where status = 'ROUTED';
create index refund_submitting_idx on refund (deadline_at) where status = 'SUBMITTING';
create index refund_query_due_idx on refund (next_query_at) where status in ('PROCESSING', 'UNKNOWN');
create index refund_open_idx on refund (created_at) where status not in ('SUCCEEDED', 'FAILED');

-- ------------------------------------------------------------------------------------------------
-- Events: one callback per (object, event type), for payments, refunds and later batches. The
-- body is rendered from the object when it is sent; payment_id is the payment concerned, if any.
-- ------------------------------------------------------------------------------------------------
alter table notification
    add column event_type text,
    add column object_id  text;
update notification n set event_type = 'payment.' || lower(p.status), object_id = n.payment_id
from payment p where p.id = n.payment_id;
alter table notification
    alter column event_type set not null,
    alter column object_id set not null,
    alter column payment_id drop not null,
    drop constraint notification_payment_uq,
    add constraint notification_event_uq unique (object_id, event_type),
    add constraint notification_event_type_ck check (event_type ~ '^(payment|refund|batch)\.[a-z_]+$');
