#!/bin/sh
# pg-harness.sh: a private PostgreSQL server for the tests, alive as long as
# whoever started it keeps this script's stdin open.
#
# Makes a cluster in a new temporary folder (trust authentication, TCP on
# 127.0.0.1 only, on a free port, its socket in the folder), starts it,
# waits until it accepts connections, creates the database "redial", and
# prints one line: "ready PORT SOCKET-DIR"; then restarts the server when
# asked on stdin (see below). When stdin ends (the test finished, failed
# or was killed) it stops the server and removes the folder. PostgreSQL refuses to run as root: as root, the cluster belongs
# to the user "postgres" (or "nobody").
set -eu

bindir=${PG_BINDIR:-/usr/lib/postgresql/15/bin}
dir=$(mktemp -d "${TMPDIR:-/tmp}/redial-pg.XXXXXX")
pid=

cleanup() {
  if [ -n "$pid" ]; then
    kill -INT "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

as_owner=
if [ "$(id -u)" = 0 ]; then
  owner=postgres
  id -u "$owner" >/dev/null 2>&1 || owner=nobody
  chown "$owner" "$dir"
  as_owner="setpriv --reuid=$owner --regid=$(id -g "$owner") --clear-groups --"
fi

# A free port: the kernel's choice for a socket bound to port 0.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

$as_owner "$bindir/initdb" -D "$dir/data" -A trust -U redial -E UTF8 --no-sync \
  --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }

# Starts the server, listening on TCP at $1 (nothing: on its socket only),
# and waits until it accepts connections.
start() {
  $as_owner "$bindir/postgres" -D "$dir/data" -k "$dir" -h "$1" -p "$port" \
    -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
    -c max_connections=100 >>"$dir/server.log" 2>&1 &
  pid=$!

  tries=0
  until "$bindir/pg_isready" -q -h "$dir" -p "$port"; do
    tries=$((tries + 1))
    if [ "$tries" -gt 300 ] || ! kill -0 "$pid" 2>/dev/null; then
      cat "$dir/server.log" >&2
      exit 1
    fi
    sleep 0.05
  done
}

stop() {
  kill -INT "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=
}

start 127.0.0.1

"$bindir/psql" -q -h "$dir" -p "$port" -U redial -d postgres -c 'CREATE DATABASE redial' >&2

echo "ready $port $dir"

# Commands, one a line: "outage" restarts the server on its socket only,
# out of the desks' reach (every connection ends, as in a restart, and
# none can come back); "back" restarts it on TCP. Each answers its name.
while read -r command; do
  case "$command" in
    outage) stop; start ''; echo outage ;;
    back) stop; start 127.0.0.1; echo back ;;
  esac
done
