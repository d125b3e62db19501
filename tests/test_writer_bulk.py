"""The batch writer's bulk work (extractor/store/writer.py, story_index.py): claims_fts filled once a group, files
made whole by replaying their group instead of a savepoint each, and a story index that remembers what its group
read and wrote. Each must leave exactly what writing one row, one file, one document at a time left."""
from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import regex

import extractor.store.writer as writer_module
from extractor.batch.jobs import DocResult, FileResult, Job, hash_file, process_job
from extractor.store import open_db, story_index, write_transaction
from extractor.store.writer import BatchWriter, start_run
from extractor.stories import group_stories
from test_story_index import _check_index, _pool

ROOT = Path(__file__).resolve().parent.parent
TERMS = ("crore", "lakh", "करोड़", "लाख", "Karmayogi", "iGOT", "कर्मयोगी")
_WORD = regex.compile(r"[\p{L}\p{N}\p{M}\p{Co}]+")
SEEDS = [ROOT / "corpus" / "seeds" / n for n in ("000_41aac0695f25ef1b.txt", "001_6ed01f356ed30db4.txt",
                                               "003_d0df9700eacaf73b.txt", "004_1da6169ce7a652b7.txt")]


def _result(path: Path):
    st = os.stat(path)
    return process_job(Job(str(path), hash_file(str(path)), st.st_size, st.st_mtime_ns))


@pytest.fixture
def seeds(tmp_path):
    """Four seed articles, each with claims (6 to 17), under tmp_path/in."""
    folder = tmp_path / "in"
    folder.mkdir()
    out = []
    for seed in SEEDS:
        shutil.copy(seed, folder / seed.name)
        out.append(folder / seed.name)
    return out


def _reader(path):
    """Another connection, in autocommit mode: it sees what was committed and holds no lock after a statement."""
    return sqlite3.connect(path, isolation_level=None)


def _fts_is_exact(con) -> None:
    """claims_fts holds exactly the claims rows (FTS5 compares the index with its content table)."""
    con.execute("INSERT INTO claims_fts (claims_fts, rank) VALUES ('integrity-check', 1)")


def _matches(con, term: str) -> set[str]:
    return {r[0] for r in con.execute("SELECT c.id FROM claims_fts f JOIN claims c ON c.rowid = f.rowid"
                                      " WHERE claims_fts MATCH ?", [term])}


def _by_scan(con, term: str) -> set[str]:
    """The claims whose indexed text holds `term` as a word (letters, digits, marks: FTS_TOKENIZE), read without
    the index."""
    cols = ("quote", "sentence", "metric_text", "source_title", "source_publisher")
    return {r[0] for r in con.execute(f"SELECT id, {', '.join(cols)} FROM claims")
            if any(term.casefold() in map(str.casefold, _WORD.findall(v or "")) for v in r[1:])}


def _search_is_exact(con) -> None:
    """The index finds what a scan of the rows finds, for words of both scripts, and some of them are there."""
    found = False
    for term in TERMS:
        assert _matches(con, term) == _by_scan(con, term), term
        found = found or bool(_matches(con, term))
    assert found or not con.execute("SELECT count(*) FROM claims").fetchone()[0]


def _triggers(con) -> set[str]:
    return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'claims'")}


# --- the full-text index, filled once a group --------------------------------------------------------------------

def test_claims_written_in_a_group_are_searchable_at_its_commit_and_the_triggers_are_back(tmp_path, seeds):
    path = tmp_path / "c.db"
    db = open_db(path)
    run = start_run(db, "test", "processes", 1, "v")
    results = [_result(p) for p in seeds]
    with BatchWriter(db, run, "v", commit_files=2, commit_seconds=3600) as writer:
        writer.write(results[0])
        writer.write(results[1])  # the group of two commits
        other = _reader(path)  # sees only what was committed
        assert _triggers(other) == {"claims_ai", "claims_ad", "claims_au"}
        _fts_is_exact(other)
        _search_is_exact(other)
        writer.write(results[2])
        assert other.execute("SELECT count(*) FROM claims").fetchone()[0] == sum(
            len(r.docs[0].claims) for r in results[:2])
    _fts_is_exact(other)
    _search_is_exact(other)
    assert _triggers(other) == {"claims_ai", "claims_ad", "claims_au"}


