"""Story groups kept in the database, updated one document at a time, in memory bounded by the size of a story.

`extractor/stories` says what a story is: documents whose MinHash signatures share an LSH band and are at least
`STORY_THRESHOLD` similar, joined transitively, named by the group's smallest document id; `group_stories` computes
that for a set of documents in memory. This module keeps exactly that grouping in SQLite as documents come and go.
Why not `group_stories` over the whole store at the end of every batch, as before: datasketch's MinHashLSH holds
about 13 KB a document (measured: 261 MB for 20,000 documents), so the batch's memory grew without bound with the
store, and one changed file made the nightly run regroup every document it had ever seen.

Tables (`schema.m003_story_index`, `schema.m009_story_bands_by_rowid`):
    story_bands   (key, single, document_id)  every LSH bucket of every grouped document; `stories.band_keys` is
                                      the band's number and values, so two documents share a key exactly when
                                      MinHashLSH would put them in one bucket. `single` is 1 while the document is
                                      alone in its story: a new document finds the loners in its buckets through
                                      the index without walking the members of big stories. `document_id` is the
                                      rowid of the document's row (a third of the row's bytes of its 40-character
                                      id): a new document's own rows are written once its row is
                                      (`add_document(stored=False)`, then `stored_at(rowid)`)
    story_keys    (key, story_id)     the keys held by each story of two or more documents (most articles are a
                                      story of their own and need no rows here): the groups a new document may
                                      join, found without walking a bucket that holds hundreds of copies
    story_dirty   (story_id)          stories that lost a member and may have split; `regroup_dirty` regroups each
                                      over its own members. Written in the same transaction as the file that
                                      caused it, so a batch killed before regrouping leaves the work to the next
                                      run.

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

What a writer remembers (`StoryIndex`). The batch writer keeps one `StoryIndex` for a whole group commit, and within
that transaction — where nobody else writes — it remembers what it has read and written: the story_keys rows and
the loners of every bucket it has looked up (kept up to date by each write it makes), and the members each story
gained, with their signatures. Syndicated copies share most of their buckets, so a copy's buckets are mostly known
already, and "has this group a similar member in my buckets?" is mostly answered by a copy written a moment before:
of the keys the 1,000 articles of bench/bench_writer.py look up, 89% were looked up earlier in their group of
1,024 (78% in groups of 256), and the writer's work fell by a fifth (callgrind: 3.58 → 2.83 billion instructions).
What is remembered is only ever a shortcut to the answer SQL gives: a bucket not looked up yet is read, and a group
with no remembered similar member in D's buckets is searched in SQL. `forget()` whenever another connection may
have written (the writer asks SQLite's `PRAGMA data_version` as it opens each group, under the write lock), when a
group is rolled back, once it remembers `writer.REMEMBERED_DOCUMENTS` documents, and on a regroup, which rewrites
whole stories. Not at each commit: a batch commits every second, and on a loaded machine that was a few dozen
files, each group beginning with nothing remembered. Writing bench_writer.py's 2,000 articles in groups of 100
files: 5.76 → 5.33 billion instructions (callgrind, -7.6%); in its groups of 1,024, -0.5%.

The writer's story_keys rows are kept back until its group commits (`StoryIndex(keep_back=True)`, `save`): a group
formed, grown and renamed within one group commit writes its final keys once, LSH_BANDS a statement, instead of a
statement a document and a rename moving its rows in SQL; meanwhile `_look_up` reads the kept-back rows with the
stored ones (they are not forgotten by `forget`, only by `rolled_back`). bench_writer.py's 2,000 articles (callgrind,
the write alone): 4.74 → 4.60 billion instructions (-2.9%). Tried and dropped: the keys of a statement packed into
one BLOB parameter and cut apart by substr() in SQL (-0.2% for the look-ups; for an INSERT, SQLite opens a statement
journal in a temporary file, since a function may abort it half-way: 177,000 writes, which callgrind does not see, and
the writer was slower by the clock); story_bands rows written once a group, sorted by key (+55% instructions for
those rows: sorted or not, each row is a seek, and a row a parameter list costs three binds instead of one); the
members of a group tried most-recently-matched first (-0.06%).

Signatures are read from their bytes (`stories.signature_values`, `value_band_keys`, `value_similarity`): the same
checks, keys and similarities as through a LeanMinHash, which was a tenth of the batch writer's time in py-spy's
samples and 6% of its instructions (callgrind: 5.53 → 5.21 billion for bench/run.py's 2,000 articles).
"""
from __future__ import annotations

