#!/usr/bin/env bash
# The second command: install what the tests need and run the whole test suite.
#   ./test.sh [PYTEST ARGS...]
# Needs ../shared beside the checkout (seeds and corpora). Installs Debian's chromium for the
# browser tests, and Java and Maven for the OpenSearch cluster tests, when they are missing (as
# root, or with sudo). The cluster's launcher is built by the tests themselves (tests/opensearch_cluster.py).
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup-env.sh test
if [ ! -x /usr/bin/chromium ]; then
  echo "installing Debian's chromium for the browser tests"
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi
if ! command -v javac >/dev/null 2>&1 || ! command -v mvn >/dev/null 2>&1; then
  echo "installing Debian's Java and Maven for the OpenSearch cluster tests"
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq default-jdk-headless maven >/dev/null
fi
exec .venv/bin/python -m pytest "$@"
