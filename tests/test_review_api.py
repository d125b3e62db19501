"""The JSON API (extractor/review/api.py) over HTTP: tokens (made, hashed, revoked, listed, never in URLs), the
session's CSRF rule, every route, keyset pagination, the 409 of a stale version, the one error shape, and the
OpenAPI document generated from the pydantic models."""
from __future__ import annotations

import base64
import json
import sqlite3
import warnings

import pytest
from click.testing import CliRunner
from review_fixtures import csrf_of, sign_in, version_of

with warnings.catch_warnings():  # Starlette 1.x asks for httpx2 in its TestClient; httpx still works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from extractor.cli import cli  # noqa: E402
from extractor.review import api, decisions  # noqa: E402
from extractor.review.app import create_app  # noqa: E402
from extractor.store import open_db  # noqa: E402

from review_fixtures import SECRET  # noqa: E402
ERROR_KEYS = {"ok", "status", "title", "error"}


def new_token(fx, username="asha", label=None) -> dict:
    db = open_db(fx.path)
    try:
        return decisions.create_api_token(db, username, label=label)
    finally:
        db.close()


@pytest.fixture
def token(fx):
    return new_token(fx)["token"]


@pytest.fixture
def bearer(token):
    return {"authorization": f"Bearer {token}"}


def is_error(r, status: int) -> dict:
    body = r.json()
    assert r.status_code == status, (r.status_code, body)
    assert ERROR_KEYS <= set(body) and body["ok"] is False and body["status"] == status, body
    assert isinstance(body["title"], str) and isinstance(body["error"], str) and body["error"]
    return body


def audit(fx) -> list[dict]:
    conn = sqlite3.connect(fx.path)
    conn.row_factory = sqlite3.Row
    with conn:
        rows = [dict(r) for r in conn.execute("SELECT * FROM audit WHERE flag_id IS NOT NULL ORDER BY id")]
    conn.close()
    return rows


# ------------------------------------------------------------------------------------------------ tokens

def test_token_cli_makes_lists_and_revokes_a_hashed_token(fx, tmp_path):
    runner = CliRunner()
    made = runner.invoke(cli, ["reviewer", "token", "asha", "--label", "newsroom bot", "--db", str(fx.path)])
    assert made.exit_code == 0, made.output
    token = made.stdout.strip()
    assert token.startswith("kcr_") and len(token) == 47 and "\n" not in token  # stdout: the token, nothing else
    assert "shown once" in made.stderr
    # stored hashed, and only beside the database: neither file holds the token; the shared database not even
    # its hash
    import hashlib

    digest = hashlib.sha256(token.encode()).hexdigest()
    creds = (tmp_path / "claims.db.reviewers").read_bytes()
    shared = fx.path.read_bytes() + (tmp_path / "claims.db-wal").read_bytes() \
        if (tmp_path / "claims.db-wal").exists() else fx.path.read_bytes()
    assert token.encode() not in creds and digest.encode() in creds
    assert token.encode() not in shared and digest.encode() not in shared

    listed = runner.invoke(cli, ["reviewer", "tokens", "--db", str(fx.path)])
    assert listed.exit_code == 0
    [line] = listed.stdout.splitlines()
    tid = digest[:12]
    assert line.startswith(f"{tid}\tasha\tnewsroom bot\tmade ") and "last used never" in line and line.endswith("live")

    with TestClient(create_app(fx.path, secret=SECRET)) as c:
        assert c.get("/api/flags", headers={"authorization": f"Bearer {token}"}).status_code == 200
        listed = runner.invoke(cli, ["reviewer", "tokens", "asha", "--db", str(fx.path)])
        assert "last used never" not in listed.stdout and "from testclient" in listed.stdout

        revoked = runner.invoke(cli, ["reviewer", "token", "asha", "--revoke", tid, "--db", str(fx.path)])
        assert revoked.exit_code == 0 and "1 token(s) revoked" in revoked.stdout
        is_error(c.get("/api/flags", headers={"authorization": f"Bearer {token}"}), 401)
    listed = runner.invoke(cli, ["reviewer", "tokens", "--db", str(fx.path)])
    assert "\trevoked " in listed.stdout

    again = runner.invoke(cli, ["reviewer", "token", "asha", "--revoke", tid, "--db", str(fx.path)])
    assert again.exit_code == 1 and "no live token" in again.output
    assert runner.invoke(cli, ["reviewer", "token", "nobody", "--db", str(fx.path)]).exit_code == 1


