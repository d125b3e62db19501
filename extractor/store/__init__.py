"""The embedded store: one SQLite file (sqlite-utils) that batch runs write and the contradiction finder, the
exports and the review queue read.

    open_db(path)               open (or create) and migrate; WAL journal, waits for a busy writer
    write_transaction(db)       BEGIN IMMEDIATE … COMMIT: one document's rows land together or not at all
    iter_claims(db)             every stored claim as the public `Claim` record
    program_version()           package version + a digest of the language data (a data change re-extracts)

Why WAL + BEGIN IMMEDIATE: readers (the review queue, Datasette) never block the batch writer; two writers
serialise instead of failing half-way; and a process killed with SIGKILL leaves the last committed document intact
(SQLite's journal is the crash-safety, not our code).
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
import sys
import time
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from ..errors import EXIT_DATABASE, ExtractorError
from ..records import Claim


def _import_sqlite_utils() -> None:
    """Import sqlite-utils without pandas. sqlite-utils loads pandas whenever it is installed, only to store pandas
    Timestamps as TEXT, which this program never passes; pandas is 36 MB of every process that opens a database
    (docs/decisions.md, "A huge article in a batch"). When pandas is already loaded, nothing changes."""
    if "sqlite_utils" in sys.modules or "pandas" in sys.modules:
        return
    sys.modules["pandas"] = None  # type: ignore[assignment]  # sqlite-utils' optional import then fails
    try:
        import sqlite_utils  # noqa: F401
    finally:
        if "pandas" in sys.modules and sys.modules["pandas"] is None:
            del sys.modules["pandas"]  # a later `import pandas` (indic-nlp) loads it as usual


_import_sqlite_utils()

BUSY_TIMEOUT_MS = 60_000  # a second batch waits this long for the first one's transaction before giving up


class StoreError(ExtractorError):
    """The database cannot be used: not a claims database, damaged, read-only, made by a newer version, or locked by
    another writer for too long. The message is one line; the CLI exits with `EXIT_DATABASE` for it."""


class StoreBusy(StoreError):
    pass


class NewerDatabase(StoreError):
    """The database was migrated by a newer version of this program (schema.ensure_schema)."""


# EXIT_DATABASE (imported above, from errors.py): the exit status of every command when the database cannot be used


def open_db(path: str | Path, *, create: bool = True):
    """Open the claims database at `path`, creating and migrating it as needed."""
    from sqlite_utils import Database

    from .schema import ensure_schema

    path = Path(path)
    if not create and not path.exists():
        raise StoreError(f"{path}: no such database (run `extract batch DIR --db {path}` first)")
    if path.is_dir():
        raise StoreError(f"{path}: is a directory, not a database file")
    db = None
    try:
        db = Database(path)
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _wal(db)
        db.execute("PRAGMA synchronous = NORMAL")  # with WAL: safe against a killed process, fast commits
        ensure_schema(db)
    except sqlite3.DatabaseError as exc:
        if db is not None:
            db.close()
        raise store_error(exc, path) from None
    except StoreError as exc:
        if db is not None:
            db.close()
        if isinstance(exc, NewerDatabase):
            raise NewerDatabase(f"{path}: {exc}") from None
        raise
    return db


def _wal(db) -> None:
    """Switch to the WAL journal. Changing the journal mode takes an exclusive lock and does not wait for one: two
    processes opening a new database at once retry here, up to BUSY_TIMEOUT_MS."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            db.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _is_busy(exc: Exception) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


def store_error(exc: sqlite3.DatabaseError, path, waited: float | None = None) -> StoreError:
    """The one-line StoreError for an SQLite error on the database at `path`."""
    msg = str(exc)
    if _is_busy(exc):
        if waited is not None and waited < BUSY_TIMEOUT_MS / 1000 - 1:
            return StoreBusy(f"{path}: database busy — another process holds a lock this one cannot wait for "
                             f"({msg}); try again")
        return StoreBusy(f"{path}: database busy — another process has been writing to it for over "
                         f"{BUSY_TIMEOUT_MS // 1000} s; try again when it finishes")
    if "readonly" in msg or "read-only" in msg:
        return StoreError(f"{path}: the database is read-only ({msg}): check the permissions of the file and its "
                          f"folder")
    if "not a database" in msg or "malformed" in msg or "corrupt" in msg:
        return StoreError(f"{path}: not a claims database, or a damaged one ({msg})")
    if "unable to open" in msg:
        return StoreError(f"{path}: cannot open the database ({msg}): check the path and the permissions")
    return StoreError(f"{path}: {msg}")