def test_the_triggers_left_after_a_batch_keep_the_index_for_other_writers(tmp_path, seeds):
    path = tmp_path / "c.db"
    db = open_db(path)
    run = start_run(db, "test", "processes", 1, "v")
    with BatchWriter(db, run, "v") as writer:
        writer.write(_result(seeds[0]))
    other = _reader(path)
    doc = other.execute("SELECT id FROM documents").fetchone()[0]
    other.execute("INSERT INTO claims (id, document_id, quote, sentence) VALUES ('x1', ?, 'zebraword', 's')", [doc])
    assert _matches(other, "zebraword") == {"x1"}
    other.execute("DELETE FROM claims WHERE id = 'x1'")
    assert _matches(other, "zebraword") == set()
    _fts_is_exact(other)


def test_replacing_documents_in_the_same_group_and_the_next_keeps_the_index_exact(tmp_path, seeds):
    """A path rewritten in the group that wrote it (its claims never reached the index), and a document committed
    by an earlier group replaced (its claims are the highest rowids, which the new claims then take again)."""
    path = tmp_path / "c.db"
    db = open_db(path)
    run = start_run(db, "test", "processes", 1, "v")
    moving = seeds[0].parent / "moving.txt"
    with BatchWriter(db, run, "v", commit_files=100, commit_seconds=3600) as writer:
        writer.write(_result(seeds[0]))
        shutil.copy(seeds[1], moving)
        writer.write(_result(moving))
        shutil.copy(seeds[2], moving)  # the same path, other text, same group
        writer.write(_result(moving))
        writer.commit()
        shutil.copy(seeds[3], moving)  # and again, in the next group: its claims were the last rowids
        writer.write(_result(moving))
    con = _reader(path)
    _fts_is_exact(con)
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 2
    _search_is_exact(con)


def test_a_rewritten_document_whose_claims_were_the_last_rowids_is_indexed_again(tmp_path, seeds):
    """--force on the document written last: its claims go, and the new ones take the same rowids again, which
    were in the index before the group began."""
    path = tmp_path / "c.db"
    db = open_db(path)
    first, last = _result(seeds[0]), _result(seeds[1])
    run = start_run(db, "test", "processes", 1, "v")
    with BatchWriter(db, run, "v") as writer:
        writer.write(first)
        writer.write(last)
    before = sorted(db.execute("SELECT rowid, id FROM claims"))
    run = start_run(db, "test", "processes", 1, "v")
    with BatchWriter(db, run, "v", force=True) as writer:
        writer.write(last)
    assert sorted(db.execute("SELECT rowid, id FROM claims")) == before  # the same rowids, taken again
    con = _reader(path)
    _fts_is_exact(con)
    _search_is_exact(con)


def test_a_forced_rewrite_of_every_document_keeps_the_index_exact(tmp_path, seeds):
    path = tmp_path / "c.db"
    db = open_db(path)
    results = [_result(p) for p in seeds]
    for force in (False, True, True):
        run = start_run(db, "test", "processes", 1, "v")
        with BatchWriter(db, run, "v", force=force, commit_files=3, commit_seconds=3600) as writer:
            for r in results:
                writer.write(r)
    con = _reader(path)
    _fts_is_exact(con)
    _search_is_exact(con)


# --- a failure part-way through a file ---------------------------------------------------------------------------

@pytest.fixture
def fail_in_third_file(monkeypatch):
    """`claim_chunks` raising `exc` after the third file's first chunk: its document row and first claims are
    written by then."""
    def arm(exc):
        real = writer_module.claim_chunks
        calls = [0]

        def failing(claims, *args, **kwargs):
            calls[0] += 1
            chunks = real(claims, *args, **kwargs)
            if calls[0] == 3:
                yield next(chunks)
                raise exc
            yield from chunks
        monkeypatch.setattr(writer_module, "claim_chunks", failing)
    return arm


