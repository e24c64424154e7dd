#!/usr/bin/env bash
# The accept section of bench/run.sh, alone: to compare two builds back to back on the same machine.
# Starts an API-only replica of the bench build (payroute.worker.consume=false, as the API deployment
# runs), warms it up, then for each concurrency: a closed load of SECONDS_PER_LEVEL seconds, accepted/s,
# p50/p99, and CPU microseconds per accepted payment by process.
#
#   bench/accept.sh [concurrencies, default "8 16"]   (run it for each build in turn, several times)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
KEY=demo-key
LEVELS=${1:-8 16}
SECONDS_PER_LEVEL=${SECONDS_PER_LEVEL:-20}
OUT="$RESULTS/accept-$STAMP.txt"
prepare_load
trap 'drop_bench_state' EXIT
fresh_bench_state
# No worker consumes here, so every attempt stays ROUTED: without a longer routed-after the sweeper would
# republish the whole backlog each 30 s (~70 publishes/s in run 7), work an API replica beside workers never does.
start_payroute -Dpayroute.worker.consume=false -Dpayroute.sweeper.routed-after=1h
log "warm-up (JIT) 60 s"
wrk -t2 -c16 -d60s --timeout 10s -s bench/accept.lua "http://localhost:$PORT" -- WARM "$KEY" CNY > /dev/null
level=0
for c in $LEVELS; do
  level=$((level + 1)) # order numbers of their own per level
  cpu_snapshot > /tmp/payroute-accept-cpu.a
  line=$(wrk -t2 -c"$c" -d"${SECONDS_PER_LEVEL}"s --timeout 10s -s bench/accept.lua "http://localhost:$PORT" -- "ACC$level-$c" "$KEY" CNY | tail -1)
  cpu_snapshot > /tmp/payroute-accept-cpu.b
  n=$(echo "$line" | sed -E 's/.*"accepted":([0-9]+).*/\1/')
  cost=$(cpu_delta /tmp/payroute-accept-cpu.a /tmp/payroute-accept-cpu.b | grep -v '^wrk ' \
      | awk -v n="$n" '{printf "%s %.0f ", $1, 1e6 * $2 / n; s += $2} END {printf "all-but-wrk %.0f", 1e6 * s / n}')
  echo "$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src || echo +changes) c=$c $line cpuUsPerAccept: $cost" | tee -a "$OUT"
done
