"""Flags in the store: written by each contradiction run, read by the queue, decided by reviewers.

A re-run never resets a reviewer's work: a flag found again (same id — same kind over the same claims) keeps its
status, version, assignee and audit trail and only gets its record refreshed; a flag no longer found (its claims
were re-extracted away) is marked inactive, not deleted, so its decisions stay on record.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Iterable, Iterator

from ..records import Flag
from . import dumps

SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def flag_row(flag: Flag, run_id: int | None) -> dict:
    published = [c.published for c in flag.claims if c.published]
    return {
        "id": flag.id, "kind": flag.kind, "metric": flag.metric, "state": flag.state, "severity": flag.severity,
        "severity_rank": SEVERITY_RANK[flag.severity], "claim_ids": dumps(sorted(c.id for c in flag.claims)),
        "record": flag.model_dump_json(exclude={"status"}), "explanation_en": flag.explanation_en,
        "explanation_hi": flag.explanation_hi, "supported_value": flag.supported_value,
        "latest_published": max(published) if published else None, "active": 1, "last_run": run_id,
        "confidence": flag.confidence,
    }


def save_flags(db, flags: Iterable[Flag], run_id: int | None = None, *, deactivate_missing: bool = True) -> dict:
    """Upsert this run's flags in one transaction. Returns counts: new, seen_again, resolved (no longer found)."""
    from . import write_transaction

    stamp = now()
    new = again = 0
    seen: set[str] = set()
    with write_transaction(db):
        existing = {r[0] for r in db.execute("SELECT id FROM flags")}
        for flag in flags:
            if flag.id in seen:
                continue
            seen.add(flag.id)
            row = flag_row(flag, run_id)
            if flag.id in existing:
                again += 1
                sets = ", ".join(f"[{k}] = ?" for k in row if k != "id")
                db.execute(f"UPDATE flags SET {sets}, updated = ? WHERE id = ?",
                           [v for k, v in row.items() if k != "id"] + [stamp, flag.id])
            else:
                new += 1
                row.update({"status": "open", "version": 1, "first_run": run_id, "created": stamp,
                            "updated": stamp})
                db["flags"].insert(row)
        resolved = 0
        if deactivate_missing:
            gone = existing - seen
            for fid in gone:
                cur = db.execute("UPDATE flags SET active = 0, updated = ? WHERE id = ? AND active = 1", [stamp, fid])
                resolved += cur.rowcount
    return {"new": new, "seen_again": again, "no_longer_found": resolved}


def load_flag(db, flag_id: str) -> Flag | None:
    row = db.execute("SELECT record, status FROM flags WHERE id = ?", [flag_id]).fetchone()
    if row is None:
        return None
    flag = Flag.model_validate_json(row[0])
    return flag.model_copy(update={"status": row[1]})


def iter_flags(db, *, active_only: bool = True) -> Iterator[Flag]:
    """Flags in queue order: severity, then the most recent publication first."""
    sql = ("SELECT record, status FROM flags" + (" WHERE active = 1" if active_only else "")
           + " ORDER BY severity_rank, latest_published DESC, id")
    for record, status in db.execute(sql):
        yield Flag.model_validate_json(record).model_copy(update={"status": status})
