"""Story groups kept in the database, updated one document at a time, in memory bounded by the size of a story.

`batch/stories.py` says what a story is: documents whose MinHash signatures share an LSH band and are at least
`STORY_THRESHOLD` similar, joined transitively, named by the group's smallest document id; `group_stories` computes
that for a set of documents in memory. This module keeps exactly that grouping in SQLite as documents come and go.
Why not `group_stories` over the whole store at the end of every batch, as before: datasketch's MinHashLSH holds
about 13 KB a document (measured: 261 MB for 20,000 documents), so the batch's memory grew without bound with the
store, and one changed file made the nightly run regroup every document it had ever seen.

Tables (`schema.m003_story_index`):
    story_bands   (key, document_id)  every LSH bucket of every grouped document; `stories.band_keys` is the band's
                                      number and values, so two documents share a key exactly when MinHashLSH would
                                      put them in one bucket
    story_keys    (key, story_id)     the keys each story holds: the stories a new document may join, found without
                                      walking a bucket that holds hundreds of copies of one wire story
    story_dirty   (story_id)          stories that lost a member and may have split; `regroup_dirty` regroups each
                                      over its own members. Written in the same savepoint as the file that caused
                                      it, so a batch killed before regrouping leaves the work to the next run.

Grouped documents are those with status `ok` and a signature; one whose body had no words keeps its own id as its
story and is never grouped; every other document has no story (NULL).

Adding document D: each candidate story (one holding a key of D) is joined when some member shares a bucket with D
and is similar enough — members are checked one by one, stopping at the first that is, so a story of 600 copies
costs one comparison, not 600; the joined stories and D become one story named by the smallest id. Removing D: its
buckets go, and its story, if anyone is left in it, is marked dirty. Why that is exact: two different stories are
never linked by a qualifying pair (each document, when added, joined every story it had one with), so a story can
only split when it loses a member, and then regrouping its own members — and nothing else — is enough.
`tests/test_story_index.py` checks that random sequences of additions and removals end exactly where
`group_stories` over the remaining documents does.
"""
from __future__ import annotations

from ..batch.stories import STORY_THRESHOLD, IncompatibleSignature, band_keys, group_stories, load_signature


def add_document(conn, doc_id: str, signature: bytes, *, stored: bool = True) -> str:
    """Put document `doc_id`, in no story yet, into its story; returns the story id. With `stored=False` the
    document's row is not written yet and the caller stores the returned id in it (one write of a large row
    instead of two)."""
    m = load_signature(doc_id, signature)
    keys = band_keys(m)
    if not keys:  # no words in the body: a story of its own, never grouped
        if stored:
            conn.execute("UPDATE documents SET story_id = ? WHERE id = ?", [doc_id, doc_id])
        return doc_id
    marks = ", ".join("?" * len(keys))
    candidates = [r[0] for r in conn.execute(
        f"SELECT DISTINCT story_id FROM story_keys WHERE key IN ({marks})", keys)]
    joined = {story for story in candidates if _has_copy(conn, doc_id, m, keys, marks, story)}
    story = min(joined | {doc_id})
    for other in joined - {story}:
        _rename(conn, other, story)
    conn.executemany("INSERT OR IGNORE INTO story_bands (key, document_id) VALUES (?, ?)",
                     [(k, doc_id) for k in keys])
    conn.executemany("INSERT OR IGNORE INTO story_keys (key, story_id) VALUES (?, ?)", [(k, story) for k in keys])
    if stored:
        conn.execute("UPDATE documents SET story_id = ? WHERE id = ?", [story, doc_id])
    return story


def _has_copy(conn, doc_id, m, keys, marks, story) -> bool:
    """Does `story` hold a member in one of D's buckets that is at least STORY_THRESHOLD similar to D?"""
    checked = set()
    rows = conn.execute(
        "SELECT b.document_id, d.minhash FROM story_bands b JOIN documents d ON d.id = b.document_id"
        f" WHERE b.key IN ({marks}) AND d.story_id = ?", [*keys, story])
    for other, data in rows:
        if other == doc_id or other in checked:
            continue
        checked.add(other)
        if m.jaccard(load_signature(other, data)) >= STORY_THRESHOLD:
            return True
    return False


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
            keys = band_keys(load_signature(doc_id, data))
        except IncompatibleSignature:
            keys = []  # never indexed (add_document refuses such a signature)
        conn.executemany("DELETE FROM story_bands WHERE key = ? AND document_id = ?", [(k, doc_id) for k in keys])
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
        for doc_id, data in members:
            new = groups[doc_id]
            if new != story:
                conn.execute("UPDATE documents SET story_id = ? WHERE id = ?", [new, doc_id])
            conn.executemany("INSERT OR IGNORE INTO story_keys (key, story_id) VALUES (?, ?)",
                             [(k, new) for k in band_keys(load_signature(doc_id, data))])
        done += 1
    return done


def index_document(conn, doc_id: str, signature: bytes, story: str) -> None:
    """Record the buckets of a document whose story is already known (a store grouped by an earlier version)."""
    keys = band_keys(load_signature(doc_id, signature))
    conn.executemany("INSERT OR IGNORE INTO story_bands (key, document_id) VALUES (?, ?)", [(k, doc_id) for k in keys])
    conn.executemany("INSERT OR IGNORE INTO story_keys (key, story_id) VALUES (?, ?)", [(k, story) for k in keys])


def story_counts(conn) -> dict:
    """stories, syndicated groups (stories of two or more documents) and the documents in those groups."""
    row = conn.execute(
        "SELECT count(*), coalesce(sum(n > 1), 0), coalesce(sum(CASE WHEN n > 1 THEN n ELSE 0 END), 0)"
        " FROM (SELECT count(*) AS n FROM documents WHERE story_id IS NOT NULL AND status = 'ok' GROUP BY story_id)"
    ).fetchone()
    return {"stories": row[0], "syndicated_groups": row[1], "copies": row[2]}
