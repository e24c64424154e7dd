-- Unknown outcomes are only ever queried, on a schedule; the sweeper finds what a crash or a
-- lost message left behind.

-- query_count: schedule steps already taken; a query message carries the step it is for, and
-- claims it with "... where query_count = <step>", so duplicates never fork the schedule.
alter table attempt add column query_count integer not null default 0;
-- when the next query is due (the sweeper re-sends it when overdue); null once the attempt is closed
alter table attempt add column next_query_at timestamptz;
create index attempt_query_due_idx on attempt (next_query_at) where status in ('PROCESSING', 'UNKNOWN');
create index attempt_submitting_idx on attempt (submitted_at) where status = 'SUBMITTING';
create index attempt_routed_idx on attempt (updated_at) where status = 'ROUTED';

-- Ops attention: a schedule exhausted while the channel still says PROCESSING, or a payment
-- past its deadline. Flagging changes no state, it only makes the payment findable.
alter table payment add column flagged_at timestamptz;
alter table payment add column flag_reason text;
create index payment_flagged_idx on payment (flagged_at) where flagged_at is not null;
