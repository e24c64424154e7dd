-- Money safety II (issue 9): "never taken" must be proven, one budget per channel merchant
-- account, the config an in-flight call was made with, fencing, and a store for dead letters.

-- ------------------------------------------------------------------------------------------------
-- 1. "Never taken" must be proven (API.md section 2). A 404 to a query counts only after the
--    channel's grace period, counted from the submission's own deadline, and only once a second
--    404 confirms it at least the confirmation interval later.
-- ------------------------------------------------------------------------------------------------
alter table channel
    add column not_found_grace_ms   integer not null default 120000 check (not_found_grace_ms >= 0),
    add column not_found_confirm_ms integer not null default 30000 check (not_found_confirm_ms >= 0);

-- ------------------------------------------------------------------------------------------------
-- 2. Channel merchant accounts (商户号). The concurrency limit and the credentials belong to the
--    account payroute's company holds with a channel, not to a business line.
-- ------------------------------------------------------------------------------------------------
create table channel_account (
    channel_code     text        not null references channel (code),
    account_no       text        not null check (account_no ~ '^[A-Za-z0-9_.-]{1,64}$'),
    -- name of a secret in configuration (payroute.channels.credentials."<ref>"), never the secret
    credentials_ref  text,
    -- submissions, queries and refunds under this account, across replicas, at most this many at once
    max_concurrency  integer     not null check (max_concurrency between 1 and 10000),
    -- business lines without a binding of their own use the channel's default account
    is_default       boolean     not null default false,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    primary key (channel_code, account_no)
);
-- exactly one default account per channel (at most one here; creation inserts it with the channel)
create unique index channel_account_one_default on channel_account (channel_code) where is_default;
-- A secret belongs to one account of one channel: pointing another channel at it would send that
-- secret (and decrypted account numbers) to wherever that channel's address is.
create unique index channel_account_credentials_uq on channel_account (credentials_ref) where credentials_ref is not null;

insert into channel_account (channel_code, account_no, credentials_ref, max_concurrency, is_default)
select code, 'default', credentials_ref, max_concurrency, true from channel;

-- Each business line calls a channel under one account; without a row here, the default account.
create table channel_binding (
    channel_code     text        not null,
    merchant_id      text        not null references merchant (id),
    account_no       text        not null,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    primary key (channel_code, merchant_id),
    foreign key (channel_code, account_no) references channel_account (channel_code, account_no)
);

alter table channel drop column credentials_ref, drop column max_concurrency;

-- ------------------------------------------------------------------------------------------------
-- 3. Every decision about an in-flight call uses the config that call was made with: recorded on
--    the attempt when it is claimed (SUBMITTING), never read again from the channel row.
-- ------------------------------------------------------------------------------------------------
alter table attempt
    add column account_no           text,
    add column connect_timeout_ms   integer,
    add column timeout_ms           integer,
    -- submitted_at + connect + response timeout: the call cannot still be running after this
    add column deadline_at          timestamptz,
    add column not_found_grace_ms   integer,
    add column not_found_confirm_ms integer,
    -- the channel acknowledged the order (200 PROCESSING, 409 duplicate): never "not taken" again
    add column acknowledged_at      timestamptz,
    -- when the query step now being asked was taken: the not-found rule compares the time a query was
    -- sent, never the time its answer came back
    add column last_query_at        timestamptz,
    -- the first 404 after the grace period; a second one, sent at least the confirmation interval later, proves it
    add column not_found_since      timestamptz;

update attempt a set account_no = 'default',
                     connect_timeout_ms = c.connect_timeout_ms,
                     timeout_ms = c.timeout_ms,
                     deadline_at = a.submitted_at + (c.connect_timeout_ms + c.timeout_ms) * interval '1 millisecond',
                     not_found_grace_ms = c.not_found_grace_ms,
                     not_found_confirm_ms = c.not_found_confirm_ms
from channel c where c.code = a.channel_code and a.submitted_at is not null;

alter table attempt
    -- a call that may have happened always knows the config it was made with
    add constraint attempt_claim_recorded check (
        submitted_at is null or (account_no is not null and deadline_at is not null
            and not_found_grace_ms is not null and not_found_confirm_ms is not null)),
    -- an order the channel ever acknowledged is never "not taken"
    add constraint attempt_acknowledged_never_not_taken check (not (status = 'NOT_TAKEN' and acknowledged_at is not null));

-- the sweeper looks for SUBMITTING attempts past their own deadline
drop index if exists attempt_submitting_idx;
create index attempt_submitting_deadline_idx on attempt (deadline_at) where status = 'SUBMITTING';

-- ------------------------------------------------------------------------------------------------
-- 4. Fencing: the id of this installation. A replica whose database id differs from the one that
--    claimed the broker's vhost consumes and publishes nothing there.
-- ------------------------------------------------------------------------------------------------
create table installation (
    id          uuid        primary key default gen_random_uuid(),
    singleton   boolean     not null default true unique check (singleton),
    created_at  timestamptz not null default now()
);
insert into installation default values;

-- ------------------------------------------------------------------------------------------------
-- 5. Dead letters: what the broker dead-lettered (poison, or over its delivery limit) is moved
--    here, to be listed and replayed by ops.
-- ------------------------------------------------------------------------------------------------
create table dead_letter (
    id              bigserial   primary key,
    -- sha-256 of queue, message id, death time and count, body: a redelivered dead letter is stored once
    fingerprint     bytea       not null unique,
    queue           text        not null,
    exchange        text        not null,
    routing_key     text        not null,
    reason          text        not null,
    message_id      text,
    body            text        not null,
    died_at         timestamptz not null,
    stored_at       timestamptz not null default now(),
    replayed_at     timestamptz,
    replayed_by     text
);
create index dead_letter_open_idx on dead_letter (id) where replayed_at is null;
