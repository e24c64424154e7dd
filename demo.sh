#!/usr/bin/env bash
# Starts payroute (dev mode: simulated channels, seeded merchant m_demo / key demo-key) and sends a
# demo payment through it, printing the result. payroute keeps running until Ctrl-C.
#   ./demo.sh          start, send the demo payment, keep running
#   ./demo.sh --once   start, send the demo payment, stop
# Without a container runtime it uses the PostgreSQL, Redis and RabbitMQ running on localhost
# (profile "local"); with Docker, Quarkus Dev Services start them.
set -euo pipefail
cd "$(dirname "$0")"

PORT=${PAYROUTE_PORT:-8080}
PROFILE=dev
if ! docker info >/dev/null 2>&1; then
  PROFILE=dev,local
fi
mkdir -p target
LOG=target/demo.log
# On local services the demo gets a RabbitMQ vhost of its own, removed when it stops: its hundred-odd
# quorum queues would otherwise stay in the broker and eat into its file handles (about three each).
VHOST_ARG=()
if [ "$PROFILE" = dev,local ] && command -v rabbitmqctl >/dev/null 2>&1; then
  rabbitmqctl -q delete_vhost payroute-demo >/dev/null 2>&1 || true
  rabbitmqctl -q add_vhost payroute-demo >/dev/null
  rabbitmqctl -q set_permissions -p payroute-demo guest ".*" ".*" ".*" >/dev/null
  VHOST_ARG=(-Drabbitmq-virtual-host=payroute-demo)
fi

echo "Starting payroute (profile $PROFILE) on port $PORT; log in $LOG ..."
./mvnw -q quarkus:dev -Dquarkus.profile="$PROFILE" -Dquarkus.http.port="$PORT" -Ddebug=false \
  -Dquarkus.console.enabled=false -Dquarkus.analytics.disabled=true "${VHOST_ARG[@]}" < /dev/null > "$LOG" 2>&1 &
PAYROUTE=$!
stop() {
  kill "$PAYROUTE" 2>/dev/null || true; wait "$PAYROUTE" 2>/dev/null || true
  if [ ${#VHOST_ARG[@]} -gt 0 ]; then rabbitmqctl -q delete_vhost payroute-demo >/dev/null 2>&1 || true; fi
}
trap stop EXIT INT TERM

for _ in $(seq 1 180); do
  if curl -fsS "http://localhost:$PORT/q/health/ready" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$PAYROUTE" 2>/dev/null; then echo "payroute did not start; see $LOG" >&2; exit 1; fi
  sleep 1
done
curl -fsS "http://localhost:$PORT/q/health/ready" >/dev/null || { echo "payroute not ready after 3 minutes; see $LOG" >&2; exit 1; }

ORDER="DEMO-$(date +%Y%m%d-%H%M%S)"
# an amount of its own per run (100.00 + the second of the day / 100): the same amount to the same account
# again within the merchant's 24 h window is a suspected duplicate (409), so a second demo would fail
SECOND_OF_DAY=$(( $(date +%s) % 86400 ))
AMOUNT="$(( 100 + SECOND_OF_DAY / 100 )).$(printf %02d $(( SECOND_OF_DAY % 100 )))"
echo "payroute is up. Sending payment $ORDER (DEBIT $AMOUNT CNY, ICBC) and waiting for its outcome:"
ANSWER=$(curl -sS -X POST "http://localhost:$PORT/v1/payments" \
  -H "Authorization: Bearer demo-key" -H "Content-Type: application/json" -H "Prefer: wait=10" \
  -d "{\"merchantOrderNo\":\"$ORDER\",\"type\":\"DEBIT\",\"amount\":\"$AMOUNT\",\"currency\":\"CNY\",
       \"account\":{\"bankCode\":\"ICBC\",\"number\":\"6222021507001069767\",\"holderName\":\"Li Lei\"}}")
if command -v python3 >/dev/null 2>&1; then echo "$ANSWER" | python3 -m json.tool; else echo "$ANSWER"; fi
case "$ANSWER" in
  *'"status":"SUCCEEDED"'*) ;;
  *) echo "the demo payment did not succeed" >&2; exit 1 ;;
esac

if [ "${1:-}" = "--once" ]; then
  exit 0
fi
echo
echo "payroute keeps running on http://localhost:$PORT (Swagger UI: /q/swagger-ui, simulator ledger: /sim/ledger). Ctrl-C stops it."
trap - EXIT
trap stop INT TERM
wait "$PAYROUTE"
