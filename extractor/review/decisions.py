"""Every review action as a library call — the web pages and scripts are thin shells over these.

    decide(db, flag_id, reviewer, action, expected_version, note=…, correct_value=…, correct_source=…, reason=…)
        action: confirm (needs correct_value and correct_source) | dismiss (needs reason) | needs_info | reopen
    assign(db, flag_id, reviewer, assignee, expected_version, note=…)     assignee None/"" unassigns
    add_note(db, flag_id, reviewer, note, expected_version)
    act(db, flag_id, reviewer, action, expected_version, note=…, correct_value=…, correct_source=…, reason=…,
        assignee=…)   any of the six actions by name: the one call behind the flag page's form and POST /api/flags/{id}
    add_reference_figure(db, reviewer, metric, state, value, as_of, source, note=…)
    list_reference_figures(db)        plain dicts for the contradiction engine's reference_mismatch rule
    create_reviewer(db, username, password), set_password, set_active, end_sessions, list_reviewers
    create_api_token(db, username, label=…), revoke_api_tokens(db, username, token_id=None), list_api_tokens(db)
        the password hashes and sessions live in the credentials file beside `db` (accounts.py), not in `db`

Optimistic versioning: each flag has a `version`; every action names the version the reviewer saw and runs
`UPDATE flags … WHERE id = ? AND version = ?`. When no row changes, someone else acted first: `VersionConflict`
carries the flag as it is now and the audit entries written since that version, so the caller can show what
happened and offer the reviewer's own input again. Each action appends one row to the append-only `audit`
table in the same transaction as the change (details as JSON, with the version the action produced).

`db` is a sqlite-utils Database or a plain sqlite3 connection; writes take the write lock up front
(`store.write_transaction`).
"""
from __future__ import annotations

import json
import math
import re
import sqlite3
from typing import Any

from ..errors import ExtractorError
from ..store import dumps, write_transaction
from ..store.flags import now

# action → status it leads to
DECISIONS = {"confirm": "confirmed", "dismiss": "dismissed", "needs_info": "needs_info", "reopen": "open"}
ACTIONS = (*DECISIONS, "note", "assign")
MAX_NOTE = 5_000
MAX_SHORT = 1_000
USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]{1,31}$")
METRIC_RE = re.compile(r"^[a-z0-9_]{1,64}$")
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class ReviewError(ExtractorError):
    """An expected failure of a review action. `code` is stable (the web pages translate it)."""

    code = "review_error"

    def __init__(self, message: str, code: str | None = None, field: str | None = None) -> None:
        super().__init__(message)
        if code:
            self.code = code
        self.field = field


class FlagNotFound(ReviewError):
    code = "flag_not_found"


class InvalidInput(ReviewError):
    code = "invalid_input"


class ReviewerError(ReviewError):
    code = "reviewer_error"


class VersionConflict(ReviewError):
    """Someone else changed the flag after `expected` was read."""

    code = "version_conflict"

    def __init__(self, flag_id: str, expected: int, current: dict, changes: list[dict]) -> None:
        who = ", ".join(sorted({c["reviewer"] or "?" for c in changes})) or "another reviewer"
        super().__init__(f"flag {flag_id} changed since version {expected} (now {current['version']}, by {who})")
        self.flag_id, self.expected, self.current, self.changes = flag_id, expected, current, changes


# ---------------------------------------------------------------------------------------------------- helpers

def parse_value(raw: Any, *, field: str = "value") -> int | float:
    """A figure typed by a person: `14500000`, `1,45,00,000`, `1.45 करोड़`, `14.5 million`, `70%`."""
    if isinstance(raw, bool):
        raise InvalidInput(f"{field}: not a number", "value_unreadable", field)
    if isinstance(raw, (int, float)):
        return _storable(raw, field, str(raw))
    text = " ".join(str(raw or "").split())
    if not text:
        raise InvalidInput(f"{field}: required", "value_required", field)
    plain = text.replace(",", "")
    try:
        v = float(plain)
        return _storable(int(v) if v.is_integer() and "." not in plain else v, field, text)
    except (ValueError, OverflowError):
        pass
    from ..numbers import parse_numbers

    found = parse_numbers(text[:MAX_SHORT])
    if len(found) != 1:
        raise InvalidInput(f"{field}: cannot read {text!r} as one number", "value_unreadable", field)
    return _storable(found[0].value, field, text)


