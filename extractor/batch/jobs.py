"""The work one worker does for one file: read → (on topic?) → claims → story signature. No database here.

Runs in worker processes (or on Dask workers), so everything it returns is plain, picklable data, and it never
raises: a file that cannot be read, or a bug tripped by one article, becomes a result with a status and a reason,
and the batch goes on.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field

from ..errors import UnreadableInput

STATUSES = ("ok", "off_topic", "unreadable", "too_large", "error")


@dataclass
class Job:
    path: str
    file_hash: str
    size: int
    mtime_ns: int
    data: bytes | None = None  # shipped with the job to remote (Dask) workers; local workers read the file


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
    claims: list[dict] = field(default_factory=list)  # store rows (claim_to_row)


@dataclass
class FileResult:
    job: Job
    docs: list[DocResult]
    error: str | None = None  # the file itself could not be read (permission, vanished, I/O error)


def hash_bytes(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


def hash_file(path: str, chunk: int = 1 << 20) -> str:
    """Streaming sha1: bounded memory whatever the file size."""
    h = hashlib.sha1()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


def process_job(job: Job) -> FileResult:
    """Never raises (see module docstring)."""
    try:
        suffix = os.path.splitext(job.path)[1].lower()
        from .walk import RECORD_SUFFIXES

        if suffix in RECORD_SUFFIXES:
            return FileResult(job, _records(job))
        data = job.data if job.data is not None else _read(job.path)
        return FileResult(job, [_one_document(job, data)])
    except OSError as exc:
        return FileResult(job, [], error=f"cannot read: {exc.strerror or exc}")
    except Exception as exc:  # a bug must not stop a batch of thousands; the reason names it for a report
        return FileResult(job, [], error=f"internal error: {type(exc).__name__}: {exc}")


def process_chunk(jobs: list[Job]) -> list[FileResult]:
    return [process_job(j) for j in jobs]


def _read(path: str) -> bytes:
    from ..ingest import MAX_BYTES

    with open(path, "rb") as fh:
        return fh.read(MAX_BYTES + 1)


def _one_document(job: Job, data: bytes) -> DocResult:
    from ..ingest import HTML_SUFFIXES, TEXT_SUFFIXES, read_bytes, sniff_kind

    suffix = os.path.splitext(job.path)[1].lower()
    kind = "html" if suffix in HTML_SUFFIXES else "txt" if suffix in TEXT_SUFFIXES else None
    base = DocResult(id=job.file_hash, path=job.path, source_file=job.path, kind=kind or "txt", status="ok",
                     size=job.size)
    try:
        doc = read_bytes(data, job.path, kind)
    except UnreadableInput as exc:
        base.status, base.reason = "unreadable", exc.reason
        return base
    base.kind = kind or sniff_kind(data)  # the same sniffing read_bytes did
    base.id = content_id(doc)
    return _fill(base, doc)


def content_id(doc) -> str:
    """A readable document's id: the hash of its text — what it says, not how it is encoded. A UTF-16 copy of a UTF-8 article, or an HTML
    page that differs only in markup, is the same document — its claims (whose ids come from the text) are the
    same claims, so two documents must never hold them. (The same text under two URLs is one document too; its
    paths all stay in the paths table.)"""
    return hash_bytes(doc.text.encode("utf-8", "surrogatepass"))


def _records(job: Job) -> list[DocResult]:
    from ..ingest.records import read_records

    out = []
    if job.data is not None:  # shipped to a remote worker: read the records from a private temporary copy
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            copy = os.path.join(tmp, os.path.basename(job.path))
            with open(copy, "wb") as fh:
                fh.write(job.data)
            return [_renamed(r, copy, job.path) for r in _records(Job(copy, job.file_hash, job.size, job.mtime_ns))]
    for rec in read_records(job.path):
        if rec.document is None:
            rid = hash_bytes(f"{job.file_hash}\x1f{rec.name}".encode())
            reason = rec.error.reason if rec.error else "unreadable record"
            out.append(DocResult(id=rid, path=rec.name, source_file=job.path, kind="record", status="unreadable",
                                 reason=reason))
            continue
        doc = rec.document
        base = DocResult(id=content_id(doc), path=rec.name, source_file=job.path,
                         kind="record", status="ok", size=len(doc.text))
        out.append(_fill(base, doc))
    return out


def _renamed(doc: DocResult, copy: str, path: str) -> DocResult:
    doc.path = path + doc.path[len(copy):]
    doc.source_file = path
    for row in doc.claims:
        if row.get("source_path", "").startswith(copy):
            row["source_path"] = path + row["source_path"][len(copy):]
    return doc


def _fill(base: DocResult, doc) -> DocResult:
    from ..claims import extract_claims
    from ..claims.topic import is_about_karmayogi
    from ..ingest.language import detect_language
    from ..store import claim_to_row
    from .stories import signature, story_text

    m = doc.meta
    base.url, base.publisher, base.title, base.published = m.url, m.publisher, m.title, m.published
    base.language = m.language or detect_language(doc.text, doc.excluded, doc.body_start)
    base.text, base.body_start = doc.text, doc.body_start
    base.excluded = json.dumps([[s.start, s.end, s.reason] for s in doc.excluded])
    if not is_about_karmayogi(doc):
        base.status, base.reason = "off_topic", "nothing about Mission Karmayogi outside page furniture"
        return base
    base.claims = [claim_to_row(c, base.id, i) for i, c in enumerate(extract_claims(doc))]
    base.minhash = signature(story_text(doc))
    return base
