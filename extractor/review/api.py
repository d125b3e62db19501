"""The JSON API of the review desk, for newsroom tools: the same queries and the same library calls as the pages.

    GET  /api/flags?status=&metric=&state=&kind=&publisher=&assignee=&date_from=&date_to=&q=&min_confidence=
                   &limit=&cursor=                 → {"ok": true, "flags": [Flag + review fields], "next": cursor|null}
    GET  /api/flags/{id}                           → {"ok": true, "flag": …, "audit": [...]}
    POST /api/flags/{id}   {"action": "confirm|dismiss|needs_info|reopen|note|assign", "version": n, …}
                                                   → {"ok": true, "flag": {id, status, version, assignee}, "audit_id"}
    GET  /api/claims?metric=&state=&publisher=&language=&q=&limit=&cursor=   → {"ok": true, "claims": [...], "next"}
    GET  /api/documents/{id}                       → {"ok": true, "document": {…, "text", "claims", "flags", "copies"}}
    GET  /api/openapi.json                         the OpenAPI 3.1 document, generated from the pydantic models here

Who: `Authorization: Bearer TOKEN` (a token from `extract reviewer token NAME`; it acts as that reviewer while the
reviewer is active and the token not revoked), or the browser's sign-in session — then a POST also needs the
session's CSRF token in an `X-CSRF-Token` header (a bearer request needs none: no browser sends it by itself).
A token in the URL (`?token=`, `?access_token=`, or any value that looks like one) is refused (400): URLs end up in
logs, histories and Referer headers. Wrong tokens count against the client address like failed sign-ins
(accounts.py: the doubling wait), then 429 with Retry-After.

Pages are keyset-paginated: `next` is an opaque cursor to pass back as `cursor` (stable while flags change, no
offset limit); the order is the queue's (severity, latest publication first, id) and the claims browser's (latest
publication first, id). State and metric filters take any name (`bihar`, `बिहार`, `Registered users`: names.py).

Errors have the one shape of the app's JSON: {"ok": false, "status": …, "title": …, "error": …}, plus `code` and
`field` where a review action said what was wrong, and on 409 (a stale `version`) `current` (the flag now) and
`changes` (the audit entries since that version).

POST /api/flags/{id} calls `decisions.act`, the function behind the flag page's form: the same checks, the same
single write path and the same audit row.
"""
from __future__ import annotations

import base64
import binascii
import json
import math
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ..records.claim import Claim
from ..records.flag import DEFAULT_MIN_CONFIDENCE, Flag
from . import decisions, queries
from .accounts import API_TOKEN_PREFIX
from .auth import csrf_ok

MAX_LIMIT = 200
CSRF_HEADER = "x-csrf-token"
URL_TOKEN_PARAMS = frozenset({"token", "access_token", "api_token", "api_key", "apikey", "key", "bearer", "auth",
                              "authorization", "password"})
TITLES = {400: "Bad request", 401: "Sign-in required", 403: "Forbidden", 404: "Not found", 405: "Method not allowed",
          409: "Conflict", 413: "Too large", 415: "Unsupported media type", 429: "Too many requests",
          500: "Server error"}
FLAG_PARAMS = ("status", "metric", "state", "kind", "publisher", "assignee", "date_from", "date_to", "q",
               "min_confidence", "limit", "cursor")
CLAIM_PARAMS = ("metric", "state", "publisher", "language", "q", "limit", "cursor")


# ------------------------------------------------------------------------------------------------ models

class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FlagState(_Model):
    """A flag's review state: what a 409 reports as `current` and what a successful action returns."""

    id: str
    status: Literal["open", "confirmed", "dismissed", "needs_info"]
    version: int = Field(description="Pass this back as `version` with the next action")
    assignee: str | None = None


class AuditEntry(_Model):
    """One row of the append-only audit table."""

    id: int
    at: str = Field(description="UTC time, ISO 8601")
    reviewer: str | None
    flag_id: str | None = None
    action: str = Field(description="confirm, dismiss, needs_info, reopen, note, assign, …")
    from_status: str | None = None
    to_status: str | None = None
    note: str | None = None
    details: dict[str, Any] = Field(description="correct_value, correct_source, reason, assignee, version …")


