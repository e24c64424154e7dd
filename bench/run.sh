#!/usr/bin/env bash
# payroute benchmarks, on this machine, against its own ceilings measured in the same run.
# Writes bench/results/bench-<UTC timestamp>.md (and prints it). Needs the local PostgreSQL, Redis
# and RabbitMQ (started like .ci/run does), pgbench, rabbitmqctl and wrk (apt-get install wrk).
# About 12 minutes.
#
#   bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
RESULTS=bench/results
mkdir -p "$RESULTS"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT="$RESULTS/bench-$STAMP.md"
RAW="$RESULTS/bench-$STAMP.raw"
PORT=8095
KEY=demo-key
LEVELS="4 8 16 32 64"
PSQL="psql -h 127.0.0.1 -U postgres -qtA"
: > "$RAW"
log() { echo "bench: $*" >&2; }

for tool in pgbench rabbitmqctl wrk redis-cli; do
  command -v $tool >/dev/null || { echo "bench: $tool is missing (wrk: apt-get install wrk)" >&2; exit 2; }
done
.ci/local-services

log "building payroute (prod artifact for the routing code) and the bench build (with the simulator)"
./mvnw -q -B install -DskipTests
./mvnw -q -B package -DskipTests -Dquarkus.profile=bench -Dquarkus.package.output-directory=bench-app
(cd bench && ../mvnw -q -B package)
BENCH_JAR=bench/target/payroute-bench.jar

# CPU seconds per process group while a phase runs: "<group> <cpu seconds>" lines into $1.
cpu_snapshot() {
  for p in /proc/[0-9]*; do
    [ -r "$p/stat" ] || continue
    cmd=$(tr '\0' ' ' < "$p/cmdline" 2>/dev/null || true)
    read -r -a st <<< "$(sed 's/.*) //' "$p/stat" 2>/dev/null || true)"
    [ ${#st[@]} -gt 12 ] || continue
    case "$cmd" in
      *quarkus-run.jar*) g=payroute ;; *postgres*) g=postgresql ;; *beam.smp*) g=rabbitmq ;;
      *redis-server*) g=redis ;; wrk*) g=wrk ;; *) g=other ;;
    esac
    echo "${p#/proc/} $g $(( st[11] + st[12] ))"
  done
}
cpu_delta() { # before-file after-file -> "<group> <cpu seconds>" lines
  join <(sort "$1") <(sort "$2") | awk -v hz="$(getconf CLK_TCK)" '{d = $5 - $3; if (d > 0) c[$2] += d} END {for (g in c) printf "%s %.2f\n", g, c[g] / hz}'
}

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
PG_BEST=0; PG_BEST_HOW=""
for mode in simple prepared; do
  for c in 8 32; do
    tps=$(pgbench -h 127.0.0.1 -U postgres -n -M $mode -c $c -j 2 -T 15 -f /tmp/payroute-pgbench.sql payroute_bench_pg 2>/dev/null \
          | awk '/^tps/ {print int($3)}' | head -1)
    echo "pgbench mode=$mode clients=$c tps=$tps" >> "$RAW"
    if [ "${tps:-0}" -gt "$PG_BEST" ]; then PG_BEST=$tps; PG_BEST_HOW="$mode, $c clients"; fi
  done
done
$PSQL -d postgres -c "drop database if exists payroute_bench_pg"
log "pgbench best: $PG_BEST inserts/s ($PG_BEST_HOW)"

log "ceiling: RabbitMQ PerfTest, persistent publishes with confirms to a quorum queue"
rabbitmqctl -q delete_vhost payroute-bench-perf >/dev/null 2>&1 || true
rabbitmqctl -q add_vhost payroute-bench-perf >/dev/null
rabbitmqctl -q set_permissions -p payroute-bench-perf guest ".*" ".*" ".*" >/dev/null
MQ_BEST=0; MQ_BEST_HOW=""
for producers in 1 4; do
  rate=$(java -cp "$BENCH_JAR" com.rabbitmq.perf.PerfTest --uri amqp://guest:guest@127.0.0.1:5672/payroute-bench-perf \
      --producers $producers --consumers 0 --flag persistent --confirm 64 --quorum-queue --queue perf-$producers \
      --size 150 --time 15 2>/dev/null | awk '/sending rate avg/ {print int($(NF-1))}' | tail -1)
  echo "perftest producers=$producers rate=$rate" >> "$RAW"
  if [ "${rate:-0}" -gt "$MQ_BEST" ]; then MQ_BEST=$rate; MQ_BEST_HOW="$producers producer(s)"; fi
