"""The single writer of batch results: `BatchWriter` stores one file's documents, claims and path row whole.

Replacing, never appending: a document's claims are deleted and re-inserted together with its row, so a re-run,
a second path to the same content or a batch resumed after `kill -9` can never leave duplicates, and a changed file
swaps its old claims for the new ones atomically.

A copy is linked, not rewritten: a document whose text this program version has already stored (with --force:
stored in this run) keeps its row and claims, and the path is added to it — whether the worker recognised it
before extracting (`DocResult.copy`) or only the writer does (two workers extracted the same text at once). The
counts are what changed in the database: `claims_added` and `claims_removed` are claim ids that appear and
disappear, `copies` the documents linked, so three copies of a 35-claim article add 35 claims and count 2 copies.

Group commit. Files are committed together, every `COMMIT_FILES` files or `COMMIT_SECONDS` seconds, whichever comes
first: a killed batch loses at most the last second of work (never half a file: the transaction is SQLite's
crash-safety, and the next run redoes it), and the commit work is paid once per group. The main process is the one
serial part of a parallel batch, so its cost a file is the ceiling of the whole batch (bench/bench_writer.py).
Readers (the review queue, Datasette) never wait: the journal is WAL, and they see only whole groups. A second batch
on the same database waits for a group to commit (up to `store.BUSY_TIMEOUT_MS`), then writes its own.

Each file whole, without a savepoint each. A file that fails part-way (a claim id that collides, a value SQLite
cannot bind, Ctrl-C) must leave nothing of itself while the files before it in the group stay. That was a SAVEPOINT
per file, but a savepoint copies every page the file touches into a statement journal — a temporary file past 64
KiB — and a file touches pages all over eight claim indexes and the story index: 0.3-0.4 s of every 1,000
articles. Now the group keeps the inputs of its files (`_done`) and a failure rolls the group back and writes them
again (`_replay`), then commits; failures are rare, so the replay costs nothing in the usual run. What the group
keeps for that is bounded: `COMMIT_FILES` files and `COMMIT_CHARS` characters of article text.

The full-text index, in bulk (`ClaimsIndex`). claims_fts is an external-content FTS5 table kept by sqlite-utils'
triggers, and a trigger runs FTS5 once a row, flushing a segment each time: inserting the 10,687 claims of 1,000
articles took 0.79 s with the trigger and 0.11 s without it, plus 0.10 s to index all of them with one
INSERT … SELECT. (A trigger that does nothing costs most of that too — WHEN 0: 0.50 s — so it cannot just be made
conditional.) So the group drops the insert and delete triggers inside its own transaction, indexes its new claims
in one statement before it commits, and creates the triggers again: readers only ever see commits, in which the
triggers are there and claims_fts holds every claim; a rolled-back or killed group takes the dropping back.

The story index remembers what it read and wrote (`story_index.StoryIndex`): one per writer, kept over the
writer's own commits while no other connection commits (`PRAGMA data_version`), up to `REMEMBERED_DOCUMENTS`. Less
SQL: a document's row is read once (`_STORED_DOCUMENT`: is it a copy, what it was), and what a path held in one
statement (`_HELD_BY_PATH`). And None and bytes are bound without sqlite3's adapter search
(`_bind_null_and_blobs_directly`).

Measured on bench_writer.py's 1,000 synthetic articles (10,687 claims) on the 2-core machine of issue 17, which other
jobs shared (so each figure is a range): the old writer 258-535 articles/s a run (642 in the issue); this one
1,460-1,930 best of 3 in bench_writer.py (medians 1,260-1,730). Timed in alternation with the old one, round by
round, 2.6-3.5 times as fast. callgrind, which sees no I/O: 6.73 → 2.83 billion instructions.

Where the writer's time goes now (issue 17 asks 2,000 articles/s of bench/run.py, which writes 2,000 articles:
21,245 claims, 1,713 documents and 287 copies, two group commits, one WAL checkpoint). SQLite's own statements are
82% of its instructions (callgrind), and each row they write is content: CPU time per statement, claims rows (eight
b-trees each) 18%, story_bands 14%, claims_fts 8% (FTS5's tokenizer folding every Devanagari character: a quarter
of the instructions, at a high rate), COMMIT 7%, documents 6%, story-index look-ups 5%. Python is the rest. This
round took Python's share down: signatures read from their bytes, not as a LeanMinHash (`stories.signature_values`;
-5.8% of the instructions), what a path held read with UNION ALL and a document's row bound from a tuple (-1.6%),
the time stamp formatted once a second and a file's name read once (-1%): 5.53 → 5.07 billion instructions for the
2,000. (Timed, on a machine other jobs kept at a load of 3-6 on its 2 cores, bench_writer.py 2000 gave 524-530
articles/s best of 3 before and 711-876 after: the direction, not a rate.) A writer twice as fast would have to
write less per article, and every row written here is content. Since: claims(as_of), which no query read, dropped
(`schema.m008`; -2.2%), and a document's claims inserted in blocks (`insert_claims`; -2.3%): 4.85 billion.

Where those 4.85 billion go, by callgrind's call tree: FTS5 filling claims_fts is 26% (1.27 billion, nearly all its
unicode61 tokenizer: a category look-up and a case fold, binary searches, for each of 1.65 million non-ASCII
characters — the quote, sentence, title and publisher of every claim), b-tree inserts 16% (balancing pages 8%),
look-ups 8%, binding parameters about 10% (sqlite3 copies every text it binds; None and bytes pass through `_same`),
Python about 22%. Since: story_bands names a document by its rowid (`schema.m009`): the write does 0.7% fewer
instructions but its random-keyed b-tree is a third of the bytes, which callgrind does not weigh — timed in
alternation, 4-13% more articles a second of CPU time (schema.m009 has the figures). Tried and dropped (instructions
of the whole write run, callgrind): a document's own fields bound once a block of claims instead of once a claim
(-0.8%: checking the rows and taking them apart cost Python most of what the binds saved); the members a group
gained looked up by bucket instead of walked (+1.7%); C callables for the None and bytes adapters (+3% a parameter);
every claims index is read by a query of the review pages (EXPLAIN QUERY PLAN), so none can go.

A huge article never has all its claim rows in memory here: they are inserted `CLAIM_CHUNK` at a time
(`claim_chunks`; from a worker they come as `batch.spool.ClaimRows`, whose rows wait in a temporary file), and what
changed is counted in SQL (the old claim ids in a temporary table), not in sets of ids: two sets of the 505,336
claim ids of a 20 MB article take 124 MB (issue 14).

The hot statements are plain parameterised SQL, prepared once per writer, on sqlite-utils' connection; sqlite-utils
owns the schema and its migrations (`schema.py`). `Table.insert_all` re-derives its SQL and converts every value on
each call: for 11 claims a document that was 1.2 of 2.2 s (when a file was a transaction of its own).
"""
from __future__ import annotations

