#!/usr/bin/env bash
# Set up (first run only) and run the main job on the bundled corpus: every claim of every article, then the
# scores against the gold annotations.
set -euo pipefail
source "$(dirname "$0")/scripts/venv.sh"
shopt -s nullglob
"$root/.venv/bin/extract" corpus/seeds/*.txt corpus/composed/*.txt corpus/composed/*.html --format "${FORMAT:-table}"
echo
"$root/.venv/bin/extract" eval corpus/
