#!/usr/bin/env sh
# The sync server's tests run against a real PostgreSQL: install Debian's package if absent.
# The tests then start their own throwaway cluster (tests/postgres.py); no system service is used.
set -eu
for dir in /usr/lib/postgresql/*/bin; do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
        exit 0
    fi
done
echo "PostgreSQL not found: installing Debian's postgresql package" >&2
if [ "$(id -u)" -ne 0 ]; then
    echo "need root to install postgresql (apt-get install postgresql)" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends postgresql
