"""A huge article through `extract batch` in bounded memory (issue 14, row 1): its claim rows spill from the worker
to a temporary file (`batch.spool.ClaimRows`) and reach the writer a bounded chunk at a time, inside the one
transaction that keeps a document whole or absent. Memory itself is measured in bench/bench_big_article.py; these
tests check the behaviour that bounds it. Also: the batch's counters are one typed structure (issue 16, item 7)."""
from __future__ import annotations

import gc
import os
import pickle
import sqlite3
from pathlib import Path

import pytest

import extractor.batch.spool as spool
import extractor.store.writer as writer_module
from extractor.batch.jobs import Job, hash_file, process_job
from extractor.batch.runner import run_batch
from extractor.batch.spool import ClaimRows
from extractor.pipeline import extract_file
from extractor.store import open_db
from extractor.store.writer import BatchWriter, Changes, RunCounts, start_run

LINE = "The iGOT Karmayogi platform recorded 70 lakh course completions in 2137 districts. "
LINES = 400  # two claims a line: 800 claims, past the small spill and chunk sizes set below


@pytest.fixture
def small_spool(monkeypatch):
    """Spill past 50 rows, 64 rows a chunk: a 400-line article behaves as a 20 MB one does at the real sizes."""
    monkeypatch.setattr(spool, "SPILL_ROWS", 50)
    monkeypatch.setattr(spool, "CHUNK_ROWS", 64)


@pytest.fixture
def chunks_seen(monkeypatch):
    """The size of every chunk of claim rows the writer inserts."""
    seen: list[int] = []
    real = writer_module.claim_chunks

    def recording(claims, *args, **kwargs):
        for chunk in real(claims, *args, **kwargs):
            seen.append(len(chunk))
            yield chunk

    monkeypatch.setattr(writer_module, "claim_chunks", recording)
    return seen