@pytest.mark.parametrize("exc", [sqlite3.IntegrityError("boom"), KeyboardInterrupt()])
def test_a_file_failing_half_way_through_a_group_leaves_no_half_article(tmp_path, seeds, fail_in_third_file, exc):
    path = tmp_path / "c.db"
    db = open_db(path)
    run = start_run(db, "test", "processes", 1, "v")
    results = [_result(p) for p in seeds]
    fail_in_third_file(exc)
    with pytest.raises(type(exc)):
        with BatchWriter(db, run, "v", commit_files=100, commit_seconds=3600) as writer:
            writer.write(results[0])
            writer.write(results[1])
            writer.write(results[2])
    con = _reader(path)
    assert {r[0] for r in con.execute("SELECT id FROM documents")} == {results[0].docs[0].id, results[1].docs[0].id}
    assert con.execute("SELECT count(*) FROM claims").fetchone()[0] == sum(
        len(r.docs[0].claims) for r in results[:2])
    assert {r[0] for r in con.execute("SELECT path FROM paths")} == {results[0].job.path, results[1].job.path}
    _fts_is_exact(con)
    _search_is_exact(con)
    assert _triggers(con) == {"claims_ai", "claims_ad", "claims_au"}
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_the_batch_goes_on_after_a_failed_file_and_its_group_is_written_once(tmp_path, seeds, fail_in_third_file):
    path = tmp_path / "c.db"
    db = open_db(path)
    run = start_run(db, "test", "processes", 1, "v")
    results = [_result(p) for p in seeds]
    fail_in_third_file(sqlite3.IntegrityError("boom"))
    with BatchWriter(db, run, "v", commit_files=100, commit_seconds=3600) as writer:
        writer.write(results[0])
        writer.write(results[1])
        with pytest.raises(sqlite3.IntegrityError):
            writer.write(results[2])
        writer.write(results[3])
    con = _reader(path)
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 3
    assert con.execute("SELECT count(*) FROM claims").fetchone()[0] == sum(
        len(r.docs[0].claims) for r in (results[0], results[1], results[3]))
    _fts_is_exact(con)


_KILLED_MID_FILE = """
import os, signal, sys
sys.path.insert(0, {root!r})
import extractor.store.writer as w
from extractor.batch.jobs import Job, hash_file, process_job
from extractor.store import open_db

paths = {paths!r}
results = [process_job(Job(p, hash_file(p), os.stat(p).st_size, os.stat(p).st_mtime_ns)) for p in paths]
real, calls = w.claim_chunks, [0]
def dying(claims, *a, **k):
    calls[0] += 1
    chunks = real(claims, *a, **k)
    if calls[0] == 3:
        yield next(chunks)
        os.kill(os.getpid(), signal.SIGKILL)  # the third file: its row and first claims written
    yield from chunks
w.claim_chunks = dying
db = open_db({db!r})
run = w.start_run(db, "test", "processes", 1, "v")
with w.BatchWriter(db, run, "v", commit_files=2, commit_seconds=3600) as writer:
    for r in results:
        writer.write(r)
"""


def test_a_batch_killed_in_the_middle_of_a_file_leaves_whole_articles_and_an_exact_index(tmp_path, seeds):
    path = tmp_path / "c.db"
    script = _KILLED_MID_FILE.format(root=str(ROOT), paths=[str(p) for p in seeds], db=str(path))
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    con = _reader(path)
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 2  # the group committed before
    for doc_id, n in con.execute("SELECT id, claims FROM documents"):
        assert con.execute("SELECT count(*) FROM claims WHERE document_id = ?", [doc_id]).fetchone()[0] == n
    assert _triggers(con) == {"claims_ai", "claims_ad", "claims_au"}
    _fts_is_exact(con)
    _search_is_exact(con)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_group_holding_too_much_text_for_a_replay_commits(tmp_path, seeds, monkeypatch):
    monkeypatch.setattr(writer_module, "COMMIT_CHARS", 1)
    db = open_db(tmp_path / "c.db")
    run = start_run(db, "test", "processes", 1, "v")
    with BatchWriter(db, run, "v", commit_files=100, commit_seconds=3600) as writer:
        writer.write(_result(seeds[0]))
        assert not db.conn.in_transaction
        assert writer.commits == 1


# --- the story index, remembering its group ----------------------------------------------------------------------

# story_bands' rows with the document named by its id (a row names it by its rowid; one naming no document: None)
_BANDS_BY_ID = "SELECT b.key, b.single, d.id FROM story_bands b LEFT JOIN documents d ON d.rowid = b.document_id"


def _story_state(conn) -> tuple:
    return (sorted(conn.execute("SELECT id, story_id FROM documents")),
            sorted(conn.execute(_BANDS_BY_ID)),
            sorted(conn.execute("SELECT key, story_id FROM story_keys")),
            sorted(conn.execute("SELECT story_id FROM story_dirty")))


