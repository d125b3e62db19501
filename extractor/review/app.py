"""The review queue: a small Starlette app over the claims database, rendered on the server.

    create_app(db_path, *, secret=None) -> Starlette

Pages (all need a signed-in reviewer, except /login, /lang/…, /static/… and /api/openapi.json):
    GET  /                       the queue: filters, counts per status, search, bulk actions
    POST /bulk                   dismiss / needs_info / assign several flags (each with the version it was seen at)
    GET  /flags/{id}             one flag: claims, sources, highlighted sentences, notations, timeline, copies, audit
    POST /flags/{id}             one action: confirm | dismiss | needs_info | reopen | note | assign
    GET  /claims                 every claim, filtered and paginated
    GET  /documents/{id}         an article with its claims marked; ?claim=ID: that claim's decision forms and history
    GET  /claims/{id}            → the claim on its article page
    POST /claims/{id}            one claim-level decision: reject | correct | withdraw (claim_decisions.py)
    GET  /reference, POST /reference, GET /reference/{id}    official figures
    GET  /exports, GET /export/{flags|decisions|audit}.{csv|json}
    GET  /api/flags, /api/flags/{id}, POST /api/flags/{id}, GET /api/claims, /api/documents/{id}
                                 the JSON API for newsroom tools (api.py: bearer tokens from `extract reviewer
                                 token`, keyset pages, errors {"ok": false, "status", "title", "error"})
    GET  /api/openapi.json       its OpenAPI document (public)
    GET  /login, POST /login, POST /logout (everywhere=1: every session of the reviewer), GET /lang/{en|hi}

Sessions are kept on the server (`sessions.py`, `accounts.py`): the cookie holds a random token only; signing out
ends the session there; a session ends after SESSION_IDLE without a request and SESSION_MAX_AGE after sign-in.
Failed sign-ins are limited per user name and per client address, with a doubling wait, kept in the credentials
file (they survive a restart). Behind a proxy, `behind_proxy=True` takes the client address and the scheme from
the trusted proxy's X-Forwarded-For / X-Forwarded-Proto (uvicorn's ProxyHeadersMiddleware).

Connections: reads use one connection per worker thread (WAL: they never block the writer); every write goes
through ONE write connection behind a lock (Datasette's rule), and through the library twin in `decisions.py`.
"""
from __future__ import annotations

import functools
import json
import math
import sqlite3
import threading
import time
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..store import corrections as claim_corrections
from . import api, claim_decisions, decisions, queries, render
from .api import api_error
from .accounts import SESSION_IDLE, SESSION_MAX_AGE, Accounts
from .auth import csrf_ok, new_csrf_token, session_secret, verify_password
from .i18n import LANG_COOKIE, LANGUAGES, Translator, metric_ids, pick_language
from .sessions import ServerSessionMiddleware, sign_in, signed_out

HERE = Path(__file__).parent
MAX_BODY = 1_000_000                    # forms only: a megabyte is plenty
OPTIONS_TTL = 30.0                      # seconds the filter menus (distinct values of 100k claims) are reused
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self';"
       " form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}


# ------------------------------------------------------------------------------------------------ state