def test_revoke_without_id_revokes_every_token_of_the_reviewer(fx):
    a1, a2, r1 = new_token(fx)["token"], new_token(fx)["token"], new_token(fx, "ravi")["token"]
    result = CliRunner().invoke(cli, ["reviewer", "token", "asha", "--revoke", "--db", str(fx.path)])
    assert result.exit_code == 0 and "2 token(s) revoked" in result.stdout
    with TestClient(create_app(fx.path, secret=SECRET)) as c:
        for tok, status in ((a1, 401), (a2, 401), (r1, 200)):
            assert c.get("/api/flags", headers={"authorization": f"Bearer {tok}"}).status_code == status


# ------------------------------------------------------------------------------------------------ auth

@pytest.mark.parametrize("path", ["/api/flags", "/api/flags/x", "/api/claims", "/api/documents/x"])
def test_every_route_needs_a_reviewer(anon, path):
    body = is_error(anon.get(path), 401)
    assert body == {"ok": False, "status": 401, "title": "Sign-in required", "error": "sign in first"}
    is_error(anon.post("/api/flags/x", json={"action": "reopen", "version": 1}), 401)


@pytest.mark.parametrize("header", ["Bearer kcr_" + "A" * 43, "Bearer nonsense", "Bearer ", "Basic YXNoYTpwdw==",
                                    "kcr_" + "A" * 43])
def test_wrong_tokens_are_401_with_a_challenge(anon, header):
    r = anon.get("/api/flags", headers={"authorization": header})
    is_error(r, 401)
    assert r.headers["www-authenticate"].startswith("Bearer")


def test_disabled_reviewer_token_stops_working(fx, anon, bearer):
    assert anon.get("/api/flags", headers=bearer).status_code == 200
    db = open_db(fx.path)
    decisions.set_active(db, "asha", False)
    db.close()
    is_error(anon.get("/api/flags", headers=bearer), 401)


@pytest.mark.parametrize("query", ["token={t}", "access_token={t}", "api_key=x", "q={t}", "TOKEN=abc"])
def test_tokens_never_travel_in_urls(anon, bearer, token, query):
    r = anon.get("/api/flags?" + query.format(t=token), headers=bearer)  # refused even with a good header too
    assert "never travel in URLs" in is_error(r, 400)["error"]
    r = anon.post("/api/flags/x?" + query.format(t=token), json={"action": "reopen", "version": 1})
    is_error(r, 400)


def test_bearer_requests_get_no_cookie_and_ignore_one(anon, bearer, fx):
    r = anon.get("/api/flags", headers=bearer)
    assert r.status_code == 200 and "set-cookie" not in r.headers
    assert r.headers["cache-control"] == "no-store" and r.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'none'" in r.headers["content-security-policy"]
    # a bearer POST needs no CSRF token
    flag = anon.get(f"/api/flags/{fx.flags['downloads'].id}", headers=bearer).json()["flag"]
    r = anon.post(f"/api/flags/{flag['id']}", headers=bearer, json={"action": "needs_info", "version": flag["version"]})
    assert r.status_code == 200 and r.json()["flag"]["status"] == "needs_info"


