"""The read side of the review pages: one function per page, each a handful of indexed queries (never one query
per row). Every function takes a plain sqlite3 connection whose row_factory is sqlite3.Row.

Text search goes through FTS5 (`flags_fts`, `claims_fts`). Whatever a person types is turned into quoted phrases
joined by AND (`14.5 करोड़` → `"14.5" AND ("करोड" OR "करोड़" OR …)`; `AND (` → `"AND"`), so FTS syntax never
reaches SQLite; "quoted words" stay a phrase and a trailing `*` searches for words starting so. A Hindi word is
tried in every nukta spelling: with or without the nukta, base + U+093C or precomposed (`spellings`).
"""
from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from dataclasses import asdict, dataclass, fields
from urllib.parse import urlencode

from ..records.flag import DEFAULT_MIN_CONFIDENCE, FLAG_STATUSES
from .decisions import DECISIONS, _loads
from ..lang.names import canonical_metric, canonical_state
from .render import source_name

PAGE_SIZE = 50
MAX_PAGE = 200                  # queue pages beyond this: narrow the filters instead
CLAIMS_PAGE_SIZE = 50
CLAIMS_MAX_OFFSET = 10_000      # LIMIT/OFFSET stays fast below this; beyond it the page asks for filters
TIMELINE_POINTS = 400           # distinct (publisher, date, value) points drawn per chart
REFERENCE_TOLERANCE = 0.05      # a claim differs from an official figure beyond 5%
SEARCH_MAX_TERMS = 12
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

NUKTA = "\u093c"
# letters whose nukta writers often leave out (or type either way): base → precomposed form. A search for one
# finds all three spellings: without the nukta, base + U+093C, and the precomposed letter (NFC cannot bridge the
# last two: U+0958–U+095F are composition exclusions).
_NUKTA_OPTIONAL = {"\u0915": "\u0958", "\u0916": "\u0959", "\u0917": "\u095a", "\u091c": "\u095b",
                   "\u0921": "\u095c", "\u0922": "\u095d", "\u092b": "\u095e"}
# letters whose nukta forms are other languages' letters (य़ ऩ ऱ ऴ): only the two spellings of what was typed
_NUKTA_DISTINCT = {"\u092f": "\u095f", "\u0928": "\u0929", "\u0930": "\u0931", "\u0933": "\u0934"}
_BASE_OF = {pre: base for base, pre in {**_NUKTA_OPTIONAL, **_NUKTA_DISTINCT}.items()}
MAX_SPELLINGS = 27              # per phrase: every nukta spelling of up to three letters, else whole-word forms
_QUOTE = '"\u201c\u201d\u201e\u201f\u00ab\u00bb'  # straight, curly and guillemet quotes open and close phrases


def _token_char(ch: str) -> bool:
    """A character FTS5's tokenizer keeps inside a word (schema.FTS_TOKENIZE: categories L*, N*, Co, M*)."""
    cat = unicodedata.category(ch)
    return cat[0] in "LNM" or cat == "Co"


def _positions(text: str) -> list[tuple[tuple[str, ...], int]]:
    """`text` (NFC) as one (alternatives, which one was typed) pair per character position."""
    out: list[tuple[tuple[str, ...], int]] = []
    i = 0
    while i < len(text):
        ch, step = text[i], 1
        if ch in _BASE_OF:  # a precomposed nukta letter
            base, typed = _BASE_OF[ch], 2
        else:
            base, typed = ch, 0
            if i + 1 < len(text) and text[i + 1] == NUKTA and (ch in _NUKTA_OPTIONAL or ch in _NUKTA_DISTINCT):
                typed, step = 1, 2
        if base in _NUKTA_OPTIONAL:
            out.append(((base, base + NUKTA, _NUKTA_OPTIONAL[base]), typed))
        elif base in _NUKTA_DISTINCT and typed:
            out.append(((base + NUKTA, _NUKTA_DISTINCT[base]), typed - 1))
        else:
            out.append(((ch,), 0))
        i += step
    return out