import os
import socket
import sqlite3
import time
from collections import namedtuple
from dataclasses import dataclass, field, fields
from functools import lru_cache
from datetime import datetime, timezone
from operator import attrgetter
from typing import Iterator, NamedTuple, Sequence

from . import begin_immediate, story_index, write_transaction
from .flags import now
from .schema import CLAIM_COLUMNS

# 1,024 files a group rather than 256: the 1,000 articles of bench_writer.py wrote 18.8 MB into the WAL instead of
# 28.9 (pages of the random-keyed indexes are written once a commit) and did 4.5% less work (callgrind), the story
# index remembering more of its group. The inputs a group keeps for a replay are bounded by COMMIT_CHARS too.
COMMIT_FILES = 1024
COMMIT_SECONDS = 1.0
COMMIT_CHARS = 16_000_000  # characters of article text; past it, the group commits
# documents the story index may remember across group commits (what a group of COMMIT_FILES remembered before): a
# batch commits every second, so on a loaded machine a group held a few dozen files and each began knowing nothing
REMEMBERED_DOCUMENTS = COMMIT_FILES
# While a batch writes: a larger page cache, and the WAL checkpointed every 40 MB instead of every 4 MB. The story
# index and the claim indexes take random keys, so each commit rewrites pages all over them into the WAL; measured
# on 3,000 story-index insertions, 32 a commit: 2.08 s by default, 1.39 s with these; 256 a commit: 0.81 s.
CACHE_KIB = 32_000
WAL_CHECKPOINT_PAGES = 10_000
CLAIM_CHUNK = 1_000  # claim rows per executemany: a huge article's rows are never all in memory at once

