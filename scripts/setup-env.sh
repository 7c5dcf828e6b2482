#!/usr/bin/env bash
# Creates .venv with Python 3.11+ and installs the project into it (again only when
# pyproject.toml changed). Usage: scripts/setup-env.sh [EXTRAS]   e.g. scripts/setup-env.sh test
# Sourced by start.sh and test.sh; prints nothing but progress lines.
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"
# pip itself is pinned too, with everything Newsdesk installs (constraints.txt: scripts/lock-deps.sh).
PIP_VERSION=26.3

find_python() {
  for py in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
    [ -n "$py" ] || continue
    if command -v "$py" >/dev/null 2>&1 && "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$py"; return 0
    fi
  done
  echo "newsdesk: Python 3.11 or newer is needed (set PYTHON=/path/to/python3.11)" >&2
  return 1
}

if [ ! -x .venv/bin/python ]; then
  py=$(find_python)
  echo "setting up .venv with $($py --version)"
  "$py" -m venv .venv
fi
stamp=".venv/.installed-$(cat pyproject.toml constraints.txt | sha1sum | cut -c1-12)-${extras:-base}"
if [ ! -f "$stamp" ]; then
  echo "installing Newsdesk and its dependencies into .venv${extras:+ (with $extras extras)}"
  log=.venv/install.log
  if ! { .venv/bin/python -m pip install --quiet --disable-pip-version-check "pip==$PIP_VERSION" \
         && .venv/bin/python -m pip install --quiet --disable-pip-version-check -c constraints.txt \
              -e ".${extras:+[$extras]}"; } >"$log" 2>&1; then
    cat "$log" >&2
    echo "newsdesk: installing the dependencies failed (log above, also in $log)" >&2
    exit 1
  fi
  touch "$stamp"
fi
