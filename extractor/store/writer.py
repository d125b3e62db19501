"""The single writer of batch results: `BatchWriter` stores one file's documents, claims and path row whole.

Replacing, never appending: a document's claims are deleted and re-inserted together with its row, so a re-run,
a second path to the same content or a batch resumed after `kill -9` can never leave duplicates, and a changed file
swaps its old claims for the new ones atomically.

Group commit. Each file is written inside a SAVEPOINT of its own — it lands whole or, if one of its statements
fails, not at all — and the files are committed together, every `COMMIT_FILES` files or `COMMIT_SECONDS` seconds,
whichever comes first. A killed batch therefore loses at most the last second of work (never half a file; the
next run redoes it), and the commit work is paid once per group: on 2,000 synthetic articles (FTS triggers
included) one transaction per file cost 2.2 s of the main process's time, 32 files a transaction 1.7 s. The main
process is the one serial part of a parallel batch, so this is where `--workers 2` gained or lost its speed-up.
Readers (the review queue, Datasette) never wait: the journal is WAL. A second batch on the same database waits for
a group to commit (up to `store.BUSY_TIMEOUT_MS`), then writes its own.

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


def finish_run(db, run_id: int, counts: dict, seconds: float, status: str = "finished") -> None:
    cols = {k: v for k, v in counts.items() if k in _RUN_COUNTS}
    sets = ", ".join(f"[{k}] = ?" for k in cols)
    with write_transaction(db):
        db.execute(f"UPDATE runs SET ended = ?, status = ?, seconds = ?{', ' if sets else ''}{sets} WHERE id = ?",
                   [now(), status, round(seconds, 3), *cols.values(), run_id])


_RUN_COUNTS = {"files", "documents", "new", "changed", "unchanged", "duplicates", "ok", "off_topic", "unreadable",
               "too_large", "error", "claims_added", "claims_removed"}


class BatchWriter:
    """Writes a batch's files, each whole, in group commits (module docstring). Use it as a context manager: on
    leaving — normally or by an exception, Ctrl-C included — the files written whole so far are committed.

        with BatchWriter(db, run_id, version) as writer:
            writer.write(result)            # a FileResult from a worker
            writer.record_skip(job, "too_large", reason)
            writer.link_path(job, document_id, status)
    """

    def __init__(self, db, run_id: int, version: str, *, commit_files: int = COMMIT_FILES,
                 commit_seconds: float = COMMIT_SECONDS, clock=time.monotonic):
        self.db, self.conn, self.run_id, self.version = db, db.conn, run_id, version
        self.commit_files, self.commit_seconds, self._clock = commit_files, commit_seconds, clock
        self._files = 0  # files written in the open group
        self._opened = 0.0
        self.commits = 0
        self._pragmas = {}

    def __enter__(self) -> "BatchWriter":
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

    def write(self, result) -> dict:
        """Store one file's outcome. Returns {"claims_added": n, "claims_removed": m}."""
        job = result.job
        added = removed = 0
        stamp = now()
        with self._file():
            old = self.conn.execute("SELECT document_id FROM paths WHERE path = ?", [job.path]).fetchone()
            new_ids = []
            if result.error is not None:
                row = {"id": job.file_hash, "path": job.path, "source_file": job.path, "kind": None,
                       "status": "error", "reason": result.error, "size": job.size}
                removed += self._replace_document(row, (), stamp)
                new_ids.append(job.file_hash)
                status = "error"
            else:
                for doc in result.docs:
                    row = {k: getattr(doc, k) for k in _DOC_FIELDS}
                    removed += self._replace_document(row, doc.claims, stamp)
                    added += len(doc.claims)
                    new_ids.append(doc.id)
                status = result.docs[0].status if len(result.docs) == 1 else "records"
            # what this path held before and no longer holds goes, unless another path still holds it
            keep = set(new_ids)
            stale = {r[0] for r in self.conn.execute("SELECT id FROM documents WHERE source_file = ?", [job.path])}
            if old and old[0]:
                stale.add(old[0])
            for doc_id in stale - keep:
                if not self.conn.execute("SELECT 1 FROM paths WHERE document_id = ? AND path != ?",
                                         [doc_id, job.path]).fetchone():
                    story_index.remove_document(self.conn, doc_id)
                    removed += self.conn.execute("DELETE FROM claims WHERE document_id = ?", [doc_id]).rowcount
                    self.conn.execute("DELETE FROM documents WHERE id = ?", [doc_id])
            self._upsert_path(job, new_ids[0] if len(keep) == 1 else None, status)
        return {"claims_added": added, "claims_removed": removed}

    def link_path(self, job, document_id: str, status: str) -> None:
        """A second path to content already stored: remember the path, extract nothing."""
        with self._file():
            self._upsert_path(job, document_id, status)

    def record_skip(self, job, status: str, reason: str) -> None:
        """A file recorded without reading it (too large): a documents row with the reason, keyed by its hash."""
        row = {"id": job.file_hash, "path": job.path, "source_file": job.path, "kind": None, "status": status,
               "reason": reason, "size": job.size}
        with self._file():
            self._replace_document(row, (), now())
            self._upsert_path(job, job.file_hash, status)

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

    def _replace_document(self, row: dict, claims, stamp: str) -> int:
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
        removed = conn.execute("DELETE FROM claims WHERE document_id = ?", [doc_id]).rowcount
        conn.execute(_UPSERT_DOCUMENT, [*(row.get(k) for k in _DOC_FIELDS), story, len(claims), self.version,
                                        self.run_id, self.run_id, stamp])
        if claims:
            conn.executemany(_INSERT_CLAIM, [[c[k] for k in _CLAIM_COLUMNS] for c in claims])
        return removed

    def regroup_stories(self) -> int:
        """Regroup the stories that lost a member during the batch (`story_index.regroup_dirty`); commits."""
        if not self.conn.in_transaction and not self.conn.execute("SELECT 1 FROM story_dirty LIMIT 1").fetchone():
            return 0  # nothing to do: take no write lock for it
        with self._file():
            n = story_index.regroup_dirty(self.conn)
        self.commit()
        return n

    def _upsert_path(self, job, document_id, status) -> None:
        self.conn.execute(_UPSERT_PATH, [job.path, document_id, job.file_hash, job.size, job.mtime_ns, status,
                                         self.version, self.run_id])

