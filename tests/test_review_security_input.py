"""Issue 14, what people and articles type into the review queue: every search works (Hindi with and without
nukta, quotes, `*`, `NEAR(`, the README's `14.5 करोड़`), numbers too large for SQLite are a 404 or a form error
instead of a 500, and direction overrides in publishers, titles, file names and notes are neutralised and
isolated in `<bdi>`."""
from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from review_fixtures import PASSWORD, csrf_of, sign_in, version_of

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from extractor.review import decisions, queries, render  # noqa: E402
from extractor.review.app import create_app  # noqa: E402
from extractor.store.schema import FTS_TOKENIZE  # noqa: E402

SECRET = "test-secret-" + "i" * 40
RLO, LRI, PDI, RLM = "\u202e", "\u2066", "\u2069", "\u200f"


@pytest.fixture
def client(fx):
    with TestClient(create_app(fx.path, secret=SECRET), raise_server_exceptions=False) as c:
        sign_in(c, "asha")
        yield c


def flags_listed(html: str) -> set[str]:
    return set(re.findall(r'data-flag="([0-9a-f]+)"', html))


def claim_ids_listed(html: str) -> set[str]:
    return set(re.findall(r'\?claim=([0-9a-f]+)#', html))


# ------------------------------------------------------------------------------------------------ row 8: search

def test_readme_search_example_finds_flags_and_claims(client, fx):
    ids = {k: f.id for k, f in fx.flags.items()}
    for path in ("/", "/claims"):
        r = client.get(path, params={"q": "14.5 करोड़", "status": "all"})
        assert r.status_code == 200 and "could not be read" not in r.text, path
    assert {ids["slip"], ids["payload"]} <= flags_listed(client.get("/", params={"q": "14.5 करोड़"}).text)
    claims = claim_ids_listed(client.get("/claims", params={"q": "14.5 करोड़"}).text)
    assert fx.claim("001", "registered_users").id in claims


@pytest.mark.parametrize("spelling", ["करोड़", "करो\u095c", "करोड", " करोड़ "])
def test_hindi_search_with_and_without_nukta_finds_the_same(client, fx, spelling):
    # the seed articles write करोड़ as ड + U+093C; typed precomposed (U+095C) or with the nukta left out, the
    # same claims are found
    stored = {c.id for k in fx.claims for c in fx.claims[k] if "करोड़" in c.evidence.quote}
    found = claim_ids_listed(client.get("/claims", params={"q": spelling}).text)
    assert stored and stored <= found, spelling
    assert fx.flags["completions"].id in flags_listed(client.get("/", params={"q": spelling}).text)


def test_a_word_written_without_its_nukta_finds_the_nukta_spelling_and_back():
    assert set(queries.spellings("करोड")) >= {"करोड", "करो\u0921\u093c", "करो\u095c"}
    assert set(queries.spellings("ज़्यादा")) >= {"ज्यादा", "ज\u093c्यादा", "\u095b्यादा"}
    assert "ऩ" in "".join(queries.spellings("न\u093c"))  # other languages' letters: only their own spellings
    assert queries.spellings("नया") == ["नया"]
    assert len(queries.spellings("क़ख़ग़ज़ड़ढ़फ़")) <= queries.MAX_SPELLINGS


def test_quoted_phrases_and_prefixes(client, fx):
    slip = fx.flags["slip"].id
    assert slip in flags_listed(client.get("/", params={"q": '"14.5 करोड़"'}).text)
    assert slip in flags_listed(client.get("/", params={"q": "“14.5 करोड़”"}).text)  # curly quotes
    assert slip not in flags_listed(client.get("/", params={"q": '"करोड़ 14.5"'}).text)  # a phrase keeps its order
    registered = fx.claim("004", "registered_users").id
    assert registered in claim_ids_listed(client.get("/claims", params={"q": "पंजीक*"}).text)
    assert registered not in claim_ids_listed(client.get("/claims", params={"q": "पंजीक"}).text)
    assert queries.search_phrases('"14.5 करोड़"* NEAR( a*') == [("14.5 करोड़", True), ("NEAR(", False),
                                                               ("a", True)]


HOSTILE = ['"', '""', "'", "*", "**", "a*b", "*करोड़", "करोड़*", "NEAR(", "NEAR(a b)", "NEAR(करोड़ 14.5, 3)",
           "AND", "OR", "NOT", "a OR b", "AND (", "(((", ")", "^", "-", "+", "col:val", "claims_fts:x", "{a b}:c",
           '"unbalanced', 'a"b', '"करोड़', '14.5 "करोड़', "\x00", "a\x00b", "\u200d", "\u200c", "\ufeff", RLO,
           "१४.५ करोड़", "14.5 करो\u095c", "करोड\u093c\u093c", "\u093c", "ड़ ड़ ड़ ड़ ड़ ड़ ड़ ड़ ड़ ड़ ड़ ड़ ड़",
           "क़ख़ग़ज़ड़ढ़फ़ क़ख़ग़ज़ड़ढ़फ़", "x" * 200, " ".join(["करोड़"] * 40), "%", "_", "\\", ";", "--", "/*"]