class ReviewState:
    """Connections and caches of one app instance."""

    def __init__(self, db_path: str | Path, *, idle: float = SESSION_IDLE,
                 max_age: float = SESSION_MAX_AGE) -> None:
        from sqlite_utils import Database

        from ..store import BUSY_TIMEOUT_MS, open_db

        self.path = str(db_path)
        open_db(self.path).close()  # create or migrate once, up front
        self.accounts = Accounts(self.path, idle=idle, max_age=max_age)
        self.accounts.connect()  # the credentials file beside the database: made (0600) or checked now, not later
        conn = sqlite3.connect(self.path, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA synchronous = NORMAL")
        self.write_db = Database(conn)
        self.write_lock = threading.Lock()
        self._local = threading.local()
        self._readers: list[sqlite3.Connection] = []
        self._cache: dict[str, tuple[float, object]] = {}
        with self.write_lock:  # hashes an older version kept in the shared database move to the credentials file
            self.accounts.adopt_legacy_hashes(self.write_db)

    def read(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, check_same_thread=False, timeout=60)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA query_only = 1")
            conn.execute("PRAGMA busy_timeout = 60000")
            self._local.conn = conn
            self._readers.append(conn)
        return conn

    def write(self, fn, *args, **kwargs):
        with self.write_lock:
            return fn(self.write_db, *args, **kwargs)

    def cached(self, key: str, fn):
        hit = self._cache.get(key)
        now = time.monotonic()
        if hit and now - hit[0] < OPTIONS_TTL:
            return hit[1]
        value = fn(self.read())
        self._cache[key] = (now, value)
        return value

    def close(self) -> None:
        for conn in self._readers:
            try:
                conn.close()
            except sqlite3.Error:
                pass
        self.write_db.close()
        self.accounts.close()


def _state(request: Request) -> ReviewState:
    return request.app.state.review


# ------------------------------------------------------------------------------------------------ templates

def _env() -> Environment:
    # finalize: every printed value has its direction controls made visible (render.neutralise), in text and in
    # attributes alike; `| bdi` isolates names, titles, file names and quotes
    env = Environment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, finalize=render.neutralise)
    env.globals.update(safe_url=render.safe_url, publisher_name=render.publisher_name,
                       source_name=render.source_name, notation=render.notation, indian_words=render.indian_words,
                       highlight=render.highlight, languages=LANGUAGES)
    env.filters["tojson_compact"] = lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True)
    env.filters["bdi"] = render.bdi
    return env


ENV = _env()


def _lang(request: Request) -> str:
    return pick_language(request.cookies.get(LANG_COOKIE), request.headers.get("accept-language"))


def _csrf(request: Request) -> str:
    if "session" not in request.scope:  # /static/… (no session there): its 404 page has no form
        return ""
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = new_csrf_token()
    return token


def render_page(request: Request, name: str, context: dict, status: int = 200, user: dict | None = None) -> HTMLResponse:
    lang = _lang(request)
    flash = request.session.pop("flash", None) if status < 400 and "session" in request.scope else None
    full_path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    html = ENV.get_template(name).render(
        request_path=full_path, lang=lang, other_lang="hi" if lang == "en" else "en", t=Translator(lang),
        user=user, csrf_token=_csrf(request), flash=flash, **context)
    return HTMLResponse(html, status_code=status)


def _flash(request: Request, key: str, **values) -> None:
    request.session["flash"] = {"key": key, "values": values}


# ------------------------------------------------------------------------------------------------ auth helpers

def current_user(request: Request) -> dict | None:
    """The signed-in reviewer: a live server-side session (ended by sign-out, a password change, disabling, or
    idleness) of a reviewer still active in the database."""
    info = request.scope.get("review.session")
    if info is None or not info.username:
        return None
    row = _state(request).read().execute(
        "SELECT username, display_name FROM reviewers WHERE username = ? AND active = 1", [info.username]).fetchone()
    if row is None:
        return None
    return {"username": row["username"], "display_name": row["display_name"] or row["username"]}


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _login_redirect(request: Request) -> Response:
    if _is_api(request):
        return api_error(401, "sign in first")
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    from urllib.parse import urlencode

    return RedirectResponse("/login?" + urlencode({"next": target}), status_code=303)


def page(fn):
    """A GET page that needs a signed-in reviewer (runs in the thread pool: SQLite releases the GIL)."""
    @functools.wraps(fn)
    def wrapper(request: Request):
        user = current_user(request)
        if user is None:
            return _login_redirect(request)
        return fn(request, user)
    return wrapper


def action(fn):
    """A POST that needs a signed-in reviewer (else to the sign-in page: a session that ended while the form was
    open leads there, not to "form expired") and the session's CSRF token (403 otherwise). Nothing is written
    without both."""
    @functools.wraps(fn)
    async def wrapper(request: Request):
        form = await request.form()
        user = await run_in_threadpool(current_user, request)
        if user is None:
            return _login_redirect(request)
        if not csrf_ok(request.session.get("csrf"), form.get("csrf_token")):
            return await run_in_threadpool(_forbidden, request)
        return await run_in_threadpool(fn, request, user, form)
    return wrapper


