#!/usr/bin/env bash
# Bounded load test of durable intent creation (issue 2's speed target: >= 5,000 intents/s).
#
#   scripts/load-intents.sh [--duration SECONDS] [--connections N] [--threads N]
#
# Starts Tollgate on loopback with a throw-away data dir, registers an agent, then runs wrk
# with keep-alive against (1) GET /healthz, a no-op endpoint of the same server, and (2)
# POST /v1/intents, alternating, so the ratio between them is measured in one run on the same
# noisy machine. Afterwards it counts the intent rows in the database: every 2xx must be a
# committed row. Stops only the server it started (by PID). Needs wrk and sqlite3.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
duration=10; conns=64; threads=2; rounds=3
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift 2;;
    --connections) conns=$2; shift 2;;
    --threads) threads=$2; shift 2;;
    --rounds) rounds=$2; shift 2;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done
for tool in wrk sqlite3 curl; do
  command -v $tool >/dev/null || { echo "needs $tool (apt-get install $tool)" >&2; exit 2; }
done
[ "$duration" -le 120 ] && [ "$rounds" -le 10 ] || { echo "keep --duration <= 120 and --rounds <= 10" >&2; exit 2; }

work="$(mktemp -d /tmp/tollgate-load.XXXXXX)"
port=$((14000 + RANDOM % 500)); proxy_port=$((port + 500))
admin_key="gate_admin_$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
"$root/scripts/tollgate" version >/dev/null   # build first, outside the timed part
started=$(date +%s%N)
TOLLGATE_ADMIN_KEY="$admin_key" java ${TOLLGATE_JAVA_OPTS:-} -jar "$root/gateway/target/tollgate.jar" serve \
  --port "$port" --proxy-port "$proxy_port" --data-dir "$work/data" --policy-dir "$root/config/policies" \
  >"$work/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 300); do
  curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break
  kill -0 $pid 2>/dev/null || { cat "$work/server.log"; exit 1; }
  sleep 0.02
done
echo "# serve ready (GET /readyz 200) $(( ($(date +%s%N) - started) / 1000000 )) ms after launch"
agent_key=$(curl -sf -X POST "http://127.0.0.1:$port/v1/agents/register" -H "Authorization: Bearer $admin_key" \
  -H 'Content-Type: application/json' -d '{"name":"load-agent"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["apiKey"])')

cat >"$work/propose.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $agent_key"
wrk.body = '{"destination":"salesforce.import","policy":"crm-low-risk","payload":"leads.csv","recordCount":10}'
LUA
cat >"$work/report.lua" <<'LUA'
done = function(summary, latency, requests)
  local non2xx = summary.errors.status
  io.write(string.format("RESULT %d %d %.1f %.3f %.3f\n", summary.requests, non2xx + summary.errors.connect
    + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
LUA
cat "$work/report.lua" >>"$work/propose.lua"

run() { # name script-args... ; prints "name rps p50ms p99ms requests errors"
  local name=$1; shift
  local out; out=$(wrk -t"$threads" -c"$conns" -d"${duration}s" --latency "$@" | grep '^RESULT')
  set -- $out
  echo "$name $4 $5 $6 $2 $3"
}
# Warm-up (JIT), not counted: the row count is taken after it.
wrk -t"$threads" -c"$conns" -d3s -s "$work/report.lua" "http://127.0.0.1:$port/healthz" >/dev/null
wrk -t"$threads" -c"$conns" -d3s -s "$work/propose.lua" "http://127.0.0.1:$port/v1/intents" >/dev/null
sleep 0.5
before=$(sqlite3 "$work/data/tollgate.db" 'select count(*) from intents')
echo "# $rounds rounds x ${duration}s, $conns connections, $threads wrk threads"
printf '%-10s %10s %8s %8s %10s %7s\n' endpoint req/s p50ms p99ms requests errors
ok_total=0
for r in $(seq 1 "$rounds"); do
  line=$(run noop -s "$work/report.lua" "http://127.0.0.1:$port/healthz"); printf '%-10s %10s %8s %8s %10s %7s\n' $line
  noop_rps+=("$(echo "$line" | cut -d' ' -f2)")
  line=$(run propose -s "$work/propose.lua" "http://127.0.0.1:$port/v1/intents"); printf '%-10s %10s %8s %8s %10s %7s\n' $line
  prop_rps+=("$(echo "$line" | cut -d' ' -f2)")
  set -- $line; ok_total=$((ok_total + $5 - $6))
done
after=$(sqlite3 "$work/data/tollgate.db" 'select count(*) from intents')
rows=$((after - before))
python3 - "$rows" "$ok_total" "${noop_rps[*]}" "${prop_rps[*]}" <<'PY'
import statistics, sys
rows, ok = int(sys.argv[1]), int(sys.argv[2])
noop = [float(x) for x in sys.argv[3].split()]; prop = [float(x) for x in sys.argv[4].split()]
mn, mp = statistics.median(noop), statistics.median(prop)
print(f"median no-op {mn:.0f} req/s, median propose {mp:.0f} intents/s, ratio {mp/mn:.2f}")
print(f"durability: {ok} acknowledged (2xx), {rows} intent rows committed -> "
      + ("OK" if rows >= ok else "LOST %d" % (ok - rows)))
sys.exit(0 if rows >= ok else 1)
PY
