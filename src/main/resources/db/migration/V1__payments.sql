-- Core schema: merchants and their API keys, channels, payments and their attempts.
-- PostgreSQL is the truth; every invariant that can be a constraint is one.

create table merchant (
    id              text primary key,
    name            text        not null,
    -- HMAC key for callbacks (API.md section 1); payroute must be able to sign with it.
    notify_secret   text        not null,
    -- null: any address; otherwise the client addresses allowed to call the merchant API.
    ip_allowlist    text[],
    created_at      timestamptz not null default now()
);

create table api_key (
    -- SHA-256 of the key: the key itself is never stored.
    key_hash        bytea primary key,
    merchant_id     text        not null references merchant (id),
    label           text        not null,
    created_at      timestamptz not null default now(),
    revoked_at      timestamptz
);
create index api_key_merchant_idx on api_key (merchant_id);

create table channel (
    code                text primary key check (code ~ '^[a-z0-9][a-z0-9_-]{0,31}$'),
    name                text        not null,
    connector           text        not null default 'http',
    base_url            text        not null,
    -- name of a secret in configuration (payroute.channel-credentials."<ref>"), never the secret itself
    credentials_ref     text,
    enabled             boolean     not null default true,
    weight              integer     not null check (weight between 0 and 1000),
    types               text[]      not null,
    currencies          text[]      not null,
    -- empty: every bank
    banks               text[]      not null default '{}',
    min_amount          numeric(19, 4) not null default 0.01 check (min_amount > 0),
    max_amount          numeric(19, 4) not null,
    -- per merchant account: at most this many calls in flight across all replicas
    max_concurrency     integer     not null check (max_concurrency > 0),
    connect_timeout_ms  integer     not null check (connect_timeout_ms > 0),
    timeout_ms          integer     not null check (timeout_ms > 0),
    version             bigint      not null default 1,
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now(),
    check (max_amount >= min_amount)
);

create table payment (
    id                  text primary key,
    merchant_id         text        not null references merchant (id),
    merchant_order_no   text        not null,
    type                text        not null check (type in ('DEBIT', 'PAYOUT')),
    amount              numeric(19, 4) not null check (amount > 0),
    currency            text        not null check (currency ~ '^[A-Z]{3}$'),
    bank_code           text        not null,
    -- the account number only ever as a mask and as AES-GCM ciphertext
    account_masked      text        not null,
    account_cipher      bytea       not null,
    holder_name         text        not null,
    notify_url          text,
    metadata            jsonb,
    -- keyed hash of the request content: an identical replay answers 200, a different one 409
    request_hash        bytea       not null,
    status              text        not null check (status in ('PROCESSING', 'SUCCEEDED', 'FAILED')),
    failure_code        text,
    failure_message     text,
    created_at          timestamptz not null,
    updated_at          timestamptz not null,
    completed_at        timestamptz,
    -- the idempotency guarantee: one payment per merchant order, whatever the concurrency
    constraint payment_merchant_order_uq unique (merchant_id, merchant_order_no)
);
create index payment_processing_idx on payment (created_at) where status = 'PROCESSING';

create table attempt (
    id                  text primary key,
    payment_id          text        not null references payment (id),
    seq                 integer     not null,
    channel_code        text        not null references channel (code),
    merchant_id         text        not null,
    status              text        not null check (status in
                            ('ROUTED', 'SUBMITTING', 'PROCESSING', 'UNKNOWN', 'SUCCEEDED', 'FAILED', 'NOT_TAKEN')),
    outcome_code        text,
    outcome_message     text,
    http_status         integer,
    latency_ms          integer,
    created_at          timestamptz not null,
    submitted_at        timestamptz,
    finished_at         timestamptz,
    updated_at          timestamptz not null,
    constraint attempt_payment_seq_uq unique (payment_id, seq)
);
-- At most one attempt per payment may be open (possibly holding money) at any time:
-- a second channel can only be tried once the first one definitively did not take the order.
create unique index attempt_one_open_per_payment on attempt (payment_id)
    where status in ('ROUTED', 'SUBMITTING', 'PROCESSING', 'UNKNOWN');
create index attempt_open_idx on attempt (status, updated_at)
    where status in ('ROUTED', 'SUBMITTING', 'PROCESSING', 'UNKNOWN');
create index attempt_channel_created_idx on attempt (channel_code, created_at);
