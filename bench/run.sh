#!/usr/bin/env bash
# payroute benchmarks, on this machine, against its own ceilings measured in the same run.
# Writes bench/results/bench-<UTC timestamp>.md (and prints it). Needs the local PostgreSQL, Redis
# and RabbitMQ (started like .ci/run does), pgbench and rabbitmqctl. About 10 minutes.
#
#   bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
RESULTS=bench/results
mkdir -p "$RESULTS"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT="$RESULTS/bench-$STAMP.md"
RAW="$RESULTS/bench-$STAMP.raw"
PORT=8095
KEY=demo-key
PSQL="psql -h 127.0.0.1 -U postgres -qtA"
: > "$RAW"
log() { echo "bench: $*" >&2; }

.ci/local-services

log "building payroute (prod artifact for the routing code) and the bench build (with the simulator)"
./mvnw -q -B install -DskipTests
./mvnw -q -B package -DskipTests -Dquarkus.profile=bench -Dquarkus.package.output-directory=bench-app
(cd bench && ../mvnw -q -B package)
BENCH_JAR=bench/target/payroute-bench.jar

# ------------------------------------------------------------------------------------------------
# 1. The machine's ceilings
# ------------------------------------------------------------------------------------------------
log "ceiling: pgbench single-row inserts into a table with payment's unique index"
$PSQL -d postgres -c "drop database if exists payroute_bench_pg" -c "create database payroute_bench_pg"
$PSQL -d payroute_bench_pg -c "create table payment (id text primary key, merchant_id text not null,
  merchant_order_no text not null, amount numeric(19,4) not null, status text not null, created_at timestamptz not null,
  constraint payment_merchant_order_uq unique (merchant_id, merchant_order_no))"
cat > /tmp/payroute-pgbench.sql <<'SQL'
\set n random(1, 1000000000000)
insert into payment values ('pay_' || :client_id || '_' || :n || '_' || txid_current(), 'm_bench', 'ORD-' || :client_id || '-' || txid_current(), 270.00, 'PROCESSING', now());
SQL
PG_BEST=0
for c in 8 32; do
  tps=$(pgbench -h 127.0.0.1 -U postgres -n -c $c -j 2 -T 15 -f /tmp/payroute-pgbench.sql payroute_bench_pg 2>/dev/null \
        | awk '/^tps/ {print int($3)}' | head -1)
  echo "pgbench clients=$c tps=$tps" >> "$RAW"
  [ "${tps:-0}" -gt "$PG_BEST" ] && PG_BEST=$tps
done
log "pgbench best: $PG_BEST inserts/s"

log "ceiling: RabbitMQ PerfTest, persistent publishes with confirms to a quorum queue"
rabbitmqctl -q delete_vhost payroute-bench-perf >/dev/null 2>&1 || true
rabbitmqctl -q add_vhost payroute-bench-perf >/dev/null
rabbitmqctl -q set_permissions -p payroute-bench-perf guest ".*" ".*" ".*" >/dev/null
MQ_BEST=0
for producers in 1 4; do
  rate=$(java -cp "$BENCH_JAR" com.rabbitmq.perf.PerfTest --uri amqp://guest:guest@127.0.0.1:5672/payroute-bench-perf \
      --producers $producers --consumers 0 --flag persistent --confirm 64 --quorum-queue --queue perf-$producers \
      --size 150 --time 15 2>/dev/null | awk '/sending rate avg/ {print int($(NF-1))}' | tail -1)
  echo "perftest producers=$producers rate=$rate" >> "$RAW"
  [ "${rate:-0}" -gt "$MQ_BEST" ] && MQ_BEST=$rate
done
rabbitmqctl -q delete_vhost payroute-bench-perf >/dev/null 2>&1 || true
log "PerfTest best: $MQ_BEST msg/s"
CEILING=$(( PG_BEST < MQ_BEST ? PG_BEST : MQ_BEST ))

# ------------------------------------------------------------------------------------------------
# 2. payroute: accept throughput and latency, then end to end through the simulated channels
# ------------------------------------------------------------------------------------------------
$PSQL -d postgres -c "drop database if exists payroute_bench" -c "create database payroute_bench"
rabbitmqctl -q delete_vhost payroute-bench >/dev/null 2>&1 || true
rabbitmqctl -q add_vhost payroute-bench >/dev/null
rabbitmqctl -q set_permissions -p payroute-bench guest ".*" ".*" ".*" >/dev/null
redis-cli -n 8 flushdb >/dev/null
log "starting payroute (bench build) on :$PORT"
java -Xmx512m -Dquarkus.profile=bench -Dquarkus.http.port=$PORT \
  -Dpayroute.crypto.account-key="$(head -c 32 /dev/urandom | base64)" \
  -jar target/bench-app/quarkus-run.jar > "$RESULTS/payroute-$STAMP.log" 2>&1 &
