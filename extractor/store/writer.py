"""The single writer of batch results: `BatchWriter` stores one file's documents, claims and path row whole.

Replacing, never appending: a document's claims are deleted and re-inserted together with its row, so a re-run,
a second path to the same content or a batch resumed after `kill -9` can never leave duplicates, and a changed file
swaps its old claims for the new ones atomically.

A copy is linked, not rewritten: a document whose text this program version has already stored (with --force:
stored in this run) keeps its row and claims, and the path is added to it — whether the worker recognised it
before extracting (`DocResult.copy`) or only the writer does (two workers extracted the same text at once). The
counts are what changed in the database: `claims_added` and `claims_removed` are claim ids that appear and
disappear, `copies` the documents linked, so three copies of a 35-claim article add 35 claims and count 2 copies.

Group commit. Each file is written inside a SAVEPOINT of its own — it lands whole or, if one of its statements
fails, not at all — and the files are committed together, every `COMMIT_FILES` files or `COMMIT_SECONDS` seconds,
whichever comes first. A killed batch therefore loses at most the last second of work (never half a file; the
next run redoes it), and the commit work is paid once per group: on 2,000 synthetic articles (FTS triggers
included) one transaction per file cost 2.2 s of the main process's time, 32 files a transaction 1.7 s. The main
process is the one serial part of a parallel batch, so this is where `--workers 2` gained or lost its speed-up.
Readers (the review queue, Datasette) never wait: the journal is WAL. A second batch on the same database waits for
a group to commit (up to `store.BUSY_TIMEOUT_MS`), then writes its own.

A huge article never has all its claim rows in memory here: they are inserted `CLAIM_CHUNK` at a time
(`claim_chunks`; from a worker they come as `batch.spool.ClaimRows`, whose rows wait in a temporary file), all
inside the document's one savepoint, and what changed is counted in SQL (the old claim ids in a temporary table),
not in sets of ids: two sets of the 505,336 claim ids of a 20 MB article take 124 MB (issue 14).

The hot statements are plain parameterised SQL, prepared once per writer, on sqlite-utils' connection; sqlite-utils
owns the schema and its migrations (`schema.py`). `Table.insert_all` re-derives its SQL and converts every value on
each call: for 11 claims a document that was 1.2 of the 2.2 s above.
"""
from __future__ import annotations

import contextlib
import os
import socket
import sqlite3
import time
from dataclasses import dataclass, field, fields
from typing import Iterator, Sequence

from . import begin_immediate, story_index, write_transaction
from .flags import now
from .schema import CLAIM_COLUMNS

COMMIT_FILES = 256
COMMIT_SECONDS = 1.0
# While a batch writes: a larger page cache, and the WAL checkpointed every 40 MB instead of every 4 MB. The story
# index and the claim indexes take random keys, so each commit rewrites pages all over them into the WAL; measured
# on 3,000 story-index insertions, 32 a commit: 2.08 s by default, 1.39 s with these; 256 a commit: 0.81 s.
CACHE_KIB = 32_000
WAL_CHECKPOINT_PAGES = 10_000
CLAIM_CHUNK = 1_000  # claim rows per executemany: a huge article's rows are never all in memory at once

_DOC_FIELDS = ("id", "path", "source_file", "kind", "status", "reason", "size", "url", "publisher", "title",
               "published", "language", "text", "body_start", "excluded", "minhash")