def big_article(folder: Path, lines: int = LINES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "big.txt"
    path.write_text(LINE * lines, encoding="utf-8")
    return path


def _result(path: Path):
    st = os.stat(path)
    return process_job(Job(str(path), hash_file(str(path)), st.st_size, st.st_mtime_ns))


def _rows(n: int, start: int = 0) -> list[tuple]:
    return [(f"id{i}", i, "x" * 10) for i in range(start, start + n)]


# --- ClaimRows ----------------------------------------------------------------------------------------------------

def test_rows_past_the_spill_size_go_to_a_file_and_come_back_in_order_in_bounded_chunks():
    rows = ClaimRows(spill=10, chunk=4)
    for row in _rows(23):
        rows.append(row)
        assert len(rows._pending) <= 10 + 4  # never more than the spill size and a chunk held in memory
    rows.close()
    assert rows.spilled and os.path.exists(rows._path)
    assert len(rows) == 23
    chunks = list(rows.chunks())
    assert all(len(c) <= 4 for c in chunks)
    assert [r for c in chunks for r in c] == _rows(23)
    assert list(rows) == _rows(23)  # read again: the file stays until the rows are dropped


def test_few_rows_stay_in_memory_and_no_file_is_made():
    rows = ClaimRows(spill=10, chunk=4)
    for row in _rows(10):
        rows.append(row)
    rows.close()
    assert not rows.spilled and len(rows) == 10 and list(rows) == _rows(10)
    assert [len(c) for c in rows.chunks()] == [4, 4, 2]
    assert len(ClaimRows(spill=None)) == 0 and not ClaimRows()


def test_the_file_goes_with_its_rows_and_a_pickled_copy_takes_it_over():
    rows = ClaimRows(spill=2, chunk=2)
    for row in _rows(7):
        rows.append(row)
    rows.close()
    path = rows._path
    received = pickle.loads(pickle.dumps(rows))  # a worker process returning its result
    del rows
    gc.collect()
    assert os.path.exists(path)  # the sender let go of it: the receiver still reads it
    assert list(received) == _rows(7)
    del received
    gc.collect()
    assert not os.path.exists(path)


def test_rows_that_never_spill_are_pickled_with_their_values():
    rows = ClaimRows(spill=None, chunk=2)
    for row in _rows(5):
        rows.append(row)
    rows.close()
    assert list(pickle.loads(pickle.dumps(rows))) == _rows(5)


# --- a large article through the worker and the writer -------------------------------------------------------------

def test_a_large_articles_claims_are_spilled_by_the_worker_and_written_in_chunks(tmp_path, small_spool, chunks_seen):
    result = _result(big_article(tmp_path / "in"))
    doc = result.docs[0]
    assert doc.status == "ok" and isinstance(doc.claims, ClaimRows)
    assert doc.claims.spilled and len(doc.claims) == 2 * LINES
    db = open_db(tmp_path / "c.db")
    run = start_run(db, "test", "processes", 1, "v")
    with BatchWriter(db, run, "v") as writer:
        changed = writer.write(result)
    assert changed == Changes(claims_added=2 * LINES, claims_removed=0, copies=0)
    assert sum(chunks_seen) == 2 * LINES and len(chunks_seen) > 1 and max(chunks_seen) <= 64
    stored = [r[0] for r in db.execute("SELECT id FROM claims ORDER BY position")]
    assert stored == [row[0] for row in doc.claims]


def test_a_large_article_that_fails_half_way_through_its_chunks_leaves_nothing_of_itself(tmp_path, small_spool):
    """The third chunk collides with a claim id already stored: the claims of the first two chunks, the document
    row and the path row are all taken back; the file written before it stays."""
    db = open_db(tmp_path / "c.db")
    run = start_run(db, "test", "processes", 1, "v")
    first = _result(big_article(tmp_path / "a", 3))
    taken = next(iter(first.docs[0].claims))
    result = _result(big_article(tmp_path / "b"))
    doc = result.docs[0]
    poisoned = ClaimRows(spill=50, chunk=64)
    for i, row in enumerate(doc.claims):
        poisoned.append(taken if i == 2 * 64 + 5 else row)
    poisoned.close()
    doc.claims = poisoned
    with BatchWriter(db, run, "v", commit_files=100, commit_seconds=3600) as writer:
        writer.write(first)
        with pytest.raises(sqlite3.IntegrityError):
            writer.write(result)
    assert [r[0] for r in db.execute("SELECT id FROM documents")] == [first.docs[0].id]
    assert db.execute("SELECT count(*) FROM claims").fetchone()[0] == len(first.docs[0].claims)
    assert db.execute("SELECT count(*) FROM paths WHERE path = ?", [result.job.path]).fetchone()[0] == 0


def test_a_batch_stores_a_spilled_article_whole_counts_it_exactly_and_removes_the_file(tmp_path, small_spool,
                                                                                     chunks_seen, monkeypatch):
    made: list[str] = []
    real_mkstemp = spool.tempfile.mkstemp

    def mkstemp(*args, **kwargs):
        fd, path = real_mkstemp(*args, **kwargs)
        made.append(path)
        return fd, path

    monkeypatch.setattr(spool.tempfile, "mkstemp", mkstemp)
    folder = tmp_path / "in"
    article = big_article(folder)
    db = tmp_path / "c.db"
    report = run_batch([str(folder)], str(db), workers=1, find_flags=False)
    expected = [c.id for c in extract_file(article)]
    assert report.counts.claims_added == len(expected) == 2 * LINES and report.failed == 0
    con = sqlite3.connect(db)
    assert [r[0] for r in con.execute("SELECT id FROM claims ORDER BY position")] == expected
    assert con.execute("SELECT claims FROM documents").fetchone()[0] == len(expected)
    assert made and max(chunks_seen) <= 64
    gc.collect()
    assert not any(os.path.exists(p) for p in made)
    # --force: the same claims again, counted from SQL rather than from sets of ids: nothing added or removed
    forced = run_batch([str(folder)], str(db), workers=1, find_flags=False, force=True)
    assert (forced.counts.claims_added, forced.counts.claims_removed) == (0, 0)
    # a changed article: its old claims swapped for the new ones, each counted once
    article.write_text(LINE * (LINES - 100) + LINE.replace("70 lakh", "80 lakh") * 100, encoding="utf-8")
    changed = run_batch([str(folder)], str(db), workers=1, find_flags=False)
    now = [c.id for c in extract_file(article)]
    assert changed.counts.claims_added == len(set(now) - set(expected))
    assert changed.counts.claims_removed == len(set(expected) - set(now))
    assert con.execute("SELECT count(*) FROM claims").fetchone()[0] == len(now)
    con.close()


def test_two_workers_hand_a_spilled_articles_rows_to_the_writer(tmp_path, small_spool):
    folder = tmp_path / "in"
    article = big_article(folder, 120)
    db = tmp_path / "c.db"
    report = run_batch([str(folder)], str(db), workers=2, find_flags=False)
    expected = [c.id for c in extract_file(article)]
    assert report.counts.claims_added == len(expected) > spool.SPILL_ROWS
    con = sqlite3.connect(db)
    assert [r[0] for r in con.execute("SELECT id FROM claims ORDER BY position")] == expected
    con.close()


# --- the counters: one typed structure (issue 16, item 7) ---------------------------------------------------------

def test_a_misspelt_counter_fails_instead_of_making_a_new_counter():
    counts = RunCounts()
    with pytest.raises(AttributeError):
        counts.nwe += 1
    with pytest.raises(AttributeError):
        counts.nwe = 1  # slots: no attribute can be added
    with pytest.raises(AttributeError):
        counts.add("unreadble")
    with pytest.raises(KeyError):
        counts["claims_addded"]
    with pytest.raises(TypeError):
        counts["new"] += 1  # read-only by name
    counts.add("off_topic")
    counts.add_changes(Changes(claims_added=3, claims_removed=1))
    counts.new += 2
    assert counts["off_topic"] == 1 and counts.new == 2
    assert {k: v for k, v in counts.as_dict().items() if v} == {"new": 2, "off_topic": 1, "claims_added": 3,
                                                               "claims_removed": 1}


def test_every_counter_but_the_display_ones_is_a_column_of_the_runs_table(tmp_path):
    # display only: `handled` (the progress line) and `forced` (the summary's "re-extracted (--force)" row)
    db = open_db(tmp_path / "c.db")
    columns = set(db["runs"].columns_dict)
    stored = set(RunCounts().run_columns())
    assert stored <= columns
    assert set(RunCounts().as_dict()) - stored == {"handled", "forced"}