class ErrorBody(_Model):
    """Every error of the API (and of the app's other JSON) has this shape."""

    ok: Literal[False] = False
    status: int = Field(description="The HTTP status again")
    title: str = Field(description="The status in words")
    error: str = Field(description="What went wrong, for a person")
    code: str | None = Field(None, description="Stable machine code of a review-action error (version_conflict, "
                             "invalid_input, correct_value_required, reason_required, unknown_assignee, bad_action…)")
    field: str | None = Field(None, description="The request field at fault, when one is")
    current: FlagState | None = Field(None, description="409: the flag as it is now")
    changes: list[AuditEntry] | None = Field(None, description="409: the audit entries after the version sent")


class ReviewedFlag(Flag):
    """The public Flag record (`extract contradictions --format json`) with its review state from the store."""

    version: int = Field(description="Optimistic-locking version: send it back with an action")
    assignee: str | None = None
    active: bool = Field(True, description="False: the last `extract contradictions` run no longer found it")
    latest_published: str | None = Field(None, description="The latest publication date of its claims")
    created: str | None = None
    updated: str | None = None


class FlagList(_Model):
    ok: Literal[True] = True
    flags: list[ReviewedFlag]
    next: str | None = Field(description="Cursor of the next page (pass as ?cursor=), null on the last page")


class FlagDetail(_Model):
    ok: Literal[True] = True
    flag: ReviewedFlag
    audit: list[AuditEntry]


class StoredClaim(Claim):
    """The public Claim record (`extract FILE --format json`, `extract export`) and the article it is stored under."""

    document_id: str | None = Field(None, description="GET /api/documents/{document_id}")


class ClaimList(_Model):
    ok: Literal[True] = True
    claims: list[StoredClaim]
    next: str | None = Field(description="Cursor of the next page (pass as ?cursor=), null on the last page")


class FlagRef(_Model):
    id: str
    kind: str
    status: str


class DocumentRef(_Model):
    id: str
    publisher: str | None = None
    title: str | None = None
    url: str | None = None
    published: str | None = None


class Document(_Model):
    id: str
    path: str | None = None
    status: str | None = None
    url: str | None = None
    publisher: str | None = Field(None, description="og:site_name, JSON-LD publisher or the PUBLISHER: line")
    title: str | None = None
    published: str | None = None
    language: str | None = None
    story_id: str | None = Field(None, description="Copies of one story (syndication) share it")
    text: str | None = Field(None, description="The article text the claims' offsets point into")
    claims: list[StoredClaim]
    flags: dict[str, list[FlagRef]] = Field(description="claim id → the active flags it is part of")
    copies: list[DocumentRef] = Field(description="Other documents of the same story")


class DocumentDetail(_Model):
    ok: Literal[True] = True
    document: Document


class FlagAction(_Model):
    """One review action on a flag, as the flag page's forms send it."""

    action: Literal["confirm", "dismiss", "needs_info", "reopen", "note", "assign"]
    version: int = Field(ge=0, description="The flag's version as you read it; a newer one on the server → 409")
    note: str | None = Field(None, max_length=decisions.MAX_NOTE,
                             description="Optional with every action; required for `note`")
    correct_value: str | int | float | None = Field(
        None, description='confirm: the right value, as written ("1.45 करोड़", 14500000, "14.5 million")')
    correct_source: str | None = Field(None, max_length=decisions.MAX_SHORT,
                                       description="confirm: where the right value comes from")
    reason: str | None = Field(None, max_length=decisions.MAX_SHORT,
                               description="dismiss: why (required); needs_info: what is missing (optional)")
    assignee: str | None = Field(None, max_length=64, description="assign: a reviewer's user name; null unassigns")


class ActionResult(_Model):
    ok: Literal[True] = True
    flag: FlagState
    audit_id: int = Field(description="The audit row this action wrote")


