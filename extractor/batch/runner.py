"""`extract batch`: every article under some folders into the store, incrementally.

The main process walks the folders, hashes each file and asks the store whether that content was already
extracted by this program version; only new or changed files become jobs. Jobs run in worker processes
(`multiprocessing`, or a Dask cluster); results come back in submission order and the main process alone writes
them (`store.writer.BatchWriter`: each file whole, files committed in groups). So `--workers 8`
writes exactly what `--workers 1` writes, at most a few jobs per worker are in flight (memory stays bounded whatever
the corpus size; a huge article's claim rows wait in a temporary file, `spool.py`, not in memory), and a batch
killed at any moment leaves whole files behind it, never half of one.
"""
from __future__ import annotations

import os
import sqlite3
import stat
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable

from ..ingest import MAX_BYTES
from ..ingest.files import NotRegularFile, not_regular, shown_path
from ..store import StoreError
from ..store.writer import RunCounts
from .jobs import CopyCheck, FileResult, Job, close_reader, hash_file, process_job, retry_key
from .walk import RECORD_SUFFIXES, walk

MAX_RECORD_FILE_BYTES = 2 * 1024 ** 3  # a .jsonl feed is streamed record by record; past this it is refused
# a file with these bytes stored under another path by this program version: the new path is linked to its
# document, nothing extracted. Asked for every new or changed file: it reads the index paths(hash) (schema.m010)
SAME_BYTES_STORED = ("SELECT p.document_id, p.status FROM paths p JOIN documents d ON d.id = p.document_id"
                     " WHERE p.hash = ? AND p.program_version = ? AND p.path != ? AND p.status != 'error' LIMIT 1")


@dataclass
class BatchReport:
    run_id: int
    seconds: float
    counts: RunCounts = field(default_factory=RunCounts)
    stories: dict = field(default_factory=dict)
    flags: dict | None = None
    problems: list[tuple[str, str, str]] = field(default_factory=list)  # (path, status, reason)

    @property
    def failed(self) -> int:
        """Files that could not even be read (I/O errors, internal errors) — not the bad files we recorded."""
        return self.counts.error


def run_batch(roots: Iterable[str], db_path: str, *, workers: int | None = None, force: bool = False,
              engine: str = "processes", scheduler: str | None = None,
              progress: Callable[[RunCounts], None] | None = None, find_flags: bool = True,
              follow_symlinks: bool = False) -> BatchReport:
    """Extract every article under `roots` into the database at `db_path`; see the module docstring."""
    from ..store import open_db, program_version

    roots = [str(r) for r in roots]
    workers = max(1, workers or os.cpu_count() or 1)
    version = program_version()
    db = open_db(db_path)
    try:
        with _executor(engine, workers, scheduler) as execute:
            return _run(db, execute, roots, force, engine, workers, version, progress, find_flags,
                        follow_symlinks, db_path)
    finally:
        close_reader()  # the copy check's connection, when jobs ran in this process
        db.close()


def _run(db, execute, roots, force, engine, workers, version, progress, find_flags, follow_symlinks,
         db_path) -> BatchReport:
    from ..store.story_index import story_counts
    from ..store.writer import BatchWriter, finish_run, start_run

    started = time.perf_counter()
    run_id = start_run(db, "batch " + " ".join(shown_path(r) for r in roots), engine, workers, version)
    report = BatchReport(run_id=run_id, seconds=0.0)
    counts = report.counts
    # remote (Dask) workers cannot open the local database: there only the writer recognises copies
    copies = CopyCheck(str(db_path), version, run_id, force) if engine != "dask" else None
    try:
        with BatchWriter(db, run_id, version, force=force) as writer:
            plan = _Plan(db, writer, roots, force, version, report, progress, follow_symlinks, copies)
            for result in execute(plan.jobs()):
                _store(writer, result, report)
                _tick(progress, counts)
                plan.done(result)
            # each document joined its story as it was written; stories that lost a member may have split
            writer.regroup_stories()
        counts.documents = db.execute("SELECT count(*) FROM documents").fetchone()[0]
        report.stories = story_counts(db.conn)
        # nothing stored changed: the flags of the last run still stand (an unchanged nightly re-run is then a
        # walk and a hash per file); `extract contradictions` recomputes flags on demand
        touched = force or any((counts.new, counts.changed, counts.claims_added, counts.claims_removed))
        if touched and find_flags:
            report.flags = _find_flags(db, run_id)
    except BaseException:
        report.seconds = time.perf_counter() - started
        try:
            finish_run(db, run_id, counts, report.seconds, status="failed")
        except (sqlite3.Error, StoreError):
            pass  # the database itself failed: the error being raised says so; the run stays "running"
        raise
    report.seconds = time.perf_counter() - started
    finish_run(db, run_id, counts, report.seconds)
    return report


