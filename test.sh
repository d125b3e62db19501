#!/usr/bin/env bash
# Set up (first run only) and run the whole test suite.
set -euo pipefail
source "$(dirname "$0")/scripts/venv.sh" test
exec "$PY" -m pytest -q "$@"