# ------------------------------------------------------------------------------------------------ responses

def api_error(status: int, message: str, *, headers: dict | None = None, **extra) -> JSONResponse:
    """The one JSON error shape (Datasette's): {"ok": false, "status", "title", "error"} (+ code, field, current,
    changes where they apply)."""
    body = ErrorBody(status=status, title=TITLES.get(status, "Error"), error=message, **extra)
    # the optional members appear only where they apply (the nested records keep their nulls)
    out = body.model_dump(mode="json", exclude={k for k in ErrorBody.model_fields if getattr(body, k) is None})
    return JSONResponse(out, status_code=status, headers=headers)


def _ok(model: BaseModel) -> JSONResponse:
    return JSONResponse(model.model_dump(mode="json"))


class _Refused(Exception):
    def __init__(self, response: Response) -> None:
        self.response = response


def _bad(message: str, **extra) -> _Refused:
    return _Refused(api_error(400, message, **extra))


# ------------------------------------------------------------------------------------------------ who is asking

def _address(request: Request) -> str | None:
    return request.client.host if request.client else None


def _token_in_url(request: Request) -> bool:
    for key, value in request.query_params.multi_items():
        if key.strip().lower() in URL_TOKEN_PARAMS or value.strip().startswith(API_TOKEN_PREFIX):
            return True
    return False


def authenticate(request: Request) -> dict:
    """The reviewer behind an API request: {"username", "display_name", "via": "token" | "session"}. Raises
    _Refused with the error response (400 token in the URL, 401, 429)."""
    from .app import current_user

    if _token_in_url(request):
        raise _bad("API tokens never travel in URLs (they end up in logs and browser histories): send "
                   "`Authorization: Bearer TOKEN`, and revoke a token that was sent in a URL")
    state = request.app.state.review
    header = request.headers.get("authorization")
    if header is None:
        user = current_user(request)
        if user is None:
            raise _Refused(api_error(401, "sign in first"))
        return {**user, "via": "session"}
    address = _address(request)
    challenge = {"www-authenticate": 'Bearer realm="review", error="invalid_token"'}
    wait = state.accounts.address_wait(address)
    if wait > 0:
        raise _Refused(api_error(429, "too many wrong tokens from this address; wait and try again",
                                 headers={"retry-after": str(math.ceil(wait))}))
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise _Refused(api_error(401, "use `Authorization: Bearer TOKEN` (a token from `extract reviewer token`)",
                                 headers={"www-authenticate": 'Bearer realm="review"'}))
    username = state.accounts.api_token_user(token.strip(), address=address)
    row = state.read().execute("SELECT username, display_name FROM reviewers WHERE username = ? AND active = 1",
                               [username]).fetchone() if username else None
    if row is None:
        if username is None:  # unknown or revoked: counted like a failed sign-in (a disabled reviewer's is not)
            state.accounts.token_failed(address)
        raise _Refused(api_error(401, "invalid, revoked or disabled token", headers=challenge))
    return {"username": row["username"], "display_name": row["display_name"] or row["username"], "via": "token"}


def api_get(fn):
    """A GET endpoint (runs in the thread pool): who is asking first, then `fn(request, user)`."""
    def endpoint(request: Request) -> Response:
        try:
            return fn(request, authenticate(request))
        except _Refused as refused:
            return refused.response
    endpoint.__name__ = endpoint.__qualname__ = fn.__name__
    endpoint.__doc__ = fn.__doc__
    return endpoint


# ------------------------------------------------------------------------------------------------ parameters

def _known_params(request: Request, allowed: tuple[str, ...]) -> None:
    unknown = sorted({k for k in request.query_params if k not in allowed})
    if unknown:
        raise _bad(f"unknown parameter(s) {', '.join(unknown)} (allowed: {', '.join(allowed)})", field=unknown[0])


def _limit(request: Request, default: int) -> int:
    raw = request.query_params.get("limit")
    if raw is None or raw == "":
        return default
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_LIMIT:
        raise _bad(f"limit: a whole number from 1 to {MAX_LIMIT}", field="limit")
    return int(raw)