def _tick(progress, counts) -> None:
    counts.handled += 1  # files finished, whatever became of them
    if progress is not None:
        progress(counts)


class _Plan:
    """Yields a Job for each file that needs extracting (`jobs()`); records the rest here: unchanged, the same
    bytes as a file already stored or in flight, too large, not a regular file, a link leading out of the roots.

    Symbolic links: a link to a file inside the folders walked is read; one leading outside them is recorded as
    skipped with the reason, unless `follow_symlinks` (a file named on the command line is always read). A
    scraped folder holding `p.txt -> /etc/passwd` must not put that file in front of reviewers."""

    def __init__(self, db, writer, roots, force, version, report, progress, follow_symlinks, copies):
        self.db, self.writer, self.roots, self.force, self.version = db, writer, roots, force, version
        self.report, self.counts, self.progress = report, report.counts, progress
        self.follow_symlinks, self.copies = follow_symlinks, copies
        self.named = {r for r in roots if not os.path.isdir(r)}  # files named on purpose
        self.real_roots = [os.path.realpath(r) for r in roots if os.path.isdir(r)]
        self.in_flight: dict[str, str] = {}  # hash → path of the job extracting those bytes
        self.leading: dict[str, str] = {}  # that path → the hash
        self.followers: dict[str, list[Job]] = {}  # that path → jobs for other paths with the same bytes

    def jobs(self):
        counts = self.counts
        for path in walk(self.roots):
            counts.files += 1
            job = self._job(path)
            if job is not None:
                yield job

    def _job(self, path: str) -> Job | None:
        counts, name = self.counts, shown_path(path)
        try:
            lst = os.lstat(path)
            link = stat.S_ISLNK(lst.st_mode)
            st = os.stat(path) if link else lst
        except OSError as exc:  # permission denied, vanished mid-walk, a dangling link: an error row, and on
            self._finish(FileResult(Job(path, retry_key(name), 0, 0), [], error=f"cannot read: {exc.strerror or exc}"))
            return None
        why = not_regular(st.st_mode)
        if why is None and link and not self.follow_symlinks and path not in self.named and self._outside(path):
            why = "a symbolic link leading outside the folders given: not followed (--follow-symlinks reads it)"
        if why is not None:
            self._skip(Job(path, retry_key(name), st.st_size, st.st_mtime_ns), why)
            return None
        follow = link
        inode = (st.st_dev, st.st_ino) if link else None
        try:
            digest = hash_file(path, follow=follow)
        except NotRegularFile as exc:  # replaced by a FIFO since the stat
            self._skip(Job(path, retry_key(name), 0, 0), exc.reason)
            return None
        except OSError as exc:
            self._finish(FileResult(Job(path, retry_key(name), 0, 0), [], error=f"cannot read: {exc.strerror or exc}"))
            return None
        limit = MAX_RECORD_FILE_BYTES if os.path.splitext(path)[1].lower() in RECORD_SUFFIXES else MAX_BYTES
        job = Job(path, digest, st.st_size, st.st_mtime_ns, follow=follow, inode=inode, copies=self.copies)
        known = self.db.execute("SELECT hash, program_version, status FROM paths WHERE path = ?", [name]).fetchone()
        if not self.force and known and known[0] == digest and known[1] == self.version:
            counts.unchanged += 1
            _tick(self.progress, counts)
            return None
        if not known:
            counts.new += 1
        elif known[0] == digest and known[1] == self.version:
            counts.forced += 1  # --force: the same bytes again, not a change
        else:
            counts.changed += 1
        if st.st_size > limit:
            reason = f"{st.st_size / 1024 / 1024:.1f} MB is larger than the {limit // 1024 // 1024} MB limit"
            self._record(job, "too_large", reason)
            return None
        if os.path.splitext(path)[1].lower() in RECORD_SUFFIXES:
            return job
        leader = self.in_flight.get(digest)
        if leader is not None:  # the same bytes are being extracted for another path: link when they are stored
            self.followers.setdefault(leader, []).append(job)
            return None
        same = None if self.force else self.db.execute(SAME_BYTES_STORED, [digest, self.version, name]).fetchone()
        if same is not None:
            self._link(job, same[0], same[1])  # the same file reached by another path
            return None
        self.in_flight[digest], self.leading[path] = path, digest
        return job

    def done(self, result: FileResult) -> None:
        """After `result` is stored: link (or, if its file changed meanwhile, extract) the paths with its bytes."""
        job = result.job
        digest = self.leading.pop(job.path, None)
        if digest is None:
            return
        del self.in_flight[digest]
        usable = result.error is None and len(result.docs) == 1 and job.file_hash == digest
        for follower in self.followers.pop(job.path, []):
            if usable:
                self._link(follower, result.docs[0].id, result.docs[0].status)
            else:  # the leader could not be read, or changed while it was read: this path on its own
                self._finish(process_job(follower))

    def _outside(self, path: str) -> bool:
        real = os.path.realpath(path)
        return not any(real == r or real.startswith(r.rstrip(os.sep) + os.sep) for r in self.real_roots)

    def _link(self, job: Job, document_id: str, status: str) -> None:
        self.counts.claims_removed += self.writer.link_path(job, document_id, status)
        self.counts.duplicates += 1
        _tick(self.progress, self.counts)

    def _skip(self, job: Job, reason: str) -> None:
        self._record(job, "skipped", reason)

    def _record(self, job: Job, status: str, reason: str) -> None:
        changed = self.writer.record_skip(job, status, reason)
        self.counts.add_changes(changed)
        self.counts.add(status)
        self.report.problems.append((job.name, status, reason))
        _tick(self.progress, self.counts)

    def _finish(self, result: FileResult) -> None:
        _store(self.writer, result, self.report)
        _tick(self.progress, self.counts)


