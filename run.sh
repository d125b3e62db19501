#!/usr/bin/env bash
# Set up (first run only) and run the main job on the bundled corpus: every article into claims.db (incremental:
# a second run skips what is unchanged), the contradictions between them, then the scores against the gold
# annotations. Open the review queue afterwards with: .venv/bin/extract review --db claims.db
set -euo pipefail
source "$(dirname "$0")/scripts/venv.sh"
DB="${DB:-claims.db}"
"$root/.venv/bin/extract" batch corpus/ --db "$DB"
echo
"$root/.venv/bin/extract" contradictions --db "$DB" --status open --format "${FORMAT:-table}"
echo
"$root/.venv/bin/extract" eval corpus/