def _forbidden(request: Request) -> Response:
    return render_page(request, "error.html", {"title_key": "error.csrf_title", "message_key": "error.csrf"},
                       status=403, user=None)


# ------------------------------------------------------------------------------------------------ sign-in

def login_page(request: Request) -> Response:
    if current_user(request):
        return RedirectResponse(render.local_path(request.query_params.get("next")), status_code=303)
    ended = request.query_params.get("ended")
    notice = {"one": "login.signed_out", "all": "login.signed_out_everywhere"}.get(ended or "")
    return render_page(request, "login.html", {"next": render.local_path(request.query_params.get("next")),
                                               "error_key": None, "error_values": {}, "username": "",
                                               "notice_key": notice})


async def login_submit(request: Request) -> Response:
    form = await request.form()
    if not csrf_ok(request.session.get("csrf"), form.get("csrf_token")):
        return await run_in_threadpool(_forbidden, request)
    return await run_in_threadpool(_login, request, form)


def _login(request: Request, form) -> Response:
    state = _state(request)
    accounts = state.accounts
    username = str(form.get("username", "")).strip().lower()[:64]
    password = str(form.get("password", ""))[:1024]
    target = render.local_path(form.get("next"))
    address = request.client.host if request.client else None
    context = {"next": target, "username": username, "error_values": {}, "notice_key": None}
    wait = accounts.login_wait(username, address)
    if wait > 0:  # refused without looking at the password (and not counted again)
        resp = render_page(request, "login.html", {**context, "error_key": "login.rate_limited",
                                                   "error_values": {"minutes": max(1, math.ceil(wait / 60))}},
                           status=429)
        resp.headers["retry-after"] = str(math.ceil(wait))
        return resp
    stored = decisions.reviewer_password_hash(state.read(), username, accounts=accounts)
    if not verify_password(password, stored):
        accounts.login_failed(username, address)
        return render_page(request, "login.html", {**context, "error_key": "login.failed"}, status=401)
    accounts.login_succeeded(username)
    info = request.scope["review.session"]
    token = accounts.create_session(username, address=address, data={"csrf": new_csrf_token()},
                                    replaces=info.token if info.username else None)
    sign_in(info, token)
    return RedirectResponse(target, status_code=303)


async def logout(request: Request) -> Response:
    """Sign-out ends the session on the server (the cookie alone is worth nothing afterwards); with
    `everywhere=1`, every session of the reviewer ends — other browsers, other devices."""
    form = await request.form()
    if not request.scope["review.session"].username:  # the session already ended (idle, elsewhere): nothing to do
        return RedirectResponse("/login?ended=one", status_code=303)
    if not csrf_ok(request.session.get("csrf"), form.get("csrf_token")):
        return await run_in_threadpool(_forbidden, request)
    everywhere = str(form.get("everywhere", "")) == "1"
    await run_in_threadpool(_end_sessions, request, everywhere)
    return RedirectResponse("/login?ended=" + ("all" if everywhere else "one"), status_code=303)


def _end_sessions(request: Request, everywhere: bool) -> None:
    info = request.scope["review.session"]
    accounts = _state(request).accounts
    if everywhere and info.username:
        accounts.end_sessions(info.username)
    else:
        accounts.end_session(info.token)
    signed_out(info)


def set_language(request: Request) -> Response:
    code = request.path_params["code"]
    target = render.local_path(request.query_params.get("next"))
    resp = RedirectResponse(target, status_code=303)
    if code in LANGUAGES:
        resp.set_cookie(LANG_COOKIE, code, max_age=365 * 24 * 3600, samesite="lax", httponly=True)
    return resp


# ------------------------------------------------------------------------------------------------ queue

