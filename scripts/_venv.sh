# Shared by scripts/demo and scripts/test: make .venv and install fireside with EXTRAS.
# Usage: source scripts/_venv.sh; ensure_venv "dev"
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${FIRESIDE_VENV:-$ROOT/.venv}"
PYTHON="${PYTHON:-python3}"

ensure_venv() {
  local extras="$1" stamp
  stamp="$VENV/.fireside-installed-${extras:-base}"
  if [ ! -x "$VENV/bin/python" ]; then
    if ! "$PYTHON" -m venv "$VENV" 2>/dev/null; then
      # Debian splits venv support out of the interpreter package.
      if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "Installing python3-venv (Debian keeps it apart from python3)…"
        apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
        rm -rf "$VENV"
        "$PYTHON" -m venv "$VENV"
      else
        echo "error: '$PYTHON -m venv' does not work here; install python3-venv and retry." >&2
        exit 1
      fi
    fi
  fi
  if [ ! -f "$stamp" ] || [ "$ROOT/pyproject.toml" -nt "$stamp" ]; then
    echo "Installing fireside${extras:+ with [$extras]} into $VENV …"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip 2>/dev/null || true
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "$ROOT${extras:+[$extras]}"
    touch "$stamp"
  fi
}