def _remembered_is_true(index: story_index.StoryIndex, conn) -> None:
    """What `index` remembers of the buckets it looked up, and of the members its groups gained, is what the
    database holds — with the story_keys rows the index keeps back until its transaction commits (`keep_back`)."""
    for key in index._seen:  # noqa: SLF001 - the memory is what is checked here
        assert index._groups.get(key, set()) == {  # noqa: SLF001
            r[0] for r in conn.execute("SELECT story_id FROM story_keys WHERE key = ?", [key])
        } | index._unsaved_by_key.get(key, set())  # noqa: SLF001
        assert index._loners.get(key, {}) == dict(conn.execute(  # noqa: SLF001
            "SELECT d.id, d.minhash FROM story_bands b JOIN documents d ON d.rowid = b.document_id"
            " WHERE b.key = ? AND b.single = 1", [key]))
    for story, members in index._members.items():  # noqa: SLF001
        for doc_id in members:
            assert conn.execute("SELECT story_id FROM documents WHERE id = ?", [doc_id]).fetchone()[0] == story
            assert conn.execute("SELECT count(*) FROM story_bands b JOIN documents d ON d.rowid = b.document_id"
                                " WHERE d.id = ? AND b.single = 0",
                                [doc_id]).fetchone()[0]


def _add_or_remove_one(rnd, pool: dict, present: dict, index: story_index.StoryIndex, indexed, fresh,
                       p_add: float) -> None:
    """One random step of the story-index tests: a document of `pool` added (with chance `p_add`, or when none is
    present) or a present one removed, in both databases, through `index` on `indexed` and through the module's
    functions (a fresh index each time) on `fresh`; `present` follows."""
    absent = [d for d in pool if d not in present]
    if absent and (not present or rnd.random() < p_add):
        doc = rnd.choice(absent)
        for db in (indexed, fresh):
            db.conn.execute("INSERT INTO documents (id, status, minhash) VALUES (?, 'ok', ?)", [doc, pool[doc]])
        index.add_document(doc, pool[doc])
        story_index.add_document(fresh.conn, doc, pool[doc])
        present[doc] = pool[doc]
    else:
        doc = rnd.choice(sorted(present))
        index.remove_document(doc)
        story_index.remove_document(fresh.conn, doc)
        for db in (indexed, fresh):
            db.conn.execute("DELETE FROM documents WHERE id = ?", [doc])
        del present[doc]


@pytest.mark.parametrize("seed", range(6))
def test_a_story_index_remembering_its_group_ends_where_one_document_at_a_time_does(tmp_path, seed):
    """The same random additions and removals, through one `StoryIndex` (what it read and wrote remembered, as in
    a writer's group) and through the module's functions (a fresh index, nothing remembered, for each): the same
    rows at every step, and after each regroup the grouping `group_stories` computes from scratch."""
    pool = _pool(seed)
    rnd = random.Random(seed)
    cached, fresh = open_db(tmp_path / "cached.db"), open_db(tmp_path / "fresh.db")
    index = story_index.StoryIndex(cached.conn)
    present: dict[str, bytes] = {}
    with write_transaction(cached), write_transaction(fresh):
        for step in range(120):
            _add_or_remove_one(rnd, pool, present, index, cached, fresh, 0.6)
            assert _story_state(cached.conn) == _story_state(fresh.conn), f"after step {step}"
            _remembered_is_true(index, cached.conn)
            if step % 10 == 9:
                index.regroup_dirty()
                story_index.regroup_dirty(fresh.conn)
                assert dict(cached.execute("SELECT id, story_id FROM documents")) == group_stories(present.items())
                _check_index(cached.conn)


def _doc_result(doc_id: str, sig: bytes) -> FileResult:
    doc = DocResult(id=doc_id, path=f"{doc_id}.txt", source_file=f"{doc_id}.txt", kind="txt", status="ok",
                    text="t", minhash=sig)
    return FileResult(Job(f"{doc_id}.txt", doc_id, 1, 0), [doc])


