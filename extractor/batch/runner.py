"""`extract batch`: every article under some folders into the store, incrementally.

The main process walks the folders, hashes each file and asks the store whether that content was already
extracted by this program version; only new or changed files become jobs. Jobs run in worker processes
(`multiprocessing`, or a Dask cluster); results come back in submission order and the main process alone writes
them (`store.writer.BatchWriter`: each file whole in a savepoint, files committed in groups). So `--workers 8`
writes exactly what `--workers 1` writes, at most a few jobs per worker are in flight (memory stays bounded whatever
the corpus size), and a batch killed at any moment leaves whole files behind it, never half of one.
"""
from __future__ import annotations

import os
import sqlite3
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable

from ..ingest import MAX_BYTES
from .jobs import FileResult, Job, hash_file
from .walk import RECORD_SUFFIXES, walk

MAX_RECORD_FILE_BYTES = 2 * 1024 ** 3  # a .jsonl feed is streamed record by record; past this it is refused


@dataclass
class BatchReport:
    run_id: int
    seconds: float
    counts: Counter = field(default_factory=Counter)
    stories: dict = field(default_factory=dict)
    flags: dict | None = None
    problems: list[tuple[str, str, str]] = field(default_factory=list)  # (path, status, reason)

    @property
    def failed(self) -> int:
        """Files that could not even be read (I/O errors, internal errors) — not the bad files we recorded."""
        return self.counts["error"]


def run_batch(roots: Iterable[str], db_path: str, *, workers: int | None = None, force: bool = False,
              engine: str = "processes", scheduler: str | None = None,
              progress: Callable[[dict], None] | None = None, find_flags: bool = True) -> BatchReport:
    """Extract every article under `roots` into the database at `db_path`; see the module docstring."""
    from ..store import open_db, program_version

    roots = [str(r) for r in roots]
    workers = max(1, workers or os.cpu_count() or 1)
    version = program_version()
    db = open_db(db_path)
    try:
        with _executor(engine, workers, scheduler) as execute:
            return _run(db, execute, roots, force, engine, workers, version, progress, find_flags)
    finally:
        db.close()


def _run(db, execute, roots, force, engine, workers, version, progress, find_flags) -> BatchReport:
    from ..store.story_index import story_counts
    from ..store.writer import BatchWriter, finish_run, start_run

    started = time.perf_counter()
    run_id = start_run(db, "batch " + " ".join(roots), engine, workers, version)
    report = BatchReport(run_id=run_id, seconds=0.0)
    counts = report.counts
    try:
        with BatchWriter(db, run_id, version) as writer:
            for result in execute(_plan(db, writer, roots, force, version, report, progress)):
                _store(writer, result, report)
                _tick(progress, counts)
            # each document joined its story as it was written; stories that lost a member may have split
            writer.regroup_stories()
        counts["documents"] = db.execute("SELECT count(*) FROM documents").fetchone()[0]
        report.stories = story_counts(db.conn)
        # nothing stored changed: the flags of the last run still stand (an unchanged nightly re-run is then a
        # walk and a hash per file); `extract contradictions` recomputes flags on demand
        touched = force or any(counts[k] for k in ("new", "changed", "claims_added", "claims_removed"))
        if touched and find_flags:
            report.flags = _find_flags(db, run_id)
    except BaseException:
        report.seconds = time.perf_counter() - started
        finish_run(db, run_id, counts, report.seconds, status="failed")
        raise
    report.seconds = time.perf_counter() - started
    finish_run(db, run_id, counts, report.seconds)
    return report


def _tick(progress, counts) -> None:
    counts["handled"] += 1  # files finished, whatever became of them
    if progress is not None:
        progress(counts)


def _plan(db, writer, roots, force, version, report, progress):
    """Yield a Job for each file that needs extracting; record the rest (unchanged, duplicate, too large) here."""
    counts = report.counts
    for path in walk(roots):
        counts["files"] += 1
        try:
            st = os.stat(path)
            limit = MAX_RECORD_FILE_BYTES if os.path.splitext(path)[1].lower() in RECORD_SUFFIXES else MAX_BYTES
            digest = hash_file(path)
        except OSError as exc:  # permission denied, vanished mid-walk: an error row, and on to the next file
            failed = FileResult(Job(path, _path_key(path), 0, 0), [], error=f"cannot read: {exc.strerror or exc}")
            _store(writer, failed, report)
            _tick(progress, counts)
            continue
        job = Job(path, digest, st.st_size, st.st_mtime_ns)
        known = db.execute("SELECT hash, program_version, status FROM paths WHERE path = ?", [path]).fetchone()
        if not force and known and known[0] == digest and known[1] == version:
            counts["unchanged"] += 1
            _tick(progress, counts)
            continue
        counts["changed" if known else "new"] += 1
        if st.st_size > limit:
            reason = f"{st.st_size / 1024 / 1024:.1f} MB is larger than the {limit // 1024 // 1024} MB limit"
            writer.record_skip(job, "too_large", reason)
            counts["too_large"] += 1
            report.problems.append((path, "too_large", reason))
            _tick(progress, counts)
            continue
        same = None if force else db.execute(
            "SELECT p.document_id, p.status FROM paths p JOIN documents d ON d.id = p.document_id "
            "WHERE p.hash = ? AND p.program_version = ? AND p.path != ? LIMIT 1", [digest, version, path]).fetchone()
        if same is not None and os.path.splitext(path)[1].lower() not in RECORD_SUFFIXES:
            writer.link_path(job, same[0], same[1])  # the same file reached by another path
            counts["duplicates"] += 1
            _tick(progress, counts)
            continue
        yield job


def _path_key(path: str) -> str:
    from .jobs import hash_bytes

    return hash_bytes(("unreadable-path\x1f" + path).encode("utf-8", "surrogatepass"))


def _store(writer, result, report) -> None:
    try:
        changed = writer.write(result)
    except (sqlite3.IntegrityError, sqlite3.InterfaceError, OverflowError, ValueError) as exc:
        # the file's savepoint rolled back; record it as an error rather than stop the batch
        result = FileResult(result.job, [], error=f"internal error: cannot store: {exc}")
        changed = writer.write(result)
    counts = report.counts
    counts["claims_added"] += changed["claims_added"]
    counts["claims_removed"] += changed["claims_removed"]
    if result.error is not None:
        counts["error"] += 1
        report.problems.append((result.job.path, "error", result.error))
        return
    for doc in result.docs:
        counts[doc.status] += 1
        if doc.status in ("unreadable", "too_large"):
            report.problems.append((doc.path, doc.status, doc.reason or ""))


def _find_flags(db, run_id: int) -> dict | None:
    try:
        from ..contradictions.store import find_and_save
    except ImportError:
        return None
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