done
rabbitmqctl -q delete_vhost payroute-bench-perf >/dev/null 2>&1 || true
log "PerfTest best: $MQ_BEST msg/s ($MQ_BEST_HOW)"
CEILING=$(( PG_BEST < MQ_BEST ? PG_BEST : MQ_BEST ))
# Each accepted payment needs one insert and one publish; run back to back on the same cores.
BOTH=$(awk "BEGIN {printf \"%d\", 1 / (1 / $PG_BEST + 1 / $MQ_BEST)}")

# ------------------------------------------------------------------------------------------------
# 2. payroute
# ------------------------------------------------------------------------------------------------
PAYROUTE=""
fresh_state() {
  $PSQL -d postgres -c "drop database if exists payroute_bench with (force)" -c "create database payroute_bench"
  rabbitmqctl -q delete_vhost payroute-bench >/dev/null 2>&1 || true
  rabbitmqctl -q add_vhost payroute-bench >/dev/null
  rabbitmqctl -q set_permissions -p payroute-bench guest ".*" ".*" ".*" >/dev/null
  redis-cli -n 8 flushdb >/dev/null
}
start_payroute() { # extra -D options...
  java -Xmx512m -Dquarkus.profile=bench -Dquarkus.http.port=$PORT "$@" \
    -Dpayroute.crypto.account-key="$(head -c 32 /dev/urandom | base64)" \
    -jar target/bench-app/quarkus-run.jar >> "$RESULTS/payroute-$STAMP.log" 2>&1 &
  PAYROUTE=$!
  for _ in $(seq 1 120); do curl -fsS localhost:$PORT/q/health/ready >/dev/null 2>&1 && return 0; sleep 1; done
  echo "bench: payroute did not become ready, see $RESULTS/payroute-$STAMP.log" >&2; exit 1
}
stop_payroute() { kill "$PAYROUTE" 2>/dev/null || true; wait "$PAYROUTE" 2>/dev/null || true; PAYROUTE=""; }
# The bench vhost's 100-odd quorum queues hold ~3 file handles each: do not leave them behind.
cleanup() { stop_payroute; rabbitmqctl -q delete_vhost payroute-bench >/dev/null 2>&1 || true; }
trap cleanup EXIT
load_with_cpu() { # concurrency seconds order-prefix -> one JSON line, then "wrk <clock ticks>": wrk's CPU,
  # read when the shell that ran it reaped it
  PORT=$PORT KEY=$KEY bash -c 'wrk -t2 -c"$1" -d"$2"s --timeout 10s -s bench/accept.lua "http://localhost:$PORT" -- "$3" "$KEY" CNY | tail -1
    sed "s/.*) //" /proc/$$/stat | awk "{print \"wrk\", \$14 + \$15}"' load "$@"
}
load() { load_with_cpu "$@" | sed -n 1p; } # the JSON line only
field() { echo "$1" | sed -E "s/.*\"$2\":([0-9.]+).*/\1/"; }
us() { echo "$cpu" | awk -v g="$1" -v n="$accepted" 'BEGIN {v = 0} $1 == g {v = $2} END {printf "%.0f", 1e6 * v / n}'; }

