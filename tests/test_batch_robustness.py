"""`extract batch` on bad input and bad luck: every bad file is a documents row with a status and a reason, the
batch never stops for one, a `kill -9` leaves whole files behind, and two batches on one database do not collide."""
from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest

import extractor.batch.jobs as jobs
from extractor.batch.runner import run_batch
from extractor.pipeline import extract_file

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
FIXTURES = ROOT / "tests" / "fixtures"
SEED_001 = CORPUS / "seeds" / "001_6ed01f356ed30db4.txt"
CBC = CORPUS / "composed" / "en_cbc_annual_review.txt"


def cli(*args, timeout=300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extractor", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=timeout)


def docs(db) -> dict[str, dict]:
    """documents rows by file name (feed records keep their #N)."""
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return {r["path"].rsplit("/", 1)[-1]: dict(r) for r in conn.execute("SELECT * FROM documents")}
    finally:
        conn.close()


def scalar(db, sql, params=()):
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchone()[0]
    finally:
        conn.close()


def consistent(db) -> None:
    """The invariants a batch must keep whatever happens to it."""
    assert scalar(db, "PRAGMA integrity_check") == "ok"
    assert scalar(db, "SELECT count(*) FROM claims WHERE document_id NOT IN (SELECT id FROM documents)") == 0
    assert scalar(db, "SELECT count(*) FROM documents d WHERE d.claims !="
                      " (SELECT count(*) FROM claims c WHERE c.document_id = d.id)") == 0


# --- bad files ---------------------------------------------------------------------------------------------------------

def utf16_hindi() -> bytes:
    return SEED_001.read_text(encoding="utf-8").encode("utf-16-le")  # no BOM


def cp1252_english() -> bytes:
    text = CBC.read_text(encoding="utf-8").replace("Mission Karmayogi", "\u201cMission Karmayogi\u201d", 1)
    return (text + "\nThe Commission\u2019s chairperson called it \u201ca good year\u201d.\n").encode("cp1252")


def nested_divs(depth=20_000) -> bytes:
    body = "<p>Mission Karmayogi: iGOT पर 1.45 करोड़ पंजीकृत उपयोगकर्ता।</p>"
    return ("<html><body>" + "<div>" * depth + body + "</div>" * depth + "</body></html>").encode()


def feed_with_one_bad_line() -> bytes:
    good = [json.loads(ln) for ln in (FIXTURES / "records" / "feed.jsonl").read_text(encoding="utf-8").splitlines()[:2]]
    lines = [json.dumps(good[0], ensure_ascii=False), '{"title": "broken", "text": "unterminated',
             json.dumps(good[1], ensure_ascii=False)]
    return ("\n".join(lines) + "\n").encode("utf-8")


@pytest.fixture(scope="module")
def bad_folder(tmp_path_factory):
    d = tmp_path_factory.mktemp("bad")
    rnd = random.Random(7)
    (d / "empty.txt").write_bytes(b"")
    (d / "binary.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(rnd.randrange(256) for _ in range(4096)))
    (d / "utf16le_hindi.txt").write_bytes(utf16_hindi())
    (d / "cp1252_english.txt").write_bytes(cp1252_english())
    shutil.copy(FIXTURES / "legacy" / "krutidev_sample.txt", d / "krutidev.txt")
    shutil.copy(CORPUS / "composed" / "hi_uttarakhand_news.html", d / "malformed.html")  # the corpus' broken page
    (d / "nested.html").write_bytes(nested_divs())
    (d / "offtopic").mkdir()
    for f in sorted((FIXTURES / "offtopic").iterdir()):
        shutil.copy(f, d / "offtopic" / f.name)
    (d / "feed.jsonl").write_bytes(feed_with_one_bad_line())
    return d


@pytest.fixture(scope="module")
def bad_run(bad_folder, tmp_path_factory):
    db = tmp_path_factory.mktemp("baddb") / "c.db"
    report = run_batch([str(bad_folder)], str(db), workers=1, find_flags=False)
    return db, report


def test_an_empty_file_is_recorded_unreadable(bad_run):
    db, report = bad_run
    row = docs(db)["empty.txt"]
    assert row["status"] == "unreadable" and row["reason"]
    assert row["claims"] == 0


def test_a_binary_file_is_recorded_unreadable(bad_run):
    db, _ = bad_run
    row = docs(db)["binary.html"]
    assert row["status"] == "unreadable" and row["reason"]


def test_utf16le_hindi_without_a_bom_is_read(bad_run):
    db, _ = bad_run
    row = docs(db)["utf16le_hindi.txt"]
    assert row["status"] == "ok", row["reason"]
    assert row["claims"] == len(extract_file(SEED_001)) > 0


def test_cp1252_english_with_curly_quotes_is_read(bad_run):
    db, _ = bad_run
    row = docs(db)["cp1252_english.txt"]
    assert row["status"] == "ok", row["reason"]
    assert "\u201cMission Karmayogi\u201d" in row["text"]
    assert row["claims"] >= len(extract_file(CBC)) > 0


def test_kruti_dev_legacy_text_is_unreadable_with_the_reason(bad_run):
    db, _ = bad_run
    row = docs(db)["krutidev.txt"]
    assert row["status"] == "unreadable" and "legacy" in row["reason"].lower()


def test_malformed_and_deeply_nested_html_is_handled(bad_run):
    db, report = bad_run
    malformed = docs(db)["malformed.html"]
    assert malformed["status"] == "ok"
    assert malformed["claims"] == len(extract_file(CORPUS / "composed" / "hi_uttarakhand_news.html")) > 0
    nested = docs(db)["nested.html"]
    assert nested["status"] == "ok" and nested["claims"] == 1
    assert report.counts["error"] == 0


def test_off_topic_articles_are_recorded_with_no_claims(bad_run):
    db, _ = bad_run
    names = [f.name for f in (FIXTURES / "offtopic").iterdir() if f.suffix != ".md"]
    assert len(names) == 4
    for name in names:
        row = docs(db)[name]
        assert row["status"] == "off_topic" and row["claims"] == 0, name
    assert scalar(db, "SELECT count(*) FROM claims c JOIN documents d ON d.id = c.document_id"
                      " WHERE d.status = 'off_topic'") == 0


def test_a_feed_with_one_bad_line_stores_the_others(bad_run):
    db, _ = bad_run
    feed = {k: v for k, v in docs(db).items() if k.startswith("feed.jsonl")}
    assert sorted(feed) == ["feed.jsonl#1", "feed.jsonl#2", "feed.jsonl#3"]
    assert feed["feed.jsonl#2"]["status"] == "unreadable" and feed["feed.jsonl#2"]["reason"]
    assert feed["feed.jsonl#1"]["status"] == feed["feed.jsonl#3"]["status"] == "ok"
    assert feed["feed.jsonl#1"]["claims"] > 0


def test_the_run_counts_every_outcome(bad_run):
    db, report = bad_run
    c = report.counts
    assert c["files"] == 12 and c["new"] == 12 and c["error"] == 0 and report.failed == 0
    # empty, binary, Kruti Dev, the bad feed line
    assert c["unreadable"] == 4 and c["off_topic"] == 4
    assert c["ok"] == scalar(db, "SELECT count(*) FROM documents WHERE status = 'ok'")
    assert c["ok"] + c["off_topic"] + c["unreadable"] == scalar(db, "SELECT count(*) FROM documents")
    run = sqlite3.connect(db).execute("SELECT status, unreadable, off_topic FROM runs").fetchone()
    assert run == ("finished", 4, 4)
    consistent(db)


def test_a_file_over_the_size_cap_is_recorded_too_large_and_never_read(tmp_path, monkeypatch):
    good = tmp_path / "good"
    good.mkdir()
    shutil.copy(SEED_001, good / SEED_001.name)
    db = str(tmp_path / "c.db")
    run_batch([str(good)], db, workers=1, find_flags=False)  # warm: the language data is loaded before measuring
    big = tmp_path / "in" / "huge.txt"
    big.parent.mkdir()
    with open(big, "wb") as fh:  # sparse: 21 MB on paper, nothing on disk
        fh.truncate(21 * 1024 * 1024)
    read = []
    real_read = jobs._read
    monkeypatch.setattr(jobs, "_read", lambda p: read.append(p) or real_read(p))
    tracemalloc.start()
    try:
        report = run_batch([str(big.parent)], db, workers=1, find_flags=False)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    row = docs(db)["huge.txt"]
    assert row["status"] == "too_large" and "MB" in row["reason"]
    assert report.counts["too_large"] == 1 and report.counts["files"] == 1
    assert [p for p in report.problems if p[1] == "too_large"] == [(str(big), "too_large", row["reason"])]
    assert read == []  # never handed to the extractor
    assert peak < 4 * 1024 * 1024, peak  # hashed in 1 MB chunks, never held whole (the file is 21 MB)


def test_an_unreadable_file_is_an_error_row_and_the_batch_goes_on(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("running as root: root reads a chmod 000 file anyway, so it cannot be made unreadable")
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(SEED_001, d / "good.txt")
    locked = d / "locked.txt"
    shutil.copy(SEED_001, locked)
    locked.write_text("changed " + SEED_001.read_text(encoding="utf-8"), encoding="utf-8")
    locked.chmod(0)
    try:
        r = cli("batch", d, "--db", tmp_path / "c.db", "--workers", 1, "--no-flags")
    finally:
        locked.chmod(0o644)
    assert r.returncode == 1 and "locked.txt" in r.stderr and "Traceback" not in r.stderr
    assert docs(tmp_path / "c.db")["locked.txt"]["status"] == "error"
    assert docs(tmp_path / "c.db")["good.txt"]["status"] == "ok"


def test_the_cli_exits_0_over_all_the_bad_files(bad_folder, tmp_path):
    r = cli("batch", bad_folder, "--db", tmp_path / "c.db", "--workers", 1, "--no-flags")
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    assert "krutidev.txt" in r.stderr and "unreadable" in r.stderr  # the problems are listed


def test_the_same_article_in_two_encodings_is_one_document_and_keeps_its_claims(tmp_path):
    """Regression: document ids were hashes of the bytes and claim ids hashes of the text, so a UTF-16 copy of an
    article took the UTF-8 file's claim rows (claims.insert(replace=True)). Now a document is its text: both paths
    lead to one document, and editing one copy leaves the other with its claims."""
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(SEED_001, d / "a_utf8.txt")
    (d / "b_utf16.txt").write_bytes(utf16_hindi())
    db = tmp_path / "c.db"
    run_batch([str(d)], str(db), workers=1, find_flags=False)
    ids = {Path(p).name: doc for p, doc in sqlite3.connect(db).execute("SELECT path, document_id FROM paths")}
    assert ids["a_utf8.txt"] == ids["b_utf16.txt"]
    # the UTF-16 copy is edited: the UTF-8 article, untouched, must keep its claims
    (d / "b_utf16.txt").write_bytes((SEED_001.read_text(encoding="utf-8") + "\nअपडेट\n").encode("utf-16-le"))
    run_batch([str(d)], str(db), workers=1, find_flags=False)
    assert scalar(db, "SELECT count(*) FROM claims WHERE document_id = ?", [ids["a_utf8.txt"]]) == \
        len(extract_file(SEED_001))
    consistent(db)


# --- kill -9 and two writers ----------------------------------------------------------------------------------------

def distinct_corpus(dest: Path, n: int) -> Path:
    """n distinct articles: the UTF-8 .txt corpus articles with a unique line appended. (Not the .html ones: a line
    appended after </html> does not reach the text, so the copies would share their text and claim ids and trip the
    bug test_the_same_article_in_two_encodings_keeps_its_claims_on_both_documents shows.)"""
    dest.mkdir()
    sources = sorted(p for p in CORPUS.rglob("*.txt") if "gold" not in p.parts
                     and not p.name.startswith("mixed_mp"))  # mixed_mp is UTF-16: appending UTF-8 would break it
    for i in range(n):
        src = sources[i % len(sources)]
        data = src.read_bytes() + f"\nसंदर्भ संख्या {i:05d} / reference {i:05d}\n".encode("utf-8")
        (dest / f"{i:04d}_{src.name}").write_bytes(data)
    return dest


def ids(db, table):
    conn = sqlite3.connect(db)
    try:
        return [r[0] for r in conn.execute(f"SELECT id FROM {table}")]
    finally:
        conn.close()


def test_a_batch_killed_with_sigkill_leaves_whole_files_and_resumes_to_the_clean_result(tmp_path):
    # enough articles that a kill after the first group commit (every second) finds the batch mid-way: with 300 the
    # faster extraction sometimes committed the last group before the kill arrived ("assert 300 < 300")
    total = 1200
    src = distinct_corpus(tmp_path / "in", total)
    db = tmp_path / "killed.db"
    proc = subprocess.Popen([sys.executable, "-m", "extractor", "batch", str(src), "--db", str(db), "--workers", "1",
                             "-q", "--no-flags"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seen = 0
    deadline = time.monotonic() + 240
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.2)
            if not db.exists():
                continue
            try:
                ro = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
                seen = ro.execute("SELECT count(*) FROM documents").fetchone()[0]
                ro.close()
            except sqlite3.OperationalError:
                continue  # schema not created yet
            if seen >= 30:
                break
        assert proc.poll() is None, "the batch finished before it could be killed: " + proc.stderr.read().decode()
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
    assert seen >= 30
    consistent(db)
    committed = scalar(db, "SELECT count(*) FROM documents")
    assert 30 <= committed < total
    assert scalar(db, "SELECT status FROM runs ORDER BY id LIMIT 1") == "running"

    resumed = run_batch([str(src)], str(db), workers=1, find_flags=False)
    assert resumed.counts["unchanged"] == committed and resumed.counts["new"] == total - committed
    assert scalar(db, "SELECT status FROM runs ORDER BY id LIMIT 1") == "interrupted"
    consistent(db)

    clean = tmp_path / "clean.db"
    run_batch([str(src)], str(clean), workers=2, find_flags=False)
    for table in ("documents", "claims"):
        got, want = ids(db, table), ids(clean, table)
        assert len(got) == len(set(got))
        assert set(got) == set(want), table
    assert len(ids(db, "documents")) == total


def test_two_batches_on_one_database_at_once_serialise(tmp_path):
    src = distinct_corpus(tmp_path / "in", 60)
    db = tmp_path / "shared.db"
    cmd = [sys.executable, "-m", "extractor", "batch", str(src), "--db", str(db), "--workers", "1", "-q",
           "--no-flags"]
    procs = [subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert "Traceback" not in err, err
        assert p.returncode == 0 or (p.returncode == 1 and "database busy" in err), (p.returncode, err)
    assert any(p.returncode == 0 for p in procs)
    consistent(db)
    clean = tmp_path / "clean.db"
    run_batch([str(src)], str(clean), workers=1, find_flags=False)
    got = ids(db, "claims")
    assert len(got) == len(set(got))
    assert set(got) == set(ids(clean, "claims"))
    assert set(ids(db, "documents")) == set(ids(clean, "documents"))


def test_a_file_that_cannot_be_read_is_an_error_row_and_exit_status_2(tmp_path):
    """A dangling symbolic link (the target deleted mid-scrape) cannot be opened even by root: the batch records it
    as an error with the reason, stores the other files, and exits 2 — the status every command gives for an input
    it could not read (extractor/errors.py; it was 1 here and 2 in `extract FILE`)."""
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(SEED_001, d / "good.txt")
    os.symlink(tmp_path / "gone.txt", d / "broken.txt")
    db = tmp_path / "c.db"
    r = subprocess.run([sys.executable, "-m", "extractor", "batch", str(d), "--db", str(db), "--no-flags"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2, r.stderr
    assert "broken.txt" in r.stderr and "Traceback" not in r.stderr
    con = sqlite3.connect(db)
    assert con.execute("SELECT status, reason FROM documents WHERE path LIKE '%broken.txt'").fetchone()[0] == "error"
    assert con.execute("SELECT count(*) FROM documents WHERE status = 'ok'").fetchone()[0] == 1


def test_a_figure_too_big_for_a_sqlite_integer_is_stored_and_the_batch_goes_on(tmp_path):
    """Regression: "99999999999999 करोड़" (about 10^21) raised OverflowError in the writer and killed a 10,000-article
    batch. Such values are stored as REAL; the claim comes back with its value."""
    d = tmp_path / "in"
    d.mkdir()
    (d / "huge.txt").write_text("मिशन कर्मयोगी: iGOT पर 99999999999999 करोड़ यूजर्स पंजीकृत हैं।\n", encoding="utf-8")
    shutil.copy(SEED_001, d / "seed.txt")
    db = tmp_path / "c.db"
    report = run_batch([str(d)], str(db), workers=1, find_flags=False)
    assert report.counts["ok"] == 2 and report.counts["error"] == 0
    values = [v for (v,) in sqlite3.connect(db).execute(
        "SELECT value FROM claims c JOIN documents d ON d.id = c.document_id WHERE d.path LIKE '%huge.txt'")]
    assert values and abs(values[0] - 999999999999990000000) / 999999999999990000000 < 1e-9
