#!/usr/bin/env bash
# Make sure PostgreSQL server binaries are on this machine, for the server-mode tests.
# The tests start their own throwaway cluster (tests/pg.py); nothing runs at boot.
set -euo pipefail
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing PostgreSQL for the server-mode tests…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  # Debian's package starts a cluster; the tests use their own, so stop it.
  if command -v pg_lsclusters >/dev/null; then
    pg_lsclusters --no-header 2>/dev/null | while read -r ver name _; do
      pg_ctlcluster "$ver" "$name" stop 2>/dev/null || true
    done
  fi
else
  echo "warning: PostgreSQL is not installed and this user cannot install it;" \
       "the PostgreSQL tests will be skipped (set FIRESIDE_TEST_POSTGRES_URL to use a server)." >&2
fi