log "accept: an API-only replica (payroute.worker.consume=false), as the API deployment runs"
fresh_state
start_payroute -Dpayroute.worker.consume=false
log "warm-up (JIT) 60 s"
load 16 60 WARM > /dev/null
ACCEPT_ROWS=""; CPU_ROWS=""
BEST_RATE=0; BEST_C=0; BEST_P99=0; BEST_P50=0
for c in $LEVELS; do
  cpu_snapshot > /tmp/payroute-cpu.a
  out=$(load_with_cpu "$c" 15 "ACC$c") # wrk exits before the second snapshot
  cpu_snapshot > /tmp/payroute-cpu.b
  line=$(echo "$out" | sed -n 1p)
  echo "accept c=$c $line" >> "$RAW"
  accepted=$(field "$line" accepted); rate=$(field "$line" perSecond)
  p50=$(field "$line" p50Ms); p99=$(field "$line" p99Ms); errors=$(( $(field "$line" rejected) + $(field "$line" socketErrors) ))
  ACCEPT_ROWS="$ACCEPT_ROWS| $c | $rate | $p50 | $p99 | $errors | $(awk "BEGIN {printf \"%.0f\", 100 * $rate / $CEILING}") % |\n"
  cpu=$( (cpu_delta /tmp/payroute-cpu.a /tmp/payroute-cpu.b | grep -v '^wrk '
          echo "$out" | awk -v hz="$(getconf CLK_TCK)" '$1 == "wrk" {printf "wrk %.2f\n", $2 / hz}') )
  echo "accept c=$c cpu-seconds $(echo "$cpu" | tr '\n' ' ')" >> "$RAW"
  CPU_ROWS="$CPU_ROWS| $c | $(us payroute) | $(us postgresql) | $(us rabbitmq) | $(us redis) | $(us wrk) | $(us other) | $(echo "$cpu" | awk '{s += $2} END {printf "%.2f", s / 15}') |\n"
  if awk "BEGIN {exit !($p99 < 50 && $rate > $BEST_RATE)}"; then BEST_RATE=$rate; BEST_C=$c; BEST_P99=$p99; BEST_P50=$p50; fi
  log "accept at concurrency $c: $rate/s, p50 $p50 ms, p99 $p99 ms"
done
[ "$BEST_C" != 0 ] || BEST_C=16
log "profile: JFR of payroute while accepting at concurrency $BEST_C for 15 s"
JFR="$RESULTS/accept-$STAMP.jfr"
jcmd "$PAYROUTE" JFR.start name=bench settings=profile filename="$(pwd)/$JFR" > /dev/null
load "$BEST_C" 15 PROF > /dev/null
jcmd "$PAYROUTE" JFR.stop name=bench > /dev/null
stop_payroute
# Where payroute's threads are: the top frame of each JFR sample, by package or by method.
# ExecutionSample: Java code running. NativeMethodSample: threads inside native code, which is
# mostly waiting (epoll, the AMQP client's socket reads) or writing to sockets.
top_frames() { # event package|method how-many -> "<share> % <package or method>" lines
  jfr print --events "$1" --stack-depth 1 "$JFR" | awk -v by="$2" '/stackTrace = \[/ {getline; f = $0
      sub(/^[ \t]+/, "", f); sub(/[ \t]+line:.*/, "", f)
      if (by == "package") {sub(/\(.*/, "", f); k = split(f, part, "."); f = part[1]; for (i = 2; i <= k - 2 && i <= 3; i++) f = f "." part[i]}
      c[f]++; n++}
    END {for (p in c) printf "%5.1f %% %s\n", 100 * c[p] / n, p}' | sort -rn | awk -v max="$3" 'NR <= max'
}
PROFILE_JAVA=$(top_frames jdk.ExecutionSample package 8)
PROFILE_METHODS=$(top_frames jdk.ExecutionSample method 10)
PROFILE_NATIVE=$(top_frames jdk.NativeMethodSample method 5)
PROFILE_SAMPLES=$(jfr summary "$JFR" | awk '$1 == "jdk.ExecutionSample" || $1 == "jdk.NativeMethodSample" {printf "%s %s; ", $1, $2}')