@pytest.mark.parametrize("q", HOSTILE)
def test_every_search_a_user_can_type_works(client, q):
    for path in ("/", "/claims"):
        r = client.get(path, params={"q": q, "status": "all"})
        assert r.status_code == 200, (path, q)
        assert "could not be read" not in r.text, (path, q)


@pytest.fixture(scope="module")
def fts_table():
    conn = sqlite3.connect(":memory:")
    conn.execute(f"CREATE VIRTUAL TABLE t USING fts5(x, tokenize=\"{FTS_TOKENIZE}\")")
    conn.executemany("INSERT INTO t VALUES (?)", [("14.5 करोड़ यूजर्स",), ("18.8 लाख से अधिक",), ("NEAR and far",)])
    return conn


SEARCH_ALPHABET = st.sampled_from(list('"\'*()^-+:{},. \t\n\x00“”«»') + list("करोड़ड़\u093cलाख14.5") +
                                  ["AND", "OR", "NOT", "NEAR", "NEAR(", "ज़", "\u095c", "\u200d", RLO])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(SEARCH_ALPHABET, max_size=30).map("".join) | st.text(max_size=60))
def test_fts_match_is_always_a_valid_fts5_expression(fts_table, q):
    expr = queries.fts_match(q)
    if expr is None:
        assert not any(queries._token_char(ch) for ch in q if unicodedata.category(ch) != "Cs")
        return
    fts_table.execute("SELECT count(*) FROM t WHERE t MATCH ?", [expr]).fetchone()  # never a syntax error


# ------------------------------------------------------------------------------------------------ row 11: huge numbers

HUGE = "99999999999999999999999"


def test_huge_ids_and_pages_are_not_found_not_a_server_error(client):
    for path in (f"/reference/{HUGE}", f"/reference/{2**63}", "/reference/0", f"/reference/{'9' * 5000}",
                 f"/flags/{HUGE}", f"/documents/{HUGE}", f"/export/{HUGE}.csv", f"/static/{HUGE}.css"):
        assert client.get(path).status_code == 404, path
    assert client.get(f"/api/flags/{HUGE}").json()["status"] == 404
    for path in (f"/?page={HUGE}", f"/?page=-{HUGE}", f"/claims?page={HUGE}", f"/claims?page={'9' * 5000}",
                 f"/?date_from={HUGE}"):
        assert client.get(path).status_code == 200, path


def test_huge_versions_and_values_in_forms_are_form_errors(client, fx):
    fid = fx.flags["slip"].id
    page = client.get(f"/flags/{fid}")
    for version in (HUGE, str(2**63), "-1", "9" * 5000):
        r = client.post(f"/flags/{fid}", data={"csrf_token": csrf_of(page.text), "version": version,
                                               "action": "note", "note": "x"}, follow_redirects=False)
        assert r.status_code == 400, version
    r = client.post("/bulk", data={"csrf_token": csrf_of(page.text), "bulk_action": "needs_info",
                                   "flag": f"{fid}:{HUGE}"}, follow_redirects=False)
    assert r.status_code == 400
    assert version_of(client.get(f"/flags/{fid}").text) == 1
    ref = client.get("/reference")
    for value in ("1e999", "inf", "nan", "-inf"):
        r = client.post("/reference", data={"csrf_token": csrf_of(ref.text), "metric": "registered_users",
                                            "state": "India", "value": value, "as_of": "2026-01-01", "source": "x"})
        assert r.status_code == 400 and "could not be read as one number" in r.text, value
    r = client.post("/reference", data={"csrf_token": csrf_of(ref.text), "metric": "registered_users",
                                        "state": "India", "value": HUGE, "as_of": "2026-01-01", "source": "x"},
                    follow_redirects=False)
    assert r.status_code == 303  # stored (as a float, like a claim's huge value), and its page opens
    assert client.get(r.headers["location"]).status_code == 200


def test_parse_value_keeps_figures_sqlite_can_store():
    assert decisions.parse_value(HUGE) == float(HUGE)
    assert decisions.parse_value(10**30) == 1e30
    for bad in ("1e999", "nan", "inf", float("nan"), float("inf")):
        with pytest.raises(decisions.InvalidInput):
            decisions.parse_value(bad)


# ------------------------------------------------------------------------------------------------ row 16: direction