def spellings(text: str) -> list[str]:
    """Every way the index may hold `text` with its nukta letters written differently: with and without the
    nukta for क ख ग ज ड ढ फ (writers drop it: "करोड" finds "करोड़" and back), base + U+093C or precomposed.
    At most MAX_SPELLINGS; beyond that, each way applied to the whole phrase at once, and the phrase as typed."""
    pos = _positions(unicodedata.normalize("NFC", text))
    count = 1
    for alts, _ in pos:
        count *= len(alts)
        if count > MAX_SPELLINGS:
            break
    if count <= MAX_SPELLINGS:
        variants = [""]
        for alts, _ in pos:
            variants = [v + a for v in variants for a in alts]
    else:
        variants = ["".join(alts[typed] for alts, typed in pos)]
        variants += ["".join(alts[min(k, len(alts) - 1)] for alts, _ in pos) for k in range(3)]
    out: list[str] = []
    for v in variants:
        if v not in out:
            out.append(v)
    return out


def search_phrases(text: str | None) -> list[tuple[str, bool]]:
    """What a person typed, as (phrase, is_prefix) pairs: words separated by spaces, a "quoted phrase" (straight
    or curly quotes; an unclosed quote runs to the end), and a trailing `*` for "words starting with". Every other
    character is literal: AND, OR, NOT, NEAR(…), column:, ^, -, ( and ) mean nothing special. Words with no
    letter or digit (a lone `*`, `(((`, `'`) are dropped. Control, format and unpaired surrogate characters go
    first (SQLite reads a NUL as the end of the expression)."""
    text = "".join(ch for ch in (text or "") if unicodedata.category(ch) not in ("Cc", "Cs") or ch in "\t\n")
    raw: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in _QUOTE:
            j = i + 1
            while j < n and text[j] not in _QUOTE:
                j += 1
            raw.append(text[i + 1:j] + ("*" if j + 1 < n and text[j + 1] == "*" else ""))
            i = j + 1 + (1 if j + 1 < n and text[j + 1] == "*" else 0)
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] not in _QUOTE:
                j += 1
            raw.append(text[i:j])
            i = j
    out: list[tuple[str, bool]] = []
    for phrase in raw:
        prefix = phrase.rstrip().endswith("*")
        phrase = " ".join(phrase.split()).strip("*").strip()
        if prefix and phrase and not _token_char(phrase[-1]):
            prefix = False  # "14.5 *"-style: nothing for the prefix to extend
        if phrase and any(_token_char(ch) for ch in phrase) and (phrase, prefix) not in out:
            out.append((phrase, prefix))
        if len(out) >= SEARCH_MAX_TERMS:
            break
    return out


def fts_match(text: str | None) -> str | None:
    """An FTS5 MATCH expression meaning "all of these", whatever characters `text` holds: each word or quoted phrase
    in every nukta spelling (`spellings`), quoted so FTS5 syntax never reaches SQLite, joined with explicit AND (FTS5
    refuses an implicit AND before a parenthesis). None when nothing searchable was typed."""
    parts = []
    for phrase, prefix in search_phrases(text):
        quoted = ['"' + v.replace('"', '""') + '"' + (" *" if prefix else "") for v in spellings(phrase)]
        parts.append(quoted[0] if len(quoted) == 1 else "(" + " OR ".join(quoted) + ")")
    return " AND ".join(parts) or None


# ------------------------------------------------------------------------------------------------ queue

def _given(cls, params):
    """(field name, trimmed value) for each field of the filter class present in the query string."""
    for f in fields(cls):
        raw = params.get(f.name)
        if raw is not None:
            yield f.name, str(raw).strip()[:200]


@dataclass
class QueueFilters:
    status: str = "open"     # a flag status, or "all"
    metric: str = ""
    state: str = ""
    kind: str = ""
    publisher: str = ""
    assignee: str = ""       # a username, or "-" for nobody
    date_from: str = ""      # on the latest publication date of the flag's claims
    date_to: str = ""
    q: str = ""
    confidence: str = ""     # "" = flags at or above DEFAULT_MIN_CONFIDENCE, "low" = below it, "all"
    page: int = 1

    @classmethod
    def from_params(cls, params) -> tuple["QueueFilters", list[str]]:
        """Filters from a query string; unreadable values are dropped and named in the returned problems."""
        problems = []
        values = {}
        for name, raw in _given(cls, params):
            if name == "page":
                values["page"] = min(max(_int(raw, 1), 1), MAX_PAGE)
            elif name in ("date_from", "date_to") and raw and not DATE_RE.match(raw):
                problems.append(name)
            elif name == "status" and raw not in (*FLAG_STATUSES, "all"):
                problems.append("status")
            elif name == "confidence" and raw not in ("", "low", "all"):
                problems.append("confidence")
            else:
                values[name] = _canonical(name, raw)
        return cls(**values), problems

    def params(self, **overrides) -> dict:
        d = {**asdict(self), **overrides}
        return {k: v for k, v in d.items() if v not in ("", None) and not (k == "page" and v == 1)}

    def query(self, **overrides) -> str:
        return urlencode(self.params(**overrides))

    @property
    def active(self) -> bool:
        return any(getattr(self, k) for k in ("metric", "state", "kind", "publisher", "assignee", "date_from",
                                              "date_to", "q"))


