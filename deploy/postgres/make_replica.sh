#!/usr/bin/env bash
# Makes a streaming replica of the primary in an empty data directory, then starts it.
#   PG_PRIMARY_HOST, PG_PRIMARY_PORT   the primary (its `replicator` role has REPLICATION LOGIN)
#   PG_DATA                            the new replica's data directory (must not exist yet)
#   PG_CTL_OPTIONS                     the replica's own `-c name=value` options (listen address, port...)
#   PG_BIN                             PostgreSQL's binaries, default /usr/lib/postgresql/15/bin
# Run as the PostgreSQL OS user. `-R` writes standby.signal and primary_conninfo, so the copy starts
# as a hot standby that streams from the primary; `-X stream` copies the WAL written during the backup.
set -euo pipefail
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

"$PG_BIN/pg_basebackup" --host="$PG_PRIMARY_HOST" --port="$PG_PRIMARY_PORT" --username=replicator \
    --pgdata="$PG_DATA" --write-recovery-conf --wal-method=stream --checkpoint=fast --no-password
"$PG_BIN/pg_ctl" --pgdata="$PG_DATA" --log="$PG_DATA/server.log" --options="$PG_CTL_OPTIONS" --wait start
