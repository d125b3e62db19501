"""A small claims database for the review queue's tests, built from two REAL seed articles.

Until `extract batch` and the contradiction finder land, this writes what they would: documents rows (with the
article text), claims rows (`extract_file` + `store.claim_to_row`) and hand-made `Flag` records over real claims,
stored with `save_flags`. Reuse it from any test:

    from review_fixtures import build_review_db, sign_in, PASSWORD

    fx = build_review_db(tmp_path / "claims.db")
    fx.flags["slip"].id          # magnitude_slip: 001's "14.5 करोड़" registered users vs 004's "1.45 करोड़"

Flags (name → what):
    slip          magnitude_slip  high    registered_users / India   14.5 करोड़ (001) vs 1.45 करोड़ (004)
    completions   magnitude_slip  high    course_completions / India 67 लाख (001) vs 6.7 करोड़ (004)
    downloads     value_conflict  medium  app_downloads / India      5 लाख (001) vs 50 लाख (004)
    up_users      value_conflict  low     registered_users / UP      18 लाख (001) vs 18.8 लाख (004)
    payload       value_conflict  medium  registered_users / India   a hostile article (XSS payloads in its text,
                                                                     title, publisher and a javascript: URL) vs 004

Publisher names and URLs are fixture values (the seed .txt files carry none): 001 is Moneycontrol Hindi (per
corpus/README.md) with an example URL; 004's outlet is unnamed in the corpus, so it gets an example name and a
made-up publication date (2026-01-08) to give the timeline two dates. A third document is a syndicated copy of
001 (same story_id, another example publisher).
"""
from __future__ import annotations

import hashlib
import re
import shutil
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpus" / "seeds"
SECRET = "test-secret-" + "k" * 40  # the review app's signing secret in the tests (conftest.py `app`)
PASSWORD = "correct-horse-battery"
REVIEWERS = {"asha": "Asha Verma", "ravi": "Ravi Kumar"}

XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = "<img src=x onerror=alert(2)>"
XSS_SVG = '"><svg onload=alert(3)>'
XSS_URL = "javascript:alert(4)"
PAYLOADS = (XSS_SCRIPT, XSS_IMG, XSS_SVG, XSS_URL)

HOSTILE_TEXT = (
    f"{XSS_SCRIPT} मिशन कर्मयोगी\n\n"
    f"iGOT प्लेटफॉर्म पर 14.5 करोड़ से अधिक यूजर्स पंजीकृत हैं {XSS_IMG} और यह सबसे बड़ा मंच है।\n\n"
    f"सरकार {XSS_SVG} इसके माध्यम से 4,179 प्रशिक्षण पाठ्यक्रम उपलब्ध करा रही है, देखें {XSS_URL} ।\n"
)

SOURCES = {
    "001": {"publisher": "Moneycontrol Hindi", "url": "https://hindi.moneycontrol.example/news/mission-karmayogi-yogi",
            "published": "2026-01-07", "story_id": "story-up-review"},
    "004": {"publisher": "UP Samachar (example)", "url": "https://upsamachar.example.in/mission-karmayogi-ai",
            "published": "2026-01-08", "story_id": "story-up-review-004"},
    "payload": {"publisher": XSS_IMG, "url": XSS_URL, "published": "2026-02-01", "story_id": "story-hostile",
                "title": f"{XSS_SVG} {XSS_SCRIPT}"},
}


@dataclass
class ReviewFixture:
    path: Path
    documents: dict[str, str] = field(default_factory=dict)     # "001" / "004" / "copy" / "payload" → id
    texts: dict[str, str] = field(default_factory=dict)         # document id → stored text
    claims: dict[str, list] = field(default_factory=dict)       # "001" / "004" / "payload" → [Claim]
    flags: dict[str, object] = field(default_factory=dict)      # name → Flag (see the module docstring)
    password: str = PASSWORD

    def copy_to(self, dst: Path) -> "ReviewFixture":
        """The same fixture in a fresh database at `dst`: the database and its credentials file beside it."""
        shutil.copy(self.path, dst)
        shutil.copy(str(self.path) + ".reviewers", str(dst) + ".reviewers")
        return replace(self, path=dst)

    def claim(self, doc: str, metric: str, state: str = "India", quote: str | None = None):
        for c in self.claims[doc]:
            if c.metric == metric and c.state == state and (quote is None or c.evidence.quote == quote):
                return c
        raise KeyError((doc, metric, state, quote))


