"""Issue 14, row 15: `extract deep.json` (JSON nested 100,000 deep) exited 0 silently, because `extract FILE` read
.json as prose. Scraper files now go through one reader, `ingest.read_records`, for `extract FILE`, `extract check`
and `extract batch` alike."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from extractor.batch.runner import run_batch
from extractor.pipeline import extract_file, iter_documents

ROOT = Path(__file__).resolve().parent.parent
FEED = ROOT / "tests" / "fixtures" / "records" / "feed.jsonl"
DUMP = ROOT / "tests" / "fixtures" / "records" / "dump.json"


def cli(*args, timeout=120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extractor", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=timeout)


def test_extract_refuses_json_nested_a_hundred_thousand_deep_with_the_reason(tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    r = cli(deep, "--format", "jsonl")
    assert r.returncode == 2, (r.returncode, r.stderr)
    assert "deep.json" in r.stderr and "nested too deeply" in r.stderr and "Traceback" not in r.stderr
    assert r.stdout == ""


def test_extract_reads_a_scraper_file_record_by_record_as_the_batch_does(tmp_path):
    r = cli(DUMP, "--format", "jsonl")  # the fixture holds bad records too: each is named on stderr, exit 2
    assert r.returncode == 2 and "dump.json#" in r.stderr and "Traceback" not in r.stderr
    printed = [json.loads(line) for line in r.stdout.splitlines()]
    assert printed and all("#" in c["source"]["path"] for c in printed)  # "dump.json#0": one record each
    db = tmp_path / "c.db"
    run_batch([str(DUMP)], str(db), workers=1, find_flags=False)
    conn = sqlite3.connect(db)
    stored = {row[0] for row in conn.execute("SELECT c.id FROM claims c JOIN documents d ON d.id = c.document_id")}
    on_topic = {row[0] for row in conn.execute("SELECT path FROM documents WHERE status = 'ok'")}
    conn.close()
    # the same reader: every record the batch kept on topic gives `extract FILE` the same claims
    assert stored and stored == {c["id"] for c in printed if c["source"]["path"] in on_topic}


def test_a_bad_record_is_reported_and_the_others_are_printed(tmp_path):
    good = FEED.read_text(encoding="utf-8").splitlines()[0]
    feed = tmp_path / "feed.jsonl"
    feed.write_text(good + "\n" + '{"title": "broken", "text": "unterminated\n', encoding="utf-8")
    r = cli(feed, "--format", "jsonl")
    assert r.returncode == 2
    assert "feed.jsonl#2" in r.stderr and "Traceback" not in r.stderr
    assert r.stdout.strip()  # the good record's claims
    kinds = [type(d).__name__ for d in iter_documents(feed)]
    assert kinds == ["Document", "UnreadableInput"]


def test_check_reads_a_scraper_file_record_by_record(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(FEED.read_text(encoding="utf-8").splitlines()[:2]) + "\n", encoding="utf-8")
    assert len(extract_file(feed)) > 0
    db = tmp_path / "c.db"
    run_batch([str(feed)], str(db), workers=1, find_flags=False)
    deep = tmp_path / "deep.json"
    deep.write_text("{\"a\":" * 100_000 + "1" + "}" * 100_000, encoding="utf-8")
    r = cli("check", deep, "--db", db)
    assert r.returncode == 2 and "nested too deeply" in r.stderr
    assert cli("check", feed, "--db", db).returncode == 0  # a feed agrees with itself
