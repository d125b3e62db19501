"""The story index in the store: documents added and removed one at a time end in exactly the grouping that
`group_stories` computes over the documents that remain, without the store's signatures ever being held in memory
together."""
from __future__ import annotations

import random
import shutil
import sqlite3
from pathlib import Path

import pytest

from extractor.stories import STORY_THRESHOLD, group_stories, signature, similarity
from extractor.store import open_db, write_transaction
from extractor.store import story_index

ROOT = Path(__file__).resolve().parent.parent
SEED_001 = ROOT / "corpus" / "seeds" / "001_6ed01f356ed30db4.txt"
SEED_004 = ROOT / "corpus" / "seeds" / "004_1da6169ce7a652b7.txt"
VOCAB = [f"शब्द{i}" for i in range(400)] + [f"word{i}" for i in range(400)]


def _chain(rnd: random.Random, links: int, step: float) -> list[str]:
    """Texts each one edit of the one before: neighbours similar, the ends of a long chain not."""
    words = [rnd.choice(VOCAB) for _ in range(150)]
    out = []
    for _ in range(links):
        out.append(" ".join(words))
        words = list(words)
        for _ in range(int(step * len(words))):
            words[rnd.randrange(len(words))] = rnd.choice(VOCAB)
    return out


def _pool(seed: int) -> dict[str, bytes]:
    """Signatures with every shape the index must handle: chains (bridges whose removal splits a story), tight
    clusters of copies, loners, pairs near the threshold, empty and very short bodies."""
    rnd = random.Random(seed)
    texts = []
    for _ in range(4):  # at 7-10% of the words changed a link, neighbours stay in one story, two links apart not
        texts += _chain(rnd, rnd.randrange(3, 7), rnd.choice((0.07, 0.09, 0.1, 0.2)))
    for _ in range(2):
        base = _chain(rnd, 1, 0)[0].split()
        for _ in range(rnd.randrange(2, 6)):
            copy = list(base)
            for _ in range(rnd.randrange(0, 10)):
                copy[rnd.randrange(len(copy))] = rnd.choice(VOCAB)
            texts.append(" ".join(copy))
    texts += [" ".join(rnd.choice(VOCAB) for _ in range(120)) for _ in range(4)]
    texts += ["", "", "दो शब्द", "दो शब्द"]
    ids = rnd.sample(range(10 ** 6), len(texts))  # story ids are the smallest document id: shuffle the order
    return {f"doc{i:07d}": signature(t) for i, t in zip(ids, texts)}


def _db(tmp_path: Path, name: str = "s.db"):
    return open_db(tmp_path / name)


def _insert(conn, doc_id: str, sig: bytes) -> None:
    conn.execute("INSERT INTO documents (id, status, minhash) VALUES (?, 'ok', ?)", [doc_id, sig])
    story_index.add_document(conn, doc_id, sig)


def _delete(conn, doc_id: str) -> None:
    story_index.remove_document(conn, doc_id)
    conn.execute("DELETE FROM documents WHERE id = ?", [doc_id])


def _stories(conn) -> dict[str, str]:
    return dict(conn.execute("SELECT id, story_id FROM documents WHERE status = 'ok'"))


def _check_index(conn) -> None:
    """The index says exactly what the documents say: each grouped document's buckets, marked alone when its story
    has one member; the keys of every story of two or more, and of no other story."""
    from collections import Counter

    from extractor.stories import band_keys, load_signature

    docs = conn.execute("SELECT id, minhash, story_id FROM documents WHERE status = 'ok'").fetchall()
    sizes = Counter(story for _, _, story in docs)
    want_bands, want_keys = set(), set()
    for doc_id, data, story in docs:
        for k in band_keys(load_signature(doc_id, data)):
            want_bands.add((k, int(sizes[story] == 1), doc_id))
            if sizes[story] > 1:
                want_keys.add((k, story))
    # a row names its document by rowid; one naming no document would read (key, single, None)
    assert set(conn.execute("SELECT b.key, b.single, d.id FROM story_bands b"
                            " LEFT JOIN documents d ON d.rowid = b.document_id")) == want_bands
    assert set(conn.execute("SELECT key, story_id FROM story_keys")) == want_keys


