#!/usr/bin/env bash
# One end-to-end level of bench/run.sh, alone: to compare two builds back to back on the same machine
# (bench/run.sh's ratios are per run; a build's effect is smaller than this machine's swings between runs).
# Starts the simulator and the bench build, warms up, then for each offered rate: 60 s of open load,
# accept p50/p99, completions per second, payroute's RSS and heap at most (MB), and CPU milliseconds per
# completed payment by process.
#
#   bench/e2e.sh [rates, default "200"]   (run it for each build in turn, e.g. the base commit in a git worktree,
#                                          several times: single runs differ by more than most changes)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
KEY=demo-key
RATES=${1:-200}
SECONDS_PER_LEVEL=${SECONDS_PER_LEVEL:-60}
OUT="$RESULTS/e2e-$STAMP.txt"
prepare_load
(cd bench && ../mvnw -q -B package)
trap 'drop_bench_state; stop_simulator' EXIT
fresh_bench_state
start_simulator bench/target/payroute-bench.jar
start_payroute -Dpayroute.simulator.base-url="$SIM_URL"
log "warm-up (JIT) 120 s"
wrk -t2 -c16 -d120s --timeout 10s -s bench/accept.lua "http://localhost:$PORT" -- WARM "$KEY" CNY > /dev/null
drain
settle_jit "${RATES%% *}" SETTLE
level=0
for rate in $RATES; do
  level=$((level + 1)) # order numbers of their own per level: the same rate twice is not a replay
  : > /tmp/payroute-e2e-memory; SAMPLER=$(sample_memory /tmp/payroute-e2e-memory)
  commits0=$(bench_commits); done0=$(terminal_payments); T0=$(date +%s.%N); cpu_snapshot > /tmp/payroute-e2e-cpu.a
  line=$(open_load "$rate" "$SECONDS_PER_LEVEL" "E2E$level-$rate")
  T1=$(date +%s.%N); done1=$(terminal_payments); kill "$SAMPLER" 2>/dev/null || true
  memory=$(sort -n /tmp/payroute-e2e-memory | awk '{if ($1 > r) r = $1; if ($2 > h) h = $2} END {printf "rssMaxMb=%d heapMaxMb=%d", r, h}')
  drain; cpu_snapshot > /tmp/payroute-e2e-cpu.b; done2=$(terminal_payments); commits2=$(bench_commits)
  cost=$(cpu_delta /tmp/payroute-e2e-cpu.a /tmp/payroute-e2e-cpu.b | grep -v '^wrk ' \
      | awk -v n=$((done2 - done0)) '{printf "%s %.2f ", $1, 1000 * $2 / n; s += $2} END {printf "all %.2f", 1000 * s / n}')
  echo "$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src || echo +changes) rate=$rate $line" \
      "completedPerSecond=$(awk "BEGIN {printf \"%.1f\", ($done1 - $done0) / ($T1 - $T0)}") $memory" \
      "commitsPerPayment=$(awk "BEGIN {printf \"%.2f\", ($commits2 - $commits0) / ($done2 - $done0)}") cpuMsPerPayment: $cost" | tee -a "$OUT"
done