def _canonical(name: str, raw: str) -> str:
    """A state or metric filter as the database stores it ("bihar", "बिहार" → "Bihar": names.py)."""
    if name == "state":
        return canonical_state(raw)
    if name == "metric":
        return canonical_metric(raw)
    return raw


def _int(raw, default: int) -> int:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return default


def _queue_where(f: QueueFilters, *, with_status: bool, confidence: str | None = None) -> tuple[list[str], list]:
    where, params = ["f.active = 1"], []
    band = f.confidence if confidence is None else confidence
    if band == "low":
        where.append("COALESCE(f.confidence, 1.0) < ?")
        params.append(DEFAULT_MIN_CONFIDENCE)
    elif band != "all":
        where.append("COALESCE(f.confidence, 1.0) >= ?")
        params.append(DEFAULT_MIN_CONFIDENCE)
    if with_status and f.status != "all":
        where.append("f.status = ?")
        params.append(f.status)
    for col in ("metric", "state", "kind"):
        if getattr(f, col):
            where.append(f"f.{col} = ?")
            params.append(getattr(f, col))
    if f.assignee == "-":
        where.append("f.assignee IS NULL")
    elif f.assignee:
        where.append("f.assignee = ?")
        params.append(f.assignee)
    if f.date_from:
        where.append("f.latest_published >= ?")
        params.append(f.date_from)
    if f.date_to:
        where.append("f.latest_published <= ?")
        params.append(f.date_to + "\uffff")
    if f.publisher:
        where.append("f.id IN (SELECT fc.flag_id FROM claims c JOIN flag_claims fc ON fc.claim_id = c.id"
                     " WHERE c.source_publisher = ?)")
        params.append(f.publisher)
    match = fts_match(f.q)
    if match:
        where.append("(f.rowid IN (SELECT rowid FROM flags_fts WHERE flags_fts MATCH ?)"
                     " OR f.id IN (SELECT fc.flag_id FROM flag_claims fc WHERE fc.claim_id IN"
                     " (SELECT c.id FROM claims_fts JOIN claims c ON c.rowid = claims_fts.rowid"
                     " WHERE claims_fts MATCH ?)))")
        params += [match, match]
    return where, params


QUEUE_ORDER = "ORDER BY f.severity_rank, f.latest_published DESC, f.id"


