"""Claim-level decisions (issue 13, item 8): "not a claim" and "wrong metric / state / period / value", from the CLI
(`extract claim reject|correct|withdraw|export`), the library twin (extractor.review.claim_decisions) and the
article page of the review queue. A decision is keyed by the document's content and the claim's span, survives a
forced re-extraction, stops (or changes) what feeds the flags, is in the audit log, and exports as gold."""
from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path

import pytest
from markupsafe import escape
from review_fixtures import PASSWORD, XSS_IMG, XSS_SCRIPT, csrf_of, sign_in, version_of

from conftest import ROOT, SEEDS
from extractor.contradictions.db import iter_facts
from extractor.review import claim_decisions, decisions
from extractor.store import open_db

with warnings.catch_warnings():  # Starlette 1.x asks for httpx2 in its TestClient; httpx still works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient


def run(*args):
    return subprocess.run([sys.executable, "-m", "extractor", *map(str, args)], capture_output=True, cwd=ROOT,
                          timeout=300)


# ------------------------------------------------------------------------------------------------ a seeds database

@dataclass
class Store:
    articles: Path  # the folder the database was extracted from
    db: Path

    def conn(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.db)
        conn.row_factory = sqlite3.Row
        return conn

    def claim(self, seed: str, quote: str, metric: str | None = None) -> dict:
        """The stored claim of seed `seed` ("001") written as `quote` (and of `metric`)."""
        with self.conn() as conn:
            rows = [dict(r) for r in conn.execute(
                "SELECT * FROM claims WHERE source_path LIKE ? AND quote = ?", [f"%/{seed}_%", quote])
                if metric is None or r["metric"] == metric]
        assert len(rows) == 1, (seed, quote, metric, rows)
        return rows[0]

    def facts(self) -> dict:
        db = open_db(self.db)
        try:
            return {f.id: f for f in iter_facts(db)}
        finally:
            db.close()

    def audit(self) -> list[dict]:
        with self.conn() as conn:
            rows = [dict(r) for r in conn.execute("SELECT * FROM audit WHERE action LIKE 'claim_%' ORDER BY id")]
        for r in rows:
            r["details"] = json.loads(r["details"])
        return rows


@pytest.fixture(scope="module")
def seeds_template(tmp_path_factory):
    root = tmp_path_factory.mktemp("claim-decisions")
    articles = root / "articles"
    articles.mkdir()
    for path in SEEDS.glob("*.txt"):
        shutil.copy(path, articles / path.name)
    db_path = root / "template.db"
    r = run("batch", articles, "--db", db_path, "--quiet")
    assert r.returncode == 0, r.stderr.decode()
    db = open_db(db_path)
    for name in ("asha", "ravi"):
        decisions.create_reviewer(db, name, PASSWORD)
    db.close()
    return articles, db_path


@pytest.fixture
def store(seeds_template, tmp_path):
    articles, src = seeds_template
    dst = tmp_path / "claims.db"
    for suffix in ("", ".reviewers", "-wal", "-shm"):
        if Path(str(src) + suffix).exists():
            shutil.copy(str(src) + suffix, str(dst) + suffix)
    return Store(articles, dst)


def flags_now(store: Store) -> list[dict]:
    """`extract contradictions --db DB`: the flags it finds, stores and prints."""
    r = run("contradictions", "--db", store.db, "--format", "jsonl")
    assert r.returncode == 0, r.stderr.decode()
    return [json.loads(line) for line in r.stdout.decode().splitlines()]


def claim_ids_in(flags: list[dict]) -> set[str]:
    return {c["id"] for f in flags for c in f["claims"]}


# ------------------------------------------------------------------------------------------------ CLI

def test_cli_reject_stops_the_claim_feeding_flags_after_extract_contradictions(store):
    five_lakh = store.claim("001", "5 लाख", "app_downloads")  # the seeds' app-download slip: 5 लाख vs 50 लाख
    before = flags_now(store)
    assert five_lakh["id"] in claim_ids_in(before)
    assert any(f["kind"] == "magnitude_slip" and f["metric"] == "app_downloads" for f in before)

    r = run("claim", "reject", five_lakh["id"], "--reason", "a date, not a count", "--by", "asha", "--db", store.db)
    assert r.returncode == 0, r.stderr.decode()
    assert "rejected" in r.stdout.decode() and five_lakh["id"] in r.stdout.decode()

    assert five_lakh["id"] not in store.facts()
    after = flags_now(store)
    assert five_lakh["id"] not in claim_ids_in(after)
    assert not any(f["metric"] == "app_downloads" for f in after)
    assert len(after) == len(before) - 1  # the other flags stay
    with store.conn() as conn:  # the flag is kept, inactive, with its history: a re-run no longer finds it
        gone = [r["id"] for r in conn.execute("SELECT id FROM flags WHERE active = 0 AND metric = 'app_downloads'")]
    assert gone


