"""bench/run.py's report header: what it says of the machine is read when it says it is."""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import run as R  # noqa: E402


def test_the_load_average_at_start_is_read_before_any_section_runs(monkeypatch, capsys):
    sections_ran = []
    # what the machine's load reads depends on whether the sections have run yet
    monkeypatch.setattr(R.os, "getloadavg", lambda: (1.9, 1.8, 1.7) if sections_ran else (0.25, 0.5, 0.75))

    def section(*_args):
        sections_ran.append(True)
        return []

    monkeypatch.setattr(R, "number_rows", lambda args, seconds: (section(), {}))
    for name in ("date_rows", "end_to_end_rows", "batch_rows", "writer_rows", "cluster_rows", "story_rows",
                 "contradiction_rows", "review_rows"):
        monkeypatch.setattr(R, name, section)
    monkeypatch.setattr(R, "FOOTNOTES", [])
    monkeypatch.setattr(sys, "argv", ["run.py", "--quick"])
    R.main()
    out = capsys.readouterr().out
    assert len(sections_ran) == 9
    assert "load average at start 0.25, 0.50, 0.75, at the end 1.90, 1.80, 1.70;" in out