@contextlib.contextmanager
def store_errors(path) -> Iterator[None]:
    """Any SQLite error inside the block becomes a one-line StoreError naming `path` (a database damaged in the
    middle of its pages is found only when a query reaches them)."""
    try:
        yield
    except sqlite3.DatabaseError as exc:
        raise store_error(exc, path) from None


def begin_immediate(db) -> None:
    """BEGIN IMMEDIATE, with SQLite's "database is locked" turned into StoreBusy (after BUSY_TIMEOUT_MS, or at
    once when waiting could not help)."""
    started = time.monotonic()
    try:
        db.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise store_error(exc, _db_path(db), time.monotonic() - started) from None


@contextlib.contextmanager
def write_transaction(db) -> Iterator:
    """One write transaction that takes the write lock up front (waiting up to BUSY_TIMEOUT_MS for another
    writer), so two batches on one database serialise instead of failing half-way through a document."""
    begin_immediate(db)
    try:
        yield db
    except BaseException:
        db.rollback()
        raise
    else:
        db.execute("COMMIT")


def _db_path(db) -> str:
    row = db.execute("PRAGMA database_list").fetchone()
    return row[2] if row else "database"


# data files that shape flags or the review pages, not what is extracted: editing them must not re-extract
_NOT_EXTRACTION_DATA = {"explanations.toml"}


@lru_cache(maxsize=1)
def program_version() -> str:
    """`0.1.0+3f2a9c1d`: the package version and a digest of the language data files, so a changed synonym list
    makes the next batch re-extract what it would now read differently."""
    from .. import __version__

    lang = Path(__file__).resolve().parent.parent / "lang"
    digest = hashlib.sha1()
    for f in sorted(lang.rglob("*.toml")):
        if f.name in _NOT_EXTRACTION_DATA:
            continue
        digest.update(f.name.encode())
        digest.update(f.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:8]}"


def claim_to_row(claim: Claim, document_id: str, position: int) -> dict:
    """The stored row: the flat CSV row of `extract FILE --format csv`, linked to its document and place in it."""
    from ..output import claim_row

    row = {**claim_row(claim), "document_id": document_id, "position": position}
    for key in ("value", "value_max"):  # SQLite integers are 64-bit; "99999999999999 करोड़" is not
        if isinstance(row[key], int) and not -2**63 <= row[key] < 2**63:
            row[key] = float(row[key])
    return row


def claim_from_row(row: dict) -> Claim:
    """The stored row back into the public record: exactly what `extract FILE --format jsonl` printed."""
    value = row["value"]
    value_max = row["value_max"]
    return Claim.model_validate({
        "id": row["id"], "metric": row["metric"], "metric_text": row["metric_text"],
        "value": _number(value), "value_max": _number(value_max), "qualifier": row["qualifier"],
        "unit": row["unit"], "state": row["state"], "entity": row["entity"], "as_of": row["as_of"],
        "period": row.get("period") or "cumulative", "event": row.get("event"),
        "confidence": 1.0 if row.get("confidence") is None else row["confidence"],
        "published": row["published"], "language": row["language"],
        "source": {"path": row["source_path"], "url": row["source_url"], "publisher": row["source_publisher"],
                   "title": row["source_title"]},
        "evidence": {"quote": row["quote"], "start": row["start"], "end": row["end"], "sentence": row["sentence"]},
    })


def _number(v):
    # SQLite REAL gives 145000000.0 back; the record printed 145000000
    if isinstance(v, float) and v.is_integer() and abs(v) < 2**53:
        return int(v)
    return v


def iter_claims(db, where: str | None = None, params: tuple | list = ()) -> Iterator[Claim]:
    """Stored claims in a stable order (document, then position in it); `where` filters on claim columns."""
    sql = "SELECT * FROM claims" + (f" WHERE {where}" if where else "") + " ORDER BY document_id, position"
    cursor = db.execute(sql, params)
    names = [c[0] for c in cursor.description]
    for values in cursor:
        yield claim_from_row(dict(zip(names, values)))


def export_claims(db, metric: str | None = None, state: str | None = None) -> Iterator[Claim]:
    """`extract export`: the stored claims, optionally of one metric and one scope, each given by any name a
    person types (an id or a label, English or Hindi, any case: lang/names.py)."""
    from ..lang.names import canonical_metric, canonical_state

    where, params = [], []
    if metric:
        where.append("metric = ?")
        params.append(canonical_metric(metric))
    if state:
        where.append("state = ?")
        params.append(canonical_state(state))
    return iter_claims(db, " AND ".join(where) or None, params)


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


__all__ = ["open_db", "write_transaction", "begin_immediate", "iter_claims", "export_claims", "claim_to_row", "claim_from_row", "program_version",
           "StoreError", "StoreBusy", "NewerDatabase", "EXIT_DATABASE", "store_error", "store_errors", "dumps"]
