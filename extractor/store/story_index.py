"""Story groups kept in the database, updated one document at a time, in memory bounded by the size of a story.

`extractor/stories` says what a story is: documents whose MinHash signatures share an LSH band and are at least
`STORY_THRESHOLD` similar, joined transitively, named by the group's smallest document id; `group_stories` computes
that for a set of documents in memory. This module keeps exactly that grouping in SQLite as documents come and go.
Why not `group_stories` over the whole store at the end of every batch, as before: datasketch's MinHashLSH holds
about 13 KB a document (measured: 261 MB for 20,000 documents), so the batch's memory grew without bound with the
store, and one changed file made the nightly run regroup every document it had ever seen.

Tables (`schema.m003_story_index`):
    story_bands   (key, single, document_id)  every LSH bucket of every grouped document; `stories.band_keys` is
                                      the band's number and values, so two documents share a key exactly when
                                      MinHashLSH would put them in one bucket. `single` is 1 while the document is
                                      alone in its story: a new document finds the loners in its buckets through
                                      the index without walking the members of big stories
    story_keys    (key, story_id)     the keys held by each story of two or more documents (most articles are a
                                      story of their own and need no rows here): the groups a new document may
                                      join, found without walking a bucket that holds hundreds of copies
    story_dirty   (story_id)          stories that lost a member and may have split; `regroup_dirty` regroups each
                                      over its own members. Written in the same savepoint as the file that caused
                                      it, so a batch killed before regrouping leaves the work to the next run.

Grouped documents are those with status `ok` and a signature; one whose body had no words keeps its own id as its
story and is never grouped; every other document has no story (NULL).

Adding document D: the loners in D's buckets that are similar enough, and each group holding one of D's keys
that has a member in D's buckets similar enough (members checked one by one, stopping at the first, so a story of
600 copies costs one comparison, not 600), all join D in one story named by the smallest id. Removing D: its
buckets go, and its story, if anyone is left in it, is marked dirty. Why that is exact: two different stories are
never linked by a qualifying pair (each document, when added, joined every story it had one with), so a story can
only split when it loses a member, and then regrouping its own members — and nothing else — is enough.
`tests/test_story_index.py` checks that random sequences of additions and removals end exactly where
`group_stories` over the remaining documents does.
"""
from __future__ import annotations

from collections import Counter

from ..stories import STORY_THRESHOLD, IncompatibleSignature, band_keys, group_stories, load_signature


def add_document(conn, doc_id: str, signature: bytes, *, stored: bool = True) -> str:
    """Put document `doc_id`, in no story yet, into its story; returns the story id. With `stored=False` the
    document's row is not written yet and the caller stores the returned id in it (one write of a large row
    instead of two)."""
    m = load_signature(doc_id, signature)
    keys = band_keys(m)
    story = doc_id
    if keys:
        marks = ", ".join("?" * len(keys))
        groups = [r[0] for r in conn.execute(f"SELECT DISTINCT story_id FROM story_keys WHERE key IN ({marks})", keys)]
        joined = {g for g in groups if _has_copy(conn, doc_id, m, keys, marks, g)}
        loners = [other for other, data in conn.execute(
            "SELECT DISTINCT b.document_id, d.minhash FROM story_bands b JOIN documents d ON d.id = b.document_id"
            f" WHERE b.key IN ({marks}) AND b.single = 1", keys)
            if other != doc_id and m.jaccard(load_signature(other, data)) >= STORY_THRESHOLD]
        if joined or loners:
            story = min(joined | set(loners) | {doc_id})
            for other in joined - {story}:
                _rename(conn, other, story)
            for other in loners:
                _join(conn, other, story)
        _index(conn, doc_id, keys, story if joined or loners else None)
    if stored:
        conn.execute("UPDATE documents SET story_id = ? WHERE id = ?", [story, doc_id])
    return story


def _has_copy(conn, doc_id, m, keys, marks, story) -> bool:
    """Does group `story` hold a member in one of D's buckets that is at least STORY_THRESHOLD similar to D?
    (Members are checked one by one, stopping at the first that is.)"""
    checked = set()
    rows = conn.execute(
        "SELECT b.document_id, d.minhash FROM story_bands b JOIN documents d ON d.id = b.document_id"
        f" WHERE b.key IN ({marks}) AND b.single = 0 AND d.story_id = ?", [*keys, story])
    for other, data in rows:
        if other == doc_id or other in checked:
            continue
        checked.add(other)
        if m.jaccard(load_signature(other, data)) >= STORY_THRESHOLD:
            return True
    return False


