-- Everything routing needs, in one round trip.
-- KEYS[1..n]: outcome bucket hashes, newest first (n = ARGV[1]); KEYS[n+1..]: permit lease sets
-- Returns { HGETALL of each bucket..., { live lease count of each permit set... } }
local n = tonumber(ARGV[1])
local out = {}
for i = 1, n do
  out[i] = redis.call('HGETALL', KEYS[i])
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local leases = {}
for i = n + 1, #KEYS do
  leases[#leases + 1] = redis.call('ZCOUNT', KEYS[i], now, '+inf')
end
out[n + 1] = leases
return out
