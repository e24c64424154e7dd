-- Guard the edges (issue 10): onboarding by API, secrets never in clear, admission control.

-- ------------------------------------------------------------------------------------------------
-- API keys: several active per merchant, each named by an id (never the key), and when it was last used.
-- ------------------------------------------------------------------------------------------------
alter table api_key add column key_id text, add column last_used_at timestamptz;
update api_key set key_id = 'key_' || upper(substr(encode(sha256(key_hash), 'hex'), 1, 26)) where key_id is null;
alter table api_key alter column key_id set not null;
alter table api_key add constraint api_key_id_uq unique (key_id);

-- ------------------------------------------------------------------------------------------------
-- Merchants: the notify secret only encrypted (its cipher text names its key); after a rotation the
-- previous one signs beside the new one until previous_secret_until. Requests per second allowed
-- (null: no limit).
-- ------------------------------------------------------------------------------------------------
alter table merchant
    add column notify_secret_cipher  bytea,
    add column previous_secret_cipher bytea,
    add column previous_secret_until timestamptz,
    add column rate_limit_per_second integer check (rate_limit_per_second is null or rate_limit_per_second > 0),
    add column updated_at            timestamptz not null default now();
-- clear secrets written before this migration are encrypted at the application's start, then removed
alter table merchant alter column notify_secret drop not null;
alter table merchant add constraint merchant_has_secret check (notify_secret is not null or notify_secret_cipher is not null);

-- ------------------------------------------------------------------------------------------------
-- Ops tokens: named by an id, with who created them.
-- ------------------------------------------------------------------------------------------------
alter table ops_token add column id text, add column created_by text;
update ops_token set id = 'opt_' || upper(substr(encode(sha256(token_hash), 'hex'), 1, 26)) where id is null;
alter table ops_token alter column id set not null;
alter table ops_token add constraint ops_token_id_uq unique (id);

-- Every revocation moves this sequence; each replica polls it every second and drops its cached
-- credentials when it moved, so a revoked key or token stops working everywhere within seconds.
create sequence credentials_version;