def _storable(value: int | float, field: str, text: str) -> int | float:
    """A figure SQLite can hold: finite (no "inf", "nan", "1e999"), and as a float beyond 64-bit integers (as
    `store.claim_to_row` does)."""
    if isinstance(value, float) and not math.isfinite(value):
        raise InvalidInput(f"{field}: cannot read {text!r} as one number", "value_unreadable", field)
    if isinstance(value, int) and not -2**63 <= value < 2**63:
        return float(value)
    return value


def _clean(text: Any, limit: int, field: str) -> str | None:
    text = (str(text) if text is not None else "").strip()
    if len(text) > limit:
        raise InvalidInput(f"{field}: longer than {limit} characters", "too_long", field)
    return text or None


def _version(v: Any) -> int:
    try:
        version = int(v)
    except (TypeError, ValueError):
        raise InvalidInput("version: not a number", "bad_version", "version") from None
    if not 0 <= version < 2**63:  # SQLite's integers: a larger one could never match, and cannot be bound
        raise InvalidInput("version: not a number", "bad_version", "version")
    return version


def _check_reviewer(db, username: str | None) -> str:
    row = db.execute("SELECT active FROM reviewers WHERE username = ?", [username or ""]).fetchone()
    if row is None or not row[0]:
        raise ReviewerError(f"{username!r} is not an active reviewer", "unknown_reviewer", "reviewer")
    return username  # type: ignore[return-value]


