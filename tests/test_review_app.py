"""The review queue over HTTP (Starlette's TestClient): sign-in, CSRF, every decision, the optimistic conflict,
escaping of hostile articles, filters, search, exports, language, reference figures, claims and article pages."""
from __future__ import annotations

import csv
import io
import json
import os
import re
import sqlite3
import stat
import warnings

import pytest
from markupsafe import escape
from review_fixtures import (PASSWORD, PAYLOADS, XSS_IMG, XSS_SCRIPT, XSS_SVG, csrf_of,
                             sign_in, version_of)

with warnings.catch_warnings():  # Starlette 1.x asks for httpx2 in its TestClient; httpx still works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from extractor.review import decisions, queries, render  # noqa: E402

from review_fixtures import SECRET  # noqa: E402


def db_of(fx):
    conn = sqlite3.connect(fx.path)
    conn.row_factory = sqlite3.Row
    return conn


def flag_row(fx, name):
    with db_of(fx) as conn:
        return dict(conn.execute("SELECT * FROM flags WHERE id = ?", [fx.flags[name].id]).fetchone())


def audit_of(fx, name=None):
    with db_of(fx) as conn:
        if name is None:
            return [dict(r) for r in conn.execute("SELECT * FROM audit ORDER BY id")]
        return [dict(r) for r in conn.execute("SELECT * FROM audit WHERE flag_id = ? ORDER BY id",
                                              [fx.flags[name].id])]


def post_action(client, fx, name, action, **fields):
    page = client.get(f"/flags/{fx.flags[name].id}")
    data = {"csrf_token": csrf_of(page.text), "version": version_of(page.text), "action": action, **fields}
    return client.post(f"/flags/{fx.flags[name].id}", data=data, follow_redirects=False)


def flags_listed(html):
    return set(re.findall(r'data-flag="([0-9a-f]+)"', html))


# ------------------------------------------------------------------------------------------------ sign-in

def test_every_page_needs_sign_in(anon, fx):
    fid, did = fx.flags["slip"].id, fx.documents["001"]
    for path in ["/", f"/flags/{fid}", "/claims", f"/documents/{did}", "/reference", "/reference/1", "/exports",
                 "/export/flags.csv", "/export/audit.json"]:
        r = anon.get(path, follow_redirects=False)
        assert r.status_code == 303, path
        assert r.headers["location"].startswith("/login?next="), path
    r = anon.get(f"/api/flags/{fid}")
    assert r.status_code == 401
    assert r.json() == {"ok": False, "status": 401, "title": "Sign-in required", "error": "sign in first"}


def test_sign_in_then_out(anon):
    r = sign_in(anon, "asha", "wrong password!")
    assert r.status_code == 401 and "wrong" in r.text
    r = sign_in(anon, "ASHA ", PASSWORD)  # user names are case- and space-insensitive
    assert r.status_code == 200 and "Asha Verma" in r.text
    page = anon.get("/")
    r = anon.post("/logout", data={"csrf_token": csrf_of(page.text)}, follow_redirects=False)
    assert r.status_code == 303
    assert anon.get("/", follow_redirects=False).status_code == 303


def test_login_is_rate_limited(anon):
    for _ in range(5):
        assert sign_in(anon, "ravi", "not the password").status_code == 401
    r = sign_in(anon, "ravi", PASSWORD)
    assert r.status_code == 429 and "Too many" in r.text


def test_login_next_is_a_local_path_only(anon):
    page = anon.get("/login")
    for target, expected in [("//evil.example/x", "/"), ("https://evil.example", "/"), ("/\\evil", "/"),
                             ("/claims?metric=x", "/claims?metric=x")]:
        r = anon.post("/login", data={"username": "asha", "password": PASSWORD, "csrf_token": csrf_of(page.text),
                                      "next": target}, follow_redirects=False)
        assert r.headers["location"] == expected
        page = anon.get("/")  # signed in now: the session's new token is on every page


def test_disabled_reviewer_and_changed_password_end_the_session(app, fx):
    with TestClient(app) as c:
        sign_in(c, "ravi")
        assert c.get("/", follow_redirects=False).status_code == 200
        conn = db_of(fx)
        decisions.set_password(conn, "ravi", "a-brand-new-password")
        assert c.get("/", follow_redirects=False).status_code == 303
        sign_in(c, "ravi", "a-brand-new-password")
        assert c.get("/", follow_redirects=False).status_code == 200
        decisions.set_active(conn, "ravi", False)
        assert c.get("/", follow_redirects=False).status_code == 303
        assert sign_in(c, "ravi", "a-brand-new-password").status_code == 401


# ------------------------------------------------------------------------------------------------ CSRF

def test_posts_without_the_csrf_token_are_refused(client, fx):
    fid = fx.flags["slip"].id
    before = audit_of(fx)
    for token in (None, "", "forged-token"):
        data = {"action": "dismiss", "version": "1", "reason": "x"}
        if token is not None:
            data["csrf_token"] = token
        r = client.post(f"/flags/{fid}", data=data, follow_redirects=False)
        assert r.status_code == 403
        assert "expired" in r.text
    for path, data in [("/bulk", {"flag": f"{fid}:1", "bulk_action": "needs_info"}),
                       ("/reference", {"metric": "registered_users", "state": "India", "value": "1",
                                       "as_of": "2026-01-01", "source": "x"}),
                       ("/logout", {}), ("/login", {"username": "asha", "password": PASSWORD})]:
        assert client.post(path, data=data, follow_redirects=False).status_code == 403, path
    assert audit_of(fx) == before
    assert flag_row(fx, "slip")["status"] == "open"
    assert client.get("/", follow_redirects=False).status_code == 200  # still signed in: /logout was refused