@pytest.mark.parametrize("seed", range(3))
def test_grouping_stories_a_group_of_files_at_a_time_is_grouping_them_one_by_one(tmp_path, seed):
    pool = _pool(seed)
    order = sorted(pool)
    random.Random(seed).shuffle(order)
    states = []
    for name, commit_files in (("one.db", 1), ("groups.db", 7), ("all.db", 1000)):
        db = open_db(tmp_path / name)
        run = start_run(db, "test", "processes", 1, "v")
        with BatchWriter(db, run, "v", commit_files=commit_files, commit_seconds=3600) as writer:
            for doc_id in order:
                writer.write(_doc_result(doc_id, pool[doc_id]))
            writer.regroup_stories()
        states.append(_story_state(db.conn))
        assert dict(db.execute("SELECT id, story_id FROM documents")) == group_stories(pool.items())
    assert states[0] == states[1] == states[2]


def test_the_story_index_keeps_what_it_remembers_over_the_writers_own_commits(tmp_path):
    """Between two groups of one writer nobody else committed: the index goes on with what it remembered (up to
    REMEMBERED_DOCUMENTS documents), and that stays what the database holds."""
    pool = _pool(1)
    db = open_db(tmp_path / "w.db")
    run = start_run(db, "test", "processes", 1, "v")
    with BatchWriter(db, run, "v", commit_files=3, commit_seconds=3600) as writer:
        for n, doc_id in enumerate(sorted(pool), 1):
            writer.write(_doc_result(doc_id, pool[doc_id]))
            _remembered_is_true(writer._stories, db.conn)  # noqa: SLF001
        assert writer.commits >= 5
        assert writer._stories.added == n  # noqa: SLF001 - never forgotten: every document is remembered
        writer.regroup_stories()
    assert dict(db.execute("SELECT id, story_id FROM documents")) == group_stories(pool.items())
    _check_index(db.conn)


def test_the_story_index_forgets_what_it_remembers_when_another_connection_has_committed(tmp_path):
    """Another writer took a document out between two groups: what this writer remembered of it is no longer
    true, and a copy of it written next must find no story to join, as a writer remembering nothing finds none."""
    pool = _pool(0)
    stories = group_stories(pool.items())
    first, copy = next((a, b) for a in sorted(pool) for b in sorted(pool) if a < b and stories[a] == stories[b])
    path = tmp_path / "w.db"
    db = open_db(path)
    run = start_run(db, "test", "processes", 1, "v")
    with BatchWriter(db, run, "v", commit_files=1, commit_seconds=3600) as writer:
        writer.write(_doc_result(first, pool[first]))  # committed: a group of one file
        other = open_db(path)
        with write_transaction(other):
            story_index.remove_document(other.conn, first)
            other.execute("DELETE FROM documents WHERE id = ?", [first])
        other.close()
        writer.write(_doc_result(copy, pool[copy]))
        assert writer._stories.added == 1  # noqa: SLF001 - forgotten before the copy was added
        _remembered_is_true(writer._stories, db.conn)  # noqa: SLF001
    assert db.execute("SELECT story_id FROM documents WHERE id = ?", [copy]).fetchone()[0] == copy
    _check_index(db.conn)


# --- parameters -----------------------------------------------------------------------------------------------------

def test_null_and_blob_parameters_are_stored_as_null_and_blob():
    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE t (a, b)")
    con.execute("INSERT INTO t VALUES (?, ?)", [None, b"\x00\x01"])
    assert con.execute("SELECT typeof(a), typeof(b), b FROM t").fetchone() == ("null", "blob", b"\x00\x01")


# --- the writer's own small parts ---------------------------------------------------------------------------------

def test_the_writers_stamp_is_flags_now(monkeypatch):
    """`_stamp` formats the time once a second, as `flags.now()` formats it each call."""
    from extractor.store.flags import now

    for _ in range(3):
        before, stamp, after = now(), writer_module._stamp(), now()  # noqa: SLF001
        assert stamp in (before, after)
    monkeypatch.setattr(writer_module.time, "time", lambda: 1_767_657_600.75)  # 6 January 2026, 00:00:00.75 UTC
    assert writer_module._stamp() == "2026-01-06T00:00:00+00:00"  # noqa: SLF001
    monkeypatch.setattr(writer_module.time, "time", lambda: 1_767_657_601.0)
    assert writer_module._stamp() == "2026-01-06T00:00:01+00:00"  # noqa: SLF001


