"""Claim-level decisions as library calls — the claim forms of the article page and `extract claim …` are shells.

    reject_claim(db, claim_id, reviewer, reason, expected_version=None, *, note=None)
        "not a claim" (a date, a page counter, a phone number…): the span feeds no flag from the next
        `extract contradictions` on
    correct_claim(db, claim_id, reviewer, expected_version=None, *, metric=…, state=…, period=…, event=…,
                  value=…, qualifier=…, note=None)
        "wrong metric / state / period / value", with the right one(s); what is not given stays as extracted (or as
        an earlier correction of the same claim said)
    withdraw_decision(db, claim_id, reviewer, expected_version=None, *, note=None)
        the claim counts as extracted again
    claim_detail(db, claim_id)   the claim, its decision, the version to send back, how flags read it, its history

A decision belongs to the claim's span — its document's content hash and its evidence offsets — not to the claim
id (extractor/store/corrections.py): re-extraction keeps it. Optimistic versioning as for flags (decisions.py):
each span's decision has a `version` (0 while nobody decided); a call names the version the reviewer saw and fails
with `ClaimVersionConflict` — carrying the decision as it is now and the audit entries written since — when
someone else decided first. `expected_version=None` skips the check (the CLI: the decision goes on top of
whatever is there). Each call appends one row to the append-only `audit` table in the same transaction (action
claim_reject | claim_correct | claim_withdraw; flag_id NULL; details name the claim, its span and what changed).

Values: a metric id of extractor/lang/metrics.toml (or `other`); a state as places.toml names it, in English or
Hindi, or India; a period of the claim record; a value as a person types it (`1.45 करोड़`, `14500000`). A
corrected value replaces value_max and keeps the claim's qualifier (a range becomes exact) unless `qualifier` says
otherwise (exact, at_least, at_most, approx).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, get_args

from ..lang import NATIONAL
from ..records.claim import Period
from ..store import corrections, dumps, write_transaction
from ..store.flags import now
from .decisions import (MAX_NOTE, MAX_SHORT, InvalidInput, ReviewError, VersionConflict, _audit, _check_reviewer,
                        _clean, _missing, _version, audit_where, parse_value)

ACTIONS = ("reject", "correct", "withdraw")
AUDIT_ACTIONS = {"reject": "claim_reject", "correct": "claim_correct", "withdraw": "claim_withdraw"}
PERIODS = get_args(Period)
QUALIFIERS = ("exact", "at_least", "at_most", "approx")
MAX_EVENT = 200
_CLAIM_SQL = ("SELECT id, document_id, start, [end], quote, metric, value, value_max, qualifier, unit, state, entity,"
              " period, event, as_of, confidence, sentence, source_path FROM claims WHERE id = ?")


class ClaimNotFound(ReviewError):
    code = "claim_not_found"


class ClaimVersionConflict(VersionConflict):
    """Someone else decided on the claim (on its span) after `expected` was read."""

    def __init__(self, claim_id: str, expected: int, current: dict, changes: list[dict]) -> None:
        who = ", ".join(sorted({c["reviewer"] or "?" for c in changes})) or "another reviewer"
        ReviewError.__init__(self, f"claim {claim_id}: decided since version {expected} "
                                   f"(now {current['version']}, by {who})")
        self.claim_id, self.flag_id = claim_id, None
        self.expected, self.current, self.changes = expected, current, changes


# ------------------------------------------------------------------------------------------------ inputs

@lru_cache(maxsize=1)
def metric_choices() -> tuple[str, ...]:
    from ..lang import metrics

    return (*metrics(), "other")


@lru_cache(maxsize=1)
def _state_names() -> dict[str, str]:
    """Every way places.toml writes a state (English, Hindi, abbreviations), case-folded → its canonical name."""
    from ..lang import load_toml

    out = {"india": NATIONAL, "भारत": NATIONAL}
    for state, spec in load_toml("places.toml").get("states", {}).items():
        out[state.casefold()] = state
        for name in spec.get("names", []):
            out.setdefault(" ".join(name.split()).casefold(), state)
    return out


def state_choices() -> list[str]:
    return [NATIONAL, *sorted({s for s in _state_names().values() if s != NATIONAL})]


def _metric(raw: Any) -> str:
    metric = (str(raw) if raw is not None else "").strip()
    if metric not in metric_choices():
        raise InvalidInput(f"metric: {metric!r} is not a metric id of metrics.toml (or other)", "bad_metric",
                           "metric")
    return metric


def _state(raw: Any) -> str:
    text = " ".join(str(raw or "").split())
    state = _state_names().get(text.casefold())
    if state is None:
        raise InvalidInput(f"state: {text[:100]!r} is not India or a state of places.toml", "bad_state", "state")
    return state


def _period(raw: Any) -> str:
    period = (str(raw) if raw is not None else "").strip()
    if period not in PERIODS:
        raise InvalidInput(f"period: one of {', '.join(PERIODS)}", "bad_period", "period")
    return period


def _given(v: Any) -> bool:
    return v is not None and not (isinstance(v, str) and not v.strip())


# ------------------------------------------------------------------------------------------------ reads

def _claim(db, claim_id: str) -> dict:
    cur = db.execute(_CLAIM_SQL, [str(claim_id or "")[:64]])
    row = cur.fetchone()
    if row is None:
        raise ClaimNotFound(f"no claim {claim_id!r}", field="claim_id")
    claim = dict(zip([c[0] for c in cur.description], row))
    for k in ("value", "value_max"):
        claim[k] = corrections.number(claim[k])
    return claim


def history(db, decision_id: int | None, *, after_version: int | None = None) -> list[dict]:
    """The audit rows of one span's decision (oldest first); with `after_version`, only those written since."""
    if decision_id is None:
        return []
    return audit_where(db, "json_extract(details, '$.correction') = ?", [decision_id], after_version,
                       "id, at, reviewer, action, from_status, to_status, note, details")