@page
def queue_page(request: Request, user: dict) -> Response:
    state = _state(request)
    filters, problems = queries.QueueFilters.from_params(request.query_params)
    conn = state.read()
    data = queries.queue(conn, filters)
    return render_page(request, "queue.html", {
        "filters": filters, "problems": problems, "data": data,
        "options": state.cached("queue_options", queries.queue_options),
        "publishers": state.cached("publishers", queries.publishers),
        "reviewers": queries.reviewers(conn), "statuses": ("open", "needs_info", "confirmed", "dismissed"),
    }, user=user)


BULK_ACTIONS = ("dismiss", "needs_info", "assign")


@action
def bulk_submit(request: Request, user: dict, form) -> Response:
    state = _state(request)
    back = render.local_path(form.get("return_to"))
    bulk = str(form.get("bulk_action", ""))
    picked = []
    for raw in form.getlist("flag"):
        flag_id, _, version = str(raw).partition(":")
        if flag_id:
            picked.append((flag_id, version))
    reason = str(form.get("reason", "")).strip()
    note = str(form.get("note", "")).strip()
    assignee = str(form.get("assignee", "")).strip()
    problem = None
    if not picked:
        problem = "queue.bulk_none_selected"
    elif bulk not in BULK_ACTIONS:
        problem = "error.bad_action"
    elif bulk == "dismiss" and not reason:
        problem = "err.reason_required"
    if problem:
        _flash(request, problem)
        return RedirectResponse(back, status_code=303)
    done, conflicts, errors = [], [], []
    for flag_id, version in picked[:500]:
        try:
            if bulk == "assign":
                state.write(decisions.assign, flag_id, user["username"], assignee, version, note=note or None)
            else:
                state.write(decisions.decide, flag_id, user["username"], bulk, version, note=note or None,
                            reason=reason or None)
            done.append(flag_id)
        except decisions.VersionConflict as exc:
            conflicts.append({"id": flag_id, "current": exc.current, "changes": exc.changes})
        except decisions.ReviewError as exc:
            errors.append({"id": flag_id, "code": exc.code, "message": str(exc)})
    if not conflicts and not errors:
        _flash(request, "queue.bulk_done", n=len(done))
        return RedirectResponse(back, status_code=303)
    return render_page(request, "bulk_result.html", {
        "bulk": bulk, "done": done, "conflicts": conflicts, "errors": errors, "back": back,
    }, status=409 if conflicts else 400, user=user)


# ------------------------------------------------------------------------------------------------ flag page

FORM_FIELDS = ("action", "note", "correct_value", "correct_source", "reason", "assignee")


def _flag_context(request: Request, detail: dict) -> dict:
    lang = _lang(request)
    claims = []
    for c in detail["claims"]:
        ev, src, stored = c["evidence"], c.get("source") or {}, c.get("stored") or {}
        span = render.locate_in_sentence(stored.get("doc_text"), ev["sentence"], ev["start"], ev["end"],
                                         ev["quote"])
        sentence = render.highlight(ev["sentence"], [(span[0], span[1], {"class": "ev"})] if span else [])
        claims.append({
            "id": c["id"], "quote": ev["quote"], "sentence": sentence, "value": c["value"],
            "value_max": c.get("value_max"), "unit": c.get("unit") or "count", "qualifier": c.get("qualifier"),
            "notation": render.notation(c["value"], c.get("unit") or "count", lang),
            "notation_max": render.notation(c.get("value_max"), c.get("unit") or "count", lang),
            "publisher": render.publisher_name(src.get("publisher") or stored.get("doc_publisher"),
                                               src.get("url") or stored.get("doc_url")),
            "title": src.get("title") or stored.get("doc_title"),
            "url": src.get("url") or stored.get("doc_url"),
            "published": c.get("published") or stored.get("doc_published"), "as_of": c.get("as_of"),
            "state": c.get("state"), "metric_text": c.get("metric_text"), "entity": c.get("entity"),
            "period": c.get("period") or "cumulative", "event": c.get("event"),
            "confidence": 1.0 if c.get("confidence") is None else c["confidence"],
            "document_id": stored.get("document_id"), "language": c.get("language"),
            "suspect": c["id"] == detail["record"].get("suspect_claim"),
            "official": c["id"] in (detail["record"].get("official_claims") or ()),
        })
    chart = render.timeline(detail["points"], highlight_ids={c["id"] for c in claims},
                            references=detail["references"], lang=lang)
    return {"flag": detail["flag"], "record": detail["record"], "claims": claims, "chart": chart,
            "syndicated": detail["syndicated"], "audit": detail["audit"], "decision": detail["decision"],
            "references": detail["references"]}


