#!/usr/bin/env bash
# Shared by the bench scripts: results folder, the bench build (payroute with the simulator, profile
# "bench", database payroute_bench, vhost payroute-bench), starting and stopping it.
RESULTS=bench/results
mkdir -p "$RESULTS"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
PORT=${PORT:-8095}
PSQL="psql -h 127.0.0.1 -U postgres -qtA"
log() { echo "bench: $*" >&2; }

# wrk is the one tool the services do not bring along: installed when missing (Debian/Ubuntu); the bench
# stops if it is still missing
install_wrk() {
  if ! command -v wrk >/dev/null && command -v apt-get >/dev/null; then
    log "installing wrk"
    { [ "$(id -u)" = 0 ] && apt-get install -y -q wrk || sudo apt-get install -y -q wrk; } >/dev/null 2>&1 || true
  fi
  command -v wrk >/dev/null || { echo "bench: wrk is missing (apt-get install wrk)" >&2; exit 2; }
}

# Builds the bench application once (skipped when BENCH_BUILT=1, e.g. when run.sh built it already).
build_bench_app() {
  [ "${BENCH_BUILT:-0}" = 1 ] && return 0
  log "building the bench application (payroute with the simulator)"
  ./mvnw -q -B package -DskipTests -Dquarkus.profile=bench -Dquarkus.package.output-directory=bench-app
  BENCH_BUILT=1
}

# What a single-section script (accept.sh, e2e.sh) needs before it loads payroute: wrk, the local services,
# payroute installed for the bench module, and the bench application.
prepare_load() {
  install_wrk
  .ci/local-services > /dev/null
  ./mvnw -q -B install -DskipTests
  build_bench_app
}

# A fresh bench database and vhost, so a run starts from nothing.
fresh_bench_state() {
  $PSQL -d postgres -c "drop database if exists payroute_bench with (force)" -c "create database payroute_bench"
  rabbitmqctl -q delete_vhost payroute-bench >/dev/null 2>&1 || true
  rabbitmqctl -q add_vhost payroute-bench >/dev/null
  rabbitmqctl -q set_permissions -p payroute-bench guest ".*" ".*" ".*" >/dev/null
  redis-cli -n 8 flushdb >/dev/null
}

# payroute's JVM as the JVM image runs it in its pod (Dockerfile.jvm, k8s/deployment.yaml): a 512 MiB memory
# limit, half of it for the heap, and the collector settings the image's run-java.sh adds by default (its
# GC_* defaults; without them this JVM would pick G1, which commits more heap) with Dockerfile.jvm's
# GC_CONTAINER_OPTIONS (ParallelGC, a young generation of at least 32 MB);
# PAYROUTE_JVM_EXTRA adds options to payroute's JVM alone (a GC log, a JFR recording)
PAYROUTE_JVM="-XX:MaxRAM=512m -XX:MaxRAMPercentage=50 -XX:+UseParallelGC -XX:NewSize=32m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:GCTimeRatio=4 -XX:AdaptiveSizePolicyWeight=90 -XX:+ExitOnOutOfMemoryError ${PAYROUTE_JVM_EXTRA:-}"
start_payroute() { # extra -D options...
  java $PAYROUTE_JVM -Dquarkus.profile=bench -Dquarkus.http.port=$PORT "$@" \
    -Dpayroute.crypto.account-key="$(head -c 32 /dev/urandom | base64)" \
    -Dpayroute.crypto.account-index-key="$(head -c 32 /dev/urandom | base64)" \
    -jar target/bench-app/quarkus-run.jar >> "$RESULTS/payroute-$STAMP.log" 2>&1 &
  PAYROUTE=$!
  for _ in $(seq 1 120); do curl -fsS localhost:$PORT/q/health/ready >/dev/null 2>&1 && return 0; sleep 1; done
  echo "bench: payroute did not become ready, see $RESULTS/payroute-$STAMP.log" >&2; exit 1
}
stop_payroute() { [ -n "${PAYROUTE:-}" ] && { kill "$PAYROUTE" 2>/dev/null || true; wait "$PAYROUTE" 2>/dev/null || true; }; PAYROUTE=""; }
# Stops payroute and drops the bench vhost: its 100-odd quorum queues hold ~3 of the broker's file
# handles each, and a broker at 1024 descriptors stops accepting connections (the test suite's too).
drop_bench_state() { stop_payroute; rabbitmqctl -q delete_vhost payroute-bench >/dev/null 2>&1 || true; }

