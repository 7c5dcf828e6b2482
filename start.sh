#!/usr/bin/env bash
# The first command: set everything up, index the sample corpus, and run the search site.
#   ./start.sh            then open the address it prints
# Environment: PORT (default 8000), HOST (default 127.0.0.1), NEWSDESK_INDEX (index folder).
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup-env.sh
.venv/bin/newsdesk index samples/corpus --rebuild
echo
echo "A first search, from the command line:"
.venv/bin/newsdesk search "export controls" --limit 3
echo
exec .venv/bin/newsdesk serve --host "${HOST:-127.0.0.1}" --port "${PORT:-8000}"
