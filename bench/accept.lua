-- wrk script: every request creates a new payment for the seeded demo merchant.
--   wrk -t2 -c16 -d15s --latency -s bench/accept.lua http://localhost:8095 -- PREFIX KEY CURRENCY
-- Prints one JSON line: accepted (200/202) per second and latency percentiles of all answers.
local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  prefix = (args[1] or "BENCH") .. "-" .. tid .. "-"
  key = args[2] or "demo-key"
  currency = args[3] or "CNY"
  accepted, rejected, n = 0, 0, 0
  math.randomseed(os.time() * 100 + tid)
  headers = { ["Authorization"] = "Bearer " .. key, ["Content-Type"] = "application/json" }
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