from collections import Counter
from functools import lru_cache

from ..stories import (LSH_BANDS, STORY_THRESHOLD, IncompatibleSignature, group_stories, signature_values,
                       value_band_keys, value_similarity)


class StoryIndex:
    """The story index of one connection (module docstring). Every method writes inside the caller's transaction."""

    def __init__(self, conn, *, keep_back: bool = False):
        self.conn = conn
        # With `keep_back` (the batch writer's), story_keys rows are written by `save`, not as they are made; those
        # not written yet: group → its keys, and key → the groups holding it
        self._keep_back = keep_back
        self._unsaved: dict[str, set[bytes]] = {}
        self._unsaved_by_key: dict[bytes, set[str]] = {}
        self.forget()

    def save(self) -> None:
        """Write the story_keys rows kept back so far (before the transaction commits). The groups a document joins
        and the keys each gains are written once a group commit, not once a document: a group that is renamed or
        gains a key again before then costs no statement, and its keys go in LSH_BANDS a statement."""
        for group, keys in self._unsaved.items():
            keys = list(keys)
            for i in range(0, len(keys), LSH_BANDS):
                chunk = keys[i:i + LSH_BANDS]
                self.conn.execute(_insert_keys_sql("story_keys", ("story_id",), _padded(len(chunk))),
                                  [group, *_pad(chunk)])
        self._unsaved.clear()
        self._unsaved_by_key.clear()

    def rolled_back(self) -> None:
        """The transaction was rolled back: what was remembered and what was kept back to write go with it."""
        self._unsaved.clear()
        self._unsaved_by_key.clear()
        self.forget()

    def forget(self) -> None:
        """Drop what was remembered: someone else may have written, or a file failed part-way. The story_keys rows
        kept back are not dropped (they are written by `save`, read back by `_look_up`): only `rolled_back` does."""
        # What the index holds under each key looked up since (`_seen`): the groups holding it (story_keys) and the
        # loners in its bucket (story_bands rows with single = 1), with their signatures; empty ones are left out.
        self._seen: set[bytes] = set()
        self._groups: dict[bytes, set[str]] = {}
        self._loners: dict[bytes, dict[str, bytes]] = {}
        self._keys_held: dict[str, set[bytes]] = {}  # group → the keys of `_groups` it holds (for renames)
        self._members: dict[str, dict[str, tuple]] = {}  # group → members it gained: id → (hash values, its keys)
        self._unwritten: tuple | None = None  # the buckets of the document added last, until its row is written
        self.added = 0  # documents added since (what is remembered grows with them)

    # -- adding and removing ---------------------------------------------------------------------------------------

    def add_document(self, doc_id: str, signature: bytes, *, stored: bool = True) -> str:
        """Put document `doc_id`, in no story yet, into its story; returns the story id. With `stored=False` the
        document's row is not written yet and the caller stores the returned id in it (one write of a large row
        instead of two), then calls `stored_at` with the row's rowid, by which story_bands names the document:
        its own buckets are written then."""
        self._unwritten = None
        self.added += 1
        values = signature_values(doc_id, signature)
        keys = value_band_keys(values)
        story = doc_id
        if keys:
            self._look_up(keys)
            groups, nearby = set(), {}
            groups_of, loners_of = self._groups, self._loners
            for key in keys:
                if key in groups_of:
                    groups |= groups_of[key]
                if key in loners_of:
                    nearby.update(loners_of[key])
            joined = {g for g in groups if self._has_copy(doc_id, values, keys, g)}
            loners = {other: data for other, data in nearby.items() if other != doc_id
                      and value_similarity(values, signature_values(other, data)) >= STORY_THRESHOLD}
            if joined or loners:
                story = min(joined | set(loners) | {doc_id})
                # the keys each joined group held are the story's once it is renamed: only the others are new to it
                new_keys = [k for k in keys if k not in self._groups or self._groups[k].isdisjoint(joined)]
                for other in joined - {story}:
                    self._rename(other, story)
                for other, data in loners.items():
                    self._join(other, data, story)
                self._unwritten = (doc_id, signature, keys, story, new_keys)
                self._members.setdefault(story, {})[doc_id] = (values, frozenset(keys))
            else:
                self._unwritten = (doc_id, signature, keys, None, None)
        if stored:
            self.conn.execute("UPDATE documents SET story_id = ? WHERE id = ?", [story, doc_id])
            self.stored_at(self._rowid(doc_id))
        return story

    def stored_at(self, rowid: int) -> None:
        """The row of the document `add_document(stored=False)` last put into a story is written, at `rowid`: write
        the document's buckets (nothing is read from the index in between, so nothing misses them)."""
        if self._unwritten is not None:
            doc_id, signature, keys, group, new_keys = self._unwritten
            self._unwritten = None
            self._index(doc_id, rowid, signature, keys, group, new_keys)

    def remove_document(self, doc_id: str) -> None:
        """Take document `doc_id` out of its story (before its row is deleted, or rewritten with another signature
        or status). Its story, if others remain in it, is marked dirty for `regroup_dirty`."""
        conn = self.conn
        row = conn.execute("SELECT rowid, story_id, minhash FROM documents WHERE id = ?", [doc_id]).fetchone()
        if row is None:
            return
        rowid, story, data = row
        if data is not None:
            try:
                self._unindex(doc_id, rowid, value_band_keys(signature_values(doc_id, data)))
            except IncompatibleSignature:
                pass  # never indexed (add_document refuses such a signature)
        if story is None:
            return
        self._members.get(story, {}).pop(doc_id, None)
        conn.execute("UPDATE documents SET story_id = NULL WHERE id = ?", [doc_id])
        if conn.execute("SELECT 1 FROM documents WHERE story_id = ? LIMIT 1", [story]).fetchone():
            conn.execute("INSERT OR IGNORE INTO story_dirty (story_id) VALUES (?)", [story])
        else:
            conn.execute("DELETE FROM story_keys WHERE story_id = ?", [story])
            self._drop_kept_keys(story)
            for key in self._keys_held.pop(story, ()):
                self._groups[key].discard(story)
            conn.execute("DELETE FROM story_dirty WHERE story_id = ?", [story])

    def regroup_dirty(self) -> int:
        """Regroup every story that lost a member (`group_stories` over its members: memory bounded by the story).
        Returns how many stories were regrouped."""
        conn = self.conn
        self.save()
        self.forget()  # whole stories are rewritten here; nothing of them is looked up
        done = 0
        while row := conn.execute("SELECT story_id FROM story_dirty LIMIT 1").fetchone():
            story = row[0]
            conn.execute("DELETE FROM story_dirty WHERE story_id = ?", [story])
            members = conn.execute("SELECT id, minhash, rowid FROM documents WHERE story_id = ?", [story]).fetchall()
            conn.execute("DELETE FROM story_keys WHERE story_id = ?", [story])
            self._drop_kept_keys(story)
            groups = group_stories((doc_id, data) for doc_id, data, _ in members)
            sizes = Counter(groups.values())
            for doc_id, data, rowid in members:
                new = groups[doc_id]
                if new != story:
                    conn.execute("UPDATE documents SET story_id = ? WHERE id = ?", [new, doc_id])
                keys = value_band_keys(signature_values(doc_id, data))
                if sizes[new] == 1:  # alone now
                    self._unindex(doc_id, rowid, keys)
                    self._index(doc_id, rowid, data, keys, None)
                else:
                    self._index(doc_id, rowid, data, keys, new)
            done += 1
        return done

    def index_document(self, doc_id: str, signature: bytes, story: str, alone: bool) -> None:
        """Record the buckets of a document whose story is already known (a store grouped by an earlier version)."""
        self._index(doc_id, self._rowid(doc_id), signature, value_band_keys(signature_values(doc_id, signature)),
                    None if alone else story)

    # -- reading ---------------------------------------------------------------------------------------------------

    def _look_up(self, keys: list[bytes]) -> None:
        """Read what the index holds under the keys not looked up yet, in one statement."""
        seen = self._seen
        missing = [k for k in dict.fromkeys(keys) if k not in seen]
        if not missing:
            return
        seen.update(missing)
        for key, group, other, data in self.conn.execute(_neighbours_sql(_padded(len(missing))), _pad(missing)):
            if group is not None:
                self._hold(key, group)
            else:
                self._loners.setdefault(key, {})[other] = data
        unsaved = self._unsaved_by_key
        if unsaved:
            for key in missing:
                for group in unsaved.get(key, ()):
                    self._hold(key, group)

    def _hold(self, key: bytes, group: str) -> None:
        self._groups.setdefault(key, set()).add(group)
        self._keys_held.setdefault(group, set()).add(key)

    def _has_copy(self, doc_id, values, keys, story) -> bool:
        """Does group `story` hold a member in one of D's buckets that is at least STORY_THRESHOLD similar to D?
        First among the members it gained in this transaction, then in SQL (members checked one by one, stopping at
        the first that is)."""
        mine = set(keys)
        for other, (theirs, their_keys) in self._members.get(story, {}).items():
            if (other != doc_id and not mine.isdisjoint(their_keys)
                    and value_similarity(values, theirs) >= STORY_THRESHOLD):
                return True
        checked = set()
        for other, data in self.conn.execute(_members_sql(_padded(len(keys))), [*_pad(keys), story]):
            if other == doc_id or other in checked:
                continue
            checked.add(other)
            if value_similarity(values, signature_values(other, data)) >= STORY_THRESHOLD:
                return True
        return False

    # -- writing ---------------------------------------------------------------------------------------------------

    def _rowid(self, doc_id: str) -> int:
        """The rowid of document `doc_id`'s row, by which story_bands names it."""
        return self.conn.execute("SELECT rowid FROM documents WHERE id = ?", [doc_id]).fetchone()[0]

    def _index(self, doc_id: str, rowid: int, signature: bytes, keys: list[bytes], group: str | None,
               new_keys: list[bytes] | None = None) -> None:
        """Record the buckets of `doc_id`: alone (group None), or as a member of the group `group`, which already
        holds every key of `keys` but `new_keys` (default: none of them)."""
        if keys:
            self.conn.execute(_insert_keys_sql("story_bands", ("single", "document_id"), _padded(len(keys))),
                              [1 if group is None else 0, rowid, *_pad(keys)])
        if group is None:
            seen, loners_of = self._seen, self._loners
            for key in keys:
                if key in seen:
                    loners_of.setdefault(key, {})[doc_id] = signature
            return
        add = keys if new_keys is None else new_keys
        if add and self._keep_back:
            self._keep_keys(group, add)
        elif add:
            self.conn.execute(_insert_keys_sql("story_keys", ("story_id",), _padded(len(add))), [group, *_pad(add)])
        for key in add:
            if key in self._seen:
                self._hold(key, group)

    def _keep_keys(self, group: str, keys) -> None:
        """story_keys rows (key, group) for each of `keys`, written by `save`."""
        self._unsaved.setdefault(group, set()).update(keys)
        by_key = self._unsaved_by_key
        for key in keys:
            by_key.setdefault(key, set()).add(group)

    def _drop_kept_keys(self, group: str) -> set[bytes]:
        """Take the story_keys rows of `group` not written yet back; returns their keys."""
        keys = self._unsaved.pop(group, set())
        by_key = self._unsaved_by_key
        for key in keys:
            by_key[key].discard(group)
        return keys

    def _unindex(self, doc_id: str, rowid: int, keys: list[bytes]) -> None:
        self.conn.executemany("DELETE FROM story_bands WHERE key = ? AND single IN (0, 1) AND document_id = ?",
                              [(k, rowid) for k in keys])
        for key in keys:
            if key in self._loners:
                self._loners[key].pop(doc_id, None)

    def _join(self, loner: str, signature: bytes, story: str) -> None:
        """A document that was alone becomes a member of group `story`."""
        values = signature_values(loner, signature)
        keys = value_band_keys(values)
        rowid = self._rowid(loner)
        self._unindex(loner, rowid, keys)
        self._index(loner, rowid, signature, keys, story)
        self.conn.execute("UPDATE documents SET story_id = ? WHERE id = ?", [story, loner])
        self._members.setdefault(story, {})[loner] = (values, frozenset(keys))

    def _rename(self, old: str, new: str) -> None:
        conn = self.conn
        conn.execute("UPDATE documents SET story_id = ? WHERE story_id = ?", [new, old])
        conn.execute("UPDATE OR IGNORE story_keys SET story_id = ? WHERE story_id = ?", [new, old])
        conn.execute("DELETE FROM story_keys WHERE story_id = ?", [old])  # the keys `new` already held
        kept = self._drop_kept_keys(old)
        if kept:
            self._keep_keys(new, kept)
        if conn.execute("DELETE FROM story_dirty WHERE story_id = ?", [old]).rowcount:
            conn.execute("INSERT OR IGNORE INTO story_dirty (story_id) VALUES (?)", [new])
        for key in self._keys_held.pop(old, ()):
            self._groups[key].discard(old)
            self._hold(key, new)
        self._members.setdefault(new, {}).update(self._members.pop(old, {}))


