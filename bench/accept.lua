-- wrk script: every request creates a new payment for the seeded demo merchant.
--   wrk -t2 -c16 -d15s --latency -s bench/accept.lua http://localhost:8095 -- PREFIX KEY CURRENCY [RATE]
-- Prints one JSON line: accepted (200/202) per second and latency percentiles of all answers.
-- With RATE (requests per second per wrk thread) the load is open: each thread sends on a fixed
-- schedule, whatever the answers' latency, as long as one of its connections is free. Without it,
-- each connection sends its next request when the last one is answered (closed load).
local threads = {}
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock, bench_timespec *now);
]]
local now_ts = ffi.new("bench_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, now_ts) -- CLOCK_MONOTONIC
  return tonumber(now_ts.tv_sec) * 1000 + tonumber(now_ts.tv_nsec) / 1e6
end

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  prefix = (args[1] or "BENCH") .. "-" .. tid .. "-"
  key = args[2] or "demo-key"
  currency = args[3] or "CNY"
  accepted, rejected, n = 0, 0, 0
  interval = args[4] and 1000 / tonumber(args[4]) or nil
  next_send = nil
  math.randomseed(os.time() * 100 + tid)
  headers = { ["Authorization"] = "Bearer " .. key, ["Content-Type"] = "application/json" }
end

-- the open load's schedule: the next request waits for its slot, one slot every interval
function delay()
  if not interval then return 0 end
  local t = now_ms()
  if not next_send or next_send < t - 1000 then next_send = t end -- behind by more than a second: no burst to catch up
  local wait = next_send - t
  next_send = next_send + interval
  return wait > 0 and wait or 0
end

function request()
  n = n + 1
  local number = string.format("621700%06d%07d", math.random(0, 999999), math.random(0, 9999999))
  local body = string.format('{"merchantOrderNo":"%s%d","type":"DEBIT","amount":"%d.00","currency":"%s",'
      .. '"account":{"bankCode":"ICBC","number":"%s","holderName":"Bench"}}', prefix, n, math.random(1, 500), currency, number)
  return wrk.format("POST", "/v1/payments", headers, body)
end

function response(status)
  if status == 200 or status == 202 then accepted = accepted + 1 else rejected = rejected + 1 end
end

function done(summary, latency)
  local acc, rej = 0, 0
  for _, t in ipairs(threads) do
    acc = acc + t:get("accepted")
    rej = rej + t:get("rejected")
  end
  local e = summary.errors
  io.write(string.format('{"accepted":%d,"rejected":%d,"socketErrors":%d,"perSecond":%.1f,"p50Ms":%.2f,"p99Ms":%.2f,"maxMs":%.2f}\n',
      acc, rej, e.connect + e.read + e.write + e.timeout, acc / (summary.duration / 1e6),
      latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