def _store(writer, result, report) -> None:
    from ..store.writer import CopyGone

    try:
        changed = writer.write(result)
    except CopyGone:  # a copy of a document that is not stored after all: extract it here
        result.job.copies = None
        result = process_job(result.job)
        return _store(writer, result, report)
    except (sqlite3.IntegrityError, sqlite3.InterfaceError, OverflowError, ValueError) as exc:
        # the file's group was rolled back and its other files written again; record it as an error rather than
        # stop the batch
        result = FileResult(result.job, [], error=f"internal error: cannot store: {exc}")
        changed = writer.write(result)
    counts = report.counts
    counts.add_changes(changed)
    if result.error is not None:
        counts.error += 1
        report.problems.append((result.job.name, "error", result.error))
        return
    for doc in result.docs:
        if doc.copy:
            counts.duplicates += 1  # the same text is stored under another path
            continue
        counts.add(doc.status)
        if doc.status in ("unreadable", "too_large", "skipped"):
            report.problems.append((doc.path, doc.status, doc.reason or ""))


def _find_flags(db, run_id: int) -> dict | None:
    from ..contradictions.db import find_and_save

    return find_and_save(db, run_id)


class _executor:
    """Context manager yielding `execute(jobs) -> iterator of FileResult`, in submission order."""

    WINDOW_PER_WORKER = 4  # jobs in flight per worker: enough to hide latency, few enough to bound memory

    def __init__(self, engine: str, workers: int, scheduler: str | None):
        self.engine, self.workers, self.scheduler = engine, workers, scheduler
        self._close = []

    def __enter__(self):
        if self.engine == "dask":
            from .workers import dask_executor

            execute, close = dask_executor(self.workers, self.scheduler, self.WINDOW_PER_WORKER)
        elif self.workers == 1:
            from .jobs import process_job

            execute, close = (lambda jobs: map(process_job, jobs)), (lambda: None)
        else:
            from .workers import process_executor

            execute, close = process_executor(self.workers, self.WINDOW_PER_WORKER)
        self._close.append(close)
        return execute

    def __exit__(self, *exc):
        for close in self._close:
            close()
        return False
