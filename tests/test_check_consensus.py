"""`extract check` by consensus: a draft that states what most sources say passes, even when one stored outlet
printed an outlier; a draft that contradicts the consensus fails and says with what."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from extractor.batch.runner import run_batch

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpus" / "seeds"
COMPOSED = ROOT / "corpus" / "composed"


def check(draft: Path, db: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extractor", "check", str(draft), "--db", str(db), "--format",
                           "jsonl"], capture_output=True, text=True, timeout=300)


def _db(tmp_path) -> Path:
    db = tmp_path / "c.db"
    # seed 001 prints 14.5 करोड़ users (the slip); seed 004 and the PIB-style release print 1.45 crore
    run_batch([str(SEEDS / "001_6ed01f356ed30db4.txt"), str(SEEDS / "004_1da6169ce7a652b7.txt"),
               str(COMPOSED / "en_pib_release_2026-03-12.txt")], str(db), workers=1, find_flags=False)
    return db


def test_a_draft_that_agrees_with_the_consensus_passes_and_names_its_sources(tmp_path):
    db = _db(tmp_path)
    draft = tmp_path / "draft.txt"
    draft.write_text("iGOT Karmayogi now has more than 1.45 crore registered users.\n", encoding="utf-8")
    r = check(draft, db)
    assert r.returncode == 0, r.stdout + r.stderr
    lines = [json.loads(line) for line in r.stdout.splitlines()]
    verdicts = [v for v in lines if "verdict" in v]
    assert [v["verdict"] for v in verdicts] == ["agrees"]
    assert verdicts[0]["agreeing_sources"] >= 2
    assert not [f for f in lines if "kind" in f]


def test_a_draft_that_disagrees_fails_and_says_with_what(tmp_path):
    db = _db(tmp_path)
    draft = tmp_path / "draft.txt"
    draft.write_text("iGOT Karmayogi now has more than 14.5 crore registered users.\n", encoding="utf-8")
    r = check(draft, db)
    assert r.returncode == 1, r.stdout + r.stderr
    lines = [json.loads(line) for line in r.stdout.splitlines()]
    assert "magnitude_slip" in [f["kind"] for f in lines if "kind" in f]
    assert [v["verdict"] for v in lines if "verdict" in v] == ["disagrees"]


def test_a_figure_with_nothing_to_compare_is_unchecked_and_passes(tmp_path):
    db = _db(tmp_path)
    draft = tmp_path / "draft.txt"
    draft.write_text("Karmayogi Bharat has signed MoUs with 31 states and UTs.\n", encoding="utf-8")
    r = check(draft, db)
    assert r.returncode == 0, r.stdout + r.stderr
    assert [json.loads(line)["verdict"] for line in r.stdout.splitlines()] == ["unchecked"]
    table = subprocess.run([sys.executable, "-m", "extractor", "check", str(draft), "--db", str(db), "--format",
                            "table"], capture_output=True, text=True, timeout=300)
    assert table.returncode == 0 and table.stdout.startswith("UNCHECKED")
