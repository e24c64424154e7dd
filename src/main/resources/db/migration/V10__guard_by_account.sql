-- The duplicate guard's look-up is keyed by the account (its blind index) first, and the statements
-- that use it match the merchant with IS NOT DISTINCT FROM, which no index serves: so the only index
-- that can answer them is this one, whatever the table's statistics say. With the merchant first,
-- a generic plan made while the table was still small (a new installation, statistics not yet
-- gathered) preferred (merchant_id, merchant_order_no) and then read every payment of the merchant
-- on every accept: 4,000 buffers per accept after 10,000 payments (bench/run.sh, auto_explain).
drop index payment_guard_idx;
create index payment_guard_idx on payment (account_index, type, amount, created_at)
    where account_index is not null;