@pytest.mark.parametrize("seed", range(6))
def test_random_additions_and_removals_end_where_grouping_from_scratch_does(tmp_path, seed):
    pool = _pool(seed)
    rnd = random.Random(seed)
    db = _db(tmp_path)
    present: dict[str, bytes] = {}
    with write_transaction(db):
        for step in range(120):
            absent = [d for d in pool if d not in present]
            if absent and (not present or rnd.random() < 0.6):
                doc = rnd.choice(absent)
                _insert(db.conn, doc, pool[doc])
                present[doc] = pool[doc]
            else:
                doc = rnd.choice(sorted(present))
                _delete(db.conn, doc)
                del present[doc]
            if step % 10 == 9:
                story_index.regroup_dirty(db.conn)
                assert _stories(db.conn) == group_stories(present.items()), f"after step {step}"
                _check_index(db.conn)
        assert db.execute("SELECT count(*) FROM story_dirty").fetchone()[0] == 0


def test_removing_the_bridge_of_a_chain_splits_its_story(tmp_path):
    rnd = random.Random(7)
    a, bridge, c = (signature(t) for t in _chain(rnd, 3, 0.1))
    assert similarity(a, bridge) >= STORY_THRESHOLD and similarity(bridge, c) >= STORY_THRESHOLD
    assert similarity(a, c) < STORY_THRESHOLD
    db = _db(tmp_path)
    with write_transaction(db):
        for doc, sig in (("c", c), ("a", a), ("b", bridge)):
            _insert(db.conn, doc, sig)
        assert _stories(db.conn) == {"a": "a", "b": "a", "c": "a"}
        _delete(db.conn, "b")
        assert db.execute("SELECT story_id FROM story_dirty").fetchall() == [("a",)]
        assert story_index.regroup_dirty(db.conn) == 1
        assert _stories(db.conn) == {"a": "a", "c": "c"}


def test_a_smaller_id_joining_renames_the_whole_story(tmp_path):
    rnd = random.Random(3)
    texts = _chain(rnd, 3, 0.05)
    db = _db(tmp_path)
    with write_transaction(db):
        _insert(db.conn, "m", signature(texts[0]))
        _insert(db.conn, "z", signature(texts[1]))
        assert set(_stories(db.conn).values()) == {"m"}
        _insert(db.conn, "b", signature(texts[2]))
        assert _stories(db.conn) == {"m": "b", "z": "b", "b": "b"}
        keys = {r[0] for r in db.execute("SELECT DISTINCT story_id FROM story_keys")}
        assert keys == {"b"}


def test_a_body_with_no_words_is_a_story_of_its_own_and_joins_nothing(tmp_path):
    db = _db(tmp_path)
    with write_transaction(db):
        _insert(db.conn, "e1", signature(""))
        _insert(db.conn, "e2", signature(""))
        assert _stories(db.conn) == {"e1": "e1", "e2": "e2"}
        assert db.execute("SELECT count(*) FROM story_bands").fetchone()[0] == 0


# --- through the batch -----------------------------------------------------------------------------------------

def _copy_of_001(headline: str) -> str:
    lines = SEED_001.read_text(encoding="utf-8").split("\n")
    lines[0] = headline
    return "\n".join(lines)


def test_a_copy_scraped_the_next_night_joins_the_story_already_stored(tmp_path):
    from extractor.batch.runner import run_batch

    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SEED_001, src / SEED_001.name)
    shutil.copy(SEED_004, src / SEED_004.name)
    db = tmp_path / "c.db"
    first = run_batch([src], db, workers=1, find_flags=False)
    assert first.stories == {"stories": 2, "syndicated_groups": 0, "copies": 0}
    (src / "copy.txt").write_text(_copy_of_001("मिशन कर्मयोगी: यूपी के हर कर्मचारी का प्रशिक्षण अब अनिवार्य"),
                                  encoding="utf-8")
    second = run_batch([src], db, workers=1, find_flags=False)
    assert second.counts["new"] == 1 and second.counts["unchanged"] == 2
    assert second.stories == {"stories": 2, "syndicated_groups": 1, "copies": 2}
    con = sqlite3.connect(db)
    story = {p.rsplit("/", 1)[-1]: s for p, s in con.execute(
        "SELECT p.path, d.story_id FROM paths p JOIN documents d ON d.id = p.document_id")}
    assert story["copy.txt"] == story[SEED_001.name] != story[SEED_004.name]

    # the copy is taken down and replaced by an unrelated page: the story loses it again
    (src / "copy.txt").write_text(SEED_004.read_text(encoding="utf-8").replace("मिशन कर्मयोगी", "मिशन  कर्मयोगी "),
                                  encoding="utf-8")
    third = run_batch([src], db, workers=1, find_flags=False)
    assert third.counts["changed"] == 1
    assert third.stories["syndicated_groups"] == 1  # now the new page and 004 are the syndicated pair
    story = {p.rsplit("/", 1)[-1]: s for p, s in con.execute(
        "SELECT p.path, d.story_id FROM paths p JOIN documents d ON d.id = p.document_id")}
    assert story["copy.txt"] == story[SEED_004.name] != story[SEED_001.name]
    assert con.execute("SELECT count(*) FROM story_dirty").fetchone()[0] == 0
    rows = con.execute("SELECT id, minhash FROM documents WHERE status = 'ok'").fetchall()
    assert dict(con.execute("SELECT id, story_id FROM documents WHERE status = 'ok'")) == group_stories(rows)