def encode_cursor(kind: str, key: tuple) -> str:
    raw = json.dumps([kind, *key], ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(kind: str, text: str | None, shape: tuple) -> tuple | None:
    """The key a cursor of `kind` holds, checked against `shape` (a type per item; None allowed where the store has
    NULLs); None for no cursor; 400 for anything else."""
    if not text:
        return None
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        value = json.loads(raw.decode("utf-8"))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        value = None
    if (not isinstance(value, list) or len(value) != len(shape) + 1 or value[0] != kind
            or not all((v is None and nullable) or (isinstance(v, t) and not isinstance(v, bool))
                       for v, (t, nullable) in zip(value[1:], shape))):
        raise _bad("cursor: not a cursor of this list (pass back the `next` of the previous page)", field="cursor")
    return tuple(value[1:])


# ------------------------------------------------------------------------------------------------ flags

def _flag_out(row: dict) -> ReviewedFlag:
    record = row["record"]
    # the store's columns are the review state; the record's copy of the status may be older
    return ReviewedFlag.model_validate({
        **record, "status": row["status"], "version": row["version"], "assignee": row["assignee"],
        "active": bool(row["active"]), "latest_published": row["latest_published"], "created": row["created"],
        "updated": row["updated"]})


@api_get
def list_flags(request: Request, user: dict) -> Response:
    _known_params(request, FLAG_PARAMS)
    params = {k: v for k, v in request.query_params.items() if k not in ("min_confidence", "limit", "cursor")}
    filters, problems = queries.QueueFilters.from_params(params)
    if problems:
        raise _bad(f"cannot read {', '.join(problems)} (status: open, needs_info, confirmed, dismissed or all; "
                   "dates YYYY-MM-DD)", field=problems[0])
    raw_conf = request.query_params.get("min_confidence")
    min_conf = DEFAULT_MIN_CONFIDENCE
    if raw_conf not in (None, ""):
        try:
            min_conf = float(raw_conf)
        except ValueError:
            min_conf = math.nan
        if not 0 <= min_conf <= 1:
            raise _bad("min_confidence: a number from 0 to 1", field="min_confidence")
    after = decode_cursor("flags", request.query_params.get("cursor"), ((int, False), (str, True), (str, False)))
    rows, last = queries.flag_feed(request.app.state.review.read(), filters, min_confidence=min_conf, after=after,
                                   limit=_limit(request, queries.PAGE_SIZE))
    return _ok(FlagList(flags=[_flag_out(r) for r in rows], next=encode_cursor("flags", last) if last else None))


def _flag_detail(conn, flag_id: str) -> FlagDetail | None:
    row = conn.execute("SELECT id, status, version, assignee, active, latest_published, created, updated, record"
                       " FROM flags WHERE id = ?", [flag_id]).fetchone()
    if row is None:
        return None
    row = dict(row)
    row["record"] = json.loads(row["record"] or "{}")
    audit = decisions.audit_rows(conn, flag_id)
    return FlagDetail(flag=_flag_out(row), audit=[AuditEntry.model_validate(a) for a in audit])


@api_get
def get_flag(request: Request, user: dict) -> Response:
    _known_params(request, ())
    flag_id = request.path_params["flag_id"]
    detail = _flag_detail(request.app.state.review.read(), flag_id)
    if detail is None:
        return api_error(404, f"no flag {flag_id[:100]!r}")
    return _ok(detail)


async def post_flag(request: Request) -> Response:
    """One action on a flag: JSON in, the flag's new state out; 409 with the current state on a stale version."""
    try:
        user = await run_in_threadpool(authenticate, request)
        _known_params(request, ())
        if user["via"] == "session" and not csrf_ok(request.session.get("csrf"), request.headers.get(CSRF_HEADER)):
            return api_error(403, f"a signed-in browser must send its CSRF token in an {CSRF_HEADER} header "
                                  "(API tokens need none)")
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media != "application/json":
            return api_error(415, "send the action as JSON (Content-Type: application/json)")
        body = await request.body()
        try:
            payload = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            return api_error(400, "the body is not JSON", code="invalid_json")
        try:
            act = FlagAction.model_validate(payload)
        except ValidationError as exc:
            first = exc.errors()[0]
            field = ".".join(str(p) for p in first.get("loc", ())) or None
            return api_error(400, f"{field or 'body'}: {first['msg']}", code="invalid_input", field=field)
        return await run_in_threadpool(_act, request, user, act)
    except _Refused as refused:
        return refused.response


def _act(request: Request, user: dict, act: FlagAction) -> Response:
    flag_id = request.path_params["flag_id"]
    try:
        done = request.app.state.review.write(
            decisions.act, flag_id, user["username"], act.action, act.version, note=act.note,
            correct_value=act.correct_value, correct_source=act.correct_source, reason=act.reason,
            assignee=act.assignee)
    except decisions.FlagNotFound:
        return api_error(404, f"no flag {flag_id[:100]!r}", code="flag_not_found")
    except decisions.VersionConflict as exc:
        return api_error(409, str(exc), code=exc.code, current=FlagState.model_validate(exc.current),
                         changes=[AuditEntry.model_validate(c) for c in exc.changes])
    except decisions.ReviewError as exc:
        return api_error(400, str(exc), code=exc.code, field=exc.field)
    return _ok(ActionResult(flag=FlagState(id=done["id"], status=done["status"], version=done["version"],
                                           assignee=done["assignee"]), audit_id=done["audit_id"]))


# ------------------------------------------------------------------------------------------------ claims, documents

def _claim_out(row: dict) -> StoredClaim:
    from ..store import claim_from_row

    claim = claim_from_row(row)
    return StoredClaim.model_validate({**claim.model_dump(), "document_id": row.get("document_id")})


@api_get
def list_claims(request: Request, user: dict) -> Response:
    _known_params(request, CLAIM_PARAMS)
    filters = queries.ClaimFilters.from_params(
        {k: v for k, v in request.query_params.items() if k not in ("limit", "cursor")})
    after = decode_cursor("claims", request.query_params.get("cursor"), ((str, True), (str, False)))
    rows, last = queries.claim_feed(request.app.state.review.read(), filters, after=after,
                                    limit=_limit(request, queries.CLAIMS_PAGE_SIZE))
    return _ok(ClaimList(claims=[_claim_out(r) for r in rows], next=encode_cursor("claims", last) if last else None))


@api_get
def get_document(request: Request, user: dict) -> Response:
    _known_params(request, ())
    doc_id = request.path_params["doc_id"]
    conn = request.app.state.review.read()
    detail = queries.document_detail(conn, doc_id)
    if detail is None:
        return api_error(404, f"no document {doc_id[:100]!r}")
    ids = [c["id"] for c in detail["claims"]]
    rows = {r["id"]: dict(r) for r in conn.execute(
        f"SELECT * FROM claims WHERE id IN ({','.join('?' * len(ids))})", ids)} if ids else {}
    doc = Document.model_validate({
        **detail["doc"],
        "claims": [_claim_out(rows[i]) for i in ids if i in rows],
        "flags": {cid: [{k: f[k] for k in ("id", "kind", "status")} for f in fl]
                  for cid, fl in detail["flags_by_claim"].items()},
        "copies": detail["copies"]})
    return _ok(DocumentDetail(document=doc))


# ------------------------------------------------------------------------------------------------ OpenAPI

def _param(name: str, description: str, schema: dict | None = None) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema or {"type": "string"}}


