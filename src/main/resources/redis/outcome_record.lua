-- Counts one channel outcome in the current time bucket, for the channel and for its segment.
-- KEYS[1]: bucket hash; ARGV[1]: outcome suffix (":ok" or ":fail"); ARGV[2]: bucket lifetime in ms;
-- ARGV[3]: the channel; ARGV[4]: the segment field prefix ("<channel>|<bank>|<type>"), optional
redis.call('HINCRBY', KEYS[1], ARGV[3] .. ARGV[1], 1)
if ARGV[4] then
  redis.call('HINCRBY', KEYS[1], ARGV[4] .. ARGV[1], 1)
end
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
return 1