_DOC_FIELDS = ("id", "path", "source_file", "kind", "status", "reason", "size", "url", "publisher", "title",
               "published", "language", "text", "body_start", "excluded", "minhash")
_DOC_COLUMNS = _DOC_FIELDS + ("story_id", "claims", "program_version", "first_run", "last_run", "extracted_at")
# A document's values as they are bound, read off a worker's DocResult in one call (a dict of them a document, read
# back by name, was 2% of the writer's instructions); a row the writer makes itself (an error, a skip) leaves the
# fields it does not name NULL.
_DocRow = namedtuple("_DocRow", _DOC_FIELDS, defaults=(None,) * len(_DOC_FIELDS))
_doc_values = attrgetter(*_DOC_FIELDS)
_CLAIM_COLUMNS = tuple(CLAIM_COLUMNS)


def _bind_null_and_blobs_directly() -> None:
    """Identity adapters for None and bytes. CPython's sqlite3 (3.11) binds an int, float, str or bytearray as it is,
    but for any other value it first looks for an adapter, and finding none for None or bytes it raises and
    swallows two AttributeErrors: 0.69 and 0.57 µs a parameter against 0.16 for an int (measured), and a batch
    binds about 70 NULLs and 60 BLOBs an article (claim fields left empty, story-index keys). A registered adapter
    is found first: 0.20 and 0.30 µs. Process-wide, and harmless: each value is bound exactly as before."""
    for kind in (type(None), bytes):
        if (kind, sqlite3.PrepareProtocol) not in sqlite3.adapters:  # one registered elsewhere stays
            sqlite3.register_adapter(kind, _same)


def _same(value):
    return value


_bind_null_and_blobs_directly()


def _quoted(columns) -> str:
    return ", ".join(f"[{c}]" for c in columns)


# a document seen again keeps the run that first stored it
_UPSERT_DOCUMENT = (
    f"INSERT INTO documents ({_quoted(_DOC_COLUMNS)}) VALUES ({', '.join('?' * len(_DOC_COLUMNS))}) "
    "ON CONFLICT(id) DO UPDATE SET "
    + ", ".join(f"[{c}] = excluded.[{c}]" for c in _DOC_COLUMNS if c not in ("id", "first_run")))
# no OR REPLACE: a claim id belongs to one document's text, and a collision must fail loudly (rolling back this
# file) rather than silently move another document's claims
_INSERT_CLAIM = f"INSERT INTO claims ({_quoted(_CLAIM_COLUMNS)}) VALUES ({', '.join('?' * len(_CLAIM_COLUMNS))})"
CLAIM_BLOCK = 16  # claim rows a statement (`insert_claims`)
_STORED_DOCUMENT = "SELECT status, program_version, last_run, minhash, story_id, rowid FROM documents WHERE id = ?"
# the documents a path held: the one its paths row names, and those read from it (the records of a feed). UNION
# ALL: the caller makes a set of them, and UNION sorts them into a temporary b-tree first (about 40 µs a file)
_HELD_BY_PATH = ("SELECT document_id FROM paths WHERE path = ?1 AND document_id IS NOT NULL"
                 " UNION ALL SELECT id FROM documents WHERE source_file = ?1")
_PATH_COLUMNS = ("path", "document_id", "hash", "size", "mtime_ns", "status", "program_version", "last_run")
_UPSERT_PATH = f"INSERT OR REPLACE INTO paths ({_quoted(_PATH_COLUMNS)}) VALUES ({', '.join('?' * len(_PATH_COLUMNS))})"


class _Stored(NamedTuple):
    """What the writer reads of a document row already stored (`_STORED_DOCUMENT`)."""

    status: str
    program_version: str | None
    last_run: int | None
    minhash: bytes | None
    story_id: str | None
    rowid: int


