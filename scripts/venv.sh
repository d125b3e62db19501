# Shared by run.sh and test.sh: make .venv (Python 3.11+) and install the project into it, once per change of
# pyproject.toml. Source it; it sets $PY to the venv's python.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
python="${PYTHON:-python3}"
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "error: Python 3.11 or newer is needed (found: $("$python" --version 2>&1)). Set PYTHON=/path/to/python3.11." >&2
  exit 1
fi
extras="${1:-}"
stamp=".venv/.installed${extras:+-$extras}"
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".[speed${extras:+,$extras}]"
  touch "$stamp"
fi
PY="$root/.venv/bin/python"
# The compiled copies of the hot modules (docs/speedups.md): the first run compiles them all, later runs only what
# changed. Without a C compiler the program runs as pure Python, only slower.
if ! "$PY" -m extractor.speedups build >&2; then
  echo "note: the compiled copies were not built; the program runs as pure Python (docs/speedups.md)" >&2
fi
