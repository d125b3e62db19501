"""Publication dates: parse a date value, and find the byline date in an article's text.

Why not dateparser's `search_dates`: on these articles it reads "14.5" as 14 May and "70% से" as 1970 (see
docs/decisions.md). So we find candidates ourselves — month and weekday names from `lang/hi.toml` and `lang/en.toml`,
byline prefixes from `lang/dates.toml` — only where a byline or dateline stands, and hand dateparser that span.
Why replace "IST": dateparser reads it as Israel (+02:00); Indian sites mean +05:30. Aware times are converted to
India's date (a fixed +05:30 offset: India has no daylight saving, and no tz database is needed).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache

import regex

from ..lang import LexiconError, load_toml, number_lexicon
from ..records.document import ExcludedSpan
from ..text.normalize import fold, fold_key
from .lines import iter_lines

IST = timezone(timedelta(hours=5, minutes=30), "IST")
_IST_WORD = regex.compile(r"(?<![\p{L}\p{N}])IST(?![\p{L}\p{N}])", regex.IGNORECASE)
_SEPARATORS = " \t\u00a0•·▪|:,;-–—()[]"
_DATELINE = regex.compile(r"\s*[\p{L}\p{M}][\p{L}\p{M}.\s]{0,40}?,\s*")
# a dateline's date ends its clause ("नई दिल्ली, 12 मार्च 2026। …", "… 2026 (आईएएनएस)"); "कहा, 12 मार्च 2026 को"
# is an event in a sentence
_DATELINE_END = regex.compile(r"\s*(?:$|[।(:|.\-–—])")
_DIGIT = regex.compile(r"[0-9]")
_RANK = {"published": 0, "plain": 1, "dateline": 2, "updated": 3}
_SETTINGS = {
    "DATE_ORDER": "DMY",  # Indian numeric dates are day first: 03/04/2026 is 3 April
    "PREFER_DAY_OF_MONTH": "first",
    "REQUIRE_PARTS": ["day", "month", "year"],  # a byline without a year would get this year filled in
}


@dataclass(frozen=True)
class _Patterns:
    date: regex.Pattern
    published: frozenset[str]
    updated: frozenset[str]
    authors: frozenset[str]
    joiners: frozenset[str]


def _alternation(words) -> str:
    stems = {w.rstrip(".") for w in words if w.rstrip(".")}
    return "|".join(regex.escape(w) for w in sorted(stems, key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    data = load_toml("dates.toml")
    prefixes = data.get("prefixes", {})
    if set(data) - {"prefixes"} or set(prefixes) - {"published", "updated", "authors", "joiners"}:
        raise LexiconError("dates.toml: only [prefixes] with published, updated, authors and joiners is known")
    sets = {}
    for key in ("published", "updated", "authors", "joiners"):
        items = prefixes.get(key, [])
        if not isinstance(items, list) or not all(isinstance(i, str) and fold_key(i) for i in items):
            raise LexiconError(f"dates.toml prefixes.{key}: expected a list of non-empty phrases")
        sets[key] = frozenset(fold_key(i) for i in items)
    lex = number_lexicon()
    month = rf"(?<![\p{{L}}\p{{M}}])(?:{_alternation(lex.months)})\.?(?![\p{{L}}\p{{M}}])"
    weekday = rf"(?<![\p{{L}}\p{{M}}])(?:{_alternation(lex.weekdays)})\.?(?![\p{{L}}\p{{M}}])"
    day = r"(?<![0-9])[0-9]{1,2}(?:st|nd|rd|th)?(?![0-9])"
    year = r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])"
    joiners = "|".join(regex.escape(j) for j in sorted(sets["joiners"], key=len, reverse=True))
    pattern = (
        rf"(?:{weekday}\s*,?\s*)?"
        rf"(?P<core>{day}[\s\-]*{month}[\s,\-]*{year}"
        rf"|{month}\s*{day}\s*,?\s*{year}"
        rf"|{year}-[0-9]{{1,2}}-[0-9]{{1,2}}(?![0-9])"
        rf"|{day}[/.\-][0-9]{{1,2}}[/.\-]{year})"
        rf"(?:\s*(?:,|\||@|t(?=[0-9])|(?:{joiners})(?![\p{{L}}\p{{M}}]))?\s*"
        rf"(?P<time>[0-9]{{1,2}}:[0-9]{{2}}(?::[0-9]{{2}})?(?:\s*[ap]\.?\s?m\.?(?![\p{{L}}]))?))?"
        rf"(?:\s*\(?(?P<zone>ist|gmt|utc|z|[+\-][0-9]{{2}}:?[0-9]{{2}})\)?(?![\p{{L}}\p{{N}}]))?"
    )
    return _Patterns(regex.compile(pattern, regex.IGNORECASE), sets["published"], sets["updated"], sets["authors"],
                     sets["joiners"])


def _sane(d: date) -> bool:
    return 1990 <= d.year <= date.today().year + 1


def _to_india(dt: datetime) -> date:
    if dt.tzinfo is not None and dt.utcoffset() is not None:
        dt = dt.astimezone(IST)
    return dt.date()


def _from_iso(s: str) -> str | None:
    try:
        dt = datetime.fromisoformat(s)
    except ValueError:
        return None
    d = _to_india(dt)
    return d.isoformat() if _sane(d) else None


def _dateparse(s: str) -> str | None:
    import dateparser  # lazy: 0.1 s import, and most inputs carry an ISO date

    try:
        dt = dateparser.parse(s, languages=["hi", "en"], settings=_SETTINGS)
    except (ValueError, OverflowError, TypeError):
        return None
    if dt is None:
        return None
    d = _to_india(dt)
    return d.isoformat() if _sane(d) else None


def parse_date(value: str) -> str | None:
    """ISO date (YYYY-MM-DD, India's calendar day) of a date value such as "2026-01-06T20:30:00Z",
    "Thu, 16 Jan 2025 11:42 am IST" or "१२ मार्च २०२६"; None when it is not a full date."""
    s = fold(value).text.strip()  # Devanagari digits → ASCII: dateparser has failed on them
    if not s or len(s) > 100:
        return None
    iso = _from_iso(s)
    if iso is not None:
        return iso
    return _dateparse(_IST_WORD.sub("+0530", s))


def _credit(clean: str, pats: _Patterns) -> bool:
    return len(clean.split()) <= 6 and any(clean == a or clean.startswith(a + " ") for a in pats.authors)


def _kind(lead: str, first: bool, pats: _Patterns, after: str) -> str | None:
    clean = fold_key(lead.strip(_SEPARATORS))
    if not clean:
        return "plain"
    if clean in pats.published:
        return "published"
    if clean in pats.updated:
        return "updated"
    if first and _credit(clean, pats):
        return "plain"  # "By Staff Reporter ·": an author credit, the line is still a byline
    if first and lead.rstrip().endswith(("|", "•", "·")) and len(clean.split()) <= 6 and not _DIGIT.search(clean):
        return "plain"  # "Western Daily News Service | 22 March 2026": a desk name set off by a separator
    if first and _DATELINE.fullmatch(lead) and len(lead.split()) <= 4 and _DATELINE_END.match(after):
        return "dateline"
    return None


def find_published(text: str, start: int = 0) -> tuple[str | None, list[ExcludedSpan]]:
    """(publication date, byline spans) from the byline and dateline lines of `text[start:]`.

    A candidate date counts only after a published/updated prefix, at the head of a paragraph after a place name
    ("नई दिल्ली, 12 मार्च 2026"), or alone on its line ("• Thu, 16 Jan 2025 11:42 am IST"); dates inside running
    text are events, not publication. Lines that hold nothing but such dates become "byline" spans."""
    pats = _patterns()
    candidates: list[tuple[int, int, str]] = []  # (rank, order, text for dateparser)
    spans = []
    for line in iter_lines(text, start):
        if line.blank or len(line.text) > 2000:
            continue
        folded = fold(line.text).text
        found = []
        prev = 0
        for m in pats.date.finditer(folded):
            kind = _kind(folded[prev:m.start()], not found, pats, folded[m.end():])
            if kind is None:
                break
            zone = m.group("zone")
            value = m.group("core")
            if zone and m.group("time"):
                value = f"{value} {m.group('time')} {zone}"
            found.append((kind, _IST_WORD.sub("+0530", value)))
            prev = m.end()
        if not found:
            continue
        tail = fold_key(folded[prev:].strip(_SEPARATORS))
        alone = not tail or tail in pats.joiners or _credit(tail, pats)  # "… 4:15 PM by PIB Delhi"
        for kind, value in found:
            if kind == "plain" and not alone:
                continue
            candidates.append((_RANK[kind], len(candidates), value))
        if alone:
            lead = len(line.text) - len(line.text.lstrip())
            spans.append(ExcludedSpan(line.start + lead, line.start + len(line.text.rstrip()), "byline"))
    for _, _, value in sorted(candidates):
        iso = _from_iso(value) or _dateparse(value)
        if iso:
            return iso, spans
    return None, spans