def _show_flag(request: Request, user: dict, *, status: int = 200, form: dict | None = None,
               error: decisions.ReviewError | None = None, conflict: decisions.VersionConflict | None = None):
    state = _state(request)
    conn = state.read()
    detail = queries.flag_detail(conn, request.path_params["flag_id"])
    if detail is None:
        return _not_found(request, user)
    context = _flag_context(request, detail)
    context.update({"form": {k: "" for k in FORM_FIELDS} | (form or {}), "error": error, "conflict": conflict,
                    "reviewers": queries.reviewers(conn)})
    return render_page(request, "flag.html", context, status=status, user=user)


@page
def flag_page(request: Request, user: dict) -> Response:
    return _show_flag(request, user)


@action
def flag_submit(request: Request, user: dict, form) -> Response:
    state = _state(request)
    flag_id = request.path_params["flag_id"]
    values = {k: str(form.get(k, ""))[:decisions.MAX_NOTE + 1] for k in FORM_FIELDS}
    act, version = values["action"], form.get("version")
    try:  # decisions.act: the same call as POST /api/flags/{id}
        state.write(decisions.act, flag_id, user["username"], act, version, note=values["note"],
                    correct_value=values["correct_value"], correct_source=values["correct_source"],
                    reason=values["reason"], assignee=values["assignee"])
    except decisions.FlagNotFound:
        return _not_found(request, user)
    except decisions.VersionConflict as exc:
        return _show_flag(request, user, status=409, form=values, conflict=exc)
    except decisions.ReviewError as exc:
        return _show_flag(request, user, status=400, form=values, error=exc)
    _flash(request, "flag.saved")
    return RedirectResponse(f"/flags/{flag_id}#audit", status_code=303)


# ------------------------------------------------------------------------------------------------ claims, articles

@page
def claims_list(request: Request, user: dict) -> Response:
    state = _state(request)
    filters = queries.ClaimFilters.from_params(request.query_params)
    data = queries.claims_page(state.read(), filters)
    decided = claim_corrections.decisions_for(state.read(), data["rows"])
    for row in data["rows"]:
        row["decision"] = decided.get((row["document_id"], row["start"], row["end"]))
        span = render.locate_in_sentence(None, row["sentence"] or "", row["start"], row["end"], row["quote"])
        row["sentence_html"] = render.highlight(row["sentence"] or "", [(span[0], span[1], {"class": "ev"})]
                                                if span else [])
    return render_page(request, "claims.html", {
        "filters": filters, "data": data, "options": state.cached("claim_options", queries.claim_options),
        "publishers": state.cached("publishers", queries.publishers)}, user=user)


@page
def document_page(request: Request, user: dict) -> Response:
    return _show_document(request, user, request.path_params["doc_id"], request.query_params.get("claim"))


CLAIM_FORM_FIELDS = ("action", "reason", "note", "metric", "state", "period", "event", "value", "qualifier")


