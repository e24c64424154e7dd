-- Gives a permit's lease back and counts the outcome of the call it was held for, in one round trip:
-- a submission's statistics cost no Redis call of their own.
-- KEYS[1]: lease set; KEYS[2]: counter hash (optional)
-- ARGV[1]: lease id ('' for a permit granted locally while Redis failed: nothing to give back);
-- ARGV[2]: the counter hash's lifetime in ms; ARGV[3..]: the hash's fields to increment by one
if ARGV[1] ~= '' then
  redis.call('ZREM', KEYS[1], ARGV[1])
end
if KEYS[2] then
  for i = 3, #ARGV do
    redis.call('HINCRBY', KEYS[2], ARGV[i], 1)
  end
  redis.call('PEXPIRE', KEYS[2], tonumber(ARGV[2]))
end
return 1