# -- one document at a time, remembering nothing (the migration, the tests) ---------------------------------------

def add_document(conn, doc_id: str, signature: bytes) -> str:
    """`StoryIndex.add_document` on its own (of a stored document)."""
    return StoryIndex(conn).add_document(doc_id, signature)


def remove_document(conn, doc_id: str) -> None:
    """`StoryIndex.remove_document` on its own."""
    StoryIndex(conn).remove_document(doc_id)


def regroup_dirty(conn) -> int:
    """`StoryIndex.regroup_dirty` on its own. Call inside a write transaction."""
    return StoryIndex(conn).regroup_dirty()


def index_document(conn, doc_id: str, signature: bytes, story: str, alone: bool) -> None:
    """`StoryIndex.index_document` on its own."""
    StoryIndex(conn).index_document(doc_id, signature, story, alone)


def story_counts(conn) -> dict:
    """stories, syndicated groups (stories of two or more documents) and the documents in those groups."""
    row = conn.execute(
        "SELECT count(*), coalesce(sum(n > 1), 0), coalesce(sum(CASE WHEN n > 1 THEN n ELSE 0 END), 0)"
        " FROM (SELECT count(*) AS n FROM documents WHERE story_id IS NOT NULL AND status = 'ok' GROUP BY story_id)"
    ).fetchone()
    return {"stories": row[0], "syndicated_groups": row[1], "copies": row[2]}


