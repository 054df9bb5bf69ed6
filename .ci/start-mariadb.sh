#!/usr/bin/env bash
# Starts a private, throw-away MariaDB server without systemd, for the test suite's MariaDB run.
#
#   .ci/start-mariadb.sh [BASE_DIR]
#
# BASE_DIR (default: a fresh mktemp dir) receives data/, mariadbd.sock, mariadbd.pid, error.log and `env`,
# a file to `source` that sets MARIADB_BASE, MARIADB_PID, MARIADB_PORT, MARIADB_SOCKET and DATABASE_URL.
# The last line printed on stdout is the DATABASE_URL. Stop it with `.ci/stop-mariadb.sh BASE_DIR`.
# MARIADB_PORT=<n> in the environment asks for that port instead of a free one.
set -euo pipefail

log() { echo "[start-mariadb] $*" >&2; }
die() {
  log "ERROR: $*"
  [[ -f ${base:-}/error.log ]] && { log "--- last lines of $base/error.log:"; tail -n 40 "$base/error.log" >&2; }
  exit 1
}

for cmd in mariadb-install-db mariadbd mariadb mariadb-admin node; do
  command -v "$cmd" >/dev/null || die "$cmd not found (apt-get install mariadb-server / nodejs)"
done
mariadbd_bin=$(command -v mariadbd)

base=${1:-$(mktemp -d "${TMPDIR:-/tmp}/yg-mariadb.XXXXXX")}
mkdir -p "$base"
base=$(cd "$base" && pwd)
[[ -e $base/data ]] && die "$base/data already exists; pass an empty or new directory"
datadir=$base/data
socket=$base/mariadbd.sock
pidfile=$base/mariadbd.pid
errlog=$base/error.log
# A unix socket path is limited to 107 bytes.
((${#socket} < 100)) || die "socket path too long: $socket"

user=yangguang
password=yangguang

log "initialising $datadir"
if ! mariadb-install-db --user=root --datadir="$datadir" --auth-root-authentication-method=socket \
  --skip-test-db --skip-name-resolve >"$base/install-db.log" 2>&1; then
  cat "$base/install-db.log" >&2
  die "mariadb-install-db failed"
fi

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start_server() {
  local port=$1
  # Durability knobs off (flush, fsync, doublewrite, binlog): this database lives for one CI run. Tables share
  # the system tablespace, so the hundreds of test databases are created and dropped without a file per table
  # (creating a test platform took about a third less). Semantics (sql_mode, isolation, charset of the tables
  # the app creates) stay MariaDB's defaults.
  setsid "$mariadbd_bin" --no-defaults --user=root --datadir="$datadir" --socket="$socket" \
    --pid-file="$pidfile" --log-error="$errlog" --port="$port" --bind-address=127.0.0.1 --skip-networking=0 \
    --skip-name-resolve --skip-log-bin --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
    --innodb-buffer-pool-size=256M --innodb-log-file-size=64M --innodb-flush-log-at-trx-commit=2 \
    --innodb-doublewrite=0 --innodb-file-per-table=0 --innodb-flush-method=nosync --max-connections=500 </dev/null >>"$errlog" 2>&1 &
  echo $!
}

started=
for attempt in 1 2 3 4 5; do
  if [[ -n ${MARIADB_PORT:-} && $attempt == 1 ]]; then port=$MARIADB_PORT; else port=$(free_port); fi
  if port_in_use "$port"; then
    log "port $port is taken, trying another"
    continue
  fi
  log "starting mariadbd on 127.0.0.1:$port (attempt $attempt)"
  pid=$(start_server "$port")
  # Bounded wait: up to 60 s for the server to answer, giving up early if it exits (e.g. port raced away).
  for _ in $(seq 1 120); do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "mariadbd exited during start-up"
      tail -n 20 "$errlog" >&2 || true
      pid=
      break
    fi
    if mariadb-admin --no-defaults --socket="$socket" --user=root ping >/dev/null 2>&1; then
      started=1
      break
    fi
    sleep 0.5
  done
  [[ -n $started ]] && break
  if [[ -n ${pid:-} ]]; then
    kill "$pid" 2>/dev/null || true
    die "mariadbd did not answer within 60 s"
  fi
done
[[ -n $started ]] || die "could not start mariadbd"

log "creating user $user"
mariadb --no-defaults --socket="$socket" --user=root <<SQL || die "creating the user failed"
DELETE FROM mysql.global_priv WHERE User = '';
FLUSH PRIVILEGES;
CREATE USER '$user'@'%' IDENTIFIED BY '$password';
CREATE USER '$user'@'localhost' IDENTIFIED BY '$password';
CREATE USER '$user'@'127.0.0.1' IDENTIFIED BY '$password';
GRANT ALL PRIVILEGES ON *.* TO '$user'@'%' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO '$user'@'localhost' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO '$user'@'127.0.0.1' WITH GRANT OPTION;
CREATE DATABASE yangguang CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
FLUSH PRIVILEGES;
SQL

# Check the TCP path the tests use, with the test credentials.
mariadb --no-defaults --protocol=TCP --host=127.0.0.1 --port="$port" --user="$user" --password="$password" \
  -e 'SELECT 1' yangguang >/dev/null || die "cannot log in as $user over TCP on port $port"

url="mysql://$user:$password@127.0.0.1:$port/yangguang"
cat >"$base/env" <<ENV
MARIADB_BASE='$base'
MARIADB_PID='$pid'
MARIADB_PORT='$port'
MARIADB_SOCKET='$socket'
DATABASE_URL='$url'
ENV
log "MariaDB $(mariadb --no-defaults --socket="$socket" --user=root -N -e 'SELECT VERSION()') is up: pid $pid, port $port, datadir $datadir"
echo "$url"