PAYROUTE=$!
trap 'kill $PAYROUTE 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -fsS localhost:$PORT/q/health/ready >/dev/null 2>&1 && break; sleep 1; done
curl -fsS localhost:$PORT/q/health/ready >/dev/null

open_payments() { $PSQL -d payroute_bench -c "select count(*) from payment where status = 'PROCESSING'"; }
drain() { for _ in $(seq 1 300); do [ "$(open_payments)" = "0" ] && return 0; sleep 1; done; }
sample_memory() { # RSS and heap (MB) every 2 s while a phase runs, into $1
  while kill -0 $PAYROUTE 2>/dev/null; do
    rss=$(awk '/VmRSS/ {print int($2/1024)}' /proc/$PAYROUTE/status)
    heap=$(curl -fsS localhost:$PORT/q/metrics 2>/dev/null | awk -F' ' '/^jvm_memory_used_bytes\{area="heap"/ {s+=$2} END {print int(s/1048576)}')
    echo "$rss $heap" >> "$1"; sleep 2
  done
}

log "warm-up"
java -cp "$BENCH_JAR" com.payroute.bench.LoadGenerator http://localhost:$PORT $KEY 16 15 CNY WARM >/dev/null
drain
ACCEPT_ROWS=""
BEST_RATE=0; BEST_C=0; BEST_P99=0; BEST_P50=0
for c in 4 8 16 32 64; do
  line=$(java -cp "$BENCH_JAR" com.payroute.bench.LoadGenerator http://localhost:$PORT $KEY $c 15 CNY ACC$c)
  echo "accept $line" >> "$RAW"
  rate=$(echo "$line" | sed -E 's/.*"perSecond":([0-9.]+).*/\1/'); p50=$(echo "$line" | sed -E 's/.*"p50Ms":([0-9.]+).*/\1/')
  p99=$(echo "$line" | sed -E 's/.*"p99Ms":([0-9.]+).*/\1/'); errors=$(echo "$line" | sed -E 's/.*"errors":([0-9]+).*/\1/')
  ACCEPT_ROWS="$ACCEPT_ROWS| $c | $rate | $p50 | $p99 | $errors |\n"
  if awk "BEGIN {exit !($p99 < 50 && $rate > $BEST_RATE)}"; then BEST_RATE=$rate; BEST_C=$c; BEST_P99=$p99; BEST_P50=$p50; fi
  log "accept at concurrency $c: $rate/s, p50 $p50 ms, p99 $p99 ms"
  drain
done

log "end to end at concurrency $BEST_C for 30 s"
: > /tmp/payroute-memory
sample_memory /tmp/payroute-memory & SAMPLER=$!
T0=$(date +%s.%N)
line=$(java -cp "$BENCH_JAR" com.payroute.bench.LoadGenerator http://localhost:$PORT $KEY $BEST_C 30 CNY E2E)
drain
T1=$(date +%s.%N)
kill $SAMPLER 2>/dev/null || true
echo "e2e $line" >> "$RAW"
E2E_ACCEPTED=$(echo "$line" | sed -E 's/.*"accepted":([0-9]+).*/\1/')
E2E_RATE=$(echo "$line" | sed -E 's/.*"perSecond":([0-9.]+).*/\1/')
read -r DONE SUCCEEDED <<< "$($PSQL -d payroute_bench -F ' ' -c "select count(*), count(*) filter (where status = 'SUCCEEDED') from payment where merchant_order_no like 'E2E-%'")"
E2E_SECONDS=$(awk "BEGIN {print $T1 - $T0}")
COMPLETED_RATE=$(awk "BEGIN {printf \"%.1f\", $DONE / $E2E_SECONDS}")
E2E_RATIO=$(awk "BEGIN {printf \"%.2f\", $COMPLETED_RATE / $E2E_RATE}")
RSS_MED=$(sort -n -k1 /tmp/payroute-memory | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
RSS_MAX=$(sort -n -k1 /tmp/payroute-memory | tail -1 | awk '{print $1}')
HEAP_MED=$(sort -n -k2 /tmp/payroute-memory | awk '{a[NR]=$2} END {print a[int((NR+1)/2)]}')
HEAP_MAX=$(sort -n -k2 /tmp/payroute-memory | tail -1 | awk '{print $2}')
log "end to end: $DONE payments ($SUCCEEDED succeeded) completed in $E2E_SECONDS s: $COMPLETED_RATE/s"
kill $PAYROUTE; wait $PAYROUTE 2>/dev/null || true; trap - EXIT

# ------------------------------------------------------------------------------------------------
# 3. Routing quality (offline simulation) and 4. routing decision cost (JMH)
# ------------------------------------------------------------------------------------------------
log "routing quality simulation"
SIM=$(java -cp "$BENCH_JAR" com.payroute.bench.RoutingQualitySimulation 42)
echo "routing $SIM" >> "$RAW"
log "routing decision cost (JMH)"
java -jar "$BENCH_JAR" RoutingDecisionBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s -tu us -bm avgt -rf json -rff "$RESULTS/jmh-$STAMP.json" > "$RESULTS/jmh-$STAMP.txt" 2>&1
JMH=$(awk '/RoutingDecisionBenchmark\./ && /avgt/ {print $1, $(NF-3), $(NF-1), $NF}' "$RESULTS/jmh-$STAMP.txt")

field() { echo "$SIM" | sed -E "s/.*\"$1\":([0-9.]+).*/\1/"; }
{
  echo "# payroute benchmark $STAMP"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(java -version 2>&1 | head -1); PostgreSQL, Redis, RabbitMQ, payroute and the load generator on the same machine."
  echo
  echo "## Ceilings (same run)"
  echo
  echo "| | per second |"
  echo "|---|---|"
  echo "| pgbench single-row inserts, unique (merchant, order) index (best of 8/32 clients) | $PG_BEST |"
  echo "| RabbitMQ PerfTest persistent publishes, confirms, quorum queue (best of 1/4 producers) | $MQ_BEST |"
  echo "| slower ceiling | $CEILING |"
  echo
  echo "## 1. Accept (POST /v1/payments, closed loop, 15 s per level, workers running)"
  echo
  echo "| concurrency | accepted/s | p50 ms | p99 ms | errors |"
  echo "|---|---|---|---|---|"
  printf "$ACCEPT_ROWS"
  echo
  echo "Best with p99 < 50 ms: concurrency $BEST_C, $BEST_RATE/s (p50 $BEST_P50 ms, p99 $BEST_P99 ms) = $(awk "BEGIN {printf \"%.0f\", 100 * $BEST_RATE / $CEILING}") % of the slower ceiling."
  echo
  echo "## 2. End to end (concurrency $BEST_C for 30 s, through the 32 simulated channels, 20 ms each)"
  echo
  echo "Accepted $E2E_ACCEPTED at $E2E_RATE/s; all $DONE terminal ($SUCCEEDED SUCCEEDED) $E2E_SECONDS s after the start: $COMPLETED_RATE completed/s, ratio to the accept rate $E2E_RATIO."
  echo
  echo "Memory during it (every 2 s): RSS median $RSS_MED MB, max $RSS_MAX MB; JVM heap used median $HEAP_MED MB, max $HEAP_MAX MB (-Xmx512m)."
  echo
  echo "## 3. Routing quality (RoutingQualitySimulation, seed 42: 32 drifting channels, two fully down for 10 and 6 minutes)"
  echo
  echo "| router | success rate |"
  echo "|---|---|"
  echo "| oracle (always the best true rate) | $(field oracleSuccess) |"
  echo "| payroute | $(field payrouteSuccess) |"
  echo "| static weights | $(field staticWeightsSuccess) |"
  echo
  echo "payroute / oracle = $(field ratioToOracle); payroute - static = $(field marginOverStatic). Calls to a channel while it was down: $(field callsToFirstDownChannelWhileDown) (600 s outage), $(field callsToSecondDownChannelWhileDown) (360 s outage)."
  echo
  echo "## 4. Routing decision cost (JMH, 32 channels; score and error in microseconds)"
  echo
  echo '```'
  echo "$JMH"
  echo '```'
  echo
  echo "Raw lines: $(basename "$RAW"); JMH output: jmh-$STAMP.txt."
} > "$OUT"
cat "$OUT"
log "written to $OUT"
