-- Counts one channel outcome in the current time bucket.
-- KEYS[1]: bucket hash; ARGV[1]: field ("<channel>:ok" or "<channel>:fail"); ARGV[2]: bucket lifetime in ms
redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
return 1