def test_a_file_changed_twice_leaves_only_its_last_document(tmp_path, seeds):
    """What a path held is read with UNION ALL (its paths row and the documents read from it name the same document
    twice): the old document goes once, its claims counted once."""
    path = seeds[0]
    db = open_db(tmp_path / "c.db")
    run = start_run(db, "test", "processes", 1, "v")
    texts = [SEEDS[0].read_text(encoding="utf-8"), SEEDS[1].read_text(encoding="utf-8"),
             SEEDS[3].read_text(encoding="utf-8")]
    changes = []
    with BatchWriter(db, run, "v", commit_files=1, commit_seconds=3600) as writer:
        for text in texts:
            path.write_text(text, encoding="utf-8")
            changes.append(writer.write(_result(path)))
    con = _reader(tmp_path / "c.db")
    last = con.execute("SELECT document_id FROM paths WHERE path = ?", [str(path)]).fetchone()[0]
    assert [r[0] for r in con.execute("SELECT id FROM documents")] == [last]
    n = [c.claims_added for c in changes]
    assert all(n) and [c.claims_removed for c in changes] == [0, n[0], n[1]]
    assert con.execute("SELECT count(*) FROM claims").fetchone()[0] == n[2]
    _fts_is_exact(con)
    _search_is_exact(con)


# --- signatures read from their bytes ---------------------------------------------------------------------------

def _corrupted(sig: bytes) -> list[bytes]:
    """Signatures `load_signature` refuses — another seed, other sizes, the legacy and affine64 formats, garbage —
    and some it takes."""
    import struct

    from extractor.stories import NUM_PERM, SEED

    values = sig[13:]
    return [
        struct.pack("<qiB", SEED + 1, -NUM_PERM, 1) + values,  # another seed
        struct.pack("<qiB", SEED, -(NUM_PERM - 1), 1) + values[:-4],  # fewer permutations
        struct.pack("<qi", SEED, NUM_PERM) + values,  # legacy format
        struct.pack("<qiB", SEED, -NUM_PERM, 2) + values + values,  # affine64
        struct.pack("<qiB", SEED, -NUM_PERM, 7) + values,  # no such scheme
        sig[:-1], sig + b"\x00", sig[:13], b"", b"not a signature at all",
    ]


@pytest.mark.parametrize("seed", range(2))
def test_signature_values_read_what_load_signature_reads(seed):
    from extractor.stories import (IncompatibleSignature, band_keys, load_signature, signature_values,
                                   value_band_keys, value_similarity)

    pool = _pool(seed)
    sigs = list(pool.items())
    for doc_id, sig in sigs:
        m = load_signature(doc_id, sig)
        values = signature_values(doc_id, sig)
        assert values == m.hashvalues.astype("<u4").tobytes()
        assert value_band_keys(values) == band_keys(m)
        assert (value_band_keys(values) == []) == m.is_empty()
        assert signature_values(doc_id, bytearray(sig)) == values  # as SQLite or a buffer may give it
        for bad in _corrupted(sig):
            try:
                load_signature(doc_id, bad)
            except IncompatibleSignature:
                with pytest.raises(IncompatibleSignature):
                    signature_values(doc_id, bad)
            else:
                assert signature_values(doc_id, bad) == load_signature(doc_id, bad).hashvalues.astype("<u4").tobytes()
    for (a, sa), (b, sb) in zip(sigs, sigs[1:] + sigs[:1]):
        ma, mb = load_signature(a, sa), load_signature(b, sb)
        assert value_similarity(signature_values(a, sa), signature_values(b, sb)) == ma.jaccard(mb)
        assert value_similarity(signature_values(a, sa), signature_values(a, sa)) == ma.jaccard(ma) == 1.0