def test_nothing_is_written_without_sign_in(anon, fx):
    page = anon.get("/login")  # a signed-out visitor has a token for the sign-in form only
    r = anon.post(f"/flags/{fx.flags['slip'].id}", data={"csrf_token": csrf_of(page.text), "action": "dismiss",
                                                        "version": "1", "reason": "spam"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    assert flag_row(fx, "slip")["status"] == "open"
    assert not [a for a in audit_of(fx) if a["flag_id"]]


# ------------------------------------------------------------------------------------------------ decisions

def test_confirm_writes_status_version_and_audit(client, fx):
    r = post_action(client, fx, "slip", "confirm", correct_value="1.45 करोड़",
                    correct_source="https://pib.example.in/release-1", note="CBC confirms 1.45 crore")
    assert r.status_code == 303 and r.headers["location"].endswith("#audit")
    row = flag_row(fx, "slip")
    assert (row["status"], row["version"]) == ("confirmed", 2)
    [entry] = audit_of(fx, "slip")
    assert (entry["reviewer"], entry["action"], entry["from_status"], entry["to_status"]) == \
        ("asha", "confirm", "open", "confirmed")
    assert json.loads(entry["details"]) == {"correct_value": 14500000,
                                            "correct_source": "https://pib.example.in/release-1", "version": 2}
    page = client.get(f"/flags/{fx.flags['slip'].id}")
    assert "Saved." in page.text
    assert 'data-action="confirm"' in page.text and "CBC confirms 1.45 crore" in page.text
    assert 'href="https://pib.example.in/release-1" rel="noopener noreferrer nofollow"' in page.text
    assert version_of(page.text) == 2


def test_confirm_needs_a_readable_value_and_a_source(client, fx):
    r = post_action(client, fx, "slip", "confirm", correct_value="lots", correct_source="PIB", note="keep me")
    assert r.status_code == 400
    assert "could not be read as one number" in r.text
    assert ">keep me</textarea>" in r.text and 'value="lots"' in r.text
    r = post_action(client, fx, "slip", "confirm", correct_value="14500000", correct_source="")
    assert r.status_code == 400 and "where the correct value comes from" in r.text
    assert flag_row(fx, "slip")["status"] == "open" and audit_of(fx, "slip") == []


def test_dismiss_needs_a_reason(client, fx):
    r = post_action(client, fx, "downloads", "dismiss", reason="", note="my note")
    assert r.status_code == 400 and "Please give a reason" in r.text
    r = post_action(client, fx, "downloads", "dismiss", reason="Not a contradiction: different dates")
    assert r.status_code == 303
    assert flag_row(fx, "downloads")["status"] == "dismissed"
    assert json.loads(audit_of(fx, "downloads")[0]["details"])["reason"] == "Not a contradiction: different dates"


def test_needs_info_note_assign_and_reopen(client, fx):
    assert post_action(client, fx, "up_users", "needs_info", note="Ask the UP department").status_code == 303
    assert flag_row(fx, "up_users")["status"] == "needs_info"
    assert post_action(client, fx, "up_users", "note", note="Called them, waiting").status_code == 303
    assert post_action(client, fx, "up_users", "note", note="   ").status_code == 400
    assert post_action(client, fx, "up_users", "assign", assignee="ravi").status_code == 303
    assert flag_row(fx, "up_users")["assignee"] == "ravi"
    assert post_action(client, fx, "up_users", "assign", assignee="mallory").status_code == 400
    assert post_action(client, fx, "up_users", "reopen", note="back to the pile").status_code == 303
    row = flag_row(fx, "up_users")
    assert (row["status"], row["version"], row["assignee"]) == ("open", 5, "ravi")
    actions = [(a["action"], a["to_status"]) for a in audit_of(fx, "up_users")]
    assert actions == [("needs_info", "needs_info"), ("note", "needs_info"), ("assign", "needs_info"),
                       ("reopen", "open")]
    page = client.get(f"/flags/{fx.flags['up_users'].id}").text
    assert page.count('class="audit-row"') == 4 and "Called them, waiting" in page
    assert post_action(client, fx, "up_users", "explode").status_code == 400


def test_two_reviewers_same_version_second_gets_409_and_keeps_the_note(app, fx):
    fid = fx.flags["slip"].id
    with TestClient(app) as asha, TestClient(app) as ravi:
        sign_in(asha, "asha")
        sign_in(ravi, "ravi")
        page_a, page_r = asha.get(f"/flags/{fid}").text, ravi.get(f"/flags/{fid}").text
        assert version_of(page_a) == version_of(page_r) == 1
        r = asha.post(f"/flags/{fid}", data={"csrf_token": csrf_of(page_a), "version": 1, "action": "confirm",
                                            "correct_value": "14500000", "correct_source": "CBC annual review",
                                            "note": "asha: PIB says 1.45 crore"}, follow_redirects=False)
        assert r.status_code == 303
        ravi_note = "ravi: the outlet corrected it <b>yesterday</b>, see their update"
        r = ravi.post(f"/flags/{fid}", data={"csrf_token": csrf_of(page_r), "version": 1, "action": "dismiss",
                                            "reason": "Already corrected by the publisher", "note": ravi_note},
                      follow_redirects=False)
        assert r.status_code == 409
        html = r.text
        assert "Someone else changed this flag first" in html
        assert "asha" in html and "Confirmed as an error" in html and "asha: PIB says 1.45 crore" in html
        assert f">{escape(ravi_note)}</textarea>" in html  # ravi's note is still in the dismiss form
        assert 'value="Already corrected by the publisher"' in html
        assert version_of(html) == 2
        row = flag_row(fx, "slip")
        assert (row["status"], row["version"]) == ("confirmed", 2)
        assert [a["reviewer"] for a in audit_of(fx, "slip")] == ["asha"]
        # ravi read what happened and submits again, now against version 2
        r = ravi.post(f"/flags/{fid}", data={"csrf_token": csrf_of(html), "version": 2, "action": "dismiss",
                                            "reason": "Already corrected by the publisher", "note": ravi_note},
                      follow_redirects=False)
        assert r.status_code == 303
        assert flag_row(fx, "slip")["status"] == "dismissed"
        assert [a["reviewer"] for a in audit_of(fx, "slip")] == ["asha", "ravi"]


def test_library_twin_raises_version_conflict(fx):
    from extractor.store import open_db

    db = open_db(fx.path)
    fid = fx.flags["completions"].id
    done = decisions.decide(db, fid, "asha", "needs_info", 1, note="first")
    assert done["version"] == 2 and done["status"] == "needs_info"
    with pytest.raises(decisions.VersionConflict) as exc:
        decisions.decide(db, fid, "ravi", "dismiss", 1, reason="late")
    assert exc.value.current["version"] == 2 and exc.value.current["status"] == "needs_info"
    assert [c["reviewer"] for c in exc.value.changes] == ["asha"]
    with pytest.raises(decisions.FlagNotFound):
        decisions.decide(db, "nope", "asha", "dismiss", 1, reason="x")
    with pytest.raises(decisions.ReviewerError):
        decisions.decide(db, fid, "mallory", "dismiss", 2, reason="x")
    with pytest.raises(decisions.InvalidInput):
        decisions.decide(db, fid, "asha", "publish", 2)


def test_audit_is_append_only(client, fx):
    post_action(client, fx, "slip", "note", note="hello")
    with db_of(fx) as conn:
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute("UPDATE audit SET note = 'changed'")
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute("DELETE FROM audit")


def test_bulk_actions_check_each_version(client, fx):
    slip, downloads, up = fx.flags["slip"].id, fx.flags["downloads"].id, fx.flags["up_users"].id
    page = client.get("/")
    token = csrf_of(page.text)
    r = client.post("/bulk", data={"csrf_token": token, "bulk_action": "dismiss", "reason": "duplicate",
                                   "flag": [f"{slip}:1", f"{downloads}:1"], "return_to": "/?status=open"},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/?status=open"
    assert flag_row(fx, "slip")["status"] == flag_row(fx, "downloads")["status"] == "dismissed"
    assert "2 flags updated." in client.get("/?status=open").text
    # one stale version (slip is at 2 now): that one conflicts, the other is applied
    r = client.post("/bulk", data={"csrf_token": token, "bulk_action": "assign", "assignee": "ravi",
                                   "flag": [f"{slip}:1", f"{up}:1"]}, follow_redirects=False)
    assert r.status_code == 409
    assert "1 flags were changed by someone else first" in r.text and slip in r.text
    assert flag_row(fx, "up_users")["assignee"] == "ravi" and flag_row(fx, "slip")["assignee"] is None
    # dismiss without a reason, or nothing selected: nothing happens
    client.post("/bulk", data={"csrf_token": token, "bulk_action": "dismiss", "flag": [f"{up}:2"]})
    client.post("/bulk", data={"csrf_token": token, "bulk_action": "needs_info"})
    assert flag_row(fx, "up_users")["status"] == "open"


# ------------------------------------------------------------------------------------------------ escaping

JS_URL_ATTR = re.compile(r"""(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.I)


def assert_no_raw_payload(html: str) -> None:
    for raw in (XSS_SCRIPT, XSS_IMG, XSS_SVG, "<svg onload", "<img src=x", "onerror=alert(2)>"):
        assert raw not in html, raw
    assert not JS_URL_ATTR.search(html)
    assert "<script>" not in html.replace('<script src="/static/review.js" defer></script>', "")


def test_hostile_article_text_title_publisher_and_url_are_escaped(client, fx):
    fid, did = fx.flags["payload"].id, fx.documents["payload"]
    pages = [f"/flags/{fid}", f"/documents/{did}", "/claims", "/claims?q=यूजर्स", "/", "/?status=all&q=Hostile",
             f"/documents/{did}?claim={fx.claim('payload', 'registered_users').id}"]
    for path in pages:
        r = client.get(path)
        assert r.status_code == 200, path
        assert_no_raw_payload(r.text)
    flag_html = client.get(f"/flags/{fid}").text
    assert str(escape(XSS_SCRIPT)) in flag_html and str(escape(XSS_IMG)) in flag_html
    assert "Link not shown" in flag_html  # the javascript: URL is shown as text, never as a link
    doc_html = client.get(f"/documents/{did}").text
    assert str(escape(XSS_SVG)) in doc_html  # the title
    assert "javascript:alert(<mark" in doc_html  # text only (the "4" in it is read as a claim and marked)


def test_hostile_reference_figure_and_notes_are_escaped(client, fx):
    post_action(client, fx, "payload", "note", note=" ".join(PAYLOADS))
    page = client.get("/reference")
    client.post("/reference", data={"csrf_token": csrf_of(page.text), "metric": "registered_users",
                                    "state": "India", "value": "1.45 करोड़", "as_of": "2026-01-01",
                                    "source": XSS_URL_SOURCE, "note": XSS_SCRIPT})
    for path in [f"/flags/{fx.flags['payload'].id}", "/reference", "/reference/1"]:
        assert_no_raw_payload(client.get(path).text)


XSS_URL_SOURCE = "javascript:alert(4)"


def test_external_links_are_http_only_and_noopener(client, fx):
    html = client.get(f"/flags/{fx.flags['slip'].id}").text
    anchors = re.findall(r"<a\s[^>]*>", html)
    external = [a for a in anchors if 'href="http' in a]
    assert external, "the sources are linked"
    for a in external:
        assert 'rel="noopener noreferrer' in a
    assert all(re.search(r'href="(/|#|https?://)', a) for a in anchors if "href=" in a)


def test_security_headers(client, anon):
    for r in (client.get("/"), anon.get("/login"), client.get("/static/review.css")):
        csp = r.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"
    assert client.get("/").headers["cache-control"] == "no-store"
    assert client.cookies.get("karmayogi_review")


def test_session_cookie_flags(app):
    with TestClient(app) as fresh:
        r = fresh.get("/login")
    assert "httponly" in r.headers["set-cookie"].lower() and "samesite=lax" in r.headers["set-cookie"].lower()


def test_render_helpers_escape_then_mark():
    html = render.highlight('<b>"x"</b> 14.5 करोड़ & more', [(11, 21, {"class": "ev", "title": '"><x>'})])
    assert str(html) == ('&lt;b&gt;&#34;x&#34;&lt;/b&gt; <mark class="ev" title="&#34;&gt;&lt;x&gt;">'
                         "14.5 करोड़</mark> &amp; more")
    # overlapping and out-of-range spans are left unmarked
    assert str(render.highlight("abcdef", [(0, 3, {}), (2, 4, {}), (5, 99, {})])) == "<mark>abc</mark>def"
    for bad in ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "//evil.example", "/relative",
                "http://", "java\nscript:x", "vbscript:x", "http://a b", "https://a\\b"]:
        assert render.safe_url(bad) is None, bad
    assert render.safe_url("https://pib.gov.in/x?a=1&b=2") == "https://pib.gov.in/x?a=1&b=2"
    assert render.local_path("//evil") == "/" and render.local_path("/flags/x") == "/flags/x"


def test_locate_in_sentence_uses_the_document_offsets():
    text = "18 लाख कर्मी। UP में 18 लाख से अधिक कर्मियों ने 18 लाख पाठ्यक्रम।"
    sentence = "UP में 18 लाख से अधिक कर्मियों ने 18 लाख पाठ्यक्रम।"
    second = text.rindex("18 लाख")
    s = text.index(sentence)
    assert render.locate_in_sentence(text, sentence, second, second + 6, "18 लाख") == (second - s, second - s + 6)
    assert render.locate_in_sentence(None, sentence, 0, 0, "18 लाख") == (7, 13)  # no text: the first one


# ------------------------------------------------------------------------------------------------ numbers

def test_notations_indian_and_international():
    assert render.notation(14500000, "count", "hi") == ["1.45 करोड़", "1,45,00,000", "14.5 million"]
    assert render.notation(145000000.0, "count", "en") == ["14.5 crore", "14,50,00,000", "145 million"]
    assert render.notation(1880000, "count", "en") == ["18.8 lakh", "18,80,000", "1.88 million"]
    assert render.notation(4179) == ["4,179"]
    assert render.notation(70, "percent") == ["70%"]
    assert render.notation(5_000_000_000, "inr", "en")[0] == "₹ 500 crore"


def test_flag_page_shows_notations_explanations_timeline_and_copies(client, fx):
    html = client.get(f"/flags/{fx.flags['slip'].id}").text
    assert "14.5 crore" in html and "14,50,00,000" in html and "145 million" in html
    assert "1.45 crore" in html and "1,45,00,000" in html and "14.5 million" in html
    assert fx.flags["slip"].explanation_en in html and fx.flags["slip"].explanation_hi in html
    assert '<mark class="ev">14.5 करोड़</mark>' in html and '<mark class="ev">1.45 करोड़</mark>' in html
    svg = html[html.index("<svg viewBox"):html.index("</svg>")]
    assert svg.count("<circle") >= 3 and svg.count(" hit") == 2  # every source of registered_users/India
    assert "Hindi Wire (example)" in html  # the syndicated copy of 001's story
    assert "most likely wrong" in html


def test_api_flag_and_one_error_shape(client, fx):
    r = client.get(f"/api/flags/{fx.flags['slip'].id}")
    body = r.json()
    assert r.status_code == 200 and body["ok"] is True and body["flag"]["status"] == "open"
    assert [c["evidence"]["quote"] for c in body["flag"]["claims"]] == ["14.5 करोड़", "1.45 करोड़"]
    for path in ["/api/flags/nope", "/api/whatever"]:
        r = client.get(path)
        assert r.status_code == 404
        assert set(r.json()) == {"ok", "status", "title", "error"} and r.json()["ok"] is False


def test_every_html_error_is_the_one_error_page(app, client):
    """404, a wrong method and a server error all come as error.html, in the reader's language (issue 16: they came
    as that page, as plain text and as an inline snippet)."""
    missing = client.get("/no/such/page")
    wrong_method = client.delete("/")
    assert (missing.status_code, wrong_method.status_code) == (404, 405)
    for r in (missing, wrong_method):
        assert r.headers["content-type"].startswith("text/html") and "<h1>" in r.text
    assert "Nothing was saved" in wrong_method.text

    from starlette.routing import Route

    def boom(request):
        raise RuntimeError("boom")

    app.router.routes.insert(0, Route("/boom", boom))
    with TestClient(app, raise_server_exceptions=False) as c:
        sign_in(c, "asha")
        r = c.get("/boom")
    assert r.status_code == 500 and "<h1>" in r.text and "Something went wrong" in r.text
    assert "RuntimeError" not in r.text and "Traceback" not in r.text  # no internals shown


def test_unknown_pages_are_404(client):
    assert client.get("/flags/nope").status_code == 404
    assert client.get("/documents/nope").status_code == 404
    assert client.get("/reference/999").status_code == 404
    assert client.get("/export/secrets.csv").status_code == 404
    assert client.get("/no/such/page").status_code == 404


# ------------------------------------------------------------------------------------------------ queue

def test_queue_order_counts_and_filters(client, fx):
    ids = {k: f.id for k, f in fx.flags.items()}
    html = client.get("/").text
    listed = re.findall(r'data-flag="([0-9a-f]+)"', html)
    assert set(listed) == set(ids.values())
    assert listed.index(ids["slip"]) < listed.index(ids["downloads"]) < listed.index(ids["up_users"])  # severity
    assert listed.index(ids["payload"]) < listed.index(ids["downloads"])  # same severity: most recent first
    assert '<span class="count" data-status="open">5</span>' in html
    cases = {
        "kind=magnitude_slip": {"slip", "completions"},
        "metric=registered_users": {"slip", "up_users", "payload"},
        "state=Uttar+Pradesh": {"up_users"},
        "publisher=UP+Samachar+%28example%29": set(ids),
        "publisher=Moneycontrol+Hindi": {"slip", "completions", "downloads", "up_users"},
        "publisher=Hindi+Wire+%28example%29": set(),
        "date_from=2026-02-01": {"payload"},
        "date_to=2026-01-31": {"slip", "completions", "downloads", "up_users"},
        "metric=registered_users&state=India&kind=magnitude_slip": {"slip"},
    }
    for query, expected in cases.items():
        assert flags_listed(client.get(f"/?{query}").text) == {ids[n] for n in expected}, query
    post_action(client, fx, "slip", "needs_info", note="?")
    post_action(client, fx, "downloads", "assign", assignee="ravi")
    assert flags_listed(client.get("/").text) == {ids[n] for n in ("completions", "downloads", "up_users",
                                                                   "payload")}
    assert flags_listed(client.get("/?status=needs_info").text) == {ids["slip"]}
    assert flags_listed(client.get("/?status=all").text) == set(ids.values())
    assert flags_listed(client.get("/?assignee=ravi").text) == {ids["downloads"]}
    assert ids["downloads"] not in flags_listed(client.get("/?assignee=-").text)
    r = client.get("/?date_from=yesterday&status=bogus&page=x")
    assert r.status_code == 200 and "could not be read" in r.text


@pytest.mark.parametrize("q", ["14.5", '"', "AND (", "OR", "NEAR(a b)", "*", "'", 'a"b', "^", "-", "करोड़",
                               "(((", "col:val", '"unbalanced', "\x00", "‍"])
def test_search_survives_fts_hostile_input(client, q):
    for path in ("/", "/claims"):
        r = client.get(path, params={"q": q, "status": "all"})
        assert r.status_code == 200, (path, q)
        assert "could not be read" not in r.text


def test_search_finds_figures_and_hindi_words(client, fx):
    ids = {k: f.id for k, f in fx.flags.items()}
    assert {ids["slip"], ids["payload"]} <= flags_listed(client.get("/", params={"q": "14.5"}).text)
    assert ids["downloads"] not in flags_listed(client.get("/", params={"q": "14.5"}).text)
    # the article writes करोड़ as ड + nukta; a precomposed ड़ (U+095C) typed in the box finds it too
    precomposed = "कर\u094b\u095c"
    assert ids["completions"] in flags_listed(client.get("/", params={"q": precomposed}).text)
    assert flags_listed(client.get("/", params={"q": "Samachar"}).text) == set(ids.values())  # claims' publisher
    assert queries.fts_match('AND ( "x') == '"AND" AND "x"'  # operators are words; "(" has nothing to find


# ------------------------------------------------------------------------------------------------ exports

def _csv(r):
    assert r.content.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))


def test_exports_csv_and_json(client, fx):
    post_action(client, fx, "slip", "confirm", correct_value="1,45,00,000", correct_source="CBC", note="ok")
    post_action(client, fx, "downloads", "dismiss", reason="different dates")
    flags = _csv(client.get("/export/flags.csv"))
    assert {f["id"] for f in flags} == {f.id for f in fx.flags.values()}
    slip = next(f for f in flags if f["id"] == fx.flags["slip"].id)
    assert slip["status"] == "confirmed" and "14.5 करोड़ (Moneycontrol Hindi)" in slip["claims"]
    r = client.get("/export/decisions.csv")
    assert r.headers["content-type"].startswith("text/csv") and "attachment" in r.headers["content-disposition"]
    rows = _csv(r)
    assert [(d["action"], d["reviewer"]) for d in rows] == [("confirm", "asha"), ("dismiss", "asha")]
    assert rows[0]["correct_value"] == "14500000" and rows[1]["reason"] == "different dates"
    audit = client.get("/export/audit.json").json()
    assert [a["action"] for a in audit if a["flag_id"]] == ["confirm", "dismiss"]
    assert audit[-1]["details"]["reason"] == "different dates"
    assert client.get("/export/flags.json").json()[0]["claim_ids"]
    assert "Exports" in client.get("/exports").text


def test_csv_export_is_safe_against_formula_injection(client, fx):
    evil = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)",
            "\t=1+1"]
    for note in evil:
        post_action(client, fx, "up_users", "note", note=note)
    post_action(client, fx, "up_users", "dismiss", reason="=1+1", note="@evil")
    rows = _csv(client.get("/export/audit.csv"))
    notes = [r["note"] for r in rows if r["action"] == "note"]
    assert notes == ["'" + n.strip() if n.strip()[0] in "=+-@" else "'" + n for n in evil][:len(notes)]
    assert all(n.startswith("'") for n in notes)
    decision = _csv(client.get("/export/decisions.csv"))[-1]
    assert decision["reason"] == "'=1+1" and decision["note"] == "'@evil"
    assert render.csv_cell(-5) == -5 and render.csv_cell("x=1") == "x=1"


# ------------------------------------------------------------------------------------------------ language

def test_language_switch_sets_cookie_and_html_lang(client, fx):
    html = client.get("/").text
    assert '<html lang="en">' in html and "Flags to check" in html
    r = client.get("/lang/hi", params={"next": f"/flags/{fx.flags['slip'].id}"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/flags/{fx.flags['slip'].id}"
    assert "lang=hi" in r.headers["set-cookie"]
    html = client.get(f"/flags/{fx.flags['slip'].id}").text
    assert '<html lang="hi">' in html and "ग़लती की पुष्टि करें" in html and "पंजीकृत उपयोगकर्ता" in html
    assert "1.45 करोड़ <span" in html or "1.45 करोड़</span>" in html
    assert "भारत" in html  # the scope in Hindi
    assert '<html lang="hi">' in client.get("/login").text
    assert client.get("/lang/xx?next=//evil.example", follow_redirects=False).headers["location"] == "/"
    client.get("/lang/en")
    assert '<html lang="en">' in client.get("/").text


def test_browser_language_is_the_default(anon):
    assert '<html lang="hi">' in anon.get("/login", headers={"accept-language": "hi-IN,hi;q=0.9"}).text
    assert '<html lang="en">' in anon.get("/login", headers={"accept-language": "fr"}).text


def test_labels_cover_every_template_key():
    from pathlib import Path

    from extractor.review import i18n

    labels = i18n.labels()
    assert set(labels["en"]) == set(labels["hi"])
    used = set()
    for path in (Path(i18n.__file__).parent / "templates").glob("*.html"):
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_.]+)["']""", path.read_text(encoding="utf-8")))
    source = (Path(i18n.__file__).parent / "app.py").read_text(encoding="utf-8")
    used |= set(re.findall(r'_key": "([a-z_.]+)"', source)) | set(re.findall(r'_flash\(request, "([a-z_.]+)"', source)) | \
        set(re.findall(r'problem = "([a-z_.]+)"', source))
    missing = sorted(k for k in used if k not in labels["en"] and not k.endswith("."))
    assert not missing, missing
    for group, codes in {"err": ["value_unreadable", "correct_value_required", "correct_source_required",
                                 "reason_required", "note_required", "unknown_assignee", "date_invalid"],
                         "action": list(decisions.ACTIONS), "status": ["open", "confirmed", "dismissed",
                                                                        "needs_info"]}.items():
        for code in codes:
            assert f"{group}.{code}" in labels["en"], (group, code)


# ------------------------------------------------------------------------------------------------ reference figures

def test_reference_figure_lists_differing_claims(client, fx):
    page = client.get("/reference")
    r = client.post("/reference", data={"csrf_token": csrf_of(page.text), "metric": "registered_users",
                                        "state": "India", "value": "1.45 करोड़", "as_of": "2026-01-01",
                                        "source": "https://cbc.example.in/annual-review", "note": "CBC"},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/reference/1"
    html = client.get("/reference/1").text
    differing = set(re.findall(r'claim=([0-9a-f]+)#', html))
    assert fx.claim("001", "registered_users").id in differing  # 14.5 करोड़: ten times the figure
    assert fx.claim("004", "registered_users").id not in differing  # 1.45 करोड़ agrees
    assert "extract contradictions" in html and "Figure recorded." in html
    from extractor.store import open_db

    figures = decisions.list_reference_figures(open_db(fx.path))
    assert figures == [{"id": 1, "metric": "registered_users", "state": "India", "value": 14500000,
                        "as_of": "2026-01-01", "source": "https://cbc.example.in/annual-review"}]
    assert audit_of(fx)[-1]["action"] == "reference_figure"
    assert "1.45 करोड़" in client.get("/reference").text or "1.45 crore" in client.get("/reference").text
    # the official figure is drawn on the flag's timeline
    assert 'class="ref"' in client.get(f"/flags/{fx.flags['slip'].id}").text
    bad = client.post("/reference", data={"csrf_token": csrf_of(page.text), "metric": "registered_users",
                                          "state": "India", "value": "many", "as_of": "soon", "source": "x"})
    assert bad.status_code == 400 and "could not be read as one number" in bad.text


# ------------------------------------------------------------------------------------------------ claims, articles

def test_claims_browser_filters_and_pages(client, fx):
    all_claims = sum(len(v) for v in fx.claims.values())
    html = client.get("/claims").text
    assert f"{all_claims} claims" in html
    html = client.get("/claims", params={"metric": "registered_users", "state": "India"}).text
    quotes = re.findall(r'class="num"><bdi>([^<]+)</bdi></a>', html)
    assert sorted(quotes) == sorted(c.evidence.quote for k in fx.claims for c in fx.claims[k]
                                    if c.metric == "registered_users" and c.state == "India")
    html = client.get("/claims", params={"publisher": "Moneycontrol Hindi"}).text
    assert f"{len(fx.claims['001'])} claims" in html
    assert "0 claims" in client.get("/claims", params={"language": "en"}).text
    html = client.get("/claims", params={"q": "पंजीकृत"}).text
    assert "1.45 करोड़" in html
    r = client.get("/claims", params={"page": "9999"})
    assert r.status_code == 200 and "too far" in r.text
    assert client.get("/claims", params={"page": "-3"}).status_code == 200


def test_article_page_marks_every_claim_at_its_offsets(client, fx):
    did = fx.documents["001"]
    text = fx.texts[did]
    current = fx.claim("001", "registered_users")
    html = client.get(f"/documents/{did}", params={"claim": current.id}).text
    marks = dict(re.findall(r'<mark class="[^"]*" id="c-([0-9a-f]+)"[^>]*>(.*?)</mark>', html))
    assert len(marks) == len(fx.claims["001"])
    for c in fx.claims["001"]:
        assert marks[c.id] == str(escape(text[c.evidence.start:c.evidence.end])) == str(escape(c.evidence.quote))
    assert re.search(rf'<mark class="claim current flagged" id="c-{current.id}"', html)
    assert f"{len(fx.claims['001'])} claims marked in the text" in html
    # the text between marks is the article, escaped, unchanged: strip the marks and compare
    body = html[html.index('<div class="article-text"'):]
    body = body[body.index(">") + 1:body.index("</div>")]
    assert re.sub(r"</?mark[^>]*>", "", body) == str(escape(text))
    # a stale offset (stored text changed) is reported, not mis-marked
    with db_of(fx) as conn:
        conn.execute("UPDATE claims SET start = start + 1, end = end + 1 WHERE id = ?", [current.id])
    html = client.get(f"/documents/{did}").text
    assert "1 claims could not be placed" in html and f'id="c-{current.id}"' not in html


# ------------------------------------------------------------------------------------------------ accounts, secret

def test_password_hashes_are_salted_scrypt(fx):
    from extractor.review import auth

    h1, h2 = auth.hash_password("a-long-password"), auth.hash_password("a-long-password")
    assert h1.startswith("scrypt$16384$8$1$") and h1 != h2
    assert auth.verify_password("a-long-password", h1) and not auth.verify_password("a-long-passworD", h1)
    assert not auth.verify_password("x", None) and not auth.verify_password("x", "md5$abc")
    with db_of(fx) as conn:  # the shared database holds no hash; the credentials file beside it does
        assert conn.execute("SELECT count(*) FROM reviewers WHERE password_hash IS NOT NULL").fetchone()[0] == 0
    with sqlite3.connect(str(fx.path) + ".reviewers") as conn:
        stored = conn.execute("SELECT password_hash FROM passwords WHERE username = 'asha'").fetchone()[0]
    assert stored.count("$") == 5 and PASSWORD not in stored
    from extractor.store import open_db

    db = open_db(fx.path)
    with pytest.raises(decisions.ReviewerError, match="exists"):
        decisions.create_reviewer(db, "asha", "another-long-password")
    with pytest.raises(decisions.ReviewerError, match="at least"):
        decisions.create_reviewer(db, "neha", "short")
    with pytest.raises(decisions.ReviewerError, match="username"):
        decisions.create_reviewer(db, "<neha>", "a-long-password")


def test_session_secret_file_beside_the_database(tmp_path, monkeypatch):
    from extractor.review import auth

    monkeypatch.delenv(auth.SECRET_ENV, raising=False)
    db = tmp_path / "claims.db"
    first = auth.session_secret(db)
    path = tmp_path / "claims.db.review-secret"
    assert path.exists() and stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert auth.session_secret(db) == first and len(first) >= 32
    monkeypatch.setenv(auth.SECRET_ENV, "from-the-environment")
    assert auth.session_secret(db) == "from-the-environment"
    assert auth.session_secret(db, "explicit") == "explicit"


def test_cli_reviewer_add_list_passwd(tmp_path):
    from click.testing import CliRunner

    from extractor.review.cli import review_command, reviewer_group

    db = str(tmp_path / "claims.db")
    runner = CliRunner()
    r = runner.invoke(reviewer_group, ["add", "neha", "--db", db, "--display-name", "Neha"],
                      input="a-long-password\na-long-password\n")
    assert r.exit_code == 0, r.output
    assert "a-long-password" not in r.output  # hidden input
    r = runner.invoke(reviewer_group, ["add", "om", "--db", db, "--password-stdin"], input="another-password\n")
    assert r.exit_code == 0, r.output
    r = runner.invoke(reviewer_group, ["add", "om", "--db", db, "--password-stdin"], input="another-password\n")
    assert r.exit_code == 1 and "exists already" in r.output
    r = runner.invoke(reviewer_group, ["add", "raj", "--db", db], input="a-long-password\ndifferent-one\n"
                      "a-long-password\na-long-password\n")
    assert r.exit_code == 0 and "match" in r.output.lower()
    r = runner.invoke(reviewer_group, ["list", "--db", db])
    assert r.exit_code == 0 and [line.split("\t")[0] for line in r.output.splitlines()] == ["neha", "om", "raj"]
    r = runner.invoke(reviewer_group, ["disable", "om", "--db", db])
    assert r.exit_code == 0 and "om\t\t" in runner.invoke(reviewer_group, ["list", "--db", db]).output
    r = runner.invoke(reviewer_group, ["passwd", "neha", "--db", db, "--password-stdin"], input="yet-another-pw\n")
    assert r.exit_code == 0
    r = runner.invoke(review_command, ["--db", str(tmp_path / "missing.db")])
    assert r.exit_code == 1 and "no such database" in r.output


def test_flag_claims_links_follow_the_flags_table(fx):
    from extractor.store import open_db
    from extractor.store.flags import save_flags

    db = open_db(fx.path)
    count = "SELECT count(*) FROM flag_claims"
    assert db.execute(count).fetchone()[0] == 2 * len(fx.flags)
    save_flags(db, fx.flags.values(), run_id=2)  # a re-run finds the same flags: links unchanged
    assert db.execute(count).fetchone()[0] == 2 * len(fx.flags)
    save_flags(db, [fx.flags["slip"]], run_id=3)  # the others are no longer found: inactive, links kept
    assert db.execute(count).fetchone()[0] == 2 * len(fx.flags)
    links = {r[0] for r in db.execute("SELECT claim_id FROM flag_claims WHERE flag_id = ?", [fx.flags["slip"].id])}
    assert links == {c.id for c in fx.flags["slip"].claims}


def test_reference_mismatch_flag_shows_the_official_figure(fx, client):
    from extractor.records import Flag
    from extractor.store import open_db
    from extractor.store.flags import save_flags

    if "reference" not in Flag.model_fields:
        pytest.skip("the Flag record has no `reference` field yet (contradiction finder)")
    claim = fx.claim("001", "registered_users")
    flag = Flag(id=Flag.make_id("reference_mismatch", [claim.id]), kind="reference_mismatch",
                metric=claim.metric, state=claim.state, severity="high", claims=[claim],
                explanation_en="Differs from the official figure.", explanation_hi="आधिकारिक आँकड़े से अलग।",
                reference={"id": "1", "metric": claim.metric, "state": claim.state, "value": 14500000,
                           "as_of": "2026-01-01", "source": "javascript:alert(5)"})
    save_flags(open_db(fx.path), [flag], deactivate_missing=False)
    html = client.get(f"/flags/{flag.id}").text
    assert 'id="reference"' in html and "1,45,00,000" in html and "2026-01-01" in html
    assert_no_raw_payload(html)
    assert flag.id in flags_listed(client.get("/?kind=reference_mismatch").text)


def test_flag_and_claims_pages_show_period_confidence_and_entity(client, fx):
    """The claims issue's fields reach the reviewer: how sure each claim is and what period it totals."""
    claim = fx.claim("001", "registered_users", quote="14.5 करोड़")
    flag = client.get(f"/flags/{fx.flags['slip'].id}").text
    assert "Period" in flag and "running total" in flag
    assert f"{claim.confidence:.2f}" in flag
    rows = client.get("/claims?q=यूजर्स").text
    assert "Confidence" in rows and "running total" in rows
    with sqlite3.connect(fx.path) as conn:
        conn.execute("UPDATE claims SET period = 'event', event = 'Karmayogi Saptah 2024', entity = ? WHERE id = ?",
                     ["Social Welfare Department", claim.id])
    rows = client.get("/claims?q=यूजर्स").text  # the claims browser reads the stored claims
    assert "event total" in rows and "Karmayogi Saptah 2024" in rows and "Social Welfare Department" in rows
    client.cookies.set("lang", "hi")
    assert "आयोजन का कुल" in client.get("/claims?q=यूजर्स").text


def test_the_queue_shows_sure_flags_first_and_the_rest_under_low_confidence(client, fx):
    slip = fx.flags["slip"].id
    assert slip in flags_listed(client.get("/?status=all").text)
    with sqlite3.connect(fx.path) as conn:
        conn.execute("UPDATE flags SET confidence = 0.4 WHERE id = ?", [slip])
    default = client.get("/?status=all").text
    assert slip not in flags_listed(default)
    assert 'data-confidence="low">1<' in default
    assert slip in flags_listed(client.get("/?status=all&confidence=low").text)
    assert slip in flags_listed(client.get("/?status=all&confidence=all").text)
    assert client.get("/?confidence=bogus").status_code == 200  # an unreadable filter is named, never a 500


# ------------------------------------------------------------------------------------------------ issue 15, part 5

@pytest.mark.parametrize("query", ["state=uttar+pradesh", "state=UTTAR+PRADESH", "state=उत्तर+प्रदेश",
                                   "state=%20Uttar%20%20Pradesh%20"])
def test_queue_state_filter_matches_any_case_and_the_hindi_name(client, fx, query):
    assert flags_listed(client.get(f"/?{query}").text) == {fx.flags["up_users"].id}


def test_queue_and_claims_metric_filter_take_labels_in_both_languages(client, fx):
    from extractor.lang import metrics

    label_hi = metrics()["app_downloads"].label_hi
    for value in ("app_downloads", "APP_DOWNLOADS", "App downloads", label_hi):
        assert flags_listed(client.get("/", params={"metric": value}).text) == {fx.flags["downloads"].id}, value
    html = client.get("/", params={"metric": label_hi}).text
    assert 'value="app_downloads" selected' in html  # the menu shows what was matched
    n = len([c for k in fx.claims for c in fx.claims[k] if c.state == "Uttar Pradesh"])
    assert f"{n} claims" in client.get("/claims", params={"state": "उत्तर प्रदेश"}).text
    assert "0 claims" in client.get("/claims", params={"state": "bihar"}).text


def test_names_library():
    from extractor.lang.names import canonical_metric, canonical_state, known_state

    assert canonical_state("bihar") == canonical_state("बिहार") == canonical_state(" BIHAR ") == "Bihar"
    assert canonical_state("भारत") == canonical_state("india") == "India"
    assert canonical_state("Atlantis") == "Atlantis" and known_state("Atlantis") is None and canonical_state(None) == ""
    assert canonical_metric("Registered users") == canonical_metric("REGISTERED_USERS") == "registered_users"
    assert canonical_metric("no such figure") == "no such figure"


def test_cli_export_state_and_metric_match_any_name(fx):
    from click.testing import CliRunner

    from extractor.cli import cli

    runner = CliRunner()
    exact = runner.invoke(cli, ["export", "--db", str(fx.path), "--format", "jsonl", "--state", "Uttar Pradesh"])
    assert exact.exit_code == 0 and exact.stdout.strip()
    for state in ("uttar pradesh", "उत्तर प्रदेश", "UTTAR PRADESH"):
        r = runner.invoke(cli, ["export", "--db", str(fx.path), "--format", "jsonl", "--state", state])
        assert r.exit_code == 0 and r.stdout == exact.stdout, state
    by_id = runner.invoke(cli, ["export", "--db", str(fx.path), "--format", "jsonl", "--metric", "app_downloads"])
    by_label = runner.invoke(cli, ["export", "--db", str(fx.path), "--format", "jsonl", "--metric", "app downloads"])
    assert by_id.stdout.strip() and by_label.stdout == by_id.stdout
    none = runner.invoke(cli, ["export", "--db", str(fx.path), "--format", "jsonl", "--state", "bihar"])
    assert none.exit_code == 0 and none.stdout == ""


def test_bulk_action_has_no_default(client, fx):
    html = client.get("/").text
    select = html[html.index('<select name="bulk_action"'):]
    select = select[:select.index("</select>")]
    assert " required" in select.split(">")[0]
    assert re.findall(r"<option[^>]*selected[^>]*>", select) == ['<option value="" selected disabled>']
    # a form sent without choosing (or by a client that ignores `required`) changes nothing
    up = fx.flags["up_users"].id
    r = client.post("/bulk", data={"csrf_token": csrf_of(html), "bulk_action": "", "flag": [f"{up}:1"],
                                   "reason": "x"}, follow_redirects=True)
    assert "Choose an action first." in r.text and flag_row(fx, "up_users")["version"] == 1


def test_date_filters_are_labelled_iso_text_inputs(client):
    html = client.get("/?date_from=2026-01-08").text
    for name in ("date_from", "date_to"):
        tag = re.search(rf'<input [^>]*name="{name}"[^>]*>', html).group(0)
        assert 'type="text"' in tag and 'pattern="[0-9]{4}-[0-9]{2}-[0-9]{2}"' in tag
        assert 'placeholder="YYYY-MM-DD"' in tag
    assert 'value="2026-01-08"' in html and 'type="date"' not in html
    assert re.search(r'<label for="f-date_from">Published from <span class="hint"[^>]*>YYYY-MM-DD</span>', html)
    client.get("/lang/hi")
    assert "YYYY-MM-DD (वर्ष-माह-दिन)" in client.get("/").text


def test_queue_rows_are_one_line_with_the_explanation_behind_a_toggle(client, fx):
    html = client.get("/").text
    row = html[html.index(f'data-flag="{fx.flags["slip"].id}"'):]
    row = row[:row.index("</tr>")]
    assert "<br>" not in row
    assert re.search(r"<details><summary>One report says 14\.5 crore", row)


def _drop_publisher(fx, doc_key: str, *, url: bool = False) -> None:
    """What a .txt article with a SOURCE: line but no PUBLISHER: line leaves in the store (url=True: no SOURCE:
    line either)."""
    did = fx.documents[doc_key]
    with db_of(fx) as conn:
        conn.execute("UPDATE documents SET publisher = NULL WHERE id = ?", [did])
        conn.execute("UPDATE claims SET source_publisher = NULL WHERE document_id = ?", [did])
        if url:
            conn.execute("UPDATE documents SET url = NULL WHERE id = ?", [did])
            conn.execute("UPDATE claims SET source_url = NULL WHERE document_id = ?", [did])
        ids = [r[0] for r in conn.execute("SELECT id FROM claims WHERE document_id = ?", [did])]
        for fid, record in conn.execute("SELECT id, record FROM flags").fetchall():
            rec = json.loads(record)
            for c in rec["claims"]:
                if c["id"] in ids:
                    c["source"]["publisher"] = None
                    if url:
                        c["source"]["url"] = None
            conn.execute("UPDATE flags SET record = ? WHERE id = ?", [json.dumps(rec, ensure_ascii=False), fid])


def test_sources_without_a_publisher_are_named_by_their_host(client, fx):
    _drop_publisher(fx, "004")
    host = "upsamachar.example.in"
    slip = fx.flags["slip"].id
    queue = client.get("/").text
    row = queue[queue.index(f'data-flag="{slip}"'):]
    row = row[:row.index("</tr>")]
    assert f'<span class="pub"><bdi>{host}</bdi></span>' in row and "Unknown publisher" not in row
    flag = client.get(f"/flags/{slip}").text
    assert f"<bdi>{host}</bdi></a>" in flag and "Unknown publisher" not in flag
    legend = flag[flag.index("<figcaption>"):flag.index("</figcaption>")]
    assert f"<bdi>{host}</bdi>" in legend and "<bdi>?</bdi>" not in legend
    doc = client.get(f"/documents/{fx.documents['004']}").text
    assert f"<bdi>{host}</bdi>" in doc and "Unknown publisher" not in doc
    claims = client.get("/claims").text
    assert f"<bdi>{host}</bdi>" in claims
    exported = client.get("/export/flags.json").json()
    assert any(f"({host})" in f["claims"] for f in exported)


def test_sources_without_publisher_or_url_are_named_by_their_title(client, fx):
    _drop_publisher(fx, "004", url=True)
    _drop_publisher(fx, "001", url=True)
    slip = fx.flags["slip"].id
    t001, t004 = (render.source_name(None, None, fx.claim(k, "registered_users").source.title) for k in ("001", "004"))
    assert t001 != t004 and t001.endswith("…")
    queue = client.get("/").text
    row = queue[queue.index(f'data-flag="{slip}"'):]
    row = row[:row.index("</tr>")]
    assert f'<span class="pub"><bdi>{t001}</bdi></span>' in row and f'<span class="pub"><bdi>{t004}</bdi></span>' in row
    flag = client.get(f"/flags/{slip}").text
    assert "Unknown publisher" not in flag
    legend = flag[flag.index("<figcaption>"):flag.index("</figcaption>")]
    assert f"<bdi>{t001}</bdi>" in legend and f"<bdi>{t004}</bdi>" in legend  # two sources, two colours
    assert "<bdi>?</bdi>" not in legend


def test_publisher_name_helper():
    assert render.publisher_name("The Hindu", "https://www.thehindu.com/x") == "The Hindu"
    assert render.publisher_name(None, "https://www.thehindu.com/x") == "thehindu.com"
    assert render.publisher_name("  ", "http://News.Example.in:8080/a") == "news.example.in"
    assert render.publisher_name(None, "javascript:alert(1)") is None
    assert render.publisher_name(None, None) is None
    assert render.source_name(None, None, "A short title") == "A short title"
    assert render.source_name(None, None, "x" * 60) == "x" * 47 + "…"
    assert render.source_name(None, None, None, "corpus/seeds/001_a.txt") == "001_a.txt"
    assert render.source_name("", "", "", "") is None
