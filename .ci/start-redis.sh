#!/usr/bin/env bash
# Starts a private, throw-away redis-server without systemd, for the several-nodes test (test/scale-out.test.ts).
#
#   .ci/start-redis.sh [BASE_DIR]
#
# BASE_DIR (default: a fresh mktemp dir) receives redis.pid, redis.log and `env` (REDIS_PID, REDIS_URL). The
# last line printed on stdout is the REDIS_URL. Stop it with `.ci/stop-redis.sh BASE_DIR`.
set -euo pipefail

log() { echo "[start-redis] $*" >&2; }
die() {
  log "ERROR: $*"
  [[ -f ${base:-}/redis.log ]] && { log "--- last lines of $base/redis.log:"; tail -n 20 "$base/redis.log" >&2; }
  exit 1
}

for cmd in redis-server redis-cli node; do
  command -v "$cmd" >/dev/null || die "$cmd not found (apt-get install redis-server / nodejs)"
done

base=${1:-$(mktemp -d "${TMPDIR:-/tmp}/yg-redis.XXXXXX")}
mkdir -p "$base"
base=$(cd "$base" && pwd)
[[ -e $base/redis.pid ]] && die "$base already holds a redis; pass an empty or new directory"

port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
# No persistence: this Redis lives for one CI run and holds only what the nodes share while they run.
setsid redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --dir "$base" \
  --pidfile "$base/redis.pid" --logfile "$base/redis.log" --daemonize no </dev/null >/dev/null 2>&1 &
pid=$!

for _ in $(seq 1 50); do
  redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG && break
  kill -0 "$pid" 2>/dev/null || die "redis-server exited"
  sleep 0.2
done
redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG || die "redis-server did not answer within 10 s"

url="redis://127.0.0.1:$port"
printf "REDIS_PID='%s'\nREDIS_URL='%s'\n" "$pid" "$url" >"$base/env"
log "redis $(redis-server --version | sed -n 's/.*v=\([0-9.]*\).*/\1/p') is up: pid $pid, port $port"
echo "$url"