def claim_detail(db, claim_id: str) -> dict:
    """{"claim": the stored claim, "decision": its span's decision or None, "version": the version to decide
    against (0: none yet), "effective": the claim as flags read it (None: rejected), "history": audit rows}."""
    claim = _claim(db, claim_id)
    decision = corrections.decision_at(db, claim["document_id"], claim["start"], claim["end"])
    return {"claim": claim, "decision": decision, "version": decision["version"] if decision else 0,
            "effective": corrections.apply(claim, decision),
            "history": history(db, decision["id"] if decision else None)}


# ------------------------------------------------------------------------------------------------ writes

def _write(db, claim_id: str, reviewer: str, expected_version: Any, action: str, decide) -> dict:
    """The one write path of every claim decision: check, upsert the span's row with the version guard, audit —
    one transaction. `decide(claim, decision)` returns (columns of the new row, details for the audit)."""
    expected = None if expected_version is None else _version(expected_version)
    with write_transaction(db):
        _check_reviewer(db, reviewer)
        claim = _claim(db, claim_id)
        span = (claim["document_id"], claim["start"], claim["end"])
        current = corrections.decision_at(db, *span)
        version = current["version"] if current else 0
        if expected is not None and expected != version:
            raise ClaimVersionConflict(claim_id, expected, {
                "claim_id": claim_id, "status": current["status"] if current else None, "version": version},
                history(db, current["id"] if current else None, after_version=expected))
        columns, details = decide(claim, current)
        stamp = now()
        columns.update({"quote": claim["quote"], "claim_id": claim["id"], "reviewer": reviewer, "updated": stamp,
                        "original": dumps({k: claim[k] for k in corrections.CLAIM_FIELDS})})
        if current is None:
            columns.update({"document_id": span[0], "start": span[1], "end": span[2], "created": stamp,
                            "version": 1})
            names = list(columns)
            cur = db.execute(f"INSERT INTO {corrections.TABLE} ({', '.join(f'[{n}]' for n in names)})"
                             f" VALUES ({', '.join('?' * len(names))})", [columns[n] for n in names])
            row_id = cur.lastrowid
        else:
            row_id = current["id"]
            cur = db.execute(f"UPDATE {corrections.TABLE} SET {''.join(f'[{n}] = ?, ' for n in columns)}"
                             "version = version + 1 WHERE id = ? AND version = ?",
                             [*columns.values(), row_id, version])
            if cur.rowcount != 1:  # cannot happen inside BEGIN IMMEDIATE; kept as the guard flags have
                raise ClaimVersionConflict(claim_id, version, {"claim_id": claim_id, "status": None,
                                                               "version": version}, [])
        version += 1
        note = columns.get("note")
        audit_id = _audit(db, reviewer=reviewer, flag_id=None, action=AUDIT_ACTIONS[action],
                          from_status=current["status"] if current else None, to_status=columns["status"],
                          note=note, details={"correction": row_id, "claim_id": claim["id"],
                                              "document_id": span[0], "start": span[1], "end": span[2],
                                              "quote": claim["quote"], **details, "version": version})
    out = {"claim_id": claim["id"], "document_id": span[0], "start": span[1], "end": span[2],
           "status": columns["status"], "version": version, "audit_id": audit_id}
    out.update({k: corrections.number(columns.get(k)) for k in corrections.CORRECTED_FIELDS})
    out["reason"] = columns.get("reason")
    return out


_CLEARED = {k: None for k in (*corrections.CORRECTED_FIELDS, "reason")}


def reject_claim(db, claim_id: str, reviewer: str, reason: str, expected_version: Any = None, *,
                 note: str | None = None) -> dict:
    """"Not a claim", with the reason (a date, a duration, a page counter, a name…). Returns the decision."""
    reason = _clean(reason, MAX_SHORT, "reason") or _missing("reason")
    note = _clean(note, MAX_NOTE, "note")

    def decide(claim, current):
        if current is not None and current["status"] == "rejected" and current["reason"] == reason:
            raise InvalidInput("the claim is rejected already, for that reason", "no_change", "reason")
        return {**_CLEARED, "status": "rejected", "reason": reason, "note": note}, {"reason": reason}

    return _write(db, claim_id, reviewer, expected_version, "reject", decide)