def test_session_cookie_reads_but_cannot_post_without_csrf(app, fx):
    fid = fx.flags["slip"].id
    with TestClient(app) as c:
        sign_in(c, "asha")
        assert c.get(f"/api/flags/{fid}").status_code == 200
        before = audit(fx)
        for headers in ({}, {"x-csrf-token": "forged"}):
            r = c.post(f"/api/flags/{fid}", json={"action": "note", "version": 1, "note": "x"}, headers=headers)
            assert "x-csrf-token" in is_error(r, 403)["error"]
        assert audit(fx) == before
        token = csrf_of(c.get(f"/flags/{fid}").text)
        r = c.post(f"/api/flags/{fid}", json={"action": "note", "version": 1, "note": "from the page's script"},
                   headers={"x-csrf-token": token})
        assert r.status_code == 200 and r.json()["flag"]["version"] == 2


def test_wrong_tokens_are_rate_limited_per_address(anon, bearer):
    from extractor.review.accounts import LOGIN_LIMITS

    allowed = LOGIN_LIMITS["address"][0]
    for _ in range(allowed):
        anon.get("/api/flags", headers={"authorization": "Bearer kcr_" + "B" * 43})
    r = anon.get("/api/flags", headers={"authorization": "Bearer kcr_" + "C" * 43})
    is_error(r, 429)
    assert int(r.headers["retry-after"]) > 0
    is_error(anon.get("/api/flags", headers=bearer), 429)  # the address waits, whatever it sends
    assert anon.get("/api/flags").status_code == 401  # (no token: the session path, as the pages)


# ------------------------------------------------------------------------------------------------ GET /api/flags

def ids(body, key="flags"):
    return [item["id"] for item in body[key]]


def test_list_flags_shape_and_defaults(anon, bearer, fx):
    r = anon.get("/api/flags", headers=bearer)
    body = r.json()
    assert r.status_code == 200 and set(body) == {"ok", "flags", "next"} and body["next"] is None
    api.FlagList.model_validate(body)
    everything = anon.get("/api/flags?status=all&min_confidence=0", headers=bearer).json()
    assert set(ids(everything)) == {f.id for f in fx.flags.values()}
    assert all(f["status"] == "open" and f["version"] == 1 and f["active"] for f in body["flags"])
    assert all(f["confidence"] >= 0.7 for f in body["flags"])
    first = body["flags"][0]
    assert first["severity"] == "high" and first["claims"][0]["evidence"]["quote"]
    # the queue's order: severity, then latest publication (newest first), then id
    ranks = {"high": 0, "medium": 1, "low": 2}
    keys = [(ranks[f["severity"]], f["latest_published"] or "", f["id"]) for f in everything["flags"]]
    assert keys == sorted(keys, key=lambda k: (k[0], tuple(-ord(ch) for ch in k[1]), k[2]))


@pytest.mark.parametrize("query, expected", [
    ("state=uttar pradesh", {"up_users"}),
    ("state=उत्तर प्रदेश", {"up_users"}),
    ("state=UTTAR+PRADESH", {"up_users"}),
    ("metric=App downloads", {"downloads"}),
    ("metric=ऐप डाउनलोड", {"downloads"}),
    ("kind=magnitude_slip", {"slip", "completions"}),
    ("q=14.5 करोड़&kind=magnitude_slip", {"slip"}),
    ("state=bihar", set()),
])
def test_list_flags_filters(anon, bearer, fx, query, expected):
    from extractor.lang import metrics

    if "ऐप" in query:
        query = "metric=" + metrics()["app_downloads"].label_hi
    body = anon.get(f"/api/flags?status=all&min_confidence=0&{query}", headers=bearer).json()
    assert set(ids(body)) == {fx.flags[name].id for name in expected}


