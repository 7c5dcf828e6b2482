#!/usr/bin/env bash
# The second command: install what the tests need and run the whole test suite.
#   ./test.sh [PYTEST ARGS...]
# Needs ../shared beside the checkout (seeds and corpora). Installs Debian's chromium for the
# browser tests when it is missing (as root, or with sudo).
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup-env.sh test
if [ ! -x /usr/bin/chromium ]; then
  echo "installing Debian's chromium for the browser tests"
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi
exec .venv/bin/python -m pytest "$@"