def test_an_older_store_is_indexed_on_upgrade_keeping_its_story_ids(tmp_path):
    """A database grouped by the earlier whole-store pass: the migration indexes its documents under the story ids
    they have; a document left ungrouped (a batch killed before the pass) is grouped; a new copy then joins."""
    from extractor.batch.runner import run_batch

    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SEED_001, src / SEED_001.name)
    shutil.copy(SEED_004, src / SEED_004.name)
    (src / "copy.txt").write_text(_copy_of_001("यूपी: कर्मचारियों के लिए प्रशिक्षण अनिवार्य"), encoding="utf-8")
    db = tmp_path / "c.db"
    run_batch([src], db, workers=1, find_flags=False)
    con = sqlite3.connect(db)
    want = dict(con.execute("SELECT id, story_id FROM documents"))
    # make it an m002 store: no index tables, and the copy's story never computed
    for table in ("story_bands", "story_keys", "story_dirty"):
        con.execute(f"DROP TABLE {table}")
    con.execute("DELETE FROM _sqlite_migrations WHERE name IN ('m003_story_index', 'm009_story_bands_by_rowid')")
    copy_id = con.execute("SELECT document_id FROM paths WHERE path LIKE '%copy.txt'").fetchone()[0]
    con.execute("UPDATE documents SET story_id = NULL WHERE id = ?", [copy_id])
    con.commit()
    con.close()

    upgraded = open_db(db)
    assert dict(upgraded.execute("SELECT id, story_id FROM documents").fetchall()) == want
    assert upgraded.execute("SELECT count(*) FROM story_bands").fetchone()[0] > 0
    # m003 indexed it with rows naming a rowid, which m009 (in the same upgrade) kept
    _check_index(upgraded.conn)
    assert upgraded.execute("SELECT DISTINCT typeof(document_id) FROM story_bands").fetchall() == [("integer",)]
    upgraded.close()
    (src / "copy2.txt").write_text(_copy_of_001("मिशन कर्मयोगी पर योगी सरकार का आदेश"), encoding="utf-8")
    report = run_batch([src], db, workers=1, find_flags=False)
    assert report.stories == {"stories": 2, "syndicated_groups": 1, "copies": 3}


def _bands_by_id(conn) -> list[tuple]:
    return sorted(conn.execute("SELECT b.key, b.single, d.id FROM story_bands b"
                               " LEFT JOIN documents d ON d.rowid = b.document_id"))