def _show_document(request: Request, user: dict, doc_id: str, current: str | None, *, status: int = 200,
                   form: dict | None = None, error: decisions.ReviewError | None = None,
                   conflict: decisions.VersionConflict | None = None) -> Response:
    """The article with its claims marked; with `current` (a claim of it), that claim's decision forms and history
    (`form`, `error`, `conflict`: a decision that was not saved, shown again with what the reviewer typed)."""
    state = _state(request)
    conn = state.read()
    detail = queries.document_detail(conn, doc_id)
    if detail is None:
        return _not_found(request, user)
    t = Translator(_lang(request))
    text = detail["doc"]["text"] or ""
    decided = claim_corrections.decisions_for(conn, detail["claims"])
    spans, misplaced = [], 0
    for c in detail["claims"]:
        c["decision"] = decided.get((c["document_id"], c["start"], c["end"]))
        if text[c["start"]:c["end"]] != c["quote"]:
            misplaced += 1
            continue
        note = f"{t.metric(c['metric'])} · {t.state(c['state'])} · " + " = ".join(
            render.notation(c["value"], c["unit"] or "count", t.lang))
        cls = "claim" + (" current" if c["id"] == current else "") + (
            " flagged" if c["id"] in detail["flags_by_claim"] else "")
        if c["decision"] and c["decision"]["status"] in ("rejected", "corrected"):
            cls += " " + c["decision"]["status"]
        spans.append((c["start"], c["end"], {"class": cls, "id": f"c-{c['id']}", "title": note}))
    claim = None
    if current and any(c["id"] == current for c in detail["claims"]):
        claim = claim_decisions.claim_detail(conn, current)
    return render_page(request, "document.html", {
        "doc": detail["doc"], "claims": detail["claims"], "flags_by_claim": detail["flags_by_claim"],
        "copies": detail["copies"], "text_html": render.highlight(text, spans), "marked": len(spans),
        "misplaced": misplaced, "current": current, "claim": claim,
        "form": {k: "" for k in CLAIM_FORM_FIELDS} | (form or {}), "error": error, "conflict": conflict,
        "metric_ids": claim_decisions.metric_choices(), "states": claim_decisions.state_choices(),
        "periods": claim_decisions.PERIODS, "qualifiers": claim_decisions.QUALIFIERS}, status=status, user=user)


def _claim_document(request: Request, claim_id: str) -> str | None:
    row = _state(request).read().execute("SELECT document_id FROM claims WHERE id = ?", [claim_id]).fetchone()
    return row[0] if row else None


@page
def claim_page(request: Request, user: dict) -> Response:
    claim_id = request.path_params["claim_id"]
    doc_id = _claim_document(request, claim_id)
    if doc_id is None:
        return _not_found(request, user)
    return RedirectResponse(f"/documents/{doc_id}?{urlencode({'claim': claim_id})}#claim-decision", status_code=303)


@action
def claim_submit(request: Request, user: dict, form) -> Response:
    """One claim-level decision (claim_decisions.decide_claim) against the version the reviewer saw: 303 back to
    the article on success, the article again with the reviewer's input on 400 (unreadable input) and 409 (someone
    decided first: what they did is shown)."""
    claim_id = request.path_params["claim_id"]
    doc_id = _claim_document(request, claim_id)
    if doc_id is None:
        return _not_found(request, user)
    values = {k: str(form.get(k, ""))[:decisions.MAX_NOTE + 1] for k in CLAIM_FORM_FIELDS}
    fields = {k: v for k, v in values.items() if k != "action"}
    try:
        _state(request).write(claim_decisions.decide_claim, claim_id, user["username"], values["action"],
                              str(form.get("version", "")), **fields)
    except claim_decisions.ClaimNotFound:
        return _not_found(request, user)
    except decisions.VersionConflict as exc:
        return _show_document(request, user, doc_id, claim_id, status=409, form=values, conflict=exc)
    except decisions.ReviewError as exc:
        return _show_document(request, user, doc_id, claim_id, status=400, form=values, error=exc)
    _flash(request, "claim.saved")
    return RedirectResponse(f"/documents/{doc_id}?{urlencode({'claim': claim_id})}#claim-decision", status_code=303)


# ------------------------------------------------------------------------------------------------ reference figures

def _reference_context(request: Request) -> dict:
    conn = _state(request).read()
    return {"figures": queries.reference_figures(conn), "metric_ids": metric_ids(),
            "states": _state(request).cached("claim_options", queries.claim_options)["state"]}


@page
def reference_list(request: Request, user: dict) -> Response:
    return render_page(request, "reference.html", {**_reference_context(request), "form": {}, "error": None},
                       user=user)


