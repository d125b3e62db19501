"""A short run of each coverage-guided fuzz target (fuzz/), as CI does: about 20 s each, in a subprocess.

Skipped when atheris is not importable (it is in the `test` extras, so CI has it). The long runs are described in
fuzz/README.md. A failure prints libFuzzer's report; the crashing input is in the test's temporary directory.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("atheris")

ROOT = Path(__file__).resolve().parent.parent
SECONDS = 20


@pytest.mark.parametrize("target", ["fuzz_numbers.py", "fuzz_html.py"])
def test_fuzz_target_short_run(target, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    proc = subprocess.run(
        [sys.executable, str(ROOT / "fuzz" / target), f"-max_total_time={SECONDS}", f"-artifact_prefix={tmp_path}/",
         "-print_final_stats=1", str(corpus)],
        cwd=tmp_path, capture_output=True, text=True, timeout=SECONDS * 6 + 60)
    report = proc.stderr[-4000:]
    assert proc.returncode == 0, f"{target} exited {proc.returncode}:\n{report}"
    assert "Done " in proc.stderr and " runs in " in proc.stderr, report
    runs = int(proc.stderr.rsplit("Done ", 1)[1].split()[0])
    assert runs > 100, f"only {runs} executions in {SECONDS} s:\n{report}"
    assert not list(tmp_path.glob("crash-*")), report
