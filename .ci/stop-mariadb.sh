#!/usr/bin/env bash
# Stops the MariaDB that `.ci/start-mariadb.sh BASE_DIR` started and removes BASE_DIR.
#
#   .ci/stop-mariadb.sh BASE_DIR
#
# Only the pid recorded in BASE_DIR is signalled. Safe to call twice, or on a half-started BASE_DIR.
set -uo pipefail

base=${1:?usage: stop-mariadb.sh BASE_DIR}
[[ -d $base ]] || exit 0

pid=
[[ -f $base/env ]] && pid=$(sed -n "s/^MARIADB_PID='\(.*\)'$/\1/p" "$base/env")
# A server that never wrote env (failed mid-start) may still have written its pid file.
[[ -z $pid && -f $base/mariadbd.pid ]] && pid=$(cat "$base/mariadbd.pid" 2>/dev/null)

if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
  echo "[stop-mariadb] stopping mariadbd (pid $pid)" >&2
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "[stop-mariadb] mariadbd did not stop within 30 s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.5
  fi
fi

# Only ever remove what start-mariadb.sh made: a directory holding its files, or an empty one.
if [[ -e $base/data || -e $base/install-db.log || -z $(ls -A "$base") ]]; then
  rm -rf -- "$base"
else
  echo "[stop-mariadb] $base does not look like a start-mariadb.sh directory; left in place" >&2
fi
