#!/usr/bin/env bash
# The broker's CPU for payroute's message pattern without payroute (BrokerMessageCost): 45 s of messages,
# the broker's CPU milliseconds per second read over 30 s of it. The README's tables after run 11 came from
#   bench/broker-cost.sh 32 400 0              bench/broker-cost.sh 32 400 10           (acked on arrival)
#   WORK=25 bench/broker-cost.sh 32 400 0      WORK=25 bench/broker-cost.sh 32 400 10   (acked 25 ms later)
#   WORK=25 BURST=4 bench/broker-cost.sh 32 400 0                                       (published in fours)
#   bench/broker-cost.sh <queues> <messages per second> <ack hold ms, 0: each alone>
set -euo pipefail
cd "$(dirname "$0")/.."
VHOST=payroute-bench-broker
(cd bench && ../mvnw -q -B package -DskipTests)
rabbitmqctl -q delete_vhost $VHOST >/dev/null 2>&1 || true
rabbitmqctl -q add_vhost $VHOST >/dev/null
rabbitmqctl -q set_permissions -p $VHOST guest ".*" ".*" ".*" >/dev/null
trap 'rabbitmqctl -q delete_vhost $VHOST >/dev/null 2>&1 || true' EXIT
BEAM=$(pgrep -f beam.smp | head -1)
java -Dwork="${WORK:-0}" -Dburst="${BURST:-1}" -Dvhost=$VHOST -cp bench/target/payroute-bench.jar \
    com.payroute.bench.BrokerMessageCost "$1" "$2" "$3" 45 > /tmp/payroute-broker-cost.log 2>&1 &
CLIENT=$!
sleep 12
t0=$(awk '{print $14 + $15}' "/proc/$BEAM/stat"); sleep 30; t1=$(awk '{print $14 + $15}' "/proc/$BEAM/stat")
wait $CLIENT
echo "queues=$1 rate=$2 hold=$3 work=${WORK:-0} burst=${BURST:-1}: broker $(( (t1 - t0) * 1000 / $(getconf CLK_TCK) / 30 )) ms of CPU a second; $(tail -1 /tmp/payroute-broker-cost.log)"