def test_keyset_pages_cover_everything_once_and_stay_stable(anon, bearer, fx):
    full = ids(anon.get("/api/flags?status=all&min_confidence=0", headers=bearer).json())
    seen, cursor, pages = [], None, 0
    while True:
        r = anon.get("/api/flags?status=all&min_confidence=0&limit=2" + (f"&cursor={cursor}" if cursor else ""),
                     headers=bearer)
        body = r.json()
        pages += 1
        seen += ids(body)
        if pages == 1:  # a change between pages moves nothing: the first page's flag is dismissed meanwhile
            first = body["flags"][0]
            done = anon.post(f"/api/flags/{first['id']}", headers=bearer,
                             json={"action": "dismiss", "version": first["version"], "reason": "same figure"})
            assert done.status_code == 200
        cursor = body["next"]
        if cursor is None:
            break
    assert seen == full and pages == 3


@pytest.mark.parametrize("query, field", [
    ("cursor=nonsense", "cursor"), ("limit=0", "limit"), ("limit=201", "limit"), ("limit=two", "limit"),
    ("status=closed", "status"), ("date_from=02/12/2026", "date_from"), ("min_confidence=1.5", "min_confidence"),
    ("min_confidence=nan", "min_confidence"), ("page=2", "page"), ("stauts=open", "stauts"),
])
def test_list_flags_bad_parameters(anon, bearer, query, field):
    assert is_error(anon.get(f"/api/flags?{query}", headers=bearer), 400)["field"] == field


def test_a_claims_cursor_is_no_flags_cursor(anon, bearer):
    cursor = anon.get("/api/claims?limit=1", headers=bearer).json()["next"]
    assert cursor
    is_error(anon.get(f"/api/flags?cursor={cursor}", headers=bearer), 400)
    forged = base64.urlsafe_b64encode(json.dumps(["flags", "x", 1, 2]).encode()).decode()
    is_error(anon.get(f"/api/flags?cursor={forged}", headers=bearer), 400)


# ------------------------------------------------------------------------------------------------ GET /api/flags/{id}

def test_get_flag(anon, bearer, fx):
    r = anon.get(f"/api/flags/{fx.flags['slip'].id}", headers=bearer)
    body = r.json()
    assert r.status_code == 200 and set(body) == {"ok", "flag", "audit"} and body["audit"] == []
    api.FlagDetail.model_validate(body)
    assert [c["evidence"]["quote"] for c in body["flag"]["claims"]] == ["14.5 करोड़", "1.45 करोड़"]
    assert body["flag"]["suspect_claim"] == fx.flags["slip"].suspect_claim
    assert "no flag" in is_error(anon.get("/api/flags/nope", headers=bearer), 404)["error"]
    is_error(anon.get("/api/nothing/here", headers=bearer), 404)


# ------------------------------------------------------------------------------------------------ POST /api/flags/{id}

ACTIONS = [
    ("confirm", {"correct_value": "1.45 करोड़", "correct_source": "CBC annual review", "note": "checked"}, "confirmed"),
    ("dismiss", {"reason": "different dates"}, "dismissed"),
    ("needs_info", {"reason": "ask the desk"}, "needs_info"),
    ("reopen", {}, "open"),
    ("note", {"note": "called the ministry"}, "open"),
    ("assign", {"assignee": "ravi", "note": "yours"}, "open"),
]


@pytest.mark.parametrize("action, fields, status", ACTIONS)
def test_api_action_writes_the_same_audit_entry_as_the_form(review_template, tmp_path, action, fields, status):
    """The same action through the page's form and through the API leaves the same flag and the same audit row."""
    results = []
    for via in ("form", "api"):
        fx = review_template.copy_to(tmp_path / f"{via}.db")
        fid = fx.flags["slip"].id
        with TestClient(create_app(fx.path, secret=SECRET)) as c:
            if via == "form":
                sign_in(c, "asha")
                page = c.get(f"/flags/{fid}")
                r = c.post(f"/flags/{fid}", data={"csrf_token": csrf_of(page.text), "version": version_of(page.text),
                                                  "action": action, **fields}, follow_redirects=False)
                assert r.status_code == 303, r.text[:500]
            else:
                tok = new_token(fx)["token"]
                r = c.post(f"/api/flags/{fid}", headers={"authorization": f"Bearer {tok}"},
                           json={"action": action, "version": 1, **fields})
                assert r.status_code == 200, r.json()
                body = api.ActionResult.model_validate(r.json())
                assert body.flag.status == status and body.flag.version == 2
                assert body.flag.assignee == fields.get("assignee")
        [row] = audit(fx)
        if via == "api":
            assert row["id"] == body.audit_id
        conn = sqlite3.connect(fx.path)
        flag = conn.execute("SELECT status, version, assignee FROM flags WHERE id = ?", [fid]).fetchone()
        conn.close()
        results.append(({k: v for k, v in row.items() if k not in ("id", "at")}, flag))
    assert results[0] == results[1]
    assert results[1][1][0] == status


