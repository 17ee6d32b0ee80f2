#!/usr/bin/env bash
# Fixed-rate load on the nicplan service: builds the jars, starts the service on 127.0.0.1 over a
# throw-away data folder, runs io.nicplan.bench.ServiceLoad against it, and stops it again.
#
#   scripts/load.sh [GET_RATE POST_RATE SECONDS WARMUP_SECONDS]     (defaults: 500 20 30 10)
#
# The search queue is made long enough that no POST of the run is refused (429) while the searches
# catch up. Prints, per phase, requests sent, ok and failed, throughput, and latency percentiles measured
# from each request's scheduled time (so a stalled server cannot hide behind a slowed client).
# Each POST is a plan of its own (its flows from its own seed); NICPLAN_LOAD_POST_BODIES=same sends one body
# again and again, which the service's memo of recent inputs makes cheaper than real traffic.
# Environment: NICPLAN_LOAD_PORT (default 18080), NICPLAN_LOAD_JAVA_OPTS (server JVM options),
# NICPLAN_LOAD_CLIENT_JAVA_OPTS (the client's), NICPLAN_LOAD_POST_BODIES. Every request carries a write
# token made for the run (NICPLAN_TOKEN for ServiceLoad).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
port="${NICPLAN_LOAD_PORT:-18080}"

if [ "${NICPLAN_LOAD_SKIP_BUILD:-}" != 1 ]; then
  mvn -B -q -o -pl cli,benchmarks -am package -DskipTests
fi

data="$(mktemp -d)"
log="$data/server.log"
# Requests carry a write token, as a fleet's clients would (docs/service.md "Access control"): the service
# keeps its SHA-256 digest only.
export NICPLAN_TOKEN="load-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
token_digest="$(printf '%s' "$NICPLAN_TOKEN" | sha256sum | cut -d' ' -f1)"
# Server JVM: what `nicplan serve` runs with (docs/service.md "JVM options"): a large fixed young generation, since
# a young collection stops the request threads too and the searches make their garbage in their own process.
default_java_opts="-Xmx1g -Xmn192m -XX:MaxGCPauseMillis=10 -XX:MetaspaceSize=128m"
# Client JVM: the client's own pauses would count in every latency it measures; its live data is a few MB, so a
# small heap with the serial collector pauses it for 2 ms or so where the default G1 paused it for up to 45 ms.
default_client_java_opts="-Xmx256m -XX:+UseSerialGC"
# The service's own main class from the executable jar (its Main-Class is the command line).
NICPLAN_SECURITY_TOKENS="write sha256:$token_digest load" \
java ${NICPLAN_LOAD_JAVA_OPTS:-$default_java_opts} -cp cli/target/nicplan.jar \
  -Dloader.main=io.nicplan.service.NicplanServiceApplication \
  org.springframework.boot.loader.launch.PropertiesLauncher \
  --server.address=127.0.0.1 --server.port="$port" --nicplan.data-dir="$data" \
  --nicplan.limits.search-queue-size=2000 --logging.level.root=WARN >"$log" 2>&1 &
server=$!
cleanup() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  rm -rf "$data"
}
trap cleanup EXIT

for _ in $(seq 1 300); do
  if curl -fs "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$server" 2>/dev/null; then cat "$log"; exit 1; fi
  sleep 0.2
done

java ${NICPLAN_LOAD_CLIENT_JAVA_OPTS:-$default_client_java_opts} -cp benchmarks/target/benchmarks.jar io.nicplan.bench.ServiceLoad "http://127.0.0.1:$port" "$@"