def start_run(db, command: str, engine: str, workers: int, version: str) -> int:
    """Record a new run; earlier runs still marked running whose process is gone are marked interrupted."""
    host = socket.gethostname()
    with write_transaction(db):
        for rid, pid, rhost in db.execute("SELECT id, pid, host FROM runs WHERE status = 'running'").fetchall():
            if rhost != host or not _alive(pid):
                db.execute("UPDATE runs SET status = 'interrupted' WHERE id = ?", [rid])
        cur = db.execute(
            "INSERT INTO runs (started, status, pid, host, program_version, command, engine, workers) "
            "VALUES (?, 'running', ?, ?, ?, ?, ?, ?)",
            [now(), os.getpid(), host, version, command, engine, workers])
        return cur.lastrowid


def _alive(pid) -> bool:
    if not pid:
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def finish_run(db, run_id: int, counts: "RunCounts", seconds: float, status: str = "finished") -> None:
    cols = counts.run_columns()
    sets = ", ".join(f"[{k}] = ?" for k in cols)
    with write_transaction(db):
        db.execute(f"UPDATE runs SET ended = ?, status = ?, seconds = ?{', ' if sets else ''}{sets} WHERE id = ?",
                   [now(), status, round(seconds, 3), *cols.values(), run_id])


@dataclass(slots=True)
class RunCounts:
    """What a batch did, one named counter each: a misspelt name is an error (AttributeError; KeyError when read
    as `counts["name"]`; item assignment is a TypeError), never a new counter. Every field but `handled` is a
    column of the runs table (`run_columns`)."""

    files: int = 0  # files the walk found
    new: int = 0  # paths not seen before
    changed: int = 0  # paths whose bytes changed (or whose program version did)
    unchanged: int = 0  # skipped: same bytes, same program version
    duplicates: int = 0  # paths linked to content already stored, nothing extracted
    ok: int = 0  # documents stored by outcome: ok … error (`add(status)`)
    off_topic: int = 0
    unreadable: int = 0
    too_large: int = 0
    skipped: int = 0
    error: int = 0
    claims_added: int = 0  # claim ids that appeared in the database
    claims_removed: int = 0  # claim ids that went from it
    documents: int = 0  # documents in the database at the end
    handled: int = field(default=0, metadata={"run_column": False})  # files finished, for the progress line
    forced: int = field(default=0, metadata={"run_column": False})  # same bytes, re-extracted because of --force

    def add(self, name: str, n: int = 1) -> None:
        """Add `n` to the counter `name` — for a counter named by data, such as a document's status."""
        if name not in _COUNT_NAMES:
            raise AttributeError(f"no batch counter named {name!r}")
        setattr(self, name, getattr(self, name) + n)

    def add_changes(self, changes: "Changes") -> None:
        self.claims_added += changes.claims_added
        self.claims_removed += changes.claims_removed

    def __getitem__(self, name: str) -> int:
        if name not in _COUNT_NAMES:
            raise KeyError(name)
        return getattr(self, name)

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in _COUNT_NAMES}

    def run_columns(self) -> dict[str, int]:
        """The counters stored in the run's row of the runs table."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.metadata.get("run_column", True)}


_COUNT_NAMES = tuple(f.name for f in fields(RunCounts))


@dataclass(frozen=True, slots=True)
class Changes:
    """What writing one file changed in the database (module docstring): claim ids that appeared and went, and
    documents linked as copies."""

    claims_added: int = 0
    claims_removed: int = 0
    copies: int = 0


class BatchWriter:
    """Writes a batch's files, each whole, in group commits (module docstring). Use it as a context manager: on
    leaving — normally or by an exception, Ctrl-C included — the files written whole so far are committed.

        with BatchWriter(db, run_id, version) as writer:
            writer.write(result)            # a FileResult from a worker
            writer.record_skip(job, "too_large", reason)
            writer.link_path(job, document_id, status)
    """

    def __init__(self, db, run_id: int, version: str, *, force: bool = False, commit_files: int = COMMIT_FILES,
                 commit_seconds: float = COMMIT_SECONDS, clock=time.monotonic):
        self.db, self.conn, self.run_id, self.version, self.force = db, db.conn, run_id, version, force
        self.commit_files, self.commit_seconds, self._clock = commit_files, commit_seconds, clock
        self._done = []  # (write, args) of each file written in the open group, to replay after a failure
        self._held = 0  # characters of article text `_done` keeps in memory
        self._opened = 0.0
        self._committed = None  # PRAGMA data_version after this writer's last commit; None while a group is open
        self.commits = 0
        self._pragmas = {}
        self._fts = ClaimsIndex(self.conn)
        self._stories = story_index.StoryIndex(self.conn, keep_back=True)

    def __enter__(self) -> "BatchWriter":
        self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS old_claim_ids (id TEXT PRIMARY KEY) WITHOUT ROWID")
        for name, value in (("cache_size", -CACHE_KIB), ("wal_autocheckpoint", WAL_CHECKPOINT_PAGES)):
            self._pragmas[name] = self.conn.execute(f"PRAGMA {name}").fetchone()[0]
            self.conn.execute(f"PRAGMA {name} = {int(value)}")
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        try:
            if exc_type is None:
                self.commit()
            elif self.conn.in_transaction:
                try:
                    self.commit()  # every file in the group is whole (`_file`); keep them
                except sqlite3.Error:
                    self.conn.rollback()  # the original exception is the one to report
                    self._stories.rolled_back()
        finally:
            for name, value in self._pragmas.items():
                self.conn.execute(f"PRAGMA {name} = {int(value)}")
        return False

    # -- the three kinds of write -----------------------------------------------------------------------------

    def write(self, result) -> Changes:
        """Store one file's outcome. Returns what that changed in the database (`Changes`, module docstring);
        each linked document's `copy` is set. Raises `CopyGone` (writing nothing) when a document the worker took
        for a copy is not stored after all: extract the file again without the copy check."""
        job = result.job
        name = _name(job)
        if result.error is not None:
            rows = [(_DocRow(id=job.file_hash, path=name, source_file=name, status="error", reason=result.error,
                             size=job.size), (), None)]
            status = "error"
        else:
            rows = [(_DocRow._make(_doc_values(doc)), doc.claims, doc) for doc in result.docs]
            status = result.docs[0].status if len(result.docs) == 1 else "records"
        held = sum(len(doc.text or "") for doc in result.docs)
        return self._file(self._write_rows, job, name, rows, status, _stamp(), held=held)

    def link_path(self, job, document_id: str, status: str) -> int:
        """A second path to content already stored: remember the path, extract nothing. What the path held before
        goes, as in `write`; returns the number of claims that removed."""
        return self._file(self._link_path, job, document_id, status)

    def record_skip(self, job, status: str, reason: str) -> Changes:
        """A file recorded without reading it (too large; not a regular file; a link leading out of the folders):
        a documents row with the reason, keyed by `job.file_hash`."""
        name = _name(job)
        row = _DocRow(id=job.file_hash, path=name, source_file=name, status=status, reason=reason, size=job.size)
        return self._file(self._write_rows, job, name, [(row, (), None)], status, _stamp())

    def _link_path(self, job, document_id: str, status: str) -> int:
        name = _name(job)
        removed = self._drop_stale(name, {document_id})
        self.conn.execute("UPDATE documents SET last_run = ? WHERE id = ?", [self.run_id, document_id])
        self._upsert_path(job, name, document_id, status)
        return removed

    def _write_rows(self, job, name: str, rows, status: str, stamp: str) -> Changes:
        added = removed = copies = 0
        new_ids = []
        for row, claims, doc in rows:
            stored = self._stored(row.id)
            if self._is_copy(row, doc, stored):
                self.conn.execute("UPDATE documents SET last_run = ? WHERE id = ?", [self.run_id, row.id])
                doc.copy = True
                copies += 1
            else:
                a, r = self._replace_document(row, claims, stamp, stored)
                added, removed = added + a, removed + r
            new_ids.append(row.id)
        keep = set(new_ids)
        removed += self._drop_stale(name, keep)
        self._upsert_path(job, name, new_ids[0] if len(keep) == 1 else None, status)
        return Changes(added, removed, copies)

    def _stored(self, doc_id: str) -> _Stored | None:
        found = self.conn.execute(_STORED_DOCUMENT, [doc_id]).fetchone()
        return None if found is None else _Stored(*found)

    def _is_copy(self, row: _DocRow, doc, have: _Stored | None) -> bool:
        """Is this document's text already stored by this program version (with --force: by this run)?"""
        if doc is None or row.status not in ("ok", "off_topic"):
            return False
        stored = (have is not None and have.status in ("ok", "off_topic") and have.program_version == self.version
                  and (not self.force or have.last_run == self.run_id))
        if doc.copy and not stored:
            raise CopyGone(row.id)
        return stored

    def _drop_stale(self, name: str, keep: set) -> int:
        """What the path held before and no longer holds goes, unless another path still holds it."""
        stale = {r[0] for r in self.conn.execute(_HELD_BY_PATH, [name])}
        removed = 0
        for doc_id in stale - keep:
            if not self.conn.execute("SELECT 1 FROM paths WHERE document_id = ? AND path != ?",
                                     [doc_id, name]).fetchone():
                self._stories.remove_document(doc_id)
                removed += self._fts.delete_claims(doc_id)
                self.conn.execute("DELETE FROM documents WHERE id = ?", [doc_id])
        return removed

    # -- transactions --------------------------------------------------------------------------------------------

    def commit(self) -> None:
        """Commit the open group, with its claims in claims_fts (`ClaimsIndex.resume`) and the story_keys rows the
        story index kept back (`StoryIndex.save`)."""
        if self.conn.in_transaction:
            self._stories.save()
            self._fts.resume()
            self.conn.execute("COMMIT")
            self.commits += 1
            self._committed = self._data_version()
        self._done, self._held = [], 0

    def _file(self, write, *args, held: int = 0):
        """Apply one file's statements, `write(*args)`, in the open group (opened here when none is); `held` is the
        number of characters of article text its arguments keep in memory until the group commits. A file that
        fails part-way is taken back by replaying its group (`_replay`); its exception is raised again."""
        self._open_group()
        changes = self.conn.total_changes
        try:
            out = write(*args)
        except BaseException:
            self._stories.forget()  # it may remember a document whose row was never written
            # nothing to take back when no statement of the file changed a row (SQLite undid the failing one)
            if self.conn.total_changes != changes or not self.conn.in_transaction:
                self._replay()
            raise
        self._done.append((write, args))
        self._held += held
        if (len(self._done) >= self.commit_files or self._held >= COMMIT_CHARS
                or self._clock() - self._opened >= self.commit_seconds):
            self.commit()
        return out

    def _open_group(self) -> None:
        if self.conn.in_transaction:
            return
        begin_immediate(self.db)
        self._opened, self._done, self._held = self._clock(), [], 0
        # What the story index remembers is what the store held at this writer's last commit: still true unless
        # another connection has committed since (PRAGMA data_version, read inside the write lock) or the last
        # group did not commit (rolled back: `_committed` stays None). Kept up to REMEMBERED_DOCUMENTS documents.
        if self._data_version() != self._committed or self._stories.added >= REMEMBERED_DOCUMENTS:
            self._stories.forget()
        self._committed = None  # until this group commits
        self._fts.suspend()

    def _data_version(self) -> int:
        """SQLite's count of commits made by other connections (this connection's own do not change it)."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def _replay(self) -> None:
        """Undo a file that failed part-way: roll the group back and write its whole files again, in order, from
        the same inputs (they wrote before, so they write again, and the same rows), then commit them, so that a
        second failure has nothing to replay. If that fails too, the group is rolled back and the error raised."""
        done = self._done
        if self.conn.in_transaction:
            self.conn.rollback()
        self._stories.rolled_back()
        self._done = []
        if not done:
            return
        self._open_group()
        try:
            for write, args in done:
                write(*args)
        except BaseException:
            if self.conn.in_transaction:
                self.conn.rollback()
            self._stories.rolled_back()
            raise
        self._done = done
        self.commit()

    # -- rows ----------------------------------------------------------------------------------------------------

    def _replace_document(self, row: _DocRow, claims, stamp: str, before: _Stored | None) -> tuple[int, int]:
        """Write the document row and its claims (rows in CLAIM_COLUMNS order) over `before`, the row stored under
        its id (if any); returns (claim ids added, claim ids removed) — none of either when the same claims are
        written again."""
        conn = self.conn
        doc_id = row.id
        grouped = row.status == "ok" and row.minhash is not None
        # the same grouped text again (a --force run, a new program version): its story cannot have changed
        same_story = (grouped and before is not None and before.status == "ok" and before.story_id is not None
                      and bytes(before.minhash or b"") == row.minhash)
        if before is not None and not same_story:
            self._stories.remove_document(doc_id)
        if same_story:
            story = before.story_id
        elif grouped:
            story = self._stories.add_document(doc_id, row.minhash, stored=False)
        else:
            story = None
        n_old = conn.execute("SELECT count(*) FROM claims WHERE document_id = ?", [doc_id]).fetchone()[0] \
            if before is not None else 0
        if n_old:  # their ids, to count what changed, kept in SQLite (a huge article's would not fit a set)
            conn.execute("DELETE FROM temp.old_claim_ids")
            conn.execute("INSERT INTO temp.old_claim_ids SELECT id FROM claims WHERE document_id = ?", [doc_id])
            self._fts.delete_claims(doc_id)
        written = conn.execute(_UPSERT_DOCUMENT, [*row, story, len(claims), self.version, self.run_id, self.run_id,
                                                  stamp])
        if grouped and not same_story:  # its buckets name its row by rowid (an update keeps the row's)
            self._stories.stored_at(before.rowid if before is not None else written.lastrowid)
        n_new = 0
        for chunk in claim_chunks(claims):
            insert_claims(conn, chunk)
            n_new += len(chunk)
        if not n_old:
            return n_new, 0
        # a claim id belongs to one document's text, so an old id found in claims now is one of the new rows
        kept = conn.execute("SELECT count(*) FROM temp.old_claim_ids o JOIN claims c ON c.id = o.id").fetchone()[0]
        return n_new - kept, n_old - kept

    def regroup_stories(self) -> int:
        """Regroup the stories that lost a member during the batch (`story_index.regroup_dirty`); commits."""
        if not self.conn.in_transaction and not self.conn.execute("SELECT 1 FROM story_dirty LIMIT 1").fetchone():
            return 0  # nothing to do: take no write lock for it
        n = self._file(self._stories.regroup_dirty)
        self.commit()
        return n

    def _upsert_path(self, job, name: str, document_id, status) -> None:
        self.conn.execute(_UPSERT_PATH, [name, document_id, job.file_hash, job.size, job.mtime_ns, status,
                                         self.version, self.run_id])


class ClaimsIndex:
    """claims_fts kept in bulk while a group is open (module docstring, "The full-text index").

    `suspend` (the group begins) drops claims' insert and delete triggers inside the group's transaction and
    notes `indexed_to`, the highest claim rowid, so every claim above it is not in claims_fts yet; `delete_claims`
    takes a document's claims out of claims_fts (those at or below `indexed_to`) and out of claims; `resume` (before
    the group commits) puts every claim above `indexed_to` into claims_fts with one statement and creates the
    triggers again, as they were. Readers see only commits, so they always find the triggers in place and
    claims_fts whole; a rolled-back group takes the dropped triggers back with it. (The update trigger stays: the
    writer never updates a claim, it replaces them.)"""

    TRIGGERS = ("claims_ai", "claims_ad")  # sqlite-utils' names (enable_fts): after insert, after delete

    def __init__(self, conn):
        self.conn = conn
        self._triggers: list[str] = []  # the CREATE TRIGGER statements dropped by `suspend`
        self._indexed_to = 0
        self._columns = ", ".join(f"[{r[1]}]" for r in conn.execute("PRAGMA table_info(claims_fts)"))

    def suspend(self) -> None:
        marks = ", ".join("?" * len(self.TRIGGERS))
        rows = self.conn.execute(f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'claims'"
                                 f" AND name IN ({marks}) ORDER BY name", self.TRIGGERS).fetchall()
        if len(rows) != len(self.TRIGGERS):
            return  # not the schema this is written for: leave the triggers to do their work row by row
        for name, _ in rows:
            self.conn.execute(f"DROP TRIGGER [{name}]")
        self._triggers = [sql for _, sql in rows]
        self._indexed_to = self._max_rowid()

    def delete_claims(self, doc_id: str) -> int:
        """Delete a document's claims; returns how many there were."""
        if self._triggers:
            self.conn.execute(f"INSERT INTO claims_fts (claims_fts, rowid, {self._columns}) SELECT 'delete', rowid,"
                              f" {self._columns} FROM claims WHERE document_id = ? AND rowid <= ?",
                              [doc_id, self._indexed_to])
        n = self.conn.execute("DELETE FROM claims WHERE document_id = ?", [doc_id]).rowcount
        # the next claim takes the highest rowid left + 1: if that is at or below `indexed_to` now, so is the mark,
        # or the new claim would be taken for one already indexed
        self._indexed_to = min(self._indexed_to, self._max_rowid())
        return n

    def resume(self) -> None:
        if not self._triggers:
            return
        self.conn.execute(f"INSERT INTO claims_fts (rowid, {self._columns}) SELECT rowid, {self._columns}"
                          f" FROM claims WHERE rowid > ?", [self._indexed_to])
        for sql in self._triggers:
            self.conn.execute(sql)
        self._triggers = []

    def _max_rowid(self) -> int:
        return self.conn.execute("SELECT coalesce(max(rowid), 0) FROM claims").fetchone()[0]


