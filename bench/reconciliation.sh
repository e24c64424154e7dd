#!/usr/bin/env bash
# Reconciliation: a 1,000,000-line statement against 1,000,000 attempts of one channel and day
# (generated in PostgreSQL, not through the API) with 10 injected discrepancies of each kind, served by
# a local HTTP server as the channel's statement. Reports the run's time, lines/s, what it found (target:
# the 50 and nothing else, in under 60 s) and payroute's heap meanwhile (target: under 256 MB).
# Writes bench/results/reconciliation-<UTC timestamp>.md. About 4 minutes (most of it generating data).
#
#   bench/reconciliation.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
OUT="$RESULTS/reconciliation-$STAMP.md"
N=${LINES:-1000000}
STATEMENT_PORT=8097
DAY=2026-11-01
.ci/local-services
build_bench_app
fresh_bench_state
DIR=$(mktemp -d)
cleanup() { drop_bench_state; [ -n "${SERVER:-}" ] && kill "$SERVER" 2>/dev/null || true; rm -rf "$DIR"; }
trap cleanup EXIT
start_payroute -Dpayroute.reconciliation.daily=false

log "generating $N payments and attempts of channel recon-bench on $DAY"
$PSQL -d payroute_bench <<SQL
insert into channel (code, name, connector, base_url, enabled, weight, types, currencies, banks, min_amount, max_amount,
    connect_timeout_ms, timeout_ms)
values ('recon-bench', 'recon-bench', 'http', 'http://127.0.0.1:$STATEMENT_PORT', false, 1, '{DEBIT}', '{CNY}', '{}', 0.01, 1000000, 1000, 10000);
insert into channel_account (channel_code, account_no, max_concurrency, is_default) values ('recon-bench', 'default', 10, true);
insert into payment (id, merchant_id, merchant_order_no, type, amount, currency, bank_code, account_masked, account_cipher,
    holder_name, request_hash, status, created_at, updated_at, completed_at)
select 'pay_B' || lpad(i::text, 9, '0'), 'm_demo', 'RB-' || i, 'DEBIT', 1 + i % 1000, 'CNY', 'ICBC', '622202*********0000',
    '\x00'::bytea, 'Bench', '\x00'::bytea, case when i <= 10 then 'FAILED' else 'SUCCEEDED' end, now(), now(), now()
from generate_series(1, $N) i;
insert into attempt (id, payment_id, seq, channel_code, merchant_id, status, created_at, updated_at, accounting_day)
select 'att_B' || lpad(i::text, 9, '0'), 'pay_B' || lpad(i::text, 9, '0'), 1, 'recon-bench', 'm_demo',
    case when i <= 10 then 'FAILED' else 'SUCCEEDED' end, now(), now(), date '$DAY'
from generate_series(1, $N) i;
analyze payment; analyze attempt;
SQL
redis-cli -n 8 incr '{payroute}:channels:version' > /dev/null   # every replica reloads its channels
sleep 3
# The statement: every attempt as SUCCEEDED, except 10 of each kind made to differ:
#   1..10 STATUS_MISMATCH (payroute FAILED, charged here), 11..20 AMOUNT_MISMATCH (another amount),
#   21..30 PAYROUTE_ONLY (left out), 31..40 DUPLICATE_CHARGE (charged twice), plus 10 CHANNEL_ONLY lines
#   (orders payroute never sent).
mkdir -p "$DIR/statements"
COPY_SQL="\\copy (select 'pay_B' || lpad(i::text, 9, '0'), 'DEBIT', case when i between 11 and 20 then 2 + i % 1000 else 1 + i % 1000 end, 'CNY', 'SUCCEEDED', '${DAY}T08:00:00Z', null from generate_series(1, $N) i where i not between 21 and 30 union all select 'pay_B' || lpad(i::text, 9, '0'), 'DEBIT', 1 + i % 1000, 'CNY', 'SUCCEEDED', '${DAY}T08:00:00Z', null from generate_series(31, 40) i union all select 'pay_GHOST' || i, 'DEBIT', 5, 'CNY', 'SUCCEEDED', '${DAY}T08:00:00Z', null from generate_series(1, 10) i) to '$DIR/statements/$DAY' with (format csv, header true)"
$PSQL -d payroute_bench -c "$COPY_SQL"
sed -i '1s/.*/orderNo,type,amount,currency,status,time,originalOrderNo/' "$DIR/statements/$DAY"
LINES_IN_FILE=$(( $(wc -l < "$DIR/statements/$DAY") - 1 ))
log "statement: $LINES_IN_FILE lines, $(du -h "$DIR/statements/$DAY" | cut -f1)"
(cd "$DIR" && exec python3 -m http.server $STATEMENT_PORT --bind 127.0.0.1 > /dev/null 2>&1) & SERVER=$!
sleep 1
curl -fsS -X POST localhost:$PORT/admin/reconciliations -H 'Authorization: Bearer ops-token' -H 'Content-Type: application/json' \
  -d '{"channel":"recon-bench","day":"'$DAY'"}' > /dev/null   # warms up the code paths on a run replaced below
