-- Operating payroute: ops credentials, the audit log, and the callback outbox.

create table ops_token (
    -- SHA-256 of the token: the token itself is never stored
    token_hash      bytea primary key,
    -- who: what the audit log records as the actor
    name            text        not null,
    role            text        not null check (role in ('ops', 'viewer')),
    created_at      timestamptz not null default now(),
    revoked_at      timestamptz
);

create table audit_log (
    id              bigserial primary key,
    at              timestamptz not null default now(),
    actor           text        not null,
    action          text        not null,
    target          text        not null,
    before          jsonb,
    after           jsonb
);
create index audit_log_target_idx on audit_log (target, at desc);

-- The audit log is append-only, whatever client writes to the database.
create function audit_log_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_log is append-only';
end;
$$;
create trigger audit_log_append_only before update or delete on audit_log
    for each row execute function audit_log_is_append_only();

-- The callback outbox: written in the transaction that makes a payment terminal, so no callback
-- is lost to a crash. One event per payment; its id is stable across every try.
create table notification (
    event_id            text primary key,
    payment_id          text        not null references payment (id),
    merchant_id         text        not null references merchant (id),
    url                 text        not null,
    status              text        not null check (status in ('PENDING', 'DELIVERED', 'DEAD')),
    -- tries made so far; a callback message carries the try it is for, and claims it with
    -- "... where attempts = <try>", so duplicate messages never send twice in a row
    attempts            integer     not null default 0,
    next_attempt_at     timestamptz,
    last_status_code    integer,
    last_error          text,
    created_at          timestamptz not null,
    updated_at          timestamptz not null,
    delivered_at        timestamptz,
    constraint notification_payment_uq unique (payment_id)
);
create index notification_due_idx on notification (next_attempt_at) where status = 'PENDING';
create index notification_status_idx on notification (status, updated_at);

-- Admin views read attempts of the recent window across all channels (p95 latency).
create index attempt_created_idx on attempt (created_at);
