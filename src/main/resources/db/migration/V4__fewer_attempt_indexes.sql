-- Every accept inserts an attempt, and every index on attempt is written with it. These two are
-- read by nothing: the sweeper has a partial index per state (routed, submitting, query due), and
-- the channel filter of the payment search reaches attempts through (payment_id, seq).
drop index if exists attempt_open_idx;
drop index if exists attempt_channel_created_idx;