@action
def reference_submit(request: Request, user: dict, form) -> Response:
    values = {k: str(form.get(k, "")).strip()[:decisions.MAX_SHORT] for k in
              ("metric", "state", "value", "as_of", "source", "note")}
    try:
        fig = _state(request).write(decisions.add_reference_figure, user["username"], values["metric"],
                                    values["state"], values["value"], values["as_of"], values["source"],
                                    note=values["note"] or None)
    except decisions.ReviewError as exc:
        return render_page(request, "reference.html", {**_reference_context(request), "form": values,
                                                       "error": exc}, status=400, user=user)
    _flash(request, "ref.added")
    return RedirectResponse(f"/reference/{fig['id']}", status_code=303)


@page
def reference_detail(request: Request, user: dict) -> Response:
    conn = _state(request).read()
    raw = request.path_params["fid"]
    # digits only, and within SQLite's integers: "/reference/99999999999999999999999" is a 404, not a 500
    fid = int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 19 else None
    fig = queries.reference_figure(conn, fid) if fid is not None else None
    if fig is None:
        return _not_found(request, user)
    return render_page(request, "reference_detail.html", {
        "figure": fig, "differing": queries.claims_differing(conn, fig),
        "tolerance": int(queries.REFERENCE_TOLERANCE * 100)}, user=user)


# ------------------------------------------------------------------------------------------------ exports, API

EXPORTS = {
    "flags": (queries.export_flags, queries.FLAG_EXPORT_COLUMNS),
    "decisions": (queries.export_decisions, queries.DECISION_EXPORT_COLUMNS),
    "audit": (queries.export_audit, queries.AUDIT_EXPORT_COLUMNS),
    "claim_decisions": (claim_corrections.export_rows, claim_corrections.EXPORT_COLUMNS),
}


@page
def exports_page(request: Request, user: dict) -> Response:
    return render_page(request, "exports.html", {"exports": list(EXPORTS)}, user=user)


@page
def export_file(request: Request, user: dict) -> Response:
    name, _, fmt = request.path_params["filename"].partition(".")
    if name not in EXPORTS or fmt not in ("csv", "json"):
        return _not_found(request, user)
    fetch, columns = EXPORTS[name]
    rows = fetch(_state(request).read())
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M")
    disposition = f'attachment; filename="{name}-{stamp}.{fmt}"'
    if fmt == "json":
        body = json.dumps(rows, ensure_ascii=False, indent=1).encode("utf-8")
        return Response(body, media_type="application/json; charset=utf-8",
                        headers={"content-disposition": disposition})
    flat = [{k: (json.dumps(v, ensure_ascii=False) if isinstance(v, dict) else
                 " ".join(v) if isinstance(v, list) else v) for k, v in row.items()} for row in rows]
    return Response(render.csv_bytes(flat, columns), media_type="text/csv; charset=utf-8",
                    headers={"content-disposition": disposition})


def api_not_found(request: Request) -> Response:
    return api_error(404, f"no API route {request.url.path}")


# ------------------------------------------------------------------------------------------------ errors, headers

def _not_found(request: Request, user: dict | None) -> Response:
    if _is_api(request):
        return api_error(404, "not found")
    return render_page(request, "error.html", {"title_key": "error.not_found_title",
                                               "message_key": "error.not_found"}, status=404, user=user)


async def http_error(request: Request, exc: HTTPException) -> Response:
    if _is_api(request):
        return api_error(exc.status_code, str(exc.detail))
    if exc.status_code == 404:
        return await run_in_threadpool(_not_found, request, None)
    return await run_in_threadpool(_error_page, request, exc.status_code, "error.request_title", "error.request",
                                   str(exc.detail or exc.status_code))


async def server_error(request: Request, exc: Exception) -> Response:
    if _is_api(request):
        return api_error(500, "server error")
    try:
        return await run_in_threadpool(_error_page, request, 500, "error.server_title", "error.server")
    except Exception:  # the page itself failed to render: the one shape that needs nothing
        return HTMLResponse(_LAST_RESORT, status_code=500)


def _error_page(request: Request, status: int, title_key: str, message_key: str, detail: str = "") -> Response:
    """Every HTML error is the one page, error.html, in the reader's language (issue 16: they came in three
    shapes: that page, plain text, and an inline snippet)."""
    return render_page(request, "error.html", {"title_key": title_key, "message_key": message_key,
                                               "detail": detail}, status=status)


