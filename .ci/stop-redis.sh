#!/usr/bin/env bash
# Stops the redis-server that `.ci/start-redis.sh BASE_DIR` started and removes BASE_DIR. Safe to call twice.
#
#   .ci/stop-redis.sh BASE_DIR
set -uo pipefail

base=${1:?usage: stop-redis.sh BASE_DIR}
[[ -d $base ]] || exit 0

pid=
[[ -f $base/env ]] && pid=$(sed -n "s/^REDIS_PID='\(.*\)'$/\1/p" "$base/env")
if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
fi

# Only ever remove what start-redis.sh made.
if [[ -e $base/env || -e $base/redis.log || -z $(ls -A "$base") ]]; then
  rm -rf -- "$base"
else
  echo "[stop-redis] $base does not look like a start-redis.sh directory; left in place" >&2
fi