for _ in $(seq 1 300); do
  S=$(curl -fsS "localhost:$PORT/admin/reconciliations?channel=recon-bench&day=$DAY" -H 'Authorization: Bearer viewer-token' \
      | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["status"])')
  [ "$S" = DONE ] || [ "$S" = FAILED ] && break; sleep 1
done

log "reconciling (measured run)"
MEM=/tmp/payroute-recon-memory; : > "$MEM"; SAMPLER=$(sample_memory "$MEM")
T0=$(date +%s.%N)
curl -fsS -X POST localhost:$PORT/admin/reconciliations -H 'Authorization: Bearer ops-token' -H 'Content-Type: application/json' \
  -d '{"channel":"recon-bench","day":"'$DAY'"}' > /dev/null
RUN=""
for _ in $(seq 1 600); do
  RUN=$(curl -fsS "localhost:$PORT/admin/reconciliations?channel=recon-bench&day=$DAY" -H 'Authorization: Bearer viewer-token')
  S=$(echo "$RUN" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["status"])')
  [ "$S" = DONE ] || [ "$S" = FAILED ] && break; sleep 0.2
done
T1=$(date +%s.%N)
kill "$SAMPLER" 2>/dev/null || true
SECONDS_TAKEN=$(echo "$RUN" | python3 -c 'import json,sys; from datetime import datetime as d; r=json.load(sys.stdin)[0]
f=lambda s: d.fromisoformat(s.replace("Z","+00:00")); print("%.1f" % (f(r["finishedAt"]) - f(r["startedAt"])).total_seconds())')
COUNTS=$(echo "$RUN" | python3 -c 'import json,sys; r=json.load(sys.stdin)[0]; print(" ".join("%s=%s" % kv for kv in sorted(r["counts"].items())))')
FOUND=$(curl -fsS "localhost:$PORT/admin/discrepancies?channel=recon-bench&day=$DAY&limit=500" -H 'Authorization: Bearer viewer-token' \
  | python3 -c 'import json,sys,collections; c=collections.Counter(d["kind"] for d in json.load(sys.stdin)); print(" ".join("%s=%d" % kv for kv in sorted(c.items())), "total=%d" % sum(c.values()))')
HEAP_MAX=$(awk '{print $2}' "$MEM" | sort -n | tail -1); RSS_MAX=$(awk '{print $1}' "$MEM" | sort -n | tail -1)
HEAP_MED=$(awk '{print $2}' "$MEM" | median)
WALL=$(awk "BEGIN {printf \"%.1f\", $T1 - $T0}")
log "run: $S in $SECONDS_TAKEN s (request to DONE seen: $WALL s); $COUNTS; discrepancies $FOUND; heap max $HEAP_MAX MB"
{
  echo "# payroute reconciliation benchmark $STAMP"
  echo
  echo "Machine: $(nproc) cores; PostgreSQL, payroute and the statement's HTTP server share it."
  echo
  echo "| | result | target |"
  echo "|---|---|---|"
  echo "| statement | $LINES_IN_FILE lines against $N attempts of one channel and day | |"
  echo "| run (fetch, COPY, compare in SQL, discrepancies), from the run's startedAt to finishedAt | **$SECONDS_TAKEN s** ($(awk "BEGIN {printf \"%.0f\", $LINES_IN_FILE / $SECONDS_TAKEN}") lines/s); status $S; from the POST until DONE was seen by polling: $WALL s | < 60 s |"
  echo "| counts | $COUNTS | 10 of each kind |"
  echo "| discrepancies stored | $FOUND | 50, nothing else |"
  echo "| payroute heap meanwhile (sampled each second) | max **$HEAP_MAX MB**, median $HEAP_MED MB; RSS max $RSS_MAX MB ($PAYROUTE_JVM) | < 256 MB |"
} > "$OUT"
cat "$OUT"