# The simulated channels in a process of their own (SimulatorServer, the application's Simulator), so
# that payroute's CPU is payroute's alone; payroute is then started with -Dpayroute.simulator.base-url=$SIM_URL.
SIM_PORT=${SIM_PORT:-8099}
SIM_URL="http://localhost:$SIM_PORT/sim/channels"
start_simulator() { # bench jar
  # 1 GB: its ledger keeps every order of the run, and GET /sim/ledger encodes it whole (256 MB ran out
  # of heap there after run 8's ~600,000 orders, and the run stalled on the answer that never came)
  java -Xmx1g -cp "$1" com.payroute.simulator.SimulatorServer "$SIM_PORT" >> "$RESULTS/simulator-$STAMP.log" 2>&1 &
  SIMULATOR=$!
  for _ in $(seq 1 60); do curl -fsS "localhost:$SIM_PORT/ready" >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "bench: the simulator did not start, see $RESULTS/simulator-$STAMP.log" >&2; exit 1
}
stop_simulator() { [ -n "${SIMULATOR:-}" ] && { kill "$SIMULATOR" 2>/dev/null || true; wait "$SIMULATOR" 2>/dev/null || true; }; SIMULATOR=""; }

# Samples payroute's RSS and heap (MB) every second into $1 until stopped: echo the sampler's pid.
sample_memory() {
  ( while kill -0 "$PAYROUTE" 2>/dev/null; do
      rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$PAYROUTE/status" 2>/dev/null || echo 0)
      heap=$(curl -fsS localhost:$PORT/q/metrics 2>/dev/null | awk '/^jvm_memory_used_bytes\{area="heap"/ {s += $NF} END {print int(s / 1048576)}')
      echo "$rss $heap" >> "$1"; sleep 1
    done ) > /dev/null 2>&1 &
  echo $!
}
# CPU seconds per process group while a phase runs: "<group> <cpu seconds>" lines into $1.
cpu_snapshot() {
  for p in /proc/[0-9]*; do
    [ -r "$p/stat" ] || continue
    cmd=$(tr '\0' ' ' < "$p/cmdline" 2>/dev/null || true)
    read -r -a st <<< "$(sed 's/.*) //' "$p/stat" 2>/dev/null || true)"
    [ ${#st[@]} -gt 12 ] || continue
    case "$cmd" in
      *SimulatorServer*) g=simulator ;; *quarkus-run.jar*) g=payroute ;; *postgres*) g=postgresql ;; *beam.smp*) g=rabbitmq ;;
      *redis-server*) g=redis ;; wrk*) g=wrk ;; *) g=other ;;
    esac
    echo "${p#/proc/} $g $(( st[11] + st[12] ))"
  done
}
cpu_delta() { # before-file after-file -> "<group> <cpu seconds>" lines
  join <(sort "$1") <(sort "$2") | awk -v hz="$(getconf CLK_TCK)" '{d = $5 - $3; if (d > 0) c[$2] += d} END {for (g in c) printf "%s %.2f\n", g, c[g] / hz}'
}
# An open load: <rate> payments a second for <seconds> on bench/accept.lua's schedule (wrk sends on a fixed
# schedule, at most E2E_CONNECTIONS, default 64, outstanding): wrk's summary line (JSON).
open_load() { # requests-per-second seconds order-prefix
  wrk -t2 -c"${E2E_CONNECTIONS:-64}" -d"$2"s --timeout 10s -s bench/accept.lua "http://localhost:$PORT" -- "$3" "$KEY" CNY \
      "$(awk "BEGIN {print $1 / 2}")" | tail -1
}
# Seconds payroute's JIT has spent compiling so far (jstat's cumulative compile time; 0 without jstat, and
# then settle_jit takes one step).
compile_seconds() { { jstat -compiler "$PAYROUTE" 2>/dev/null || true; } | awk 'NR == 2 {s = $4} END {print s + 0}'; }
# After the warm-up, loads payroute at the first level's rate in 20 s steps until its JIT is quiet (less than
# 0.4 s of compiling in a step, 2 % of a core; at most 9 steps), then drains: a 120 s closed-load warm-up still
# left the compiler busy at the first end-to-end level (C2 threads at 13 % of a core at 230/s, against under
# 1 % one level later), so the first level measured compilation along with payments.
settle_jit() { # rate order-prefix
  local step before spent
  for step in 1 2 3 4 5 6 7 8 9; do
    before=$(compile_seconds)
    open_load "$1" 20 "$2$step" > /dev/null
    spent=$(awk "BEGIN {printf \"%.2f\", $(compile_seconds) - $before}")
    log "JIT settling at $1/s, step $step: ${spent} s compiling in 20 s"
    awk "BEGIN {exit !($spent < 0.4)}" && break
  done
  drain
}
# Payments of the bench database still open, and those that ended; drain waits (at most 15 min) until none is open.
open_payments() { $PSQL -d payroute_bench -c "select count(*) from payment where status = 'PROCESSING'"; }
terminal_payments() { $PSQL -d payroute_bench -c "select count(*) from payment where status <> 'PROCESSING'"; }
# transactions committed in the bench's database so far (every commit is a WAL flush)
bench_commits() { $PSQL -d postgres -c "select xact_commit from pg_stat_database where datname = 'payroute_bench'"; }
drain() { for _ in $(seq 1 900); do [ "$(open_payments)" = "0" ] && return 0; sleep 1; done; }
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
