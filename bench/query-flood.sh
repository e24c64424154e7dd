#!/usr/bin/env bash
# Isolation under a query flood, as a ratio (tests assert it structurally, never as a timing ratio):
# the completed/s of a healthy channel alone, then while another channel has 500 orders settling only
# after minutes, so their queries run on every step of the schedule. Both measured in one run.
# Writes bench/results/query-flood-<UTC timestamp>.md. About 2 minutes.
#
#   bench/query-flood.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
OUT="$RESULTS/query-flood-$STAMP.md"
PAYMENTS=${PAYMENTS:-1500}
.ci/local-services
build_bench_app
fresh_bench_state
trap drop_bench_state EXIT
start_payroute -Dpayroute.query.schedule=200ms,400ms,800ms,1s,1s,2s,2s,3s,3s,4s,4s,5s,5s,6s,8s,10s,15s,20s

SIM=http://localhost:$PORT/sim/channels
$PSQL -d payroute_bench <<SQL
insert into channel (code, name, connector, base_url, enabled, weight, types, currencies, banks, min_amount, max_amount,
    connect_timeout_ms, timeout_ms)
values ('flood-healthy', 'flood-healthy', 'http', '$SIM/flood-healthy', true, 100, '{DEBIT}', '{AUD}', '{}', 0.01, 1000000, 1000, 3000),
       ('flood-slow', 'flood-slow', 'http', '$SIM/flood-slow', true, 100, '{DEBIT}', '{NZD}', '{}', 0.01, 1000000, 1000, 3000);
insert into channel_account (channel_code, account_no, max_concurrency, is_default)
values ('flood-healthy', 'default', 20, true), ('flood-slow', 'default', 20, true);
SQL
redis-cli -n 8 incr '{payroute}:channels:version' > /dev/null
curl -fsS -X PUT "$SIM/flood-slow/behaviour" -H 'Content-Type: application/json' \
  -d '{"asyncRate": 1.0, "settleMs": 600000, "latencyMs": 50}' > /dev/null
sleep 3

# Sends $2 payments in $1 (closed loop, 16 callers) and waits until they are terminal: completed per second.
rate() { # currency count prefix
  python3 - "$PORT" "$1" "$2" "$3" <<'PY'
import json, random, sys, time, urllib.request
from concurrent.futures import ThreadPoolExecutor
port, currency, count, prefix = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
def call(method, path, body=None):
    req = urllib.request.Request(f"http://localhost:{port}{path}", method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": "Bearer demo-key", "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.load(r)
def pay(i):
    return call("POST", "/v1/payments", {"merchantOrderNo": f"{prefix}-{i}", "type": "DEBIT", "amount": "10.00", "currency": currency,
        "account": {"bankCode": "ICBC", "number": "622202" + "".join(random.choice("0123456789") for _ in range(13)), "holderName": "B"}})["id"]
t0 = time.time()
with ThreadPoolExecutor(16) as pool:
    ids = list(pool.map(pay, range(count)))
open_ids = set(ids)
while open_ids and time.time() - t0 < 600:
    for pid in list(open_ids)[:200]:
        if call("GET", f"/v1/payments/{pid}")["status"] != "PROCESSING":
            open_ids.discard(pid)
    time.sleep(0.2)
print("%.1f" % (count / (time.time() - t0)))
PY
}
log "warm-up"
rate AUD 300 WARM > /dev/null
log "healthy channel alone"
ALONE=$(rate AUD "$PAYMENTS" ALONE)
log "flood: 500 orders on flood-slow, answered PROCESSING and queried on every step"
python3 - "$PORT" <<'PY'
import json, random, sys, urllib.request
from concurrent.futures import ThreadPoolExecutor
port = sys.argv[1]
def pay(i):
    req = urllib.request.Request(f"http://localhost:{port}/v1/payments", method="POST",
        data=json.dumps({"merchantOrderNo": f"FLOOD-{i}", "type": "DEBIT", "amount": "10.00", "currency": "NZD",
            "account": {"bankCode": "ICBC", "number": "622202" + "".join(random.choice("0123456789") for _ in range(13)), "holderName": "B"}}).encode(),
        headers={"Authorization": "Bearer demo-key", "Content-Type": "application/json"})
    urllib.request.urlopen(req, timeout=30).read()
with ThreadPoolExecutor(16) as pool:
    list(pool.map(pay, range(500)))
PY
sleep 5
QUERIED_BEFORE=$(curl -fsS "$SIM/flood-slow" | python3 -c 'import json,sys; print(json.load(sys.stdin)["queried"])')
log "healthy channel during the flood"
DURING=$(rate AUD "$PAYMENTS" DURING)
QUERIED_AFTER=$(curl -fsS "$SIM/flood-slow" | python3 -c 'import json,sys; print(json.load(sys.stdin)["queried"])')
RATIO=$(awk "BEGIN {printf \"%.2f\", $DURING / $ALONE}")
log "alone $ALONE/s, during the flood $DURING/s: ratio $RATIO ($(( QUERIED_AFTER - QUERIED_BEFORE )) queries meanwhile)"
{
  echo "# payroute query-flood benchmark $STAMP"
  echo
  echo "Machine: $(nproc) cores; everything shares them (payroute with its simulated channels, PostgreSQL, Redis, RabbitMQ, the load)."
  echo
  echo "| healthy channel (flood-healthy, $PAYMENTS payments, 16 callers, until all terminal) | completed/s |"
  echo "|---|---|"
  echo "| alone | $ALONE |"
  echo "| while flood-slow's 500 open orders are queried ($(( QUERIED_AFTER - QUERIED_BEFORE )) queries meanwhile) | $DURING |"
  echo "| **ratio** | **$RATIO** |"
} > "$OUT"
cat "$OUT"