log "end to end: one replica that accepts and works, through the simulated channels"
fresh_state
start_payroute
open_payments() { $PSQL -d payroute_bench -c "select count(*) from payment where status = 'PROCESSING'"; }
drain() { for _ in $(seq 1 600); do [ "$(open_payments)" = "0" ] && return 0; sleep 1; done; }
log "warm-up (JIT) 45 s"
load 8 45 WARM > /dev/null
drain
: > /tmp/payroute-memory
( while kill -0 "$PAYROUTE" 2>/dev/null; do
    rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$PAYROUTE/status" 2>/dev/null || echo 0)
    heap=$(curl -fsS localhost:$PORT/q/metrics 2>/dev/null | awk '/^jvm_memory_used_bytes\{area="heap"/ {s += $NF} END {print int(s / 1048576)}')
    echo "$rss $heap" >> /tmp/payroute-memory; sleep 2
  done ) & SAMPLER=$!
T0=$(date +%s.%N)
line=$(load "$BEST_C" 30 E2E)
T_ACCEPTED=$(date +%s.%N)
drain
T1=$(date +%s.%N)
kill $SAMPLER 2>/dev/null || true
echo "e2e c=$BEST_C $line" >> "$RAW"
E2E_ACCEPTED=$(field "$line" accepted); E2E_RATE=$(field "$line" perSecond)
# wrk counts the answers it read; the requests still in flight when it stopped were stored too.
read -r STORED DONE SUCCEEDED <<< "$($PSQL -d payroute_bench -F ' ' -c "select count(*), count(*) filter (where status <> 'PROCESSING'), count(*) filter (where status = 'SUCCEEDED') from payment where merchant_order_no like 'E2E-%'")"
E2E_SECONDS=$(awk "BEGIN {printf \"%.1f\", $T1 - $T0}")
DRAIN_SECONDS=$(awk "BEGIN {printf \"%.1f\", $T1 - $T_ACCEPTED}")
COMPLETED_RATE=$(awk "BEGIN {printf \"%.1f\", $DONE / ($T1 - $T0)}")
STORED_RATE=$(awk "BEGIN {printf \"%.1f\", $STORED / ($T_ACCEPTED - $T0)}")
E2E_RATIO=$(awk "BEGIN {printf \"%.2f\", $COMPLETED_RATE / $STORED_RATE}")
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
RSS_MED=$(awk '{print $1}' /tmp/payroute-memory | median); RSS_MAX=$(awk '{print $1}' /tmp/payroute-memory | sort -n | tail -1)
HEAP_MED=$(awk '{print $2}' /tmp/payroute-memory | median); HEAP_MAX=$(awk '{print $2}' /tmp/payroute-memory | sort -n | tail -1)
log "end to end: $DONE of $STORED terminal ($SUCCEEDED succeeded) $E2E_SECONDS s after the start: $COMPLETED_RATE/s"
cleanup; trap - EXIT

# ------------------------------------------------------------------------------------------------
# 3. Routing quality (offline simulation) and 4. routing decision cost (JMH)
# ------------------------------------------------------------------------------------------------
log "routing quality simulation"
SIM=$(java -cp "$BENCH_JAR" com.payroute.bench.RoutingQualitySimulation 42)
echo "routing $SIM" >> "$RAW"
log "routing decision cost (JMH)"
java -jar "$BENCH_JAR" RoutingDecisionBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s -tu us -bm avgt -rf json -rff "$RESULTS/jmh-$STAMP.json" > "$RESULTS/jmh-$STAMP.txt" 2>&1
JMH=$(awk '/RoutingDecisionBenchmark\./ && /avgt/ {print $1, $(NF-3), $(NF-1), $NF}' "$RESULTS/jmh-$STAMP.txt")

