"""What `extract FILE` imports: nothing that only another command needs (issue 17 item 3). Not a timing test: it
checks the modules a fresh process holds after printing the claims of two articles."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# what only other commands need (the store, the batch, the review app), what only a fallback needs (dateparser), and
# what the sentence splitter used to pull in (indic-nlp, pandas, numpy)
HEAVY = ["pandas", "numpy", "indicnlp", "dateparser", "starlette", "uvicorn", "sqlite_utils", "dask", "distributed",
         "spacy"]

SCRIPT = """
import contextlib, io, json, sys
from extractor.cli import main
sys.argv = ["extract", *sys.argv[1:], "--format", "jsonl"]
out = io.StringIO()
with contextlib.redirect_stdout(out):
    try:
        main()
    except SystemExit as exc:
        assert not exc.code, exc.code
heavy = sorted({name.split(".")[0] for name in sys.modules} & set(json.loads(sys.stdin.read())))
print(json.dumps({"claims": out.getvalue().count("\\n"), "heavy": heavy}))
"""


def test_extract_file_imports_no_heavy_module():
    files = [str(ROOT / "corpus" / "seeds" / "000_41aac0695f25ef1b.txt"),  # a byline date with a time and IST
             str(ROOT / "corpus" / "composed" / "hi_national_dainik_2026-03-13.txt")]  # a Hindi dateline
    r = subprocess.run([sys.executable, "-c", SCRIPT, *files], input=json.dumps(HEAVY), capture_output=True,
                       text=True, cwd=ROOT, check=True)
    got = json.loads(r.stdout)
    assert got["claims"] > 0
    assert got["heavy"] == []
