"""The work one worker does for one file: read → (on topic?) → claims → story signature. No database writes here.

Runs in worker processes (or on Dask workers), so everything it returns is plain, picklable data, and it never
raises: a file that cannot be read, or a bug tripped by one article, becomes a result with a status and a reason,
and the batch goes on.

Each file is read once, and `Job.file_hash` becomes the hash of exactly the bytes that were extracted: a file
rewritten while the batch runs is stored with the hash of the version whose claims are stored, so the next run
sees the difference and reads it again (issue 14). Only regular files are opened, never blocking (a FIFO swapped in
after the walk is refused, not waited on), and a path the walk saw as a plain file is opened without following a
symbolic link put there since.

A document whose text is already stored by this program version (a syndicated copy under another name, the same
page with other markup) is recognised before its claims are extracted (`CopyCheck`): the result names the stored
document and the writer only links the path to it.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
from dataclasses import dataclass, field

from ..errors import UnreadableInput
from ..ingest.files import NotRegularFile, open_regular, shown_path
from . import spool
from .spool import ClaimRows

STATUSES = ("ok", "off_topic", "unreadable", "too_large", "skipped", "error")


@dataclass(frozen=True)
class CopyCheck:
    """Where a worker looks up whether a text is already stored: the database (read-only, committed rows only),
    by this program version — with --force, only what this run has stored."""

    db_path: str
    version: str
    run_id: int
    force: bool = False


@dataclass
class Job:
    path: str  # as the file system gives it (a name that is not UTF-8 keeps its bytes as surrogates); `name` shows it
    file_hash: str  # sha1 of the file: as hashed by the walk, then of the bytes the worker read
    size: int
    mtime_ns: int
    data: bytes | None = None  # shipped with the job to remote (Dask) workers; local workers read the file
    follow: bool = True  # False: the walk saw a plain file here, so a symbolic link found in its place is refused
    inode: tuple[int, int] | None = None  # (st_dev, st_ino) a followed link led to when the walk checked it
    copies: CopyCheck | None = None
    spill: bool = True  # a huge document's claim rows may go to a local temporary file (`spool.ClaimRows`)

    @property
    def name(self) -> str:
        """The path as stored and shown (`ingest.files.shown_path`)."""
        return shown_path(self.path)


@dataclass
class DocResult:
    id: str  # content_id (hash of the text and metadata); for unreadable files, the hash of the bytes
    path: str  # "dir/a.html", or "feed.jsonl#3" for the third record of a feed
    source_file: str
    kind: str
    status: str
    reason: str | None = None
    size: int | None = None
    url: str | None = None
    publisher: str | None = None
    title: str | None = None
    published: str | None = None
    language: str | None = None
    text: str | None = None
    body_start: int = 0
    excluded: str | None = None  # JSON list of [start, end, reason]
    minhash: bytes | None = None
    # store rows, values in store.schema.CLAIM_COLUMNS order: a list, or (from a worker) `spool.ClaimRows`, which
    # keeps a huge article's rows in a temporary file; the writer reads either a chunk at a time
    claims: list[tuple] | ClaimRows = field(default_factory=list)
    copy: bool = False  # the same text is already stored as document `id`: link to it, extract nothing


@dataclass
class FileResult:
    job: Job
    docs: list[DocResult]
    error: str | None = None  # the file itself could not be read (permission, vanished, I/O error)


def hash_bytes(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


def hash_file(path: str, chunk: int = 1 << 20, *, follow: bool = True) -> str:
    """Streaming sha1: bounded memory whatever the file size. Regular files only (`NotRegularFile`)."""
    h = hashlib.sha1()
    with open_regular(path, follow=follow) as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


def retry_key(name: str) -> str:
    """The hash recorded for a path that could not be read: never the hash of any content, so the next run reads
    the file again whatever it then holds."""
    return hash_bytes(("unreadable-path\x1f" + name).encode("utf-8", "surrogatepass"))


def process_job(job: Job) -> FileResult:
    """Never raises (see module docstring)."""
    try:
        suffix = os.path.splitext(job.path)[1].lower()
        from .walk import RECORD_SUFFIXES

        if suffix in RECORD_SUFFIXES:
            return FileResult(job, _records(job))
        data = job.data if job.data is not None else _read(job)
        job.file_hash = hash_bytes(data)  # what is extracted below, whatever the file holds by now
        job.size = len(data)
        return FileResult(job, [_one_document(job, data)])
    except Replaced as exc:
        job.file_hash = retry_key(job.name)
        return FileResult(job, [], error=str(exc))
    except NotRegularFile as exc:  # the walk saw a regular file; something else is there now
        job.file_hash = retry_key(job.name)
        return FileResult(job, [DocResult(id=job.file_hash, path=job.name, source_file=job.name, kind="txt",
                                          status="skipped", reason=exc.reason)])
    except OSError as exc:
        return FileResult(job, [], error=f"cannot read: {exc.strerror or exc}")
    except Exception as exc:  # a bug must not stop a batch of thousands; the reason names it for a report
        return FileResult(job, [], error=f"internal error: {type(exc).__name__}: {exc}")


def process_chunk(jobs: list[Job]) -> list[FileResult]:
    return [process_job(j) for j in jobs]


class Replaced(Exception):
    """The path leads to another file than the one the walk checked (a symbolic link swapped in)."""


def open_job(job: Job):
    """The job's file, opened once: a regular file, the one the walk checked. Sets size and mtime from it."""
    try:
        fh = open_regular(job.path, follow=job.follow)
    except OSError as exc:
        if not job.follow and exc.errno == getattr(os, "ELOOP", None):
            raise Replaced("became a symbolic link while the batch ran: not followed (read again next run)") \
                from None
        raise
    st = os.fstat(fh.fileno())
    if job.inode is not None and (st.st_dev, st.st_ino) != job.inode:
        fh.close()
        raise Replaced("the symbolic link was changed while the batch ran (read again next run)")
    job.size, job.mtime_ns = st.st_size, st.st_mtime_ns
    return fh