def test_cli_correct_metric_survives_a_forced_reextraction(store):
    crore = store.claim("004", "6.7 करोड़", "course_completions")  # 6.7 करोड़ vs 001's 67 लाख: a slip
    r = run("claim", "correct", crore["id"], "--metric", "course_enrolments", "--by", "asha", "--db", store.db)
    assert r.returncode == 0, r.stderr.decode()
    assert "corrected: metric course_enrolments" in r.stdout.decode()
    assert store.facts()[crore["id"]].metric == "course_enrolments"

    r = run("batch", store.articles, "--db", store.db, "--force", "--quiet")
    assert r.returncode == 0, r.stderr.decode()
    with store.conn() as conn:  # every document was extracted again by the second run
        runs = conn.execute("SELECT max(id) FROM runs").fetchone()[0]
        assert runs == 2
        assert {r[0] for r in conn.execute("SELECT last_run FROM documents")} == {2}
    fact = store.facts()[crore["id"]]
    assert (fact.metric, fact.state, fact.value, fact.confidence) == ("course_enrolments", "India", 67_000_000, 1.0)
    flags = flags_now(store)
    assert not any(f["kind"] == "magnitude_slip" and f["metric"] == "course_completions" and
                   crore["id"] in {c["id"] for c in f["claims"]} for f in flags)


def test_a_correction_follows_the_span_not_the_claim_id(store):
    """Claim ids change when the extractor's reading of the metric changes; the decision stays on the span."""
    crore = store.claim("004", "6.7 करोड़", "course_completions")
    db = open_db(store.db)
    claim_decisions.correct_claim(db, crore["id"], "asha", 0, metric="course_enrolments")
    db.close()
    with store.conn() as conn:  # what a new program version reading another metric there would store
        conn.execute("UPDATE claims SET id = 'feedfacefeedface', metric = 'learning_hours' WHERE id = ?",
                     [crore["id"]])
    facts = store.facts()
    assert crore["id"] not in facts
    assert facts["feedfacefeedface"].metric == "course_enrolments"
    db = open_db(store.db)
    detail = claim_decisions.claim_detail(db, "feedfacefeedface")
    db.close()
    assert detail["decision"]["status"] == "corrected" and detail["version"] == 1
    assert detail["decision"]["claim_id"] == crore["id"]  # decided on the claim under its old id


def test_cli_correct_value_state_and_period(store):
    users = store.claim("001", "14.5 करोड़", "registered_users")
    r = run("claim", "correct", users["id"], "--value", "1.45 करोड़", "--by", "asha", "--db", store.db)
    assert r.returncode == 0, r.stderr.decode()
    fact = store.facts()[users["id"]]
    assert (fact.value, fact.qualifier, fact.precision) == (14_500_000, "at_least", None)
    assert not any(f["kind"] == "magnitude_slip" and f["metric"] == "registered_users" for f in flags_now(store))

    r = run("claim", "correct", users["id"], "--state", "उत्तर प्रदेश", "--period", "target", "--by", "ravi",
            "--db", store.db)
    assert r.returncode == 0, r.stderr.decode()
    fact = store.facts()[users["id"]]  # the earlier value correction stays
    assert (fact.value, fact.state, fact.period, fact.metric) == (14_500_000, "Uttar Pradesh", "target",
                                                                   "registered_users")
    r = run("claim", "correct", users["id"], "--event", "Karmayogi Saptah 2024", "--by", "ravi", "--db", store.db)
    assert r.returncode == 0, r.stderr.decode()
    fact = store.facts()[users["id"]]
    assert (fact.period, fact.event) == ("event", "Karmayogi Saptah 2024")


