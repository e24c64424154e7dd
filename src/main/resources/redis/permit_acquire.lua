-- Takes one lease from a channel account's concurrency budget, atomically, across all replicas.
-- Submissions and queries share the budget; each purpose may use at most its own limit of it, so a
-- share stays free for the other (neither starves).
-- KEYS[1]: lease set of this purpose, KEYS[2]: lease set of the other purpose
--          (sorted sets; member: lease id, score: expiry in ms)
-- ARGV[1]: the account's limit, ARGV[2]: this purpose's limit, ARGV[3]: lease duration in ms, ARGV[4]: lease id
-- A lease whose holder crashed expires by itself: expired members are dropped before counting.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local own = redis.call('ZCARD', KEYS[1])
local other = redis.call('ZCARD', KEYS[2])
if own >= tonumber(ARGV[2]) or own + other >= tonumber(ARGV[1]) then
  return 0
end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[4])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]) * 2)
return 1