def test_rows_the_writer_makes_itself_name_their_fields_and_leave_the_rest_null(tmp_path):
    """An unreadable file and a skipped one: their documents rows, bound from `_DocRow`, hold the hash, the path,
    the status and reason and the size, and NULL in every other field of the document (body_start included)."""
    db = open_db(tmp_path / "c.db")
    run = start_run(db, "test", "processes", 1, "v")
    with BatchWriter(db, run, "v") as writer:
        writer.write(FileResult(Job("in/gone.txt", "h1", 11, 0), [], error="vanished"))
        writer.record_skip(Job("in/big.txt", "h2", 22, 0), "too_large", "over the limit")
    cols = writer_module._DOC_FIELDS  # noqa: SLF001
    got = {r[0]: dict(zip(cols, r)) for r in db.conn.execute(f"SELECT {', '.join(cols)} FROM documents")}
    for doc_id, path, status, reason, size in (("h1", "in/gone.txt", "error", "vanished", 11),
                                               ("h2", "in/big.txt", "too_large", "over the limit", 22)):
        want = dict.fromkeys(cols)
        want.update(id=doc_id, path=path, source_file=path, status=status, reason=reason, size=size)
        assert got[doc_id] == want
    paths = dict(db.conn.execute("SELECT path, status FROM paths"))
    assert paths == {"in/gone.txt": "error", "in/big.txt": "too_large"}


def _claim_row(rng: random.Random, doc_id: str, position: int, claim_id: str) -> tuple:
    """A row in CLAIM_COLUMNS order with a value of each kind a claim stores: text (Devanagari too), NULL, int,
    float."""
    values = {"id": claim_id, "document_id": doc_id, "position": position, "metric": rng.choice(["x", None]),
              "value": rng.choice([1, 2.5, 10**15, None]), "start": rng.randrange(10_000),
              "sentence": rng.choice(["मिशन कर्मयोगी में 1.45 करोड़", "iGOT has 2 lakh", None, ""])}
    return tuple(values.get(c) for c in writer_module.CLAIM_COLUMNS)


def _claims_db(tmp_path, name: str) -> sqlite3.Connection:
    db = open_db(tmp_path / name)
    db.execute("BEGIN IMMEDIATE")
    return db.conn


@pytest.mark.parametrize("seed", range(6))
def test_claims_inserted_in_blocks_are_the_rows_one_row_a_statement_inserts(tmp_path, seed):
    """`insert_claims` (blocks of CLAIM_BLOCK rows, and one statement for the rest) against an executemany of the
    one-row statement, over documents of 0 to 3 blocks and more: the same rows, the same rowids, the same
    full-text index (its triggers fire for the rows of a block as for one row)."""
    rng = random.Random(seed)
    blocks, single = _claims_db(tmp_path, "blocks.db"), _claims_db(tmp_path, "single.db")
    for d in range(12):
        rows = [_claim_row(rng, f"d{d}", p, f"c{d}-{p}") for p in range(rng.randrange(3 * writer_module.CLAIM_BLOCK + 5))]
        writer_module.insert_claims(blocks, rows)
        single.executemany(writer_module._INSERT_CLAIM, rows)  # noqa: SLF001 - the one-row statement compared with
    for sql in ("SELECT rowid, * FROM claims ORDER BY rowid",
                "SELECT rowid FROM claims_fts WHERE claims_fts MATCH 'कर्मयोगी OR lakh' ORDER BY rowid"):
        assert blocks.execute(sql).fetchall() == single.execute(sql).fetchall()
    assert blocks.execute("SELECT count(*) FROM claims").fetchone()[0] > 100


@pytest.mark.parametrize("n, clash", [(1, 0), (5, 3), (16, 15), (17, 16), (40, 2), (40, 33)])
def test_a_claim_id_stored_before_fails_a_block_as_it_failed_one_row(tmp_path, n, clash):
    """A claim id already stored (or twice in the rows): IntegrityError, as from the one-row statement; what the
    block wrote is taken back with the file by the writer (test_store_writer: a file that fails half-way)."""
    rng = random.Random(n)
    conn = _claims_db(tmp_path, "c.db")
    conn.execute("INSERT INTO claims (id, document_id) VALUES ('old', 'd0')")
    for stored in ("old", "c3"):
        rows = [_claim_row(rng, "d1", p, f"c{p}") for p in range(n)]
        rows[clash] = _claim_row(rng, "d1", clash, stored if stored == "old" else f"c{(clash + 1) % n}")
        if stored != "old" and n == 1:
            continue  # one row cannot repeat itself
        with pytest.raises(sqlite3.IntegrityError, match="UNIQUE constraint failed: claims.id"):
            writer_module.insert_claims(conn, rows)
        with pytest.raises(sqlite3.IntegrityError, match="UNIQUE constraint failed: claims.id"):
            conn.executemany(writer_module._INSERT_CLAIM, rows)  # noqa: SLF001
        conn.execute("DELETE FROM claims WHERE document_id = 'd1'")