def test_cli_refuses_bad_decisions_with_one_line(store):
    users = store.claim("001", "14.5 करोड़", "registered_users")
    for args, words in [
        (["correct", users["id"], "--metric", "registered_userz"], "not a metric id"),
        (["correct", users["id"], "--state", "Atlantis"], "not India or a state"),
        (["correct", users["id"], "--value", "a lot"], "cannot read"),
        (["correct", users["id"]], "say what is wrong"),
        (["correct", users["id"], "--metric", "registered_users"], "nothing to correct"),
        (["correct", "0000000000000000", "--metric", "app_downloads"], "no claim"),
        (["reject", users["id"], "--reason", "  "], "reason: required"),
    ]:
        r = run("claim", *args, "--by", "asha", "--db", store.db)
        err = r.stderr.decode()
        assert r.returncode == 1, (args, err)
        assert words in err and "Traceback" not in err, (args, err)
    r = run("claim", "reject", users["id"], "--reason", "x", "--by", "mallory", "--db", store.db)
    assert r.returncode == 1 and "not an active reviewer" in r.stderr.decode()
    r = run("claim", "reject", users["id"], "--reason", "x", "--by", "asha", "--db", store.db.parent / "nope.db")
    assert r.returncode == 2  # no such database: a usage error, nothing created
    assert not (store.db.parent / "nope.db").exists()
    assert store.audit() == []


def test_every_decision_is_in_the_audit_log(store):
    five_lakh = store.claim("001", "5 लाख", "app_downloads")
    cid = five_lakh["id"]
    for args in (["reject", cid, "--reason", "a date", "--note", "see the byline"],
                 ["correct", cid, "--value", "50 लाख"],
                 ["withdraw", cid]):
        r = run("claim", *args, "--by", "asha", "--db", store.db)
        assert r.returncode == 0, r.stderr.decode()
    rows = store.audit()
    assert [(a["action"], a["reviewer"], a["from_status"], a["to_status"]) for a in rows] == [
        ("claim_reject", "asha", None, "rejected"),
        ("claim_correct", "asha", "rejected", "corrected"),
        ("claim_withdraw", "asha", "corrected", "withdrawn")]
    assert all(a["flag_id"] is None for a in rows)
    span = {"claim_id": cid, "document_id": five_lakh["document_id"], "start": five_lakh["start"],
            "end": five_lakh["end"], "quote": "5 लाख"}
    for version, a in enumerate(rows, 1):
        assert {k: a["details"][k] for k in span} == span
        assert a["details"]["version"] == version
    assert rows[0]["note"] == "see the byline" and rows[0]["details"]["reason"] == "a date"
    assert rows[1]["details"]["value"] == 5_000_000 and rows[1]["details"]["was"]["value"] == 500_000
    assert rows[2]["details"]["previous"] == "corrected"
    assert cid in store.facts()  # withdrawn: the claim feeds the flags as extracted again
    with store.conn() as conn, pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("DELETE FROM audit WHERE action LIKE 'claim_%'")


def test_export_gold_round_trips_through_load_gold(store, tmp_path):
    from extractor import read_document
    from extractor.evaluate import load_gold

    users = store.claim("001", "14.5 करोड़", "registered_users")
    five_lakh = store.claim("001", "5 लाख", "app_downloads")
    crore = store.claim("004", "6.7 करोड़", "course_completions")
    for args in (["correct", users["id"], "--value", "1.45 करोड़", "--note", "PIB says 1.45 crore"],
                 ["reject", five_lakh["id"], "--reason", "a date"],
                 ["correct", crore["id"], "--metric", "course_enrolments", "--state", "Uttar Pradesh"]):
        assert run("claim", *args, "--by", "asha", "--db", store.db).returncode == 0
    r = run("claim", "export", "--db", store.db, "--format", "gold")
    assert r.returncode == 0, r.stderr.decode()
    exported = json.loads(r.stdout.decode())
    assert [Path(o["article"]).name[:3] for o in exported] == ["001", "004"]
    by_seed = {Path(o["article"]).name[:3]: o for o in exported}
    for seed, obj in by_seed.items():
        assert set(obj) >= {"article", "claims", "not_claims"}
        gold_file = tmp_path / f"{seed}.json"
        gold_file.write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")
        text = read_document(obj["article"]).text
        gold = load_gold(gold_file, text)  # checks text[start:end] == quote for every entry
        assert len(gold) == len(obj["claims"])
        for entry in obj["not_claims"]:
            assert text[entry["start"]:entry["end"]] == entry["quote"]
    [g] = load_gold(tmp_path / "001.json", read_document(by_seed["001"]["article"]).text)
    assert (g.start, g.end, g.quote, g.value, g.metric, g.state, g.period) == (
        users["start"], users["end"], "14.5 करोड़", 14_500_000, "registered_users", "India", "cumulative")
    [entry] = by_seed["001"]["claims"]
    assert entry["qualifier"] == "at_least" and entry["unit"] == "count" and "PIB says" in entry["note"]
    assert entry["desk"]["corrected"] == ["value"] and entry["desk"]["reviewer"] == "asha"
    assert by_seed["001"]["not_claims"] == [{"start": five_lakh["start"], "end": five_lakh["end"], "quote": "5 लाख",
                                             "reason": "a date", "desk": by_seed["001"]["not_claims"][0]["desk"]}]
    [g] = load_gold(tmp_path / "004.json", read_document(by_seed["004"]["article"]).text)
    assert (g.value, g.metric, g.state) == (67_000_000, "course_enrolments", "Uttar Pradesh")
    # a forced re-extraction changes nothing in the export
    assert run("batch", store.articles, "--db", store.db, "--force", "--quiet").returncode == 0
    again = json.loads(run("claim", "export", "--db", store.db).stdout.decode())
    assert again == exported
    rows = [json.loads(line) for line in
            run("claim", "export", "--db", store.db, "--format", "jsonl").stdout.decode().splitlines()]
    assert sorted(r["status"] for r in rows) == ["corrected", "corrected", "rejected"]