def claim_chunks(claims, size: int = CLAIM_CHUNK) -> Iterator[Sequence[tuple]]:
    """A document's claim rows a bounded chunk at a time: `claims.chunks()` when it has them (the batch's
    `ClaimRows`, whose rows of a huge article wait in a temporary file), else slices of the sequence."""
    chunks = getattr(claims, "chunks", None)
    if chunks is not None:
        yield from chunks()
        return
    for i in range(0, len(claims), size):
        yield claims[i:i + size]


def insert_claims(conn, rows: Sequence[tuple]) -> None:
    """Insert claim rows (CLAIM_COLUMNS order), `CLAIM_BLOCK` rows a statement, the rest in one more.

    One row a statement (an executemany of `_INSERT_CLAIM`) opened a cursor on each of the claims table's seven
    b-trees, bound, ran and reset a statement, for every row; a document's rows in one or two statements did 2.3%
    less work in the writer (callgrind, bench_writer's 2,000 articles: 4.96 → 4.85 billion instructions). A
    statement of several rows that may fail part-way needs a statement journal (module docstring, "Each file
    whole"), so these are INSERT OR IGNORE, which cannot fail part-way, and a row it ignored — a claim id already
    stored, the table's only constraint — is found by counting and raised as the IntegrityError `_INSERT_CLAIM`
    raised; the writer then takes the file back whole, as before (`BatchWriter._file`)."""
    n = len(rows)
    whole = n - n % CLAIM_BLOCK
    inserted = 0  # rowcount: the statement's own rows, not those of a trigger (sqlite3_changes)
    if whole:
        inserted += conn.executemany(_insert_claims_sql(CLAIM_BLOCK), [
            [v for row in rows[i:i + CLAIM_BLOCK] for v in row] for i in range(0, whole, CLAIM_BLOCK)]).rowcount
    if whole < n:
        inserted += conn.execute(_insert_claims_sql(n - whole), [v for row in rows[whole:] for v in row]).rowcount
    if inserted != n:
        raise sqlite3.IntegrityError("UNIQUE constraint failed: claims.id")


@lru_cache(maxsize=None)
def _insert_claims_sql(n: int) -> str:
    row = f"({', '.join('?' * len(_CLAIM_COLUMNS))})"
    return f"INSERT OR IGNORE INTO claims ({_quoted(_CLAIM_COLUMNS)}) VALUES {', '.join([row] * n)}"


class CopyGone(Exception):
    """A document a worker took for an already stored copy is not in the database (its first path failed to
    store, or was replaced meanwhile): the file must be extracted after all."""


_last_stamp = [-1, ""]  # the second `_stamp` last formatted, and how


def _stamp() -> str:
    """`flags.now()` — the time in UTC, to the second — formatted once a second: it took 7 µs a file."""
    second = int(time.time())  # the clock datetime.now() reads; both drop the fraction of a second
    if second != _last_stamp[0]:
        _last_stamp[:] = [second, datetime.fromtimestamp(second, timezone.utc).isoformat(timespec="seconds")]
    return _last_stamp[1]


def _name(job) -> str:
    """The path as stored: `Job.name` (a file name that is not UTF-8, escaped), or the path of a plain job."""
    return getattr(job, "name", None) or job.path