# -- statements ----------------------------------------------------------------------------------------------------
# Lists of keys are passed as VALUES tables. Joined to an index, such a table reads as fast as `key IN (…)` without
# first sorting the list into a temporary b-tree: measured 107 µs a document for `_neighbours_sql` against 203 µs
# for its two halves as statements with IN lists. A short list is padded (its first key repeated) to a power of
# two, so a few statements serve every length and stay prepared; a document's own keys (all LSH_BANDS of them)
# are never padded, as the extra rows would cost seeks.

def _padded(n: int) -> int:
    return n if n > 32 else 1 << (n - 1).bit_length()


def _pad(keys: list[bytes]) -> list[bytearray]:
    """The keys as parameters of a statement for `_padded(len(keys))` keys. As bytearrays: sqlite3 binds a bytearray
    as it is, but looks up an adapter for bytes first (writer.py, `_bind_null_and_blobs_directly`)."""
    return [bytearray(k) for k in keys] + [bytearray(keys[0])] * (_padded(len(keys)) - len(keys))


def _keys_table(n: int) -> str:
    return f"WITH k(key) AS (VALUES {', '.join(['(?)'] * n)})"


@lru_cache(maxsize=None)
def _neighbours_sql(n: int) -> str:
    """(key, group, NULL, NULL) for each group holding one of the keys; (key, NULL, loner, its signature) for each
    loner in their buckets."""
    return (f"{_keys_table(n)}"
            " SELECT s.key, s.story_id, NULL, NULL FROM k JOIN story_keys s ON s.key = k.key"
            " UNION ALL"
            " SELECT b.key, NULL, d.id, d.minhash FROM k JOIN story_bands b ON b.key = k.key"
            " AND b.single = 1 JOIN documents d ON d.rowid = b.document_id")


@lru_cache(maxsize=None)
def _members_sql(n: int) -> str:
    """The members of group ?{n+1} in the buckets of the n keys, with their signatures."""
    return (f"{_keys_table(n)} SELECT d.id, d.minhash FROM k JOIN story_bands b ON b.key = k.key"
            " AND b.single = 0 JOIN documents d ON d.rowid = b.document_id WHERE d.story_id = ?")


@lru_cache(maxsize=None)
def _insert_keys_sql(table: str, columns: tuple[str, ...], n: int) -> str:
    """INSERT OR IGNORE of n rows (key, *columns) that differ only in their key; the parameters are the values of
    `columns`, then the keys. One statement, not an executemany of n: measured 0.056 s for the 37,000 band rows of
    880 documents, against 0.102 s (OR IGNORE: no row can abort it, so SQLite keeps no statement journal for it)."""
    return (f"INSERT OR IGNORE INTO {table} (key, {', '.join(columns)})"
            f" SELECT column1, {', '.join('?' * len(columns))} FROM (VALUES {', '.join(['(?)'] * n)})")