def test_library_twin_raises_claim_version_conflict(store):
    five_lakh = store.claim("001", "5 लाख", "app_downloads")["id"]
    db = open_db(store.db)
    try:
        done = claim_decisions.reject_claim(db, five_lakh, "asha", "a date", 0)
        assert (done["status"], done["version"]) == ("rejected", 1)
        with pytest.raises(claim_decisions.ClaimVersionConflict) as exc:
            claim_decisions.correct_claim(db, five_lakh, "ravi", 0, value="50 लाख")
        assert exc.value.current == {"claim_id": five_lakh, "status": "rejected", "version": 1}
        assert [(c["reviewer"], c["action"]) for c in exc.value.changes] == [("asha", "claim_reject")]
        assert isinstance(exc.value, decisions.VersionConflict)  # handled like a flag's conflict
        done = claim_decisions.correct_claim(db, five_lakh, "ravi", 1, value="50 लाख")
        assert (done["status"], done["version"], done["value"]) == ("corrected", 2, 5_000_000)
        with pytest.raises(claim_decisions.ClaimNotFound):
            claim_decisions.reject_claim(db, "nope", "asha", "x", 0)
        with pytest.raises(decisions.ReviewerError):
            claim_decisions.reject_claim(db, five_lakh, "mallory", "x", 2)
        with pytest.raises(decisions.InvalidInput) as bad:
            claim_decisions.decide_claim(db, five_lakh, "asha", "publish", 2)
        assert bad.value.code == "bad_action"
        with pytest.raises(decisions.InvalidInput) as bad:
            claim_decisions.correct_claim(db, five_lakh, "asha", 2, qualifier="at_least")
        assert bad.value.code == "qualifier_needs_value"
        assert claim_decisions.withdraw_decision(db, five_lakh, "asha", 2)["status"] == "withdrawn"
        with pytest.raises(decisions.InvalidInput) as bad:
            claim_decisions.withdraw_decision(db, five_lakh, "asha", 3)
        assert bad.value.code == "nothing_to_withdraw"
    finally:
        db.close()


# ------------------------------------------------------------------------------------------------ the review queue

def claim_page(client, claim_id):
    r = client.get(f"/claims/{claim_id}")  # → the article page with the claim's decision forms
    assert r.status_code == 200
    return r.text


def post_claim(client, claim_id, action, page=None, **fields):
    page = page if page is not None else claim_page(client, claim_id)
    data = {"csrf_token": csrf_of(page), "version": version_of(page), "action": action, **fields}
    return client.post(f"/claims/{claim_id}", data=data, follow_redirects=False)


def decision_row(fx, claim_id):
    with sqlite3.connect(fx.path) as conn:
        conn.row_factory = sqlite3.Row
        span = conn.execute("SELECT document_id, start, [end] FROM claims WHERE id = ?", [claim_id]).fetchone()
        row = conn.execute("SELECT * FROM claim_corrections WHERE document_id = ? AND start = ? AND [end] = ?",
                           list(span)).fetchone()
        return dict(row) if row else None


def claim_audit(fx):
    with sqlite3.connect(fx.path) as conn:
        return [r[0] for r in conn.execute("SELECT action FROM audit WHERE action LIKE 'claim_%' ORDER BY id")]


