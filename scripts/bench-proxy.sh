#!/usr/bin/env bash
# Runs ../shared/bench (squid, tinyproxy, mitmproxy, LittleProxy, direct) with Tollgate beside them,
# on loopback, every proxied request a durable intent (destination rule -> built-in `allow` policy,
# committed before the request is forwarded). Extra arguments go to bench/run.sh, e.g. --quick.
#
#   scripts/bench-proxy.sh [--quick] [--rounds N] [--proxies tollgate,littleproxy,...]
#
# Prerequisites: see ../shared/bench/README.md (nginx, squid, tinyproxy, mitmproxy, wrk, gcc, libssl-dev).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench="${TOLLGATE_BENCH_DIR:-$root/../shared/bench}"
[ -x "$bench/run.sh" ] || { echo "bench harness not found at $bench (set TOLLGATE_BENCH_DIR)" >&2; exit 2; }

"$root/scripts/tollgate" version >/dev/null            # build the jar first
work="$(mktemp -d /tmp/tollgate-bench.XXXXXX)"
mkdir -p "$work/policies" "$work/data"
cat >"$work/destinations.yaml" <<'YAML'
destinations:
  - name: bench.origin
    match: { host: 127.0.0.1 }
    policy: allow
default_policy: null
YAML
# Peers run without access logs (see the bench README); so does Tollgate here: log.level warn.
printf 'log:\n  level: warn\n' >"$work/tollgate.yaml"
java -jar "$root/gateway/target/tollgate.jar" ca init --data-dir "$work/data" >/dev/null
jvm="${BENCH_TOLLGATE_JVM_OPTS:--Xms64m -Xmx512m}"
cmd="java $jvm -jar $root/gateway/target/tollgate.jar serve --config $work/tollgate.yaml --port 15091 --proxy-port 15090"
cmd="$cmd --data-dir $work/data --policy-dir $work/policies --destinations $work/destinations.yaml"
cmd="$cmd --allow-private 127.0.0.0/8 --proxy-auth optional --upstream-ca \$BENCH_ORIGIN_CA"
echo "# tollgate: $cmd" >&2
echo "# work dir: $work (data, CA and intents of this run)" >&2
TOLLGATE_ADMIN_KEY="gate_admin_$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
  "$bench/run.sh" --extra "tollgate=$cmd" --extra-port 15090 --extra-ca "$work/data/ca/tollgate-ca.crt" \
  --extra-caps plain,mitm "$@"
echo "# intents recorded: $(sqlite3 "$work/data/tollgate.db" 'select count(*) from intents' 2>/dev/null || echo '?')" >&2