def _index(conn, doc_id: str, keys: list[bytes], group: str | None) -> None:
    """Record the buckets of `doc_id`: alone (group None), or as a member of the group `group`."""
    single = 1 if group is None else 0
    conn.executemany("INSERT OR IGNORE INTO story_bands (key, single, document_id) VALUES (?, ?, ?)",
                     [(k, single, doc_id) for k in keys])
    if group is not None:
        conn.executemany("INSERT OR IGNORE INTO story_keys (key, story_id) VALUES (?, ?)", [(k, group) for k in keys])


def _unindex(conn, doc_id: str, keys: list[bytes]) -> None:
    conn.executemany("DELETE FROM story_bands WHERE key = ? AND single IN (0, 1) AND document_id = ?",
                     [(k, doc_id) for k in keys])


def _keys_of(conn, doc_id: str) -> list[bytes]:
    data = conn.execute("SELECT minhash FROM documents WHERE id = ?", [doc_id]).fetchone()[0]
    return band_keys(load_signature(doc_id, data))


def _join(conn, loner: str, story: str) -> None:
    """A document that was alone becomes a member of group `story`."""
    keys = _keys_of(conn, loner)
    _unindex(conn, loner, keys)
    _index(conn, loner, keys, story)
    conn.execute("UPDATE documents SET story_id = ? WHERE id = ?", [story, loner])


def _rename(conn, old: str, new: str) -> None:
    conn.execute("UPDATE documents SET story_id = ? WHERE story_id = ?", [new, old])
    conn.execute("UPDATE OR IGNORE story_keys SET story_id = ? WHERE story_id = ?", [new, old])
    conn.execute("DELETE FROM story_keys WHERE story_id = ?", [old])  # the keys `new` already held
    if conn.execute("DELETE FROM story_dirty WHERE story_id = ?", [old]).rowcount:
        conn.execute("INSERT OR IGNORE INTO story_dirty (story_id) VALUES (?)", [new])


def remove_document(conn, doc_id: str) -> None:
    """Take document `doc_id` out of its story (before its row is deleted, or rewritten with another signature or
    status). Its story, if others remain in it, is marked dirty for `regroup_dirty`."""
    row = conn.execute("SELECT story_id, minhash FROM documents WHERE id = ?", [doc_id]).fetchone()
    if row is None:
        return
    story, data = row
    if data is not None:
        try:
            _unindex(conn, doc_id, band_keys(load_signature(doc_id, data)))
        except IncompatibleSignature:
            pass  # never indexed (add_document refuses such a signature)
    if story is None:
        return
    conn.execute("UPDATE documents SET story_id = NULL WHERE id = ?", [doc_id])
    if conn.execute("SELECT 1 FROM documents WHERE story_id = ? LIMIT 1", [story]).fetchone():
        conn.execute("INSERT OR IGNORE INTO story_dirty (story_id) VALUES (?)", [story])
    else:
        conn.execute("DELETE FROM story_keys WHERE story_id = ?", [story])
        conn.execute("DELETE FROM story_dirty WHERE story_id = ?", [story])


def regroup_dirty(conn) -> int:
    """Regroup every story that lost a member (`group_stories` over its members: memory bounded by the story).
    Returns how many stories were regrouped. Call inside a write transaction."""
    done = 0
    while row := conn.execute("SELECT story_id FROM story_dirty LIMIT 1").fetchone():
        story = row[0]
        conn.execute("DELETE FROM story_dirty WHERE story_id = ?", [story])
        members = conn.execute("SELECT id, minhash FROM documents WHERE story_id = ?", [story]).fetchall()
        conn.execute("DELETE FROM story_keys WHERE story_id = ?", [story])
        groups = group_stories(members)
        sizes = Counter(groups.values())
        for doc_id, data in members:
            new = groups[doc_id]
            if new != story:
                conn.execute("UPDATE documents SET story_id = ? WHERE id = ?", [new, doc_id])
            keys = band_keys(load_signature(doc_id, data))
            if sizes[new] == 1:  # alone now
                _unindex(conn, doc_id, keys)
                _index(conn, doc_id, keys, None)
            else:
                _index(conn, doc_id, keys, new)
        done += 1
    return done


def index_document(conn, doc_id: str, signature: bytes, story: str, alone: bool) -> None:
    """Record the buckets of a document whose story is already known (a store grouped by an earlier version)."""
    _index(conn, doc_id, band_keys(load_signature(doc_id, signature)), None if alone else story)


def story_counts(conn) -> dict:
    """stories, syndicated groups (stories of two or more documents) and the documents in those groups."""
    row = conn.execute(
        "SELECT count(*), coalesce(sum(n > 1), 0), coalesce(sum(CASE WHEN n > 1 THEN n ELSE 0 END), 0)"
        " FROM (SELECT count(*) AS n FROM documents WHERE story_id IS NOT NULL AND status = 'ok' GROUP BY story_id)"
    ).fetchone()
    return {"stories": row[0], "syndicated_groups": row[1], "copies": row[2]}
