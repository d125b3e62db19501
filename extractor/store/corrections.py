"""Claim-level decisions of the review desk, as stored: read them, apply them to a claim, export them as gold.

    span_of(db, claim_id)              (document_id, start, end) of a stored claim, or None
    decision_at(db, document_id, start, end)    the decision on a span (dict) or None
    decisions_for(db, rows)            {(document_id, start, end): decision} for claim rows (one query per 300)
    apply(claim, decision)             a claim dict (stored row shape) with a corrected decision's fields applied
    export_gold(db)                    every current decision as gold annotations, one object per document path
    export_rows(db)                    every current decision as flat rows (the review queue's CSV/JSON export)
    left_out(db)                       decisions whose document is no longer stored (export_gold cannot name it)

A decision is keyed by the claim's SPAN — the document's content hash (`documents.id`) and the evidence offsets —
never by the claim id, which changes when the extractor's reading of the metric changes: the same text extracted
again, by a `--force` batch or a new program version, finds its decisions again. The table (`claim_corrections`,
migration m007 in schema.py) is written only by `extractor/review/claim_decisions.py` (reviewer checks, versions,
audit); the contradiction finder applies it in SQL (`extractor/contradictions/db.py`, iter_facts).

status: `rejected` (not a claim: the span feeds no flag), `corrected` (each non-NULL metric / state / period (+event)
/ value (+value_max, qualifier) replaces the extracted one), `withdrawn` (the claim counts as extracted again).

The gold export is the offset format of corpus/gold/realnews/README.md: {"article", "language", "published",
"notes", "claims": [corrected claims with start/end/quote/value/…/metric/state/period], "not_claims": [rejected
spans with start/end/quote/reason]} — so a desk's corrections become evaluation data (`extractor.evaluate.load_gold`
reads each object). Only decided spans are listed: an object is not a full annotation of its article.
"""
from __future__ import annotations

import json
from typing import Iterable

TABLE = "claim_corrections"
STATUSES = ("rejected", "corrected", "withdrawn")
CORRECTED_FIELDS = ("metric", "state", "period", "event", "value", "value_max", "qualifier")
# what the desk can say is wrong about a claim, each with the stored columns it replaces
CORRECTABLE = {"metric": ("metric",), "state": ("state",), "period": ("period", "event"),
               "value": ("value", "value_max", "qualifier")}
# the claim as extracted, kept with a decision (`original`) and written into the gold entries
CLAIM_FIELDS = ("metric", "value", "value_max", "qualifier", "unit", "state", "entity", "period", "event", "as_of",
                "quote")
DECISION_COLUMNS = ("id", "document_id", "start", "end", "quote", "status", "reason", "metric", "state", "period",
                    "event", "value", "value_max", "qualifier", "note", "claim_id", "original", "reviewer",
                    "created", "updated", "version")
_COLUMNS = ", ".join(f"k.[{c}]" for c in DECISION_COLUMNS)
_SELECT = f"SELECT {_COLUMNS} FROM {TABLE} k"


def _rows(cursor) -> list[dict]:
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, values)) for values in cursor.fetchall()]


def number(v):
    """SQLite REAL gives 145000000.0 back; the record says 145000000."""
    if isinstance(v, float) and v.is_integer() and abs(v) < 2**53:
        return int(v)
    return v


def _decision(row: dict | None) -> dict | None:
    if row is None:
        return None
    row = dict(row)
    for k in ("value", "value_max"):
        row[k] = number(row[k])
    try:
        original = json.loads(row.get("original") or "{}")
    except ValueError:
        original = {}
    row["original"] = original if isinstance(original, dict) else {}
    row["corrected"] = corrected_fields(row)
    return row


def corrected_fields(decision: dict) -> list[str]:
    """Which of metric / state / period / value a corrected decision replaces ([] for any other status)."""
    if decision.get("status") != "corrected":
        return []
    return [name for name, cols in CORRECTABLE.items() if decision.get(cols[0]) is not None]


def span_of(db, claim_id: str) -> tuple[str, int, int] | None:
    row = db.execute("SELECT document_id, start, [end] FROM claims WHERE id = ?", [claim_id]).fetchone()
    return None if row is None else (row[0], row[1], row[2])


def decision_at(db, document_id: str, start: int, end: int) -> dict | None:
    """The decision on one span (any status, withdrawn included), or None when nobody decided on it."""
    rows = _rows(db.execute(f"{_SELECT} WHERE k.document_id = ? AND k.start = ? AND k.[end] = ?",
                            [document_id, start, end]))
    return _decision(rows[0]) if rows else None


def decisions_for(db, rows: Iterable[dict]) -> dict[tuple[str, int, int], dict]:
    """The decisions (any status) on the spans of `rows` (dicts with document_id, start, end), keyed by span."""
    spans = sorted({(r["document_id"], r["start"], r["end"]) for r in rows})
    out: dict[tuple[str, int, int], dict] = {}
    for doc_id in sorted({s[0] for s in spans}):  # one indexed query per document (the UNIQUE index leads with it)
        wanted = {s for s in spans if s[0] == doc_id}
        for row in _rows(db.execute(f"{_SELECT} WHERE k.document_id = ?", [doc_id])):
            key = (row["document_id"], row["start"], row["end"])
            if key in wanted:
                out[key] = _decision(row)
    return out