def test_stale_version_is_409_with_the_current_state(anon, bearer, fx):
    fid = fx.flags["downloads"].id
    ok = anon.post(f"/api/flags/{fid}", headers=bearer, json={"action": "dismiss", "version": 1, "reason": "typo"})
    assert ok.status_code == 200
    before = audit(fx)
    r = anon.post(f"/api/flags/{fid}", headers=bearer, json={"action": "confirm", "version": 1,
                                                              "correct_value": "5 लाख", "correct_source": "PIB"})
    body = is_error(r, 409)
    assert body["code"] == "version_conflict"
    assert body["current"] == {"id": fid, "status": "dismissed", "version": 2, "assignee": None}
    [change] = body["changes"]
    assert change["reviewer"] == "asha" and change["action"] == "dismiss" and change["details"]["reason"] == "typo"
    api.ErrorBody.model_validate(body)
    assert audit(fx) == before  # nothing written


@pytest.mark.parametrize("payload, status, code, field", [
    ({"action": "dismiss", "version": 1}, 400, "reason_required", "reason"),
    ({"action": "confirm", "version": 1, "correct_source": "PIB"}, 400, "correct_value_required", "correct_value"),
    ({"action": "confirm", "version": 1, "correct_value": "many", "correct_source": "PIB"}, 400, "value_unreadable",
     "correct_value"),
    ({"action": "note", "version": 1}, 400, "note_required", "note"),
    ({"action": "assign", "version": 1, "assignee": "nobody"}, 400, "unknown_assignee", "assignee"),
    ({"action": "publish", "version": 1}, 400, "invalid_input", "action"),
    ({"action": "reopen"}, 400, "invalid_input", "version"),
    ({"action": "reopen", "version": -1}, 400, "invalid_input", "version"),
    ({"action": "reopen", "version": 1, "status": "confirmed"}, 400, "invalid_input", "status"),
    ({"action": "note", "version": 1, "note": "x" * 5001}, 400, "invalid_input", "note"),
    (["reopen"], 400, "invalid_input", None),
])
def test_action_errors(anon, bearer, fx, payload, status, code, field):
    before = audit(fx)
    body = is_error(anon.post(f"/api/flags/{fx.flags['slip'].id}", headers=bearer, json=payload), status)
    assert body["code"] == code and body.get("field") == field
    assert audit(fx) == before


def test_action_transport_errors(anon, bearer, fx):
    fid = fx.flags["slip"].id
    r = anon.post(f"/api/flags/{fid}", headers={**bearer, "content-type": "application/json"}, content=b"{not json")
    assert is_error(r, 400)["code"] == "invalid_json"
    is_error(anon.post(f"/api/flags/{fid}", headers=bearer, data={"action": "reopen", "version": "1"}), 415)
    assert is_error(anon.post("/api/flags/nope", headers=bearer, json={"action": "reopen", "version": 1}),
                    404)["code"] == "flag_not_found"
    # a body over the app's megabyte is refused before any route runs (Starlette's limit: plain text)
    r = anon.post(f"/api/flags/{fid}", headers={**bearer, "content-type": "application/json"},
                  content=b'{"action": "note", "version": 1, "note": "' + b"x" * 1_100_000 + b'"}')
    assert r.status_code == 413
    is_error(anon.delete(f"/api/flags/{fid}", headers=bearer), 405)