def _read(job: Job) -> bytes:
    from ..ingest import MAX_BYTES

    with open_job(job) as fh:
        return fh.read(MAX_BYTES + 1)


def _one_document(job: Job, data: bytes) -> DocResult:
    from ..ingest import HTML_SUFFIXES, TEXT_SUFFIXES, read_bytes, sniff_kind

    suffix = os.path.splitext(job.path)[1].lower()
    kind = "html" if suffix in HTML_SUFFIXES else "txt" if suffix in TEXT_SUFFIXES else None
    base = DocResult(id=job.file_hash, path=job.name, source_file=job.name, kind=kind or "txt", status="ok",
                     size=job.size)
    try:
        doc = read_bytes(data, job.name, kind)
    except UnreadableInput as exc:
        base.status, base.reason = "unreadable", exc.reason
        return base
    base.kind = kind or sniff_kind(data)  # the same sniffing read_bytes did
    base.id = content_id(doc)
    return _fill(base, doc, job)


def content_id(doc) -> str:
    """A readable document's id: the hash of its text — what it says, not how it is encoded. A UTF-16 copy of a UTF-8 article, or an HTML
    page that differs only in markup, is the same document — its claims (whose ids come from the text) are the
    same claims, so two documents must never hold them. (The same text under two URLs is one document too; its
    paths all stay in the paths table.)"""
    return hash_bytes(doc.text.encode("utf-8", "surrogatepass"))


class _HashingReader(io.RawIOBase):
    """A raw reader that hashes every byte it passes on: `prefix` (already read), then the file."""

    def __init__(self, prefix: bytes, fh):
        self._prefix, self._fh = memoryview(prefix), fh
        self.sha1 = hashlib.sha1(prefix)

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:
        if self._prefix:
            n = min(len(buf), len(self._prefix))
            buf[:n] = self._prefix[:n]
            self._prefix = self._prefix[n:]
            return n
        n = self._fh.readinto(buf)
        if n:
            self.sha1.update(memoryview(buf)[:n])
        return n

    def drain(self) -> str:
        """Hash the rest of the file too (a reader that stopped early still gets the hash of the whole file)."""
        while block := self._fh.read(1 << 20):
            self.sha1.update(block)
        return self.sha1.hexdigest()


def _records(job: Job) -> list[DocResult]:
    """A scraper file's records. Read once: a file up to MAX_BYTES whole (hashed, then parsed from memory); a
    larger .jsonl streamed, hashed as it is read."""
    from ..ingest import MAX_BYTES
    from ..ingest.scraped import read_records

    if job.data is not None:
        data = job.data
    else:
        with open_job(job) as raw:
            data = raw.read(MAX_BYTES + 1)
            if len(data) > MAX_BYTES:  # a big feed: go on reading it from the file, hashing as it goes
                hashing = _HashingReader(data, raw)
                out = _record_results(job, read_records(job.path, io.BufferedReader(hashing), len(data)))
                job.file_hash = hashing.drain()
                job.size = os.fstat(raw.fileno()).st_size
                return _name_unreadable(job, out)
    job.file_hash = hash_bytes(data)
    job.size = len(data)
    out = _record_results(job, read_records(job.path, io.BufferedReader(io.BytesIO(data)), len(data)))
    return _name_unreadable(job, out)