def queue(conn: sqlite3.Connection, f: QueueFilters) -> dict:
    """One page of the queue, the count per status under the same filters, and whether the search failed."""
    search_error = False
    try:
        where, params = _queue_where(f, with_status=False)
        counts = {s: 0 for s in FLAG_STATUSES}
        for status, n in conn.execute(f"SELECT f.status, count(*) FROM flags f WHERE {' AND '.join(where)}"
                                      " GROUP BY f.status", params):
            counts[status] = n
        where, params = _queue_where(f, with_status=True, confidence="low")
        low = conn.execute(f"SELECT count(*) FROM flags f WHERE {' AND '.join(where)}", params).fetchone()[0]
        where, params = _queue_where(f, with_status=True)
        # two steps: the page's ids from the queue index (sorting small index entries, not JSON records), then
        # those 50 rows
        ids = [r[0] for r in conn.execute(
            f"SELECT f.id FROM flags f WHERE {' AND '.join(where)} {QUEUE_ORDER} LIMIT ? OFFSET ?",
            [*params, PAGE_SIZE, (f.page - 1) * PAGE_SIZE])]
        by_id = {r["id"]: r for r in conn.execute(
            "SELECT f.id, f.kind, f.metric, f.state, f.severity, f.status, f.version, f.assignee, f.record,"
            " f.explanation_en, f.explanation_hi, f.latest_published, f.updated FROM flags f"
            f" WHERE f.id IN ({','.join('?' * len(ids))})", ids)} if ids else {}
        rows = [by_id[i] for i in ids if i in by_id]
    except sqlite3.OperationalError as exc:  # an FTS expression SQLite still refuses: say so, never a 500
        if "fts5" not in str(exc).lower() and "match" not in str(exc).lower():
            raise
        search_error, rows, counts, low = True, [], {s: 0 for s in FLAG_STATUSES}, 0
    total = sum(counts.values()) if f.status == "all" else counts.get(f.status, 0)
    pages = max(1, min(MAX_PAGE, -(-total // PAGE_SIZE)))
    return {"rows": [_queue_row(r) for r in rows], "counts": counts, "total": total, "page": f.page,
            "pages": pages, "search_error": search_error, "truncated": total > MAX_PAGE * PAGE_SIZE,
            "low_confidence": low, "min_confidence": DEFAULT_MIN_CONFIDENCE}


def _after_desc(col: str, day: str | None, item_id: str) -> tuple[str, list]:
    """Rows after (`day`, `item_id`) in the order `col DESC` (NULLs last, as SQLite sorts them), then `id`: the
    keyset condition of a feed page (`c.id`/`f.id` is named by the caller's alias of `col`)."""
    alias = col.split(".")[0]
    if day is None:  # among the undated, which come last
        return f"({col} IS NULL AND {alias}.id > ?)", [item_id]
    return f"({col} < ? OR {col} IS NULL OR ({col} = ? AND {alias}.id > ?))", [day, day, item_id]


def flag_feed(conn: sqlite3.Connection, f: QueueFilters, *, min_confidence: float | None = None,
              after: tuple | None = None, limit: int = PAGE_SIZE) -> tuple[list[dict], tuple | None]:
    """Flags under the queue's filters in the queue's order (severity, latest publication first, id), `limit` at a
    time after the key `after` (keyset pagination: stable while flags change, no OFFSET). `min_confidence`
    replaces the queue's confidence band. Returns (rows with their full record, the key of the last row when more
    follow, else None)."""
    where, params = _queue_where(f, with_status=True, confidence="all" if min_confidence is not None else None)
    if min_confidence is not None:
        where.append("COALESCE(f.confidence, 1.0) >= ?")
        params.append(min_confidence)
    if after is not None:
        rank, day, fid = after
        cond, more = _after_desc("f.latest_published", day, fid)
        where.append(f"(f.severity_rank > ? OR (f.severity_rank = ? AND {cond}))")
        params += [rank, rank, *more]
    rows = [dict(r) for r in conn.execute(
        "SELECT f.id, f.severity_rank, f.status, f.version, f.assignee, f.active, f.latest_published, f.created,"
        f" f.updated, f.record FROM flags f WHERE {' AND '.join(where)} {QUEUE_ORDER} LIMIT ?", [*params, limit + 1])]
    more = len(rows) > limit
    rows = rows[:limit]
    for r in rows:
        r["record"] = json.loads(r["record"] or "{}")
    last = rows[-1] if rows and more else None
    return rows, (last["severity_rank"], last["latest_published"], last["id"]) if last else None


def claim_feed(conn: sqlite3.Connection, f: ClaimFilters, *, after: tuple | None = None,
               limit: int = CLAIMS_PAGE_SIZE) -> tuple[list[dict], tuple | None]:
    """Claims under the claims browser's filters, newest publication first then id, `limit` after the key `after`
    (keyset: no offset cap). Returns (whole stored rows, the key of the last row when more follow, else None)."""
    where, params = _claim_where(f)
    if after is not None:
        day, cid = after
        cond, more = _after_desc("c.published", day, cid)
        where.append(cond)
        params += more
    sql_where = (" WHERE " + " AND ".join(where)) if where else ""
    cur = conn.execute(f"SELECT c.* FROM claims c{sql_where} ORDER BY c.published DESC, c.id LIMIT ?",
                       [*params, limit + 1])
    rows = [dict(r) for r in cur]
    more = len(rows) > limit
    rows = rows[:limit]
    last = rows[-1] if rows and more else None
    return rows, (last["published"], last["id"]) if last else None


def _queue_row(r: sqlite3.Row) -> dict:
    d = dict(r)
    record = json.loads(d.pop("record") or "{}")
    d["claims"] = [{"id": c["id"], "quote": c["evidence"]["quote"], "value": c["value"], "unit": c.get("unit"),
                    "publisher": _source_name(c), "published": c.get("published")}
                   for c in record.get("claims", [])]
    d["suspect_claim"] = record.get("suspect_claim")
    return d


def queue_options(conn: sqlite3.Connection) -> dict:
    """Values the queue's filter menus offer (distinct values of active flags)."""
    out = {}
    for col in ("metric", "state", "kind"):
        out[col] = [r[0] for r in conn.execute(
            f"SELECT DISTINCT {col} FROM flags WHERE active = 1 AND {col} IS NOT NULL ORDER BY 1")]
    return out


def publishers(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT DISTINCT source_publisher FROM claims WHERE source_publisher IS NOT NULL ORDER BY 1")]


def claim_options(conn: sqlite3.Connection) -> dict:
    return {
        "metric": [r[0] for r in conn.execute("SELECT DISTINCT metric FROM claims ORDER BY 1")],
        "state": [r[0] for r in conn.execute("SELECT DISTINCT state FROM claims ORDER BY 1")],
        "language": [r[0] for r in conn.execute(
            "SELECT DISTINCT language FROM claims WHERE language IS NOT NULL ORDER BY 1")],
    }


def reviewers(conn: sqlite3.Connection) -> list[dict]:
    return [dict(r) for r in conn.execute(
        "SELECT username, display_name FROM reviewers WHERE active = 1 ORDER BY username")]


# ------------------------------------------------------------------------------------------------ flag page

def flag_detail(conn: sqlite3.Connection, flag_id: str) -> dict | None:
    row = conn.execute("SELECT * FROM flags WHERE id = ?", [flag_id]).fetchone()
    if row is None:
        return None
    flag = dict(row)
    record = json.loads(flag.pop("record") or "{}")
    claims = record.get("claims", [])
    ids = [c["id"] for c in claims]
    marks = ",".join("?" * len(ids))
    stored = {r["id"]: dict(r) for r in conn.execute(
        "SELECT c.id, c.document_id, d.story_id, d.url AS doc_url, d.publisher AS doc_publisher,"
        " d.published AS doc_published, d.title AS doc_title, d.text AS doc_text"
        f" FROM claims c LEFT JOIN documents d ON d.id = c.document_id WHERE c.id IN ({marks})", ids)}
    for c in claims:
        c["stored"] = stored.get(c["id"])  # None: the claim was re-extracted away since this flag was found
    doc_ids = {s["document_id"] for s in stored.values() if s.get("document_id")}
    stories = {s["story_id"] for s in stored.values() if s.get("story_id")}
    syndicated = []
    if stories:
        smarks = ",".join("?" * len(stories))
        syndicated = [dict(r) for r in conn.execute(
            "SELECT id, story_id, publisher, title, url, published, language FROM documents"
            f" WHERE story_id IN ({smarks}) ORDER BY published DESC, id LIMIT 200", list(stories))
            if r["id"] not in doc_ids]
    points = [dict(r) for r in conn.execute(
        "SELECT min(id) AS id, value, coalesce(as_of, published) AS day, source_publisher AS publisher,"
        " min(source_url) AS url, min(source_title) AS title, min(source_path) AS path, min(quote) AS quote,"
        " count(*) AS n FROM claims WHERE metric = ? AND state = ?"
        " GROUP BY value, day, coalesce(source_publisher, source_url, document_id) ORDER BY day DESC LIMIT ?",
        [flag["metric"], flag["state"], TIMELINE_POINTS])]
    for p in points:  # a source with no publisher: its address's host, else its title (render.source_name)
        p["publisher"] = source_name(p["publisher"], p.pop("url"), p.pop("title"), p.pop("path"))
    have = {p["id"] for p in points}
    for c in claims:  # the flag's own claims are always on the chart
        if c["id"] not in have:
            points.append({"id": c["id"], "value": c["value"], "day": c.get("as_of") or c.get("published"),
                           "publisher": _source_name(c),
                           "quote": c["evidence"]["quote"], "n": 1})
    references = [dict(r) for r in conn.execute(
        "SELECT id, value, as_of, source FROM reference_figures WHERE metric = ? AND state = ? ORDER BY as_of",
        [flag["metric"], flag["state"]])]
    audit = [dict(r) for r in conn.execute(
        "SELECT id, at, reviewer, action, from_status, to_status, note, details FROM audit WHERE flag_id = ?"
        " ORDER BY id", [flag_id])]
    for a in audit:
        a["details"] = _loads(a["details"])
    decision = next((a for a in reversed(audit) if a["action"] in DECISIONS), None)
    return {"flag": flag, "record": record, "claims": claims, "syndicated": syndicated, "points": points,
            "references": references, "audit": audit, "decision": decision}


def flag_version(conn: sqlite3.Connection, flag_id: str) -> dict | None:
    row = conn.execute("SELECT id, status, version, assignee FROM flags WHERE id = ?", [flag_id]).fetchone()
    return dict(row) if row else None


# ------------------------------------------------------------------------------------------------ claims browser

@dataclass
class ClaimFilters:
    metric: str = ""
    state: str = ""
    publisher: str = ""
    language: str = ""
    q: str = ""
    page: int = 1

    @classmethod
    def from_params(cls, params) -> "ClaimFilters":
        return cls(**{name: max(_int(raw, 1), 1) if name == "page" else _canonical(name, raw)
                      for name, raw in _given(cls, params)})

    def query(self, **overrides) -> str:
        d = {**asdict(self), **overrides}
        return urlencode({k: v for k, v in d.items() if v not in ("", None) and not (k == "page" and v == 1)})


CLAIM_LIST_COLUMNS = ("c.id, c.document_id, c.metric, c.value, c.value_max, c.qualifier, c.unit, c.state, c.as_of,"
                      " c.period, c.event, c.confidence, c.entity,"
                      " c.published, c.language, c.source_publisher, c.source_url, c.source_title, c.quote,"
                      " c.sentence, c.start, c.end")


def _claim_where(f: ClaimFilters) -> tuple[list[str], list]:
    where, params = [], []
    for col, name in (("metric", "metric"), ("state", "state"), ("source_publisher", "publisher"),
                      ("language", "language")):
        if getattr(f, name):
            where.append(f"c.{col} = ?")
            params.append(getattr(f, name))
    match = fts_match(f.q)
    if match:
        where.append("c.rowid IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?)")
        params.append(match)
    return where, params


def claims_page(conn: sqlite3.Connection, f: ClaimFilters) -> dict:
    where, params = _claim_where(f)
    sql_where = (" WHERE " + " AND ".join(where)) if where else ""
    offset = (f.page - 1) * CLAIMS_PAGE_SIZE
    too_far = offset >= CLAIMS_MAX_OFFSET
    search_error = False
    try:
        total = conn.execute(f"SELECT count(*) FROM (SELECT 1 FROM claims c{sql_where} LIMIT ?)",
                             [*params, CLAIMS_MAX_OFFSET + 1]).fetchone()[0]
        rows = [] if too_far else [dict(r) for r in conn.execute(
            f"SELECT {CLAIM_LIST_COLUMNS} FROM claims c{sql_where}"
            " ORDER BY c.published DESC, c.id LIMIT ? OFFSET ?", [*params, CLAIMS_PAGE_SIZE, offset])]
    except sqlite3.OperationalError as exc:
        if "fts5" not in str(exc).lower() and "match" not in str(exc).lower():
            raise
        search_error, total, rows = True, 0, []
    capped = total > CLAIMS_MAX_OFFSET
    pages = max(1, -(-min(total, CLAIMS_MAX_OFFSET) // CLAIMS_PAGE_SIZE))
    return {"rows": rows, "total": min(total, CLAIMS_MAX_OFFSET), "capped": capped, "page": f.page, "pages": pages,
            "too_far": too_far, "search_error": search_error}


# ------------------------------------------------------------------------------------------------ article page

def document_detail(conn: sqlite3.Connection, doc_id: str) -> dict | None:
    row = conn.execute("SELECT id, path, status, url, publisher, title, published, language, story_id, text"
                       " FROM documents WHERE id = ?", [doc_id]).fetchone()
    if row is None:
        return None
    doc = dict(row)
    claims = [dict(r) for r in conn.execute(
        f"SELECT {CLAIM_LIST_COLUMNS}, c.position FROM claims c WHERE c.document_id = ? ORDER BY c.start, c.id",
        [doc_id])]
    ids = [c["id"] for c in claims]
    flags_by_claim: dict[str, list[dict]] = {}
    if ids:
        for r in conn.execute(
                "SELECT f.id, f.kind, f.status, fc.claim_id FROM flag_claims fc JOIN flags f ON f.id = fc.flag_id"
                f" WHERE f.active = 1 AND fc.claim_id IN ({','.join('?' * len(ids))})", ids):
            flags_by_claim.setdefault(r["claim_id"], []).append(dict(r))
    copies = []
    if doc.get("story_id"):
        copies = [dict(r) for r in conn.execute(
            "SELECT id, publisher, title, url, published FROM documents WHERE story_id = ? AND id != ?"
            " ORDER BY published DESC LIMIT 200", [doc["story_id"], doc_id])]
    return {"doc": doc, "claims": claims, "flags_by_claim": flags_by_claim, "copies": copies}


# ------------------------------------------------------------------------------------------------ reference figures

def reference_figures(conn: sqlite3.Connection) -> list[dict]:
    return [dict(r) for r in conn.execute(
        "SELECT id, metric, state, value, as_of, source, note, created_by, created FROM reference_figures"
        " ORDER BY created DESC, id DESC")]


def reference_figure(conn: sqlite3.Connection, fid: int) -> dict | None:
    if not isinstance(fid, int) or not 0 < fid < 2**63:  # no such row; SQLite could not even bind the number
        return None
    row = conn.execute("SELECT id, metric, state, value, as_of, source, note, created_by, created"
                       " FROM reference_figures WHERE id = ?", [fid]).fetchone()
    return dict(row) if row else None


def claims_differing(conn: sqlite3.Connection, figure: dict, tolerance: float = REFERENCE_TOLERANCE,
                     limit: int = 500) -> list[dict]:
    """Claims of the figure's metric and scope more than `tolerance` away from it (a simple query; the contradiction
    engine's reference_mismatch rule makes the flags)."""
    v = figure["value"]
    return [dict(r) for r in conn.execute(
        f"SELECT {CLAIM_LIST_COLUMNS} FROM claims c WHERE c.metric = ? AND c.state = ?"
        " AND abs(c.value - ?) > ? * abs(?) ORDER BY c.published DESC, c.id LIMIT ?",
        [figure["metric"], figure["state"], v, tolerance, v, limit])]


# ------------------------------------------------------------------------------------------------ exports

FLAG_EXPORT_COLUMNS = ["id", "kind", "metric", "state", "severity", "status", "version", "assignee", "active",
                       "latest_published", "supported_value", "claims", "claim_ids", "explanation_en",
                       "explanation_hi", "created", "updated"]
DECISION_EXPORT_COLUMNS = ["at", "flag_id", "kind", "metric", "state", "action", "from_status", "to_status",
                           "reviewer", "correct_value", "correct_source", "reason", "note", "version"]
AUDIT_EXPORT_COLUMNS = ["id", "at", "reviewer", "flag_id", "action", "from_status", "to_status", "note", "details"]


def _source_name(claim: dict) -> str | None:
    src = claim.get("source") or {}
    return source_name(src.get("publisher"), src.get("url"), src.get("title"), src.get("path"))


def export_flags(conn: sqlite3.Connection) -> list[dict]:
    out = []
    for r in conn.execute("SELECT id, kind, metric, state, severity, status, version, assignee, active,"
                          " latest_published, supported_value, claim_ids, explanation_en, explanation_hi, created,"
                          " updated, record FROM flags ORDER BY severity_rank, latest_published DESC, id"):
        d = dict(r)
        record = json.loads(d.pop("record") or "{}")
        d["claims"] = "; ".join(
            f"{c['evidence']['quote']} ({_source_name(c) or '?'})" for c in record.get("claims", []))
        d["claim_ids"] = json.loads(d["claim_ids"] or "[]")
        out.append(d)
    return out


def export_decisions(conn: sqlite3.Connection) -> list[dict]:
    marks = ",".join("?" * len(DECISIONS))
    out = []
    for r in conn.execute(
            "SELECT a.at, a.flag_id, f.kind, f.metric, f.state, a.action, a.from_status, a.to_status, a.reviewer,"
            " a.note, a.details FROM audit a LEFT JOIN flags f ON f.id = a.flag_id"
            f" WHERE a.action IN ({marks}) ORDER BY a.id", list(DECISIONS)):
        d = dict(r)
        details = _loads(d.pop("details"))
        for k in ("correct_value", "correct_source", "reason", "version"):
            d[k] = details.get(k)
        out.append(d)
    return out


def export_audit(conn: sqlite3.Connection) -> list[dict]:
    out = []
    for r in conn.execute("SELECT id, at, reviewer, flag_id, action, from_status, to_status, note, details"
                          " FROM audit ORDER BY id"):
        d = dict(r)
        d["details"] = _loads(d["details"])
        out.append(d)
    return out