{
  echo "# payroute benchmark $STAMP"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(java -version 2>&1 | sed -n 1p); PostgreSQL, Redis, RabbitMQ, payroute and the load generator (wrk) share it."
  echo
  echo "## Ceilings (same run, each alone on the machine)"
  echo
  echo "| | per second |"
  echo "|---|---|"
  echo "| pgbench single-row inserts, unique (merchant, order) index (best: $PG_BEST_HOW) | $PG_BEST |"
  echo "| RabbitMQ PerfTest persistent publishes, confirms, quorum queue (best: $MQ_BEST_HOW) | $MQ_BEST |"
  echo "| **slower ceiling** | **$CEILING** |"
  echo "| one insert and one publish each, back to back on the same cores: 1 / (1/pg + 1/mq) | $BOTH |"
  echo
  echo "## 1. Accept: POST /v1/payments, closed loop (wrk), 15 s per level after a 60 s warm-up, API-only replica"
  echo
  echo "| concurrency | accepted/s | p50 ms | p99 ms | errors | of slower ceiling |"
  echo "|---|---|---|---|---|---|"
  printf '%b' "$ACCEPT_ROWS"
  echo
  echo "**Best with p99 < 50 ms: concurrency $BEST_C, $BEST_RATE/s (p50 $BEST_P50 ms, p99 $BEST_P99 ms) = $(awk "BEGIN {printf \"%.0f\", 100 * $BEST_RATE / $CEILING}") % of the slower ceiling, $(awk "BEGIN {printf \"%.0f\", 100 * $BEST_RATE / $BOTH}") % of insert-plus-publish.**"
  echo
  echo "Where the CPU goes (CPU microseconds per accepted payment, by process, same levels; last column: cores busy of $(nproc)):"
  echo
  echo "| concurrency | payroute | PostgreSQL | RabbitMQ | Redis | wrk | other | cores busy |"
  echo "|---|---|---|---|---|---|---|---|"
  printf '%b' "$CPU_ROWS"
  echo
  echo "Profile of payroute at concurrency $BEST_C (JFR $(basename "$JFR"), samples: $PROFILE_SAMPLES): top frames."
  echo
  echo '```'
  echo "Java code running, by package:"
  echo "$PROFILE_JAVA"
  echo "Java code running, hottest methods:"
  echo "$PROFILE_METHODS"
  echo "Threads in native code (mostly waiting, or writing to sockets):"
  echo "$PROFILE_NATIVE"
  echo '```'
  echo
  echo "## 2. End to end: one replica accepting and working, concurrency $BEST_C for 30 s, 32 simulated channels (20 ms each)"
  echo
  echo "Accepted $STORED ($STORED_RATE/s; wrk read $E2E_ACCEPTED answers, $E2E_RATE/s); $DONE terminal ($SUCCEEDED SUCCEEDED) $E2E_SECONDS s after the start ($DRAIN_SECONDS s after the last accept): **$COMPLETED_RATE completed/s, ratio to the accept rate $E2E_RATIO**."
  echo
  echo "Memory meanwhile (every 2 s): RSS median $RSS_MED MB, max $RSS_MAX MB; JVM heap used median $HEAP_MED MB, max $HEAP_MAX MB (-Xmx512m)."
  echo
  echo "## 3. Routing quality (RoutingQualitySimulation, seed 42: 32 drifting channels, one down for 10 minutes, one for 6)"
  echo
  echo "| router | success rate |"
  echo "|---|---|"
  echo "| oracle (always the best true rate) | $(field "$SIM" oracleSuccess) |"
  echo "| payroute | $(field "$SIM" payrouteSuccess) |"
  echo "| static weights | $(field "$SIM" staticWeightsSuccess) |"
  echo
  echo "payroute / oracle = **$(field "$SIM" ratioToOracle)**; payroute - static = **$(field "$SIM" marginOverStatic)**. Payments sent to a channel while it was down: **$(field "$SIM" callsToFirstDownChannelWhileDown)** (600 s outage), **$(field "$SIM" callsToSecondDownChannelWhileDown)** (360 s outage)."
  echo
  echo "## 4. Routing decision cost (JMH, 32 channels; score and error in microseconds per decision)"
  echo
  echo '```'
  echo "$JMH"
  echo '```'
  echo
  echo "Raw lines: $(basename "$RAW"); JMH output: jmh-$STAMP.txt; payroute's log: payroute-$STAMP.log."
} > "$OUT"
cat "$OUT"
log "written to $OUT"