@lru_cache(maxsize=None)
def _seed(stem_prefix: str):
    from extractor import extract_claims, read_document

    path = next(SEEDS.glob(f"{stem_prefix}_*.txt"))
    doc = read_document(path)
    return path, path.read_bytes(), doc, tuple(extract_claims(doc))


@lru_cache(maxsize=1)
def _hostile():
    from extractor import extract_claims
    from extractor.records import Document
    from extractor.records.document import DocumentMeta

    meta = DocumentMeta(url=XSS_URL, title=SOURCES["payload"]["title"], publisher=XSS_IMG,
                        published="2026-02-01", language="hi")
    doc = Document(text=HOSTILE_TEXT, path="hostile.txt", meta=meta)
    return doc, tuple(extract_claims(doc))


def _with_source(claim, src: dict, path: str, title: str | None):
    from extractor.records.claim import Source

    return claim.model_copy(update={
        "published": claim.published or src["published"],
        "source": Source(path=path, url=src["url"], publisher=src["publisher"], title=title)})


def build_review_db(path: str | Path, *, reviewers: bool = True, hostile: bool = True,
                    extra_flags: int = 0) -> ReviewFixture:
    """Write the fixture database at `path`. `hostile=False` leaves out the XSS article and its flag (for
    screenshots). `extra_flags`: that many more low-severity value_conflict flags ("extra-1" …), each over the
    n-th claims of 001 and 004, to fill a screen of the queue (the browser's density test)."""
    from extractor.records import Flag
    from extractor.review import decisions
    from extractor.store import claim_to_row, open_db, write_transaction
    from extractor.store.flags import save_flags

    path = Path(path)
    db = open_db(path)
    fx = ReviewFixture(path=path)

    def add_document(key: str, doc_id: str, text: str, src: dict, *, title: str | None, doc_path: str,
                     claims: list, language: str = "hi") -> None:
        with write_transaction(db):
            db["documents"].insert({
                "id": doc_id, "path": doc_path, "kind": "txt", "status": "ok", "size": len(text.encode()),
                "url": src["url"], "publisher": src["publisher"], "title": title, "published": src["published"],
                "language": language, "story_id": src["story_id"], "claims": len(claims), "text": text,
                "body_start": 0})
            if claims:
                db["claims"].insert_all([claim_to_row(c, doc_id, i) for i, c in enumerate(claims)])
        fx.documents[key] = doc_id
        fx.texts[doc_id] = text

    for key in ("001", "004"):
        seed_path, raw, doc, claims = _seed(key)
        src = SOURCES[key]
        rel = str(seed_path.relative_to(ROOT))
        claims = [_with_source(c, src, rel, doc.meta.title) for c in claims]
        fx.claims[key] = claims
        add_document(key, hashlib.sha1(raw).hexdigest(), doc.text, src, title=doc.meta.title, doc_path=rel,
                     claims=claims)

    # a syndicated copy of 001: same story, another outlet, no claims of its own
    _, raw001, doc001, _ = _seed("001")
    add_document("copy", hashlib.sha1(b"copy\x1f" + raw001).hexdigest(), doc001.text,
                 {**SOURCES["001"], "publisher": "Hindi Wire (example)",
                  "url": "https://wire.example.in/karmayogi-up-review", "published": "2026-01-07"},
                 title=doc001.meta.title, doc_path="wire/copy.txt", claims=[])

    if hostile:
        _, hostile_claims = _hostile()
        src = SOURCES["payload"]
        hostile_claims = [_with_source(c, src, "hostile.txt", src["title"]) for c in hostile_claims]
        fx.claims["payload"] = hostile_claims
        add_document("payload", hashlib.sha1(HOSTILE_TEXT.encode()).hexdigest(), HOSTILE_TEXT, src,
                     title=src["title"], doc_path="hostile.txt", claims=hostile_claims)

    def flag(kind, severity, a, b, en, hi, **extra):
        claims = [a, b]
        return Flag(id=Flag.make_id(kind, [c.id for c in claims]), kind=kind, metric=a.metric, state=a.state,
                    severity=severity, claims=claims, explanation_en=en, explanation_hi=hi, **extra)

    c = fx.claim
    fx.flags = {
        "slip": flag("magnitude_slip", "high", c("001", "registered_users"), c("004", "registered_users"),
                     "One report says 14.5 crore (145,000,000) registered users, another 1.45 crore (14,500,000): "
                     "the decimal point moved by one place.",
                     "एक रिपोर्ट में 14.5 करोड़ पंजीकृत उपयोगकर्ता हैं, दूसरी में 1.45 करोड़: दशमलव एक स्थान खिसका है।",
                     likely_slip="decimal_shift", suspect_claim=c("001", "registered_users").id),
        "completions": flag("magnitude_slip", "high", c("001", "course_completions"),
                            c("004", "course_completions", quote="6.7 करोड़"),
                            "Course completions: 67 lakh in one report, 6.7 crore in another — ten times apart.",
                            "पूरे किए गए पाठ्यक्रम: एक रिपोर्ट में 67 लाख, दूसरी में 6.7 करोड़ — दस गुना अंतर।",
                            likely_slip="lakh_for_crore"),
        "downloads": flag("value_conflict", "medium", c("001", "app_downloads"), c("004", "app_downloads"),
                          "App downloads: 5 lakh in one report, 50 lakh in another.",
                          "ऐप डाउनलोड: एक रिपोर्ट में 5 लाख, दूसरी में 50 लाख।"),
        "up_users": flag("value_conflict", "low", c("001", "registered_users", "Uttar Pradesh"),
                         c("004", "registered_users", "Uttar Pradesh", quote="18.8 लाख"),
                         "Uttar Pradesh registrations: 18 lakh against 18.8 lakh.",
                         "उत्तर प्रदेश में पंजीकरण: 18 लाख बनाम 18.8 लाख।"),
    }
    if hostile:
        fx.flags["payload"] = flag(
            "value_conflict", "medium", c("payload", "registered_users"), c("004", "registered_users"),
            f"Hostile article {XSS_SCRIPT} says 14.5 crore; another says 1.45 crore.",
            f"शत्रुतापूर्ण लेख {XSS_IMG} में 14.5 करोड़, दूसरे में 1.45 करोड़।")
    pairs = [(a, b) for a, b in zip(fx.claims["001"], fx.claims["004"])]
    for i in range(extra_flags):
        a, b = pairs[i % len(pairs)]
        others = [x for x in fx.claims["004"] if x.id != b.id]
        b = b if i < len(pairs) else others[(i // len(pairs)) % len(others)]
        extra = flag("value_conflict", "low", a, b, f"Extra flag {i + 1}: two reports disagree on {a.metric}.",
                     f"अतिरिक्त फ़्लैग {i + 1}: दो रिपोर्टें असहमत हैं।")
        if all(extra.id != f.id for f in fx.flags.values()):
            fx.flags[f"extra-{i + 1}"] = extra
    save_flags(db, fx.flags.values(), run_id=None)
    if reviewers:
        for name, display in REVIEWERS.items():
            decisions.create_reviewer(db, name, PASSWORD, display_name=display)
    db.close()
    return fx


# ------------------------------------------------------------------------------------------------ web helpers

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_VERSION = re.compile(r'name="version" value="(\d+)"')


def csrf_of(html: str) -> str:
    m = _CSRF.search(html)
    assert m, "no CSRF token in the page"
    return m.group(1)


def version_of(html: str) -> int:
    m = _VERSION.search(html)
    assert m, "no version field in the page"
    return int(m.group(1))


def sign_in(client, username: str = "asha", password: str = PASSWORD):
    """Sign a TestClient (or an httpx.Client with base_url) in; returns the response after the redirect."""
    page = client.get("/login")
    return client.post("/login", data={"username": username, "password": password,
                                       "csrf_token": csrf_of(page.text), "next": "/"}, follow_redirects=True)
