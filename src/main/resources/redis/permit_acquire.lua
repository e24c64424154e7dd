-- Takes one lease from a concurrency limit, atomically, across all replicas.
-- KEYS[1]: sorted set of leases (member: lease id, score: expiry in ms)
-- ARGV[1]: limit, ARGV[2]: lease duration in ms, ARGV[3]: lease id
-- A lease whose holder crashed expires by itself: expired members are dropped before counting.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then
  return 0
end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 2)
return 1