def _plant_direction_overrides(fx) -> dict:
    """Publisher, title, file name, quote-free fields and a note carrying U+202E and friends."""
    evil = {"publisher": f"{RLO}moc.elgoog", "title": f"Karmayogi {LRI}report{PDI} {RLO}fdp.exe",
            "path": f"scraped/{RLO}txt.exe", "display": f"{RLO}nimda"}
    doc = fx.documents["004"]
    with sqlite3.connect(fx.path) as conn:
        conn.execute("UPDATE documents SET publisher = ?, title = ?, path = ? WHERE id = ?",
                     [evil["publisher"], evil["title"], evil["path"], doc])
        conn.execute("UPDATE claims SET source_publisher = ?, source_title = ?, source_path = ? WHERE document_id = ?",
                     [evil["publisher"], evil["title"], evil["path"], doc])
        conn.execute("UPDATE reviewers SET display_name = ? WHERE username = 'asha'", [evil["display"]])
        for fid, record in conn.execute("SELECT id, record FROM flags").fetchall():
            data = json.loads(record)
            for c in data["claims"]:
                if c["id"] in {x.id for x in fx.claims["004"]}:
                    c["source"].update(publisher=evil["publisher"], title=evil["title"], path=evil["path"])
            conn.execute("UPDATE flags SET record = ? WHERE id = ?", [json.dumps(data, ensure_ascii=False), fid])
    return evil


def test_direction_overrides_are_neutralised_and_isolated_on_every_page(client, fx):
    evil = _plant_direction_overrides(fx)
    with sqlite3.connect(fx.path) as conn:  # the hostile text is really stored (what the pages must not show raw)
        assert conn.execute("SELECT count(*) FROM claims WHERE source_publisher = ?", [evil["publisher"]]).fetchone()[0]
    slip = fx.flags["slip"].id
    page = client.get(f"/flags/{slip}")
    client.post(f"/flags/{slip}", data={"csrf_token": csrf_of(page.text), "version": version_of(page.text),
                                        "action": "note", "note": f"see {RLO}gnp.js{RLM} now"})
    pages = ["/", "/?status=all", f"/flags/{slip}", "/claims", f"/documents/{fx.documents['004']}",
             f"/documents/{fx.documents['001']}", "/claims?q=पंजीकृत"]
    controls = set(render.BIDI_CONTROLS)
    for path in pages:
        html = client.get(path).text
        assert not controls & set(html), path
        assert "[U+202E]" in html, path
    flag_html = client.get(f"/flags/{slip}").text
    assert "<bdi>[U+202E]moc.elgoog</bdi>" in flag_html  # the publisher, isolated
    assert "<bdi>[U+202E]nimda</bdi>" in flag_html  # the reviewer's display name in the top bar
    assert "<bdi>see [U+202E]gnp.js[U+200F] now</bdi>" in flag_html  # the note in the history
    doc_html = client.get(f"/documents/{fx.documents['004']}").text
    assert "<h1><bdi>Karmayogi [U+2066]report[U+2069] [U+202E]fdp.exe</bdi></h1>" in doc_html
    assert "<bdi>scraped/[U+202E]txt.exe</bdi>" in doc_html  # the file name
    assert "<title>Karmayogi [U+2066]report" in doc_html  # no <bdi> where HTML cannot hold one, still neutral


def test_article_text_with_direction_marks_keeps_its_claim_marks(client, fx):
    did = fx.documents["001"]
    with sqlite3.connect(fx.path) as conn:
        text = conn.execute("SELECT text FROM documents WHERE id = ?", [did]).fetchone()[0]
        cut = text.index("14.5 करोड़")
        # a mark inserted before the figure moves every later offset; shift the claims with it
        conn.execute("UPDATE documents SET text = ? WHERE id = ?", [text[:cut] + RLO + text[cut:], did])
        conn.execute('UPDATE claims SET start = start + 1, "end" = "end" + 1 WHERE document_id = ? AND start >= ?',
                     [did, cut])
    html = client.get(f"/documents/{did}").text
    assert RLO not in html and "[U+202E]<mark" in html
    assert "could not be placed" not in html


def test_render_neutralise_and_bdi():
    assert render.neutralise(f"a{RLO}b{LRI}c{PDI}{RLM}\u200e\u061c") == \
        "a[U+202E]b[U+2066]c[U+2069][U+200F][U+200E][U+061C]"
    assert render.neutralise("ज़्यादा\u200d\u200c") == "ज़्यादा\u200d\u200c"  # joiners belong to Devanagari
    assert str(render.bdi(f"<b>{RLO}x</b>")) == "<bdi>&lt;b&gt;[U+202E]x&lt;/b&gt;</bdi>"
    assert str(render.bdi(None)) == "" and str(render.bdi("")) == ""
    assert str(render.highlight(f"{RLO}14 लाख", [(1, 7, {"title": RLO})])) == \
        '[U+202E]<mark title="[U+202E]">14 लाख</mark>'


def test_sign_in_with_a_direction_override_in_the_display_name(fx):
    evil = _plant_direction_overrides(fx)
    with TestClient(create_app(fx.path, secret=SECRET)) as c:
        r = sign_in(c, "asha", PASSWORD)
        assert r.status_code == 200 and "<bdi>[U+202E]nimda</bdi>" in r.text and evil["display"] not in r.text
