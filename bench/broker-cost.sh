#!/usr/bin/env bash
# The broker's CPU for payroute's message pattern without payroute (BrokerMessageCost): 45 s of messages,
# the broker's CPU milliseconds per second over 30 s of it (common.sh's per-process CPU snapshots).
# The README's tables after run 11 came from
#   bench/broker-cost.sh 1 400 0               bench/broker-cost.sh 1 400 10            (one queue, acked on arrival)
#   bench/broker-cost.sh 32 400 0              bench/broker-cost.sh 32 400 10           (acked on arrival)
#   WORK=25 bench/broker-cost.sh 32 400 0      WORK=25 bench/broker-cost.sh 32 400 10   (acked 25 ms later)
#   WORK=25 BURST=4 bench/broker-cost.sh 32 400 0    WORK=25 BURST=20 bench/broker-cost.sh 32 400 0   (bursts)
#   bench/broker-cost.sh <queues> <messages per second> <ack hold ms, 0: each alone>
# One setting run nine times in two hours gave 299-448 ms/s here: compare settings run back to back.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
VHOST=payroute-bench-broker
LOG="$RESULTS/broker-cost-$STAMP.log"
.ci/local-services > /dev/null
(cd bench && ../mvnw -q -B package -DskipTests)
rabbitmqctl -q delete_vhost $VHOST >/dev/null 2>&1 || true
rabbitmqctl -q add_vhost $VHOST >/dev/null
rabbitmqctl -q set_permissions -p $VHOST guest ".*" ".*" ".*" >/dev/null
trap 'rabbitmqctl -q delete_vhost $VHOST >/dev/null 2>&1 || true' EXIT
java -Dwork="${WORK:-0}" -Dburst="${BURST:-1}" -Dvhost=$VHOST -cp bench/target/payroute-bench.jar \
    com.payroute.bench.BrokerMessageCost "$1" "$2" "$3" 45 > "$LOG" 2>&1 &
CLIENT=$!
sleep 12
cpu_snapshot > /tmp/payroute-broker-cost.a; sleep 30; cpu_snapshot > /tmp/payroute-broker-cost.b
wait $CLIENT
broker=$(cpu_delta /tmp/payroute-broker-cost.a /tmp/payroute-broker-cost.b | awk '$1 == "rabbitmq" {printf "%.0f", 1000 * $2 / 30}')
echo "queues=$1 rate=$2 hold=$3 work=${WORK:-0} burst=${BURST:-1}: broker ${broker:-0} ms of CPU a second; $(tail -1 "$LOG")"