def correct_claim(db, claim_id: str, reviewer: str, expected_version: Any = None, *, metric: str | None = None,
                  state: str | None = None, period: str | None = None, event: str | None = None,
                  value: Any = None, qualifier: str | None = None, note: str | None = None) -> dict:
    """The right metric, state, period (and event) or value of a claim — any of them; the rest stays as it was
    (extracted, or corrected before). A field given as what was extracted is no correction; when nothing is left
    to correct, `InvalidInput` ("no_change"). Returns the decision."""
    given: dict[str, Any] = {}
    if _given(metric):
        given["metric"] = _metric(metric)
    if _given(state):
        given["state"] = _state(state)
    if _given(event) and not _given(period):
        period = "event"
    if _given(period):
        given["period"] = _period(period)
        if _given(event) and given["period"] != "event":
            raise InvalidInput("event: only with period event", "event_needs_event_period", "event")
        given["event"] = _clean(event, MAX_EVENT, "event")
    if _given(value):
        given["value"] = parse_value(value, field="value")
        if _given(qualifier):
            q = str(qualifier).strip()
            if q not in QUALIFIERS:
                raise InvalidInput(f"qualifier: one of {', '.join(QUALIFIERS)}", "bad_qualifier", "qualifier")
            given["qualifier"] = q
    elif _given(qualifier):
        raise InvalidInput("qualifier: give the value with it", "qualifier_needs_value", "qualifier")
    if not given:
        raise InvalidInput("say what is wrong: the right metric, state, period or value", "correction_required",
                           "metric")
    note = _clean(note, MAX_NOTE, "note")

    def decide(claim, current):
        fields = {k: current[k] for k in corrections.CORRECTED_FIELDS} \
            if current is not None and current["status"] == "corrected" else dict.fromkeys(corrections.CORRECTED_FIELDS)
        if "metric" in given:
            fields["metric"] = given["metric"]
        if "state" in given:
            fields["state"] = given["state"]
        if "period" in given:
            event_now = given["event"]
            if given["period"] == "event" and event_now is None:  # keep the event name the claim or a correction had
                event_now = fields["event"] if fields["period"] == "event" else \
                    claim["event"] if claim["period"] == "event" else None
            fields["period"], fields["event"] = given["period"], event_now
        if "value" in given:
            q = given.get("qualifier") or (claim["qualifier"] if claim["qualifier"] in QUALIFIERS else "exact")
            fields["value"], fields["value_max"], fields["qualifier"] = given["value"], None, q
        # a field corrected to what was extracted is no correction
        for name, cols in corrections.CORRECTABLE.items():
            if fields[cols[0]] is not None and all(_same(fields[c], claim[c]) for c in cols):
                for c in cols:
                    fields[c] = None
        if not any(fields[cols[0]] is not None for cols in corrections.CORRECTABLE.values()):
            raise InvalidInput("that is the claim as extracted: nothing to correct (to undo a decision, withdraw it)",
                               "no_change", next(iter(given)))
        if current is not None and current["status"] == "corrected" and \
                all(_same(fields[k], current[k]) for k in corrections.CORRECTED_FIELDS):
            raise InvalidInput("the claim is corrected so already", "no_change", next(iter(given)))
        fixed = [c for cols in corrections.CORRECTABLE.values() if fields[cols[0]] is not None for c in cols]
        details = {**{c: fields[c] for c in fixed}, "was": {c: claim[c] for c in fixed}}
        return {**_CLEARED, **fields, "status": "corrected", "note": note}, details

    return _write(db, claim_id, reviewer, expected_version, "correct", decide)


def _same(a, b) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return float(a) == float(b)
    return a == b


def withdraw_decision(db, claim_id: str, reviewer: str, expected_version: Any = None, *,
                      note: str | None = None) -> dict:
    """Take back the decision on a claim: it counts as extracted again (the history keeps what was decided)."""
    note = _clean(note, MAX_NOTE, "note")

    def decide(claim, current):
        if current is None or current["status"] == "withdrawn":
            raise InvalidInput("no decision on this claim to withdraw", "nothing_to_withdraw", "action")
        return {**_CLEARED, "status": "withdrawn", "note": note}, {"previous": current["status"]}

    return _write(db, claim_id, reviewer, expected_version, "withdraw", decide)


def decide_claim(db, claim_id: str, reviewer: str, action: str, expected_version: Any = None, **fields) -> dict:
    """One of ACTIONS by name (the web form): reject (reason), correct (metric, state, period, event, value,
    qualifier), withdraw; `note` with any."""
    if action == "reject":
        return reject_claim(db, claim_id, reviewer, fields.get("reason"), expected_version, note=fields.get("note"))
    if action == "correct":
        return correct_claim(db, claim_id, reviewer, expected_version,
                             **{k: fields.get(k) for k in ("metric", "state", "period", "event", "value",
                                                           "qualifier", "note")})
    if action == "withdraw":
        return withdraw_decision(db, claim_id, reviewer, expected_version, note=fields.get("note"))
    raise InvalidInput(f"unknown action {action!r} (one of {', '.join(ACTIONS)})", "bad_action", "action")