def _audit(db, *, reviewer, flag_id, action, from_status=None, to_status=None, note=None, details=None) -> int:
    cur = db.execute(
        "INSERT INTO audit (at, reviewer, flag_id, action, from_status, to_status, note, details)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [now(), reviewer, flag_id, action, from_status, to_status, note, dumps(details or {})])
    return cur.lastrowid


def audit_rows(db, flag_id: str, *, after_version: int | None = None) -> list[dict]:
    return audit_where(db, "flag_id = ?", [flag_id], after_version,
                       "id, at, reviewer, flag_id, action, from_status, to_status, note, details")


def audit_where(db, where: str, params: list, after_version: int | None, columns: str) -> list[dict]:
    """Audit rows matching `where` (parameterised), in order; with `after_version`, only the changes after it (what
    a reviewer who saw that version has not seen)."""
    sql = f"SELECT {columns} FROM audit WHERE {where}"
    params = list(params)
    if after_version is not None:
        sql += " AND CAST(json_extract(details, '$.version') AS INTEGER) > ?"
        params.append(after_version)
    cur = db.execute(sql + " ORDER BY id", params)
    names = [c[0] for c in cur.description]
    out = []
    for values in cur.fetchall():
        row = dict(zip(names, values))
        row["details"] = _loads(row["details"])
        out.append(row)
    return out


def _loads(text: str | None) -> dict:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _change(db, flag_id: str, reviewer: str, action: str, expected_version: Any, updates: dict, note: str | None,
            details: dict) -> dict:
    """The one write path of every flag action: check, update with the version guard, audit — one transaction."""
    expected = _version(expected_version)
    with write_transaction(db):
        _check_reviewer(db, reviewer)
        row = db.execute("SELECT status, version, assignee FROM flags WHERE id = ?", [flag_id]).fetchone()
        if row is None:
            raise FlagNotFound(f"no flag {flag_id!r}", field="flag_id")
        from_status = row[0]
        stamp = now()
        sets = "".join(f"[{k}] = ?, " for k in updates)
        cur = db.execute(f"UPDATE flags SET {sets}version = version + 1, updated = ? WHERE id = ? AND version = ?",
                         [*updates.values(), stamp, flag_id, expected])
        if cur.rowcount != 1:
            current = {"id": flag_id, "status": row[0], "version": row[1], "assignee": row[2]}
            raise VersionConflict(flag_id, expected, current, audit_rows(db, flag_id, after_version=expected))
        version = expected + 1
        to_status = updates.get("status", from_status)
        audit_id = _audit(db, reviewer=reviewer, flag_id=flag_id, action=action, from_status=from_status,
                          to_status=to_status, note=note, details={**details, "version": version})
    return {"id": flag_id, "status": to_status, "version": version, "assignee": updates.get("assignee", row[2]),
            "audit_id": audit_id}


# ---------------------------------------------------------------------------------------------------- flags

def decide(db, flag_id: str, reviewer: str, action: str, expected_version: int, *, note: str | None = None,
           correct_value: Any = None, correct_source: str | None = None, reason: str | None = None) -> dict:
    """Confirm the flag as an error (with the correct value and where it comes from), dismiss it (with a
    reason), ask for more information, or reopen it. Returns the flag's new status and version."""
    if action not in DECISIONS:
        raise InvalidInput(f"unknown action {action!r} (one of {', '.join(DECISIONS)})", "bad_action", "action")
    note = _clean(note, MAX_NOTE, "note")
    details: dict[str, Any] = {}
    if action == "confirm":
        details["correct_value"] = parse_value(correct_value, field="correct_value") \
            if correct_value not in (None, "") else _missing("correct_value")
        details["correct_source"] = _clean(correct_source, MAX_SHORT, "correct_source") or _missing("correct_source")
    elif action == "dismiss":
        details["reason"] = _clean(reason, MAX_SHORT, "reason") or _missing("reason")
    elif action == "needs_info" and reason:
        details["reason"] = _clean(reason, MAX_SHORT, "reason")
    return _change(db, flag_id, reviewer, action, expected_version, {"status": DECISIONS[action]}, note, details)


def _missing(field: str):
    raise InvalidInput(f"{field}: required", f"{field}_required", field)


def assign(db, flag_id: str, reviewer: str, assignee: str | None, expected_version: int, *,
           note: str | None = None) -> dict:
    """Give the flag to a reviewer (or to nobody, with None or "")."""
    assignee = (assignee or "").strip() or None
    if assignee is not None:
        try:
            _check_reviewer(db, assignee)
        except ReviewerError:
            raise ReviewerError(f"{assignee!r} is not an active reviewer", "unknown_assignee", "assignee") from None
    previous = db.execute("SELECT assignee FROM flags WHERE id = ?", [flag_id]).fetchone()
    return _change(db, flag_id, reviewer, "assign", expected_version, {"assignee": assignee},
                   _clean(note, MAX_NOTE, "note"),
                   {"assignee": assignee, "previous": previous[0] if previous else None})


def add_note(db, flag_id: str, reviewer: str, note: str, expected_version: int) -> dict:
    """A note on the flag's record; it changes no status but moves the version, so a colleague deciding on a stale
    page is told a note arrived first."""
    text = _clean(note, MAX_NOTE, "note") or _missing("note")
    return _change(db, flag_id, reviewer, "note", expected_version, {}, text, {})


def act(db, flag_id: str, reviewer: str, action: str, expected_version: Any, *, note: str | None = None,
        correct_value: Any = None, correct_source: str | None = None, reason: str | None = None,
        assignee: str | None = None) -> dict:
    """One flag action by name — confirm | dismiss | needs_info | reopen (`decide`), note (`add_note`), assign
    (`assign`) — as the flag page's form and the JSON API both send it. Empty strings count as not given."""
    if action in DECISIONS:
        return decide(db, flag_id, reviewer, action, expected_version, note=note or None,
                      correct_value=correct_value if correct_value not in (None, "") else None,
                      correct_source=correct_source, reason=reason)
    if action == "note":
        return add_note(db, flag_id, reviewer, note or "", expected_version)
    if action == "assign":
        return assign(db, flag_id, reviewer, assignee, expected_version, note=note or None)
    raise InvalidInput(f"unknown action {action!r} (one of {', '.join(ACTIONS)})", "bad_action", "action")


# ---------------------------------------------------------------------------------------------------- reference

def add_reference_figure(db, reviewer: str, metric: str, state: str, value: Any, as_of: str, source: str, *,
                         note: str | None = None) -> dict:
    """Record an official figure. Claims of the same metric and scope that disagree with it become
    reference_mismatch flags at the next `extract contradictions` run."""
    metric = (metric or "").strip()
    if not METRIC_RE.match(metric):
        raise InvalidInput("metric: a metric id such as registered_users", "metric_required", "metric")
    state = _clean(state, 100, "state") or _missing("state")
    number = parse_value(value, field="value")
    as_of = (as_of or "").strip()
    if not DATE_RE.match(as_of):
        raise InvalidInput("as_of: a date YYYY-MM-DD (or YYYY-MM, YYYY)", "date_invalid", "as_of")
    source = _clean(source, MAX_SHORT, "source") or _missing("source")
    note = _clean(note, MAX_NOTE, "note")
    with write_transaction(db):
        _check_reviewer(db, reviewer)
        cur = db.execute(
            "INSERT INTO reference_figures (metric, state, value, as_of, source, note, created_by, created)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [metric, state, number, as_of, source, note, reviewer, now()])
        fid = cur.lastrowid
        _audit(db, reviewer=reviewer, flag_id=None, action="reference_figure", note=note,
               details={"reference_figure": fid, "metric": metric, "state": state, "value": number, "as_of": as_of,
                        "source": source})
    return {"id": fid, "metric": metric, "state": state, "value": number, "as_of": as_of, "source": source}


def list_reference_figures(db) -> list[dict]:
    """Every recorded official figure as a plain dict: id, metric, state, value, as_of, source."""
    cur = db.execute("SELECT id, metric, state, value, as_of, source FROM reference_figures"
                     " ORDER BY metric, state, as_of, id")
    out = []
    for fid, metric, state, value, as_of, source in cur.fetchall():
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        out.append({"id": fid, "metric": metric, "state": state, "value": value, "as_of": as_of, "source": source})
    return out


# ---------------------------------------------------------------------------------------------------- reviewers

def _accounts(db):
    """The credentials file beside `db` (accounts.py), with any hashes an older version left in `db` moved there."""
    from .accounts import Accounts, AccountsError

    try:
        acc = Accounts.for_db(db)
        acc.adopt_legacy_hashes(db)
    except AccountsError as exc:
        raise ReviewerError(str(exc), "credentials_unavailable") from None
    return acc


def create_reviewer(db, username: str, password: str, *, display_name: str | None = None) -> dict:
    """A new account: its public side (name, display name, active) in `db`, its password hash in the credentials
    file beside `db` (accounts.py). Both land or neither does."""
    from .auth import MIN_PASSWORD_LENGTH, hash_password

    username = (username or "").strip().lower()
    if not USERNAME_RE.match(username):
        raise ReviewerError("username: 2–32 characters, lower-case letters, digits, '.', '_' or '-'",
                            "bad_username", "username")
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise ReviewerError(f"password: at least {MIN_PASSWORD_LENGTH} characters", "weak_password", "password")
    hashed = hash_password(password)  # slow on purpose: outside the write lock
    display = _clean(display_name, 100, "display_name")
    acc = _accounts(db)
    try:
        with write_transaction(db):
            db.execute("INSERT INTO reviewers (username, password_hash, display_name, created, active)"
                       " VALUES (?, NULL, ?, ?, 1)", [username, display, now()])
            _audit(db, reviewer=None, flag_id=None, action="reviewer_added", details={"username": username})
            acc.set_password_hash(username, hashed)  # before the commit: if it fails, no account is made
    except sqlite3.IntegrityError:
        raise ReviewerError(f"reviewer {username!r} exists already", "reviewer_exists", "username") from None
    finally:
        acc.close()
    return {"username": username, "display_name": display, "active": True}


def set_password(db, username: str, password: str) -> None:
    """A new password; every open session of the reviewer ends."""
    from .auth import MIN_PASSWORD_LENGTH, hash_password

    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise ReviewerError(f"password: at least {MIN_PASSWORD_LENGTH} characters", "weak_password", "password")
    hashed = hash_password(password)
    acc = _accounts(db)
    try:
        with write_transaction(db):
            if db.execute("SELECT 1 FROM reviewers WHERE username = ?", [username]).fetchone() is None:
                raise ReviewerError(f"no reviewer {username!r}", "unknown_reviewer", "username")
            _audit(db, reviewer=None, flag_id=None, action="reviewer_password", details={"username": username})
            acc.set_password_hash(username, hashed, end_sessions=True)
    finally:
        acc.close()


def set_active(db, username: str, active: bool) -> None:
    """Allow or stop a reviewer's sign-in; disabling ends every open session of theirs."""
    with write_transaction(db):
        cur = db.execute("UPDATE reviewers SET active = ? WHERE username = ?", [1 if active else 0, username])
        if cur.rowcount != 1:
            raise ReviewerError(f"no reviewer {username!r}", "unknown_reviewer", "username")
        _audit(db, reviewer=None, flag_id=None, action="reviewer_enabled" if active else "reviewer_disabled",
               details={"username": username})
    if not active:
        end_sessions(db, username)


def end_sessions(db, username: str) -> int:
    """End every open session of a reviewer (`extract reviewer signout NAME`); returns how many there were."""
    if db.execute("SELECT 1 FROM reviewers WHERE username = ?", [username]).fetchone() is None:
        raise ReviewerError(f"no reviewer {username!r}", "unknown_reviewer", "username")
    acc = _accounts(db)
    try:
        return acc.end_sessions(username)
    finally:
        acc.close()


def create_api_token(db, username: str, *, label: str | None = None) -> dict:
    """A new API token for an active reviewer (`extract reviewer token NAME`): {"token", "id", "username"}. The token
    is returned once; the credentials file beside `db` keeps only its SHA-256 (accounts.py)."""
    username = (username or "").strip().lower()
    row = db.execute("SELECT active FROM reviewers WHERE username = ?", [username]).fetchone()
    if row is None:
        raise ReviewerError(f"no reviewer {username!r}", "unknown_reviewer", "username")
    if not row[0]:
        raise ReviewerError(f"reviewer {username!r} is disabled (reviewer enable first)", "unknown_reviewer",
                            "username")
    label = _clean(label, 100, "label")
    acc = _accounts(db)
    try:
        token, tid = acc.create_api_token(username, label=label)
    finally:
        acc.close()
    with write_transaction(db):
        _audit(db, reviewer=None, flag_id=None, action="api_token_created",
               details={"username": username, "token_id": tid, "label": label})
    return {"token": token, "id": tid, "username": username}


def revoke_api_tokens(db, username: str, token_id: str | None = None) -> int:
    """Revoke one API token of a reviewer (by its public id, as `list_api_tokens` shows it) or all of them."""
    username = (username or "").strip().lower()
    if db.execute("SELECT 1 FROM reviewers WHERE username = ?", [username]).fetchone() is None:
        raise ReviewerError(f"no reviewer {username!r}", "unknown_reviewer", "username")
    acc = _accounts(db)
    try:
        n = acc.revoke_api_tokens(username, token_id)
    finally:
        acc.close()
    if token_id is not None and n == 0:
        raise ReviewerError(f"{username} has no live token {token_id!r}", "unknown_token", "token_id")
    if n:
        with write_transaction(db):
            _audit(db, reviewer=None, flag_id=None, action="api_token_revoked",
                   details={"username": username, "token_id": token_id or "all", "count": n})
    return n


def list_api_tokens(db, username: str | None = None) -> list[dict]:
    """Every API token (of one reviewer, or of all): public id, username, label, created, last_used,
    last_address, revoked (Unix seconds)."""
    acc = _accounts(db)
    try:
        return acc.api_tokens((username or "").strip().lower() if username else None)
    finally:
        acc.close()


def list_reviewers(db) -> list[dict]:
    cur = db.execute("SELECT username, display_name, created, active FROM reviewers ORDER BY username")
    return [{"username": u, "display_name": d, "created": c, "active": bool(a)} for u, d, c, a in cur.fetchall()]


def reviewer_password_hash(db, username: str, accounts=None) -> str | None:
    """The stored hash of an active reviewer (None when unknown, disabled or without a password). `accounts`: an
    open `accounts.Accounts` (the web app's); else the credentials file beside `db` is opened."""
    username = (username or "").strip().lower()
    row = db.execute("SELECT active FROM reviewers WHERE username = ?", [username]).fetchone()
    if not row or not row[0]:
        return None
    if accounts is not None:
        return accounts.password_hash(username)
    acc = _accounts(db)
    try:
        return acc.password_hash(username)
    finally:
        acc.close()
