#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on 127.0.0.1 for the rotation drill and prints the admin
# URL on stdout (export it as LOCKSMITH_PG_URL). Needs Debian's postgresql package; run as root
# (the server itself runs as the postgres user) or as a user that can run initdb.
set -euo pipefail
PORT=${PGPORT:-$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")}
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$BIN/initdb" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
DIR=$(mktemp -d /tmp/locksmith-pg.XXXXXX)
PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
echo "$PASSWORD" >"$DIR/pw"
RUN=()
if [ "$(id -u)" = 0 ]; then
  chown -R postgres "$DIR"
  RUN=(su postgres -s /bin/sh -c)
else
  RUN=(sh -c)
fi
"${RUN[@]}" "'$BIN/initdb' -D '$DIR/data' -U postgres --auth-local=trust --auth-host=scram-sha-256 --pwfile='$DIR/pw' >'$DIR/initdb.log' 2>&1"
"${RUN[@]}" "'$BIN/pg_ctl' -D '$DIR/data' -l '$DIR/server.log' -w -o \"-c listen_addresses=127.0.0.1 -p $PORT -k '$DIR'\" start >/dev/null"
rm -f "$DIR/pw"
echo "postgres://postgres:$PASSWORD@127.0.0.1:$PORT/postgres"