@pytest.mark.parametrize("seed", range(3))
def test_a_store_whose_bands_name_document_ids_is_upgraded_to_rowids_and_grouping_goes_on(tmp_path, seed):
    """A store made before m009, whose story_bands rows name a document by its id — a story left dirty by a removal
    included: m009 rewrites each row to name the document's rowid, the index says what it said, and additions and
    removals after it end where grouping from scratch does."""
    pool = _pool(seed)
    rnd = random.Random(seed)
    docs = sorted(pool)
    rnd.shuffle(docs)
    first, later = docs[:len(docs) // 2], docs[len(docs) // 2:]
    db = _db(tmp_path)
    with write_transaction(db):
        for doc in first:
            _insert(db.conn, doc, pool[doc])
        grouped = [d for d, s in _stories(db.conn).items() if list(_stories(db.conn).values()).count(s) > 1]
        _delete(db.conn, grouped[0])  # its story dirty, its other members' rows still marked in a group
    present = {d: pool[d] for d in first if d != grouped[0]}
    before = (_bands_by_id(db.conn), sorted(db.execute("SELECT key, story_id FROM story_keys").fetchall()),
              db.execute("SELECT story_id FROM story_dirty").fetchall(), _stories(db.conn))
    assert before[2]
    with write_transaction(db):  # the shape m003 made: the document's id in a TEXT column
        db.execute("CREATE TABLE old_bands (key BLOB NOT NULL, single INTEGER NOT NULL, document_id TEXT NOT NULL,"
                   " PRIMARY KEY (key, single, document_id)) WITHOUT ROWID")
        db.execute("INSERT INTO old_bands SELECT b.key, b.single, d.id FROM story_bands b"
                   " JOIN documents d ON d.rowid = b.document_id")
        db.execute("DROP TABLE story_bands")
        db.execute("ALTER TABLE old_bands RENAME TO story_bands")
        db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm009_story_bands_by_rowid'")
    assert db.execute("SELECT count(*) FROM story_bands WHERE length(document_id) = 10").fetchone()[0] > 0
    db.close()

    db = _db(tmp_path)
    assert (_bands_by_id(db.conn), sorted(db.execute("SELECT key, story_id FROM story_keys").fetchall()),
            db.execute("SELECT story_id FROM story_dirty").fetchall(), _stories(db.conn)) == before
    assert db.execute("SELECT DISTINCT typeof(document_id) FROM story_bands").fetchall() == [("integer",)]
    with write_transaction(db):
        for step, doc in enumerate(later):
            _insert(db.conn, doc, pool[doc])
            present[doc] = pool[doc]
            if step % 3 == 2:
                gone = rnd.choice(sorted(present))
                _delete(db.conn, gone)
                del present[gone]
        story_index.regroup_dirty(db.conn)
        assert _stories(db.conn) == group_stories(present.items())
        _check_index(db.conn)


def test_a_split_left_undone_by_a_killed_batch_is_finished_by_the_next_run(tmp_path):
    """The copy that linked two articles changes; its file is written and committed, and the batch dies before
    regrouping. The story is marked dirty in the same commit, so the next run — with nothing new to read —
    regroups it."""
    from extractor.batch.jobs import Job, hash_file, process_job
    from extractor.batch.runner import run_batch
    from extractor.store.writer import BatchWriter, start_run

    rnd = random.Random(7)
    a, bridge, c = _chain(rnd, 3, 0.1)
    src = tmp_path / "in"
    src.mkdir()
    about = "मिशन कर्मयोगी iGOT Karmayogi "  # on topic, so each file gets a signature
    for name, text in (("a.txt", a), ("bridge.txt", bridge), ("c.txt", c)):
        (src / name).write_text(about + text + "\n", encoding="utf-8")
    db_path = tmp_path / "c.db"
    first = run_batch([src], db_path, workers=1, find_flags=False)
    assert first.stories["syndicated_groups"] == 1 and first.stories["copies"] == 3

    (src / "bridge.txt").write_text(about + " ".join(rnd.choice(VOCAB) for _ in range(150)) + "\n",
                                    encoding="utf-8")
    path = str(src / "bridge.txt")
    st = (src / "bridge.txt").stat()
    result = process_job(Job(path, hash_file(path), st.st_size, st.st_mtime_ns))
    db = open_db(db_path)
    run = start_run(db, "killed", "processes", 1, "x")
    with BatchWriter(db, run, first_version(db_path)) as writer:
        writer.write(result)  # committed on leaving, and no regroup_stories(): the batch "died" here
    assert db.execute("SELECT count(*) FROM story_dirty").fetchone()[0] == 1
    db.close()

    again = run_batch([src], db_path, workers=1, find_flags=False)
    assert again.counts["new"] == 0 and again.counts["changed"] == 0
    con = sqlite3.connect(db_path)
    assert con.execute("SELECT count(*) FROM story_dirty").fetchone()[0] == 0
    rows = con.execute("SELECT id, minhash FROM documents WHERE status = 'ok'").fetchall()
    assert dict(con.execute("SELECT id, story_id FROM documents WHERE status = 'ok'")) == group_stories(rows)
    assert again.stories["syndicated_groups"] == 0


def first_version(db_path) -> str:
    con = sqlite3.connect(db_path)
    try:
        return con.execute("SELECT program_version FROM runs ORDER BY id LIMIT 1").fetchone()[0]
    finally:
        con.close()
