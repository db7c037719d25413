#!/usr/bin/env bash
# Start a local PostgreSQL for the store tests and print the URL to export as PARLEY_TEST_PG.
#
#   export PARLEY_TEST_PG=$(bash scripts/ci-postgres.sh)
#
# Installs Debian's postgresql when absent, creates (or reuses) the cluster, starts it on
# localhost, and creates the user and database "parley_test". Safe to run again. Needs root
# (as CI runs); everything but the URL goes to stderr.
set -euo pipefail

DB=parley_test
USER_NAME=parley
PASSWORD=parley
PORT=${PARLEY_PG_PORT:-5432}

log() { echo "ci-postgres: $*" >&2; }

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    log "installing postgresql"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
fi

VERSION=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -q "^$VERSION main$"; then
    log "creating cluster $VERSION/main"
    pg_createcluster "$VERSION" main -p "$PORT" >&2
fi
if ! pg_lsclusters -h | awk -v v="$VERSION" '$1==v && $2=="main" {print $4}' | grep -q online; then
    log "starting cluster $VERSION/main"
    pg_ctlcluster "$VERSION" main start >&2
fi
PORT=$(pg_lsclusters -h | awk -v v="$VERSION" '$1==v && $2=="main" {print $3}')

for _ in $(seq 1 30); do
    if su postgres -c "psql -p $PORT -Atqc 'select 1'" >/dev/null 2>&1; then break; fi
    sleep 1
done

psql_admin() { su postgres -c "psql -p $PORT -v ON_ERROR_STOP=1 -Atq -c \"$1\""; }

if [ "$(psql_admin "SELECT 1 FROM pg_roles WHERE rolname='$USER_NAME'")" != "1" ]; then
    log "creating user $USER_NAME"
    psql_admin "CREATE ROLE $USER_NAME LOGIN PASSWORD '$PASSWORD' CREATEDB" >&2
fi
if [ "$(psql_admin "SELECT 1 FROM pg_database WHERE datname='$DB'")" != "1" ]; then
    log "creating database $DB"
    psql_admin "CREATE DATABASE $DB OWNER $USER_NAME" >&2
fi

echo "postgresql://$USER_NAME:$PASSWORD@localhost:$PORT/$DB"
