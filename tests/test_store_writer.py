"""The batch writer: each file whole (a failed file rolls its group back; the others are written again), files
committed in groups."""
from __future__ import annotations

import dataclasses
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from extractor.batch.jobs import Job, hash_file, process_job
from extractor.store import open_db
from extractor.store.writer import BatchWriter, Changes, start_run

ROOT = Path(__file__).resolve().parent.parent
SEEDS = [ROOT / "corpus" / "seeds" / n for n in ("000_41aac0695f25ef1b.txt", "001_6ed01f356ed30db4.txt",
                                               "004_1da6169ce7a652b7.txt")]  # each with claims


def _result(path: Path):
    st = os.stat(path)
    return process_job(Job(str(path), hash_file(str(path)), st.st_size, st.st_mtime_ns))


@pytest.fixture
def results(tmp_path):
    out = []
    for i, seed in enumerate(SEEDS[:3]):
        copy = tmp_path / f"{i}_{seed.name}"
        shutil.copy(seed, copy)
        out.append(_result(copy))
    assert all(r.docs and r.docs[0].status == "ok" and r.docs[0].claims for r in out)
    return out


def _count(db_path, table) -> int:
    other = sqlite3.connect(db_path)  # another connection sees only what was committed
    try:
        return other.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        other.close()


def test_files_become_visible_to_other_connections_a_group_at_a_time(tmp_path, results):
    path = tmp_path / "c.db"
    db = open_db(path)
    run = start_run(db, "test", "processes", 1, "v")
    with BatchWriter(db, run, "v", commit_files=2, commit_seconds=3600) as writer:
        writer.write(results[0])
        assert _count(path, "documents") == 0
        writer.write(results[1])
        assert _count(path, "documents") == 2  # the group of two committed
        writer.write(results[2])
        assert _count(path, "documents") == 2
    assert _count(path, "documents") == 3  # leaving the writer commits the rest
    assert _count(path, "claims") == sum(len(r.docs[0].claims) for r in results)
    assert writer.commits == 2


def test_a_group_commits_when_its_time_is_up(tmp_path, results):
    path = tmp_path / "c.db"
    db = open_db(path)
    run = start_run(db, "test", "processes", 1, "v")
    now = [0.0]
    with BatchWriter(db, run, "v", commit_files=100, commit_seconds=0.5, clock=lambda: now[0]) as writer:
        writer.write(results[0])
        assert _count(path, "documents") == 0
        now[0] = 0.6
        writer.write(results[1])
        assert _count(path, "documents") == 2


def test_a_file_that_fails_half_way_leaves_nothing_and_its_group_keeps_the_others(tmp_path, results):
    """The second file's document row is written before its claims collide with the first file's claim ids: the
    group is rolled back and the first file, in the same open group, written again: it stays."""
    path = tmp_path / "c.db"
    db = open_db(path)
    run = start_run(db, "test", "processes", 1, "v")
    first = results[0]
    clash_doc = dataclasses.replace(results[1].docs[0], claims=first.docs[0].claims)
    clash = dataclasses.replace(results[1], docs=[clash_doc])
    with BatchWriter(db, run, "v", commit_files=100, commit_seconds=3600) as writer:
        writer.write(first)
        with pytest.raises(sqlite3.IntegrityError):
            writer.write(clash)
        writer.write(results[2])
    con = sqlite3.connect(path)
    docs = {r[0] for r in con.execute("SELECT id FROM documents")}
    assert docs == {first.docs[0].id, results[2].docs[0].id}
    paths = {r[0] for r in con.execute("SELECT path FROM paths")}
    assert paths == {first.job.path, results[2].job.path}
    assert con.execute("SELECT count(*) FROM claims WHERE document_id = ?", [clash_doc.id]).fetchone()[0] == 0
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_an_exception_while_writing_keeps_the_whole_files_already_written(tmp_path, results):
    path = tmp_path / "c.db"
    db = open_db(path)
    run = start_run(db, "test", "processes", 1, "v")
    with pytest.raises(KeyboardInterrupt):
        with BatchWriter(db, run, "v", commit_files=100, commit_seconds=3600) as writer:
            writer.write(results[0])
            writer.write(results[1])
            raise KeyboardInterrupt
    assert _count(path, "documents") == 2
    assert not db.conn.in_transaction


def test_rewriting_a_document_keeps_the_run_that_first_stored_it(tmp_path, results):
    path = tmp_path / "c.db"
    db = open_db(path)
    first_run = start_run(db, "test", "processes", 1, "v")
    with BatchWriter(db, first_run, "v") as writer:
        writer.write(results[0])
    second_run = start_run(db, "test", "processes", 1, "v")
    with BatchWriter(db, second_run, "v", force=True) as writer:  # --force: the document is written again
        changed = writer.write(results[0])
    # the same claims again: the counts say what changed in the database, which is nothing (issue 14)
    assert changed == Changes(claims_added=0, claims_removed=0, copies=0)
    row = db.execute("SELECT first_run, last_run FROM documents").fetchone()
    assert tuple(row) == (first_run, second_run)
    assert _count(path, "claims") == len(results[0].docs[0].claims)