# ------------------------------------------------------------------------------------------------ claims, documents

def test_list_claims_pages_and_filters(anon, bearer, fx):
    everything = []
    cursor = None
    while True:
        body = anon.get("/api/claims?limit=7" + (f"&cursor={cursor}" if cursor else ""), headers=bearer).json()
        api.ClaimList.model_validate(body)
        everything += body["claims"]
        cursor = body["next"]
        if not cursor:
            break
    total = sum(len(v) for v in fx.claims.values())
    assert len(everything) == total and len({c["id"] for c in everything}) == total
    days = [c["published"] or "" for c in everything]
    assert days == sorted(days, reverse=True)
    claim = everything[0]
    assert claim["document_id"] in fx.documents.values() and claim["evidence"]["quote"]

    up = anon.get("/api/claims?state=उत्तर प्रदेश&limit=200", headers=bearer).json()["claims"]
    assert up and {c["state"] for c in up} == {"Uttar Pradesh"}
    assert up == anon.get("/api/claims?state=uttar pradesh&limit=200", headers=bearer).json()["claims"]
    assert anon.get("/api/claims?state=bihar", headers=bearer).json() == {"ok": True, "claims": [], "next": None}
    assert is_error(anon.get("/api/claims?page=2", headers=bearer), 400)["field"] == "page"


def test_get_document(anon, bearer, fx):
    did = fx.documents["001"]
    r = anon.get(f"/api/documents/{did}", headers=bearer)
    doc = r.json()["document"]
    assert r.status_code == 200 and api.DocumentDetail.model_validate(r.json())
    assert doc["text"] == fx.texts[did] and doc["publisher"] == "Moneycontrol Hindi"
    assert len(doc["claims"]) == len(fx.claims["001"])
    for c in doc["claims"]:
        assert doc["text"][c["evidence"]["start"]:c["evidence"]["end"]] == c["evidence"]["quote"]
    slip_claim = fx.claim("001", "registered_users").id
    assert {"id": fx.flags["slip"].id, "kind": "magnitude_slip", "status": "open"} in doc["flags"][slip_claim]
    assert [c["publisher"] for c in doc["copies"]] == ["Hindi Wire (example)"]
    is_error(anon.get("/api/documents/nope", headers=bearer), 404)


# ------------------------------------------------------------------------------------------------ OpenAPI

def test_openapi_document_from_the_models(anon, app):
    r = anon.get("/api/openapi.json")  # public: it holds no data
    doc = r.json()
    assert r.status_code == 200 and doc["openapi"].startswith("3.1")
    schemas = doc["components"]["schemas"]
    for model in (api.FlagList, api.FlagDetail, api.ClaimList, api.DocumentDetail, api.FlagAction,
                  api.ActionResult, api.ErrorBody):
        assert model.__name__ in schemas
    assert set(schemas["FlagAction"]["properties"]) == set(api.FlagAction.model_fields)
    assert schemas["FlagAction"]["properties"]["action"]["enum"] == list(decisions.ACTIONS)
    assert set(schemas["ErrorBody"]["required"]) == {"status", "title", "error"}
    # every API route of the app is described, and every $ref resolves
    from starlette.routing import Route

    routes = {(r.path, m) for r in app.routes if isinstance(r, Route) and r.path.startswith("/api/")
              and "{rest" not in r.path and r.path != "/api/openapi.json" for m in r.methods if m != "HEAD"}
    described = {(p, m.upper()) for p, ops in doc["paths"].items() for m in ops}
    assert routes == described
    text = json.dumps(doc)
    import re

    for ref in set(re.findall(r'"#/components/schemas/([^"]+)"', text)):
        assert ref in schemas, ref