def _record_results(job: Job, records) -> list[DocResult]:
    out = []
    for rec in records:
        if rec.document is None:
            reason = rec.error.reason if rec.error else "unreadable record"
            out.append(DocResult(id="", path=rec.name, source_file=job.name, kind="record", status="unreadable",
                                 reason=reason))
            continue
        doc = rec.document
        base = DocResult(id=content_id(doc), path=rec.name, source_file=job.name,
                         kind="record", status="ok", size=len(doc.text))
        out.append(_fill(base, doc, job))
    return out


def _name_unreadable(job: Job, docs: list[DocResult]) -> list[DocResult]:
    # an unreadable record's id: the file's hash (known once the whole file was read) and the record's name
    for d in docs:
        if not d.id:
            d.id = hash_bytes(f"{job.file_hash}\x1f{d.path}".encode("utf-8", "surrogatepass"))
    return docs


def _fill(base: DocResult, doc, job: Job) -> DocResult:
    from ..claims import iter_claims
    from ..claims.topic import is_about_karmayogi
    from ..ingest.language import detect_language
    from ..store import claim_to_row
    from ..store.schema import CLAIM_COLUMNS
    from ..stories import signature, story_text

    copies = job.copies
    stored = _stored_copy(copies, base.id)
    if stored is not None:  # the same text is stored already: nothing to extract
        base.status, base.copy = stored, True
        return base
    m = doc.meta
    base.url, base.publisher, base.title, base.published = m.url, m.publisher, m.title, m.published
    base.language = m.language or detect_language(doc.text, doc.excluded, doc.body_start)
    base.text, base.body_start = doc.text, doc.body_start
    base.excluded = json.dumps([[s.start, s.end, s.reason] for s in doc.excluded])
    if not is_about_karmayogi(doc):
        base.status, base.reason = "off_topic", "nothing about Mission Karmayogi outside page furniture"
    else:
        # streamed: a compact row per claim, no list of records; a huge article's rows spill to a file
        rows = base.claims = ClaimRows(spool.SPILL_ROWS if job.spill else None)
        for i, claim in enumerate(iter_claims(doc)):
            row = claim_to_row(claim, base.id, i)
            rows.append(tuple(row[k] for k in CLAIM_COLUMNS))
        rows.close()
        base.minhash = signature(story_text(doc))
    _remember(copies, base.id, base.status)
    return base


# -- recognising a copy before extracting it ------------------------------------------------------------------------

_SEEN_LIMIT = 100_000  # texts this process extracted in this run, remembered (an id is 40 characters)
_seen: dict = {"run": None, "ids": {}}
_conn: dict = {"key": None, "conn": None}


def _remember(copies: CopyCheck | None, doc_id: str, status: str) -> None:
    if copies is None or status not in ("ok", "off_topic"):
        return
    key = (copies.db_path, copies.run_id)
    if _seen["run"] != key:
        _seen["run"], _seen["ids"] = key, {}
    ids = _seen["ids"]
    if len(ids) >= _SEEN_LIMIT:
        ids.pop(next(iter(ids)))
    ids[doc_id] = status


def _stored_copy(copies: CopyCheck | None, doc_id: str) -> str | None:
    """The status of the stored document with this text ("ok" or "off_topic"), or None: extract it. Looks at the
    texts this process extracted in this run (written before this job's result, which comes later in order), then
    at what the database has committed. Any doubt means None: the writer checks again before linking."""
    if copies is None:
        return None
    if _seen["run"] == (copies.db_path, copies.run_id) and doc_id in _seen["ids"]:
        return _seen["ids"][doc_id]
    conn = _reader(copies)
    if conn is None:
        return None
    try:
        row = conn.execute(
            "SELECT status FROM documents WHERE id = ? AND program_version = ? AND status IN ('ok', 'off_topic')"
            " AND (? = 0 OR last_run = ?)", [doc_id, copies.version, int(copies.force), copies.run_id]).fetchone()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def close_reader() -> None:
    """Close this process's read-only connection (the end of a run in the main process): the last connection to
    close lets SQLite fold the WAL back into the database file."""
    if _conn["conn"] is not None and _conn["key"][2] == os.getpid():
        _conn["conn"].close()
    _conn.update(key=None, conn=None)


def _reader(copies: CopyCheck):
    """A read-only connection to the database, one per process and run (opened after a fork, never inherited)."""
    key = (copies.db_path, copies.run_id, os.getpid())
    if _conn["key"] == key:
        return _conn["conn"]
    from urllib.parse import quote

    close_reader()
    try:
        conn = sqlite3.connect(f"file:{quote(os.path.abspath(copies.db_path))}?mode=ro", uri=True, timeout=1.0,
                               check_same_thread=False)
    except sqlite3.Error:
        conn = None
    _conn.update(key=key, conn=conn)
    return conn
