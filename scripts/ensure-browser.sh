#!/usr/bin/env bash
# Make sure the browser tests can run: Debian's Chromium (apt) and axe-core (npm, tests only).
# Never `playwright install`: it downloads a browser of its own and fails offline.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Chromium for the browser tests…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "warning: Chromium is not installed and this user cannot install it;" \
         "the browser tests will be skipped (apt-get install chromium)." >&2
  fi
fi
AXE_VERSION=4.14.1
if [ ! -f "$ROOT/.cache/axe/node_modules/axe-core/axe.min.js" ]; then
  if command -v npm >/dev/null; then
    echo "Installing axe-core $AXE_VERSION for the accessibility checks…"
    npm install --silent --no-audit --no-fund --prefix "$ROOT/.cache/axe" "axe-core@$AXE_VERSION" >/dev/null
  else
    echo "warning: npm is missing; the accessibility check will be skipped." >&2
  fi
fi