_DOC_COLUMNS = _DOC_FIELDS + ("story_id", "claims", "program_version", "first_run", "last_run", "extracted_at")
_CLAIM_COLUMNS = tuple(CLAIM_COLUMNS)


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
_PATH_COLUMNS = ("path", "document_id", "hash", "size", "mtime_ns", "status", "program_version", "last_run")
_UPSERT_PATH = f"INSERT OR REPLACE INTO paths ({_quoted(_PATH_COLUMNS)}) VALUES ({', '.join('?' * len(_PATH_COLUMNS))})"


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
        self._files = 0  # files written in the open group
        self._opened = 0.0
        self.commits = 0
        self._pragmas = {}

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
                    self.commit()  # every file in the group is whole (each had its savepoint); keep them
                except sqlite3.Error:
                    self.conn.rollback()  # the original exception is the one to report
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
            rows = [({"id": job.file_hash, "path": name, "source_file": name, "kind": None, "status": "error",
                      "reason": result.error, "size": job.size}, (), None)]
            status = "error"
        else:
            rows = [({k: getattr(doc, k) for k in _DOC_FIELDS}, doc.claims, doc) for doc in result.docs]
            status = result.docs[0].status if len(result.docs) == 1 else "records"
        return self._write_rows(job, name, rows, status)

    def link_path(self, job, document_id: str, status: str) -> int:
        """A second path to content already stored: remember the path, extract nothing. What the path held before
        goes, as in `write`; returns the number of claims that removed."""
        with self._file():
            removed = self._drop_stale(_name(job), {document_id})
            self.conn.execute("UPDATE documents SET last_run = ? WHERE id = ?", [self.run_id, document_id])
            self._upsert_path(job, document_id, status)
        return removed

    def record_skip(self, job, status: str, reason: str) -> Changes:
        """A file recorded without reading it (too large; not a regular file; a link leading out of the folders):
        a documents row with the reason, keyed by `job.file_hash`."""
        name = _name(job)
        row = {"id": job.file_hash, "path": name, "source_file": name, "kind": None, "status": status,
               "reason": reason, "size": job.size}
        return self._write_rows(job, name, [(row, (), None)], status)

    def _write_rows(self, job, name: str, rows, status: str) -> Changes:
        added = removed = copies = 0
        stamp = now()
        with self._file():
            new_ids = []
            for row, claims, doc in rows:
                if self._is_copy(row, doc):
                    self.conn.execute("UPDATE documents SET last_run = ? WHERE id = ?", [self.run_id, row["id"]])
                    doc.copy = True
                    copies += 1
                else:
                    a, r = self._replace_document(row, claims, stamp)
                    added, removed = added + a, removed + r
                new_ids.append(row["id"])
            keep = set(new_ids)
            removed += self._drop_stale(name, keep)
            self._upsert_path(job, new_ids[0] if len(keep) == 1 else None, status)
        return Changes(added, removed, copies)

    def _is_copy(self, row: dict, doc) -> bool:
        """Is this document's text already stored by this program version (with --force: by this run)?"""
        if doc is None or row["status"] not in ("ok", "off_topic"):
            return False
        have = self.conn.execute("SELECT status, program_version, last_run FROM documents WHERE id = ?",
                                 [row["id"]]).fetchone()
        stored = (have is not None and have[0] in ("ok", "off_topic") and have[1] == self.version
                  and (not self.force or have[2] == self.run_id))
        if doc.copy and not stored:
            raise CopyGone(row["id"])
        return stored

    def _drop_stale(self, name: str, keep: set) -> int:
        """What the path held before and no longer holds goes, unless another path still holds it."""
        old = self.conn.execute("SELECT document_id FROM paths WHERE path = ?", [name]).fetchone()
        stale = {r[0] for r in self.conn.execute("SELECT id FROM documents WHERE source_file = ?", [name])}
        if old and old[0]:
            stale.add(old[0])
        removed = 0
        for doc_id in stale - keep:
            if not self.conn.execute("SELECT 1 FROM paths WHERE document_id = ? AND path != ?",
                                     [doc_id, name]).fetchone():
                story_index.remove_document(self.conn, doc_id)
                removed += self.conn.execute("DELETE FROM claims WHERE document_id = ?", [doc_id]).rowcount
                self.conn.execute("DELETE FROM documents WHERE id = ?", [doc_id])
        return removed

    # -- transactions --------------------------------------------------------------------------------------------

    def commit(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("COMMIT")
            self.commits += 1
        self._files = 0

    @contextlib.contextmanager
    def _file(self):
        """One file's statements: a savepoint inside the open group (opened here when none is)."""
        conn = self.conn
        if not conn.in_transaction:
            begin_immediate(self.db)
            self._files, self._opened = 0, self._clock()
        conn.execute("SAVEPOINT batch_file")
        try:
            yield
        except BaseException:
            if conn.in_transaction:  # an error can end the whole transaction; then there is nothing to undo
                conn.execute("ROLLBACK TO batch_file")
                conn.execute("RELEASE batch_file")
            raise
        conn.execute("RELEASE batch_file")
        self._files += 1
        if self._files >= self.commit_files or self._clock() - self._opened >= self.commit_seconds:
            self.commit()

    # -- rows ----------------------------------------------------------------------------------------------------

    def _replace_document(self, row: dict, claims, stamp: str) -> tuple[int, int]:
        """Write the document row and its claims (rows in CLAIM_COLUMNS order); returns (claim ids added, claim
        ids removed) — none of either when the same claims are written again."""
        conn = self.conn
        doc_id = row["id"]
        grouped = row.get("status") == "ok" and row.get("minhash") is not None
        before = conn.execute("SELECT status, minhash, story_id FROM documents WHERE id = ?", [doc_id]).fetchone()
        # the same grouped text again (a --force run, a new program version): its story cannot have changed
        same_story = (grouped and before is not None and before[0] == "ok" and before[2] is not None
                      and bytes(before[1] or b"") == row["minhash"])
        if before is not None and not same_story:
            story_index.remove_document(conn, doc_id)
        if same_story:
            story = before[2]
        elif grouped:
            story = story_index.add_document(conn, doc_id, row["minhash"], stored=False)
        else:
            story = None
        n_old = conn.execute("SELECT count(*) FROM claims WHERE document_id = ?", [doc_id]).fetchone()[0] \
            if before is not None else 0
        if n_old:  # their ids, to count what changed, kept in SQLite (a huge article's would not fit a set)
            conn.execute("DELETE FROM temp.old_claim_ids")
            conn.execute("INSERT INTO temp.old_claim_ids SELECT id FROM claims WHERE document_id = ?", [doc_id])
            conn.execute("DELETE FROM claims WHERE document_id = ?", [doc_id])
        conn.execute(_UPSERT_DOCUMENT, [*(row.get(k) for k in _DOC_FIELDS), story, len(claims), self.version,
                                        self.run_id, self.run_id, stamp])
        n_new = 0
        for chunk in claim_chunks(claims):
            conn.executemany(_INSERT_CLAIM, chunk)
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
        with self._file():
            n = story_index.regroup_dirty(self.conn)
        self.commit()
        return n

    def _upsert_path(self, job, document_id, status) -> None:
        self.conn.execute(_UPSERT_PATH, [_name(job), document_id, job.file_hash, job.size, job.mtime_ns, status,
                                         self.version, self.run_id])


def claim_chunks(claims, size: int = CLAIM_CHUNK) -> Iterator[Sequence[tuple]]:
    """A document's claim rows a bounded chunk at a time: `claims.chunks()` when it has them (the batch's
    `ClaimRows`, whose rows of a huge article wait in a temporary file), else slices of the sequence."""
    chunks = getattr(claims, "chunks", None)
    if chunks is not None:
        yield from chunks()
        return
    for i in range(0, len(claims), size):
        yield claims[i:i + size]


class CopyGone(Exception):
    """A document a worker took for an already stored copy is not in the database (its first path failed to
    store, or was replaced meanwhile): the file must be extracted after all."""


def _name(job) -> str:
    """The path as stored: `Job.name` (a file name that is not UTF-8, escaped), or the path of a plain job."""
    return getattr(job, "name", None) or job.path