def apply(claim: dict, decision: dict | None) -> dict | None:
    """`claim` (a stored claims row, or any dict with its fields) as the desk decided it: None when rejected, the
    corrected fields replaced when corrected, unchanged otherwise. The dict given is not modified."""
    if decision is None or decision.get("status") == "withdrawn":
        return claim
    if decision["status"] == "rejected":
        return None
    out = dict(claim)
    for name in corrected_fields(decision):
        for col in CORRECTABLE[name]:
            out[col] = decision.get(col)
    return out


# ------------------------------------------------------------------------------------------------ exports

_CURRENT_SQL = f"""
    SELECT {_COLUMNS},
           d.path AS doc_path, d.language AS doc_language, d.published AS doc_published,
           c.id AS now_claim_id, {', '.join(f'c.[{c}] AS [now_{c}]' for c in CLAIM_FIELDS)}
    FROM {TABLE} k
    JOIN documents d ON d.id = k.document_id
    LEFT JOIN claims c ON c.document_id = k.document_id AND c.start = k.start AND c.[end] = k.[end]
    WHERE k.status IN ('rejected', 'corrected')
    ORDER BY k.document_id, k.start, k.[end]
"""


def _current(db) -> list[dict]:
    """Every rejected or corrected span of a stored document, with the claim now at that span (None when the
    extractor no longer reads one there: the claim as extracted when decided stands in)."""
    out = []
    for row in _rows(db.execute(_CURRENT_SQL)):
        now = {c: row.pop(f"now_{c}") for c in CLAIM_FIELDS}
        now_id = row.pop("now_claim_id")
        doc = {k: row.pop(f"doc_{k}") for k in ("path", "language", "published")}
        decision = _decision(row)
        base = now if now_id is not None else {c: decision["original"].get(c) for c in CLAIM_FIELDS}
        base["quote"] = base.get("quote") or decision["quote"]
        for k in ("value", "value_max"):
            base[k] = number(base.get(k))
        out.append({"decision": decision, "claim": base, "claim_id": now_id or decision["claim_id"],
                    "doc": doc})
    return out


def _gold_entry(item: dict) -> tuple[str, dict]:
    d, claim = item["decision"], item["claim"]
    desk = {"reviewer": d["reviewer"], "decided": d["updated"], "version": d["version"], "claim_id": item["claim_id"]}
    if d["status"] == "rejected":
        return "not_claims", {"start": d["start"], "end": d["end"], "quote": claim["quote"],
                              "reason": d["reason"] or "not a claim", "desk": desk}
    fixed = apply(claim, d)
    entry = {"start": d["start"], "end": d["end"], "quote": claim["quote"], "value": fixed["value"],
             "value_max": fixed["value_max"], "qualifier": fixed["qualifier"] or "exact",
             "unit": fixed["unit"] or "count", "metric": fixed["metric"], "state": fixed["state"],
             "entity": fixed["entity"], "period": fixed["period"] or "cumulative", "event": fixed["event"],
             "as_of": fixed["as_of"]}
    was = ", ".join(f"{name} {_shown(claim, name)} → {_shown(fixed, name)}" for name in d["corrected"])
    entry["note"] = f"desk correction: {was}" + (f" ({d['note']})" if d.get("note") else "")
    entry["desk"] = {**desk, "corrected": d["corrected"]}
    return "claims", entry


def _shown(claim: dict, name: str):
    if name == "period" and claim.get("period") == "event" and claim.get("event"):
        return f"event ({claim['event']})"
    return claim.get(name)


def export_gold(db) -> list[dict]:
    """Every current decision (rejected, corrected) as gold annotations: one object per path of each document
    that has some, sorted by path (see the module docstring). Decisions on documents no longer stored are left
    out (`left_out` counts them)."""
    by_doc: dict[str, dict] = {}
    for item in _current(db):
        doc_id = item["decision"]["document_id"]
        entry = by_doc.setdefault(doc_id, {"doc": item["doc"], "claims": [], "not_claims": []})
        section, gold = _gold_entry(item)
        entry[section].append(gold)
    out = []
    for doc_id, entry in by_doc.items():
        paths = [r[0] for r in db.execute("SELECT path FROM paths WHERE document_id = ? ORDER BY path", [doc_id])]
        for path in paths or [entry["doc"]["path"] or doc_id]:
            out.append({"article": path, "language": entry["doc"]["language"],
                        "published": entry["doc"]["published"], "document_id": doc_id,
                        "notes": "Claim-level decisions of the review desk (extract claim export): only the claims "
                                 "the desk corrected or rejected are listed, not every claim of the article.",
                        "claims": entry["claims"], "not_claims": entry["not_claims"]})
    return sorted(out, key=lambda o: o["article"])


def left_out(db) -> int:
    """Rejected or corrected decisions whose document is no longer stored (its file changed or went away)."""
    return db.execute(f"SELECT count(*) FROM {TABLE} k WHERE k.status IN ('rejected', 'corrected')"
                      " AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = k.document_id)").fetchone()[0]


EXPORT_COLUMNS = ["document_id", "path", "start", "end", "quote", "status", "reason", "metric", "state", "period",
                  "event", "value", "value_max", "qualifier", "note", "claim_id", "reviewer", "updated", "version"]


def export_rows(db) -> list[dict]:
    """Every decision, withdrawn ones included, as a flat row (EXPORT_COLUMNS) in span order."""
    out = []
    for row in _rows(db.execute(
            f"SELECT {_COLUMNS}, d.path AS path FROM {TABLE} k LEFT JOIN documents d ON d.id = k.document_id"
            " ORDER BY k.document_id, k.start, k.[end]")):
        d = _decision(row)
        out.append({k: d.get(k) for k in EXPORT_COLUMNS})
    return out