def _responses(ok_model: str, *codes: int) -> dict:
    out = {"200": {"description": "OK", "content": {"application/json": {
        "schema": {"$ref": f"#/components/schemas/{ok_model}"}}}}}
    for code in (400, 401, *codes, 429):
        out[str(code)] = {"description": TITLES[code], "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/ErrorBody"}}}}
    return out


def openapi_document() -> dict:
    """The OpenAPI 3.1 description of this API; the schemas are the pydantic models' own JSON Schema."""
    from pydantic.json_schema import models_json_schema

    from .. import __version__ as version

    models = [FlagList, FlagDetail, ClaimList, DocumentDetail, FlagAction, ActionResult, ErrorBody]
    _, top = models_json_schema([(m, "validation" if m is FlagAction else "serialization") for m in models],
                                ref_template="#/components/schemas/{model}")
    schemas = top.get("$defs", {})
    cursor = _param("cursor", "The `next` of the previous page")
    limit = _param("limit", f"Items per page (1–{MAX_LIMIT})", {"type": "integer", "minimum": 1,
                                                                 "maximum": MAX_LIMIT})
    state = _param("state", 'India or a state, by any name places.toml gives it, any case ("bihar", "बिहार")')
    metric = _param("metric", "A metric id or its English or Hindi label, any case")
    q = _param("q", "Words or figures to search for (14.5 करोड़)")
    publisher = _param("publisher", "Only claims from this publisher (flags: with a claim from it)")
    flag_id = {"name": "flag_id", "in": "path", "required": True, "schema": {"type": "string"}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Karmayogi claims review API", "version": version,
                 "description": (__doc__ or "").split("\n\n")[0]},
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}, {"session": []}],
        "components": {"schemas": schemas, "securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer",
                       "description": "A token from `extract reviewer token NAME --db DB`; never in the URL"},
            "session": {"type": "apiKey", "in": "cookie", "name": "karmayogi_review",
                        "description": f"The review pages' sign-in; a POST also needs the {CSRF_HEADER} header"}}},
        "paths": {
            "/api/flags": {"get": {
                "operationId": "listFlags", "summary": "Flags under the queue's filters, in the queue's order",
                "parameters": [
                    _param("status", "open (default), needs_info, confirmed, dismissed or all",
                           {"type": "string", "enum": ["open", "needs_info", "confirmed", "dismissed", "all"]}),
                    metric, state,
                    _param("kind", "magnitude_slip, value_conflict, part_exceeds_whole, cumulative_backwards, "
                                   "arithmetic, reference_mismatch"),
                    publisher, _param("assignee", "A user name, or - for nobody"),
                    _param("date_from", "Latest publication on or after (YYYY-MM-DD)", {"type": "string",
                                                                                       "format": "date"}),
                    _param("date_to", "Latest publication on or before (YYYY-MM-DD)", {"type": "string",
                                                                                      "format": "date"}),
                    q, _param("min_confidence", f"Lowest flag confidence (default {DEFAULT_MIN_CONFIDENCE}, as the "
                                                "queue)", {"type": "number", "minimum": 0, "maximum": 1}),
                    limit, cursor],
                "responses": _responses("FlagList")}},
            "/api/flags/{flag_id}": {
                "get": {"operationId": "getFlag", "summary": "One flag with its audit trail", "parameters": [flag_id],
                        "responses": _responses("FlagDetail", 404)},
                "post": {"operationId": "actOnFlag", "summary": "One review action (the flag page's form)",
                         "parameters": [flag_id],
                         "requestBody": {"required": True, "content": {"application/json": {
                             "schema": {"$ref": "#/components/schemas/FlagAction"}}}},
                         "responses": _responses("ActionResult", 403, 404, 409, 415)}},
            "/api/claims": {"get": {
                "operationId": "listClaims", "summary": "Claims under the claims browser's filters",
                "parameters": [metric, state, publisher, _param("language", "hi, en or mixed"), q, limit, cursor],
                "responses": _responses("ClaimList")}},
            "/api/documents/{doc_id}": {"get": {
                "operationId": "getDocument", "summary": "An article: its text, claims, flags and copies",
                "parameters": [{"name": "doc_id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": _responses("DocumentDetail", 404)}},
        },
    }


_OPENAPI: dict | None = None


def openapi(request: Request) -> Response:
    """GET /api/openapi.json — public: it describes the API and holds no data."""
    global _OPENAPI
    if _OPENAPI is None:
        _OPENAPI = openapi_document()
    return JSONResponse(_OPENAPI)