_LAST_RESORT = ("<!doctype html><title>Error</title><p>Something went wrong. Nothing was saved by this request. / "
                "कुछ गड़बड़ हुई; इस अनुरोध से कुछ सहेजा नहीं गया।</p>")



class SecurityHeadersMiddleware:
    """Adds the security headers to every response, and `Cache-Control: no-store` to every page (the queue holds
    unpublished decisions: no browser or proxy cache should keep it). Over HTTPS (directly or as a trusted proxy
    says), Strict-Transport-Security too."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        static = scope["path"].startswith("/static/")

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for k, v in SECURITY_HEADERS.items():
                    headers[k] = v
                if scope.get("scheme") == "https":
                    headers["strict-transport-security"] = "max-age=31536000"
                if not static:
                    headers["cache-control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)


# ------------------------------------------------------------------------------------------------ factory

def create_app(db_path: str | Path, *, secret: str | None = None, behind_proxy: bool = False,
               trusted_proxies: str | list[str] = "127.0.0.1", secure_cookies: bool | None = None,
               idle_timeout: float = SESSION_IDLE, max_age: float = SESSION_MAX_AGE) -> Starlette:
    """The review app over the claims database at `db_path` (created/migrated when needed).

    behind_proxy     trust X-Forwarded-For / X-Forwarded-Proto from `trusted_proxies` (addresses, networks or "*"):
                     the client address of the sign-in limits and the scheme (https → Secure cookie) come from there
    secure_cookies   None: the cookie is Secure when the request came over HTTPS (directly or per the proxy);
                     True: always (TLS ends somewhere that does not say so)
    idle_timeout     seconds without a request after which a session ends; max_age: seconds after sign-in
    """
    state = ReviewState(db_path, idle=idle_timeout, max_age=max_age)
    secret = session_secret(db_path, secret)

    from contextlib import asynccontextmanager

    @asynccontextmanager
    async def lifespan(app):
        yield
        state.close()

    routes = [
        Route("/", queue_page),
        Route("/bulk", bulk_submit, methods=["POST"]),
        Route("/flags/{flag_id}", flag_page, methods=["GET"]),
        Route("/flags/{flag_id}", flag_submit, methods=["POST"]),
        Route("/claims", claims_list),
        Route("/claims/{claim_id}", claim_page, methods=["GET"]),
        Route("/claims/{claim_id}", claim_submit, methods=["POST"]),
        Route("/documents/{doc_id}", document_page),
        Route("/reference", reference_list, methods=["GET"]),
        Route("/reference", reference_submit, methods=["POST"]),
        Route("/reference/{fid}", reference_detail),
        Route("/exports", exports_page),
        Route("/export/{filename}", export_file),
        Route("/api/openapi.json", api.openapi, methods=["GET"]),
        Route("/api/flags", api.list_flags, methods=["GET"]),
        Route("/api/flags/{flag_id}", api.get_flag, methods=["GET"]),
        Route("/api/flags/{flag_id}", api.post_flag, methods=["POST"]),
        Route("/api/claims", api.list_claims, methods=["GET"]),
        Route("/api/documents/{doc_id}", api.get_document, methods=["GET"]),
        Route("/api/{rest:path}", api_not_found),
        Route("/login", login_page, methods=["GET"]),
        Route("/login", login_submit, methods=["POST"]),
        Route("/logout", logout, methods=["POST"]),
        Route("/lang/{code}", set_language),
        Mount("/static", app=StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    middleware = [
        Middleware(SecurityHeadersMiddleware),
        Middleware(ServerSessionMiddleware, accounts=state.accounts, secret=secret, max_age=int(max_age),
                   secure=secure_cookies),
    ]
    if behind_proxy:
        from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

        middleware.insert(0, Middleware(ProxyHeadersMiddleware, trusted_hosts=trusted_proxies))
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan, max_body_size=MAX_BODY,
                    exception_handlers={HTTPException: http_error, Exception: server_error})
    app.state.review = state
    return app
