#!/usr/bin/env bash
# Batches: a 10,000-item PAYOUT batch through POST /v1/batches on the bench build with its 32 simulated
# channels: the time to accept it (target: under 10 s) and the time until every item is terminal.
# Writes bench/results/batch-<UTC timestamp>.md. About 2 minutes.
#
#   bench/batch.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
OUT="$RESULTS/batch-$STAMP.md"
ITEMS=${ITEMS:-10000}
.ci/local-services
build_bench_app
fresh_bench_state
trap drop_bench_state EXIT
start_payroute

python3 - "$ITEMS" > /tmp/payroute-batch.json <<'PY'
import json, random, sys
n = int(sys.argv[1])
items = [{"merchantOrderNo": f"BB-{i}", "amount": f"{1 + i % 500}.00", "currency": "CNY",
          "account": {"bankCode": "ICBC", "number": "622202" + "".join(random.choice("0123456789") for _ in range(13)),
                      "holderName": "Li Lei"}} for i in range(n)]
print(json.dumps({"merchantBatchNo": f"BENCH-{random.randint(0, 10**9)}", "type": "PAYOUT", "items": items}))
PY
log "posting a batch of $ITEMS items ($(du -h /tmp/payroute-batch.json | cut -f1))"
MEM=/tmp/payroute-batch-memory; : > "$MEM"; SAMPLER=$(sample_memory "$MEM")
T0=$(date +%s.%N)
ANSWER=$(curl -sS -o /tmp/payroute-batch-answer.json -w '%{http_code} %{time_total}' -X POST localhost:$PORT/v1/batches \
  -H 'Authorization: Bearer demo-key' -H 'Content-Type: application/json' --data-binary @/tmp/payroute-batch.json)
read -r CODE ACCEPT_SECONDS <<< "$ANSWER"
BATCH=$(python3 -c 'import json; print(json.load(open("/tmp/payroute-batch-answer.json"))["id"])')
log "answered $CODE in $ACCEPT_SECONDS s: $BATCH"
STATUS=""
for _ in $(seq 1 1200); do
  STATUS=$(curl -fsS localhost:$PORT/v1/batches/$BATCH -H 'Authorization: Bearer demo-key' | python3 -c 'import json,sys; b=json.load(sys.stdin); print(b["status"], b["counts"]["succeeded"], b["counts"]["failed"], b["counts"]["processing"], b["counts"]["onHold"])')
  case "$STATUS" in COMPLETED*) break ;; esac
  sleep 0.5
done
T1=$(date +%s.%N)
kill "$SAMPLER" 2>/dev/null || true
TERMINAL_SECONDS=$(awk "BEGIN {printf \"%.1f\", $T1 - $T0}")
read -r _ SUCCEEDED FAILED PROCESSING HELD <<< "$STATUS"
RSS_MAX=$(awk '{print $1}' "$MEM" | sort -n | tail -1); HEAP_MAX=$(awk '{print $2}' "$MEM" | sort -n | tail -1)
log "terminal after $TERMINAL_SECONDS s: $STATUS"
{
  echo "# payroute batch benchmark $STAMP"
  echo
  echo "Machine: $(nproc) cores; PostgreSQL, Redis, RabbitMQ, payroute and its 32 simulated channels (20 ms each) share it."
  echo
  echo "| | result | target |"
  echo "|---|---|---|"
  echo "| accept a $ITEMS-item PAYOUT batch (HTTP $CODE, every item validated, guarded and stored in one transaction) | **$ACCEPT_SECONDS s** | < 10 s |"
  echo "| until every item is terminal (deferred routing, fair queuing, callbacks' outbox) | **$TERMINAL_SECONDS s** ($(awk "BEGIN {printf \"%.0f\", $ITEMS / $TERMINAL_SECONDS}") items/s) | |"
  echo "| outcome | $SUCCEEDED succeeded, $FAILED failed, $PROCESSING processing, $HELD on hold | |"
  echo "| payroute memory meanwhile | RSS max $RSS_MAX MB, heap max $HEAP_MAX MB ($PAYROUTE_JVM) | |"
} > "$OUT"
cat "$OUT"