def test_web_reject_and_correct_from_the_article_page(client, fx):
    downloads = fx.claim("001", "app_downloads")
    did = fx.documents["001"]
    r = client.get(f"/claims/{downloads.id}", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/documents/{did}?claim={downloads.id}#claim-decision"
    page = claim_page(client, downloads.id)
    assert 'id="form-claim-reject"' in page and 'id="form-claim-correct"' in page
    assert 'id="form-claim-withdraw"' not in page and version_of(page) == 0

    r = post_claim(client, downloads.id, "reject", reason="A date or a year", note="the 5 is a day")
    assert r.status_code == 303 and r.headers["location"].endswith("#claim-decision")
    row = decision_row(fx, downloads.id)
    assert (row["status"], row["reason"], row["reviewer"], row["version"]) == ("rejected", "A date or a year",
                                                                              "asha", 1)
    page = client.get(r.headers["location"]).text
    assert "Decision on the claim saved." in page
    assert '<span class="badge claim-rejected">Not a claim</span>' in page
    assert f'<mark class="claim current flagged rejected" id="c-{downloads.id}"' in page
    assert 'data-action="claim_reject"' in page and "the 5 is a day" in page
    assert 'id="form-claim-withdraw"' in page and version_of(page) == 1
    assert "Not a claim" in client.get("/claims", params={"metric": "app_downloads"}).text

    r = post_claim(client, downloads.id, "correct", page=page, metric="", state="", period="", value="50 लाख",
                   qualifier="at_least")
    assert r.status_code == 303
    row = decision_row(fx, downloads.id)
    assert (row["status"], row["value"], row["qualifier"], row["metric"], row["version"]) == (
        "corrected", 5_000_000, "at_least", None, 2)
    page = client.get(r.headers["location"]).text
    assert 'id="claim-effective"' in page and "50 lakh" in page
    assert claim_audit(fx) == ["claim_reject", "claim_correct"]
    db = open_db(fx.path)
    try:
        fact = next(f for f in iter_facts(db) if f.id == downloads.id)
    finally:
        db.close()
    assert (fact.value, fact.qualifier, fact.metric) == (5_000_000, "at_least", "app_downloads")

    r = post_claim(client, downloads.id, "withdraw", note="checked again")
    assert r.status_code == 303 and decision_row(fx, downloads.id)["status"] == "withdrawn"
    assert [a["action"] for a in client.get("/export/audit.json").json() if a["flag_id"] is None
            and a["action"].startswith("claim_")] == ["claim_reject", "claim_correct", "claim_withdraw"]
    rows = client.get("/export/claim_decisions.json").json()
    assert [(r["status"], r["claim_id"], r["version"]) for r in rows] == [("withdrawn", downloads.id, 3)]
    csv_text = client.get("/export/claim_decisions.csv").text.lstrip("\ufeff")
    assert csv_text.startswith("document_id,path,start,end,quote,status,") and downloads.id in csv_text


def test_web_stale_version_gets_409_and_keeps_the_input(app, fx):
    users = fx.claim("001", "registered_users")
    with TestClient(app) as asha, TestClient(app) as ravi:
        sign_in(asha, "asha")
        sign_in(ravi, "ravi")
        page_a, page_r = claim_page(asha, users.id), claim_page(ravi, users.id)
        assert version_of(page_a) == version_of(page_r) == 0
        assert post_claim(asha, users.id, "correct", page=page_a, metric="course_enrolments").status_code == 303
        r = post_claim(ravi, users.id, "correct", page=page_r, value="1.45 करोड़", note="ravi: PIB <b>says</b> so")
        assert r.status_code == 409
        html = r.text
        assert "Someone else decided on this claim first" in html and "Your decision was NOT saved" in html
        assert "Claim corrected" in html and "Course enrolments" in html  # what asha did
        assert 'name="value" value="1.45 करोड़"' in html  # ravi's input is still in the form
        assert f">{escape('ravi: PIB <b>says</b> so')}</textarea>" in html
        assert version_of(html) == 1
        row = decision_row(fx, users.id)
        assert (row["metric"], row["value"], row["version"]) == ("course_enrolments", None, 1)
        r = post_claim(ravi, users.id, "correct", page=html, value="1.45 करोड़")  # now against version 1
        assert r.status_code == 303
        row = decision_row(fx, users.id)
        assert (row["metric"], row["value"], row["version"], row["reviewer"]) == (
            "course_enrolments", 14_500_000, 2, "ravi")


def test_web_bad_input_is_400_and_keeps_the_input(client, fx):
    users = fx.claim("001", "registered_users")
    r = post_claim(client, users.id, "correct", value="a great many", metric="")
    assert r.status_code == 400 and 'id="form-error"' in r.text
    assert "could not be read as one number" in r.text and 'value="a great many"' in r.text
    r = post_claim(client, users.id, "reject", reason="")
    assert r.status_code == 400 and "Please give a reason." in r.text
    r = post_claim(client, users.id, "correct", state="Atlantis")
    assert r.status_code == 400 and "choose India or a state" in r.text
    assert decision_row(fx, users.id) is None and claim_audit(fx) == []
    assert client.post("/claims/0000000000000000", data={"csrf_token": csrf_of(claim_page(client, users.id)),
                                                         "version": "0", "action": "reject", "reason": "x"},
                       follow_redirects=False).status_code == 404
    assert client.get("/claims/99999999999999999999999").status_code == 404


def test_web_claim_forms_need_sign_in_and_the_csrf_token(app, client, fx):
    users = fx.claim("001", "registered_users")
    for token in (None, "", "forged-token"):
        data = {"action": "reject", "version": "0", "reason": "x"}
        if token is not None:
            data["csrf_token"] = token
        r = client.post(f"/claims/{users.id}", data=data, follow_redirects=False)
        assert r.status_code == 403 and "expired" in r.text
    r = client.post(f"/claims/{users.id}", data={"csrf_token": csrf_of(claim_page(client, users.id)),
                                                 "action": "reject", "reason": "x"}, follow_redirects=False)
    assert r.status_code == 400  # no version: the form is out of date, nothing is written
    with TestClient(app) as anon:
        page = anon.get("/login")
        r = anon.post(f"/claims/{users.id}", data={"csrf_token": csrf_of(page.text), "version": "0",
                                                   "action": "reject", "reason": "x"}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/login")
        assert anon.get(f"/claims/{users.id}", follow_redirects=False).headers["location"].startswith("/login")
    assert decision_row(fx, users.id) is None and claim_audit(fx) == []


def test_web_claim_decisions_are_escaped(client, fx):
    hostile = fx.claim("payload", "registered_users")
    page = claim_page(client, hostile.id)
    for payload in (XSS_SCRIPT, XSS_IMG):
        assert payload not in page  # the article's sentence and title, escaped
    reason = f"{XSS_SCRIPT} not a claim {XSS_IMG}"
    r = post_claim(client, hostile.id, "reject", page=page, reason=reason, note=f"note {XSS_SCRIPT}")
    assert r.status_code == 303
    page = client.get(r.headers["location"]).text
    assert XSS_SCRIPT not in page and XSS_IMG not in page
    assert str(escape(reason)) in page and str(escape(f"note {XSS_SCRIPT}")) in page
    r = post_claim(client, hostile.id, "correct", page=page, event=f"{XSS_IMG} Saptah")
    assert r.status_code == 303
    page = client.get(r.headers["location"]).text
    assert XSS_IMG not in page and str(escape(f"{XSS_IMG} Saptah")) in page


def test_labels_of_claim_decisions_exist_in_english_and_hindi():
    from extractor.review import i18n

    labels = i18n.labels()
    for lang in ("en", "hi"):
        for key in [*(f"action.{a}" for a in claim_decisions.AUDIT_ACTIONS.values()),
                    *(f"claim_status.{s}" for s in ("rejected", "corrected", "withdrawn", "none")),
                    *(f"err.{code}" for code in ("claim_not_found", "correction_required", "no_change", "bad_metric",
                                                 "bad_state", "bad_period", "bad_qualifier", "qualifier_needs_value",
                                                 "event_needs_event_period", "nothing_to_withdraw")),
                    "exports.claim_decisions", "detail.period", "detail.event", "detail.qualifier"]:
            assert key in labels[lang], (lang, key)


def test_a_flag_shows_a_claim_as_the_desk_corrected_it(store):
    from extractor.contradictions.db import claim_loader

    downloads = store.claim("001", "5 लाख", "app_downloads")
    r = run("claim", "correct", downloads["id"], "--state", "उत्तर प्रदेश", "--by", "asha", "--db", store.db)
    assert r.returncode == 0, r.stderr.decode()
    db = open_db(store.db)
    try:
        [claim] = claim_loader(db)([downloads["id"]])
    finally:
        db.close()
    assert claim.state == "Uttar Pradesh"
