"""The single writer of batch results: one file's documents, claims and path row in one transaction.

Replacing, never appending: a document's claims are deleted and re-inserted together with its row, so a re-run,
a second path to the same content or a batch resumed after `kill -9` can never leave duplicates, and a changed file
swaps its old claims for the new ones atomically.
"""
from __future__ import annotations

import os
import socket
from dataclasses import asdict

from . import write_transaction
from .flags import now

_DOC_FIELDS = ("id", "path", "source_file", "kind", "status", "reason", "size", "url", "publisher", "title",
               "published", "language", "text", "body_start", "excluded", "minhash")


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


def write_file_result(db, result, run_id: int, version: str) -> dict:
    """Store one file's outcome. Returns {"claims_added": n, "claims_removed": m}."""
    job = result.job
    added = removed = 0
    stamp = now()
    with write_transaction(db):
        old = db.execute("SELECT document_id FROM paths WHERE path = ?", [job.path]).fetchone()
        new_ids = set()
        if result.error is not None:
            row = {"id": job.file_hash, "path": job.path, "source_file": job.path, "kind": None, "status": "error",
                   "reason": result.error, "size": job.size}
            removed += _replace_document(db, row, [], run_id, version, stamp)
            new_ids.add(job.file_hash)
            status = "error"
        else:
            for doc in result.docs:
                row = {k: v for k, v in asdict(doc).items() if k in _DOC_FIELDS}
                removed += _replace_document(db, row, doc.claims, run_id, version, stamp)
                added += len(doc.claims)
                new_ids.add(doc.id)
            status = result.docs[0].status if len(result.docs) == 1 else "records"
        # what this path held before and no longer holds goes, unless another path still holds it
        stale = set()
        if old and old[0] and old[0] not in new_ids:
            stale.add(old[0])
        stale |= {r[0] for r in db.execute("SELECT id FROM documents WHERE source_file = ?", [job.path])} - new_ids
        for doc_id in stale:
            if not db.execute("SELECT 1 FROM paths WHERE document_id = ? AND path != ?", [doc_id, job.path]).fetchone():
                removed += db.execute("DELETE FROM claims WHERE document_id = ?", [doc_id]).rowcount
                db.execute("DELETE FROM documents WHERE id = ?", [doc_id])
        _upsert_path(db, job, next(iter(new_ids)) if len(new_ids) == 1 else None, status, run_id, version)
    return {"claims_added": added, "claims_removed": removed}


def link_path(db, job, document_id: str, status: str, run_id: int, version: str) -> None:
    """A second path to content already stored: remember the path, extract nothing."""
    with write_transaction(db):
        _upsert_path(db, job, document_id, status, run_id, version)


def record_skip(db, job, status: str, reason: str, run_id: int, version: str) -> None:
    """A file recorded without reading it (too large): a documents row with the reason, keyed by its hash."""
    row = {"id": job.file_hash, "path": job.path, "source_file": job.path, "kind": None, "status": status,
           "reason": reason, "size": job.size}
    with write_transaction(db):
        _replace_document(db, row, [], run_id, version, now())
        _upsert_path(db, job, job.file_hash, status, run_id, version)


def _replace_document(db, row: dict, claims: list[dict], run_id: int, version: str, stamp: str) -> int:
    removed = db.execute("DELETE FROM claims WHERE document_id = ?", [row["id"]]).rowcount
    prev = db.execute("SELECT first_run FROM documents WHERE id = ?", [row["id"]]).fetchone()
    full = {k: row.get(k) for k in _DOC_FIELDS}
    full.update({"claims": len(claims), "program_version": version, "first_run": prev[0] if prev else run_id,
                 "last_run": run_id, "extracted_at": stamp})
    db["documents"].insert(full, replace=True)
    if claims:
        # no replace=True: a claim id belongs to one document's text, and a collision must fail loudly (rolling
        # back this file) rather than silently move another document's claims
        db["claims"].insert_all(claims)
    return removed


def _upsert_path(db, job, document_id, status, run_id, version) -> None:
    db["paths"].insert({"path": job.path, "document_id": document_id, "hash": job.file_hash, "size": job.size,
                        "mtime_ns": job.mtime_ns, "status": status, "program_version": version,
                        "last_run": run_id}, replace=True)
