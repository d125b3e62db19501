"""Publication dates: parse a date value, and find the byline date in an article's text.

Why not dateparser's `search_dates`: on these articles it reads "14.5" as 14 May and "70% से" as 1970 (see
docs/decisions.md). So we find candidates ourselves — month and weekday names from `lang/hi.toml` and `lang/en.toml`,
byline prefixes from `lang/dates.toml` — only where a byline or dateline stands: in the first `HEAD_LINES` and the
last `TAIL_LINES` non-blank lines of the article (no byline of the corpus or of the 40 real-news articles stands
further in). The same pattern reads the day, month, year, time and zone of the candidate (`_read`), so dateparser
(imported late: 0.1 s, and its first parse builds time-zone tables for another 0.2 s) is left for the values our
grammar cannot read — a month of 13, the 31st of a short month — and is not asked at all when the caller already
has the date (`need_date=False`: a header or a meta tag gave it). docs/decisions.md, "Byline dates: our grammar
first, dateparser as the fallback, bylines only at the head and tail", says how this was checked against dateparser.
The date pattern is tried only where a date can start and, on each line, only as far as a byline's lead can
reach (`_next_date`), and the article is folded once, not once a line: `find_published` takes 0.4 ms for a 12 KB
article (0.1 ms of it the fold) where it took 0.75 ms; the matches are the ones `finditer` over the line gave
(tests/test_ingest_fast.py compares the two on generated lines). Later: the head and tail lines are read from the
two ends of the article (`_scanned`), and a line holding neither "19" nor "20" skips the year pattern: 1.53 M machine
instructions a 12 KB article became 1.23 M (callgrind, need_date=False, the fold cached).
Why replace "IST": dateparser reads it as Israel (+02:00); Indian sites mean +05:30. Aware times are converted to
India's date (a fixed +05:30 offset: India has no daylight saving, and no tz database is needed).

A dateline without a year ("New Delhi, Jan 8 (IANS) The government on Thursday launched …") is dated, when nothing
else dates the article, by the weekday its lead names (within three sentences after it): the one year from
`[yearless] first_year` of dates.toml to today's in which that day is that weekday (`_weekday_year`; docs/decisions.md, "A yearless dateline
is dated by its weekday").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache

import regex

from ..lang import LexiconError, load_toml, number_lexicon
from ..records.document import ExcludedSpan
from ..text.normalize import fold, fold_key
from ..text.sentences import sentence_spans
from .lines import Line, iter_lines

IST = timezone(timedelta(hours=5, minutes=30), "IST")
_IST_WORD = regex.compile(r"(?<![\p{L}\p{N}])IST(?![\p{L}\p{N}])", regex.IGNORECASE)
_SEPARATORS = " \t\u00a0•·▪|:,;-–—()[]"
# the most words a lead may have before a byline's date: an author credit or a desk name (_kind)
_LEAD_WORDS = 6
_DATELINE_WORDS = 4  # "नई दिल्ली, 12 मार्च 2026": a place of at most this many words
# the separators that are not white space, as a character class body for stdlib `re` (`_lead_pattern`)
_MARKS = re.escape("".join(ch for ch in _SEPARATORS if not ch.isspace()))
_DATELINE = regex.compile(r"\s*[\p{L}\p{M}][\p{L}\p{M}.\s]{0,40}?,\s*")
# a dateline's date ends its clause ("नई दिल्ली, 12 मार्च 2026। …", "… 2026 (आईएएनएस)"); "कहा, 12 मार्च 2026 को"
# is an event in a sentence
_DATELINE_END = regex.compile(r"\s*(?:$|[।(:|.\-–—])")
_DIGIT = regex.compile(r"[0-9]")
_DIGITS = regex.compile(r"[0-9]+")
_RANK = {"published": 0, "plain": 1, "dateline": 2, "updated": 3}
# where bylines stand (module docstring): non-blank lines from the start of the body and from its end
HEAD_LINES = 15
TAIL_LINES = 8
# where a yearless dateline's weekday is looked for: the first sentences after it, on its line and the next one
_LEAD_SENTENCES = 3
_LEAD_LINES = 1
_LETTER = regex.compile(r"\p{L}")
_CLOCK = regex.compile(r"([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?(?:\s*([ap])\.?\s?m\.?)?", regex.IGNORECASE)
_OFFSET = regex.compile(r"([+\-])([0-9]{2}):?([0-9]{2})")
_ZONES = {"ist": 330, "gmt": 0, "utc": 0, "z": 0}
_SETTINGS = {
    "DATE_ORDER": "DMY",  # Indian numeric dates are day first: 03/04/2026 is 3 April
    "PREFER_DAY_OF_MONTH": "first",
    "REQUIRE_PARTS": ["day", "month", "year"],  # a byline without a year would get this year filled in
}


@dataclass(frozen=True)
class _Patterns:
    date: regex.Pattern
    starts: regex.Pattern  # where `date` can start (`_start_pattern`)
    candidates: re.Pattern  # every place `starts` allows, and maybe others (`_candidate_pattern`)
    lead_words: int  # the most words a lead `_kind` accepts has (`_lead_end`)
    published: frozenset[str]
    updated: frozenset[str]
    authors: frozenset[str]
    joiners: frozenset[str]
    months: dict[str, int]


@dataclass(frozen=True)
class _Yearless:
    """A dateline's day and month without a year, and a weekday named as the day of an event: compiled only for an
    article that no full date dates."""

    dateline: regex.Pattern
    event_weekday: regex.Pattern
    weekdays: dict[str, int]
    first_year: int


def _alternation(words) -> str:
    stems = {w.rstrip(".") for w in words if w.rstrip(".")}
    return "|".join(regex.escape(w) for w in sorted(stems, key=len, reverse=True))


def _words(where: str, items) -> frozenset[str]:
    if not isinstance(items, list) or not all(isinstance(i, str) and fold_key(i) for i in items):
        raise LexiconError(f"dates.toml {where}: expected a list of non-empty phrases")
    return frozenset(fold_key(i) for i in items)


def _month_pattern(lex) -> str:
    return rf"(?<![\p{{L}}\p{{M}}])(?:{_alternation(lex.months)})\.?(?![\p{{L}}\p{{M}}])"


_DAY = r"(?<![0-9])[0-9]{1,2}(?:st|nd|rd|th)?(?![0-9])"
_YEAR = regex.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])")


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    data = load_toml("dates.toml")
    prefixes = data.get("prefixes", {})
    if set(data) - {"prefixes", "yearless"} or set(prefixes) - {"published", "updated", "authors", "joiners"}:
        raise LexiconError("dates.toml: only [prefixes] with published, updated, authors and joiners, and "
                           "[yearless], are known")
    sets = {key: _words(f"prefixes.{key}", prefixes.get(key, []))
            for key in ("published", "updated", "authors", "joiners")}
    lex = number_lexicon()
    month = _month_pattern(lex)
    weekday = rf"(?<![\p{{L}}\p{{M}}])(?:{_alternation(lex.weekdays)})\.?(?![\p{{L}}\p{{M}}])"
    day = _DAY
    year = _YEAR.pattern
    joiners = "|".join(regex.escape(j) for j in sorted(sets["joiners"], key=len, reverse=True))
    pattern = (
        rf"(?:{weekday}\s*,?\s*)?"
        rf"(?P<core>(?P<d1>{day})[\s\-]*(?P<m1>{month})[\s,\-]*(?P<y1>{year})"
        rf"|(?P<m2>{month})\s*(?P<d2>{day})\s*,?\s*(?P<y2>{year})"
        rf"|(?P<y3>{year})-(?P<n3>[0-9]{{1,2}})-(?P<d3>[0-9]{{1,2}})(?![0-9])"
        rf"|(?P<d4>{day})[/.\-](?P<n4>[0-9]{{1,2}})[/.\-](?P<y4>{year}))"
        rf"(?:\s*(?:,|\||@|t(?=[0-9])|(?:{joiners})(?![\p{{L}}\p{{M}}]))?\s*"
        rf"(?P<time>[0-9]{{1,2}}:[0-9]{{2}}(?::[0-9]{{2}})?(?:\s*[ap]\.?\s?m\.?(?![\p{{L}}]))?))?"
        rf"(?:\s*\(?(?P<zone>ist|gmt|utc|z|[+\-][0-9]{{2}}:?[0-9]{{2}})\)?(?![\p{{L}}\p{{N}}]))?"
    )
    lead_words = max([_LEAD_WORDS, _DATELINE_WORDS] + [len(p.split()) for p in sets["published"] | sets["updated"]])
    return _Patterns(regex.compile(pattern, regex.IGNORECASE), _start_pattern(lex), _candidate_pattern(lex),
                     lead_words, sets["published"], sets["updated"], sets["authors"], sets["joiners"],
                     dict(lex.months))


def _start_pattern(lex) -> regex.Pattern:
    """The places where the date pattern can start (an empty match): a digit after a non-digit (a day or a year)
    or, after a non-letter, the first letter of a weekday or month name — every alternative of the pattern starts
    so, with the same lookbehind. Trying the pattern only there is what `_next_date` does."""
    letters = _start_letters(lex)
    start = rf"(?=(?<![0-9])[0-9]|(?<![\p{{L}}\p{{M}}])[{letters}])" if letters else r"(?=(?<![0-9])[0-9])"
    return regex.compile(start, regex.IGNORECASE)


def _start_letters(lex) -> str:
    """The first letters of the weekday and month names, escaped for a `regex` class."""
    firsts = {w.rstrip(".")[0] for w in (*lex.weekdays, *lex.months) if w.rstrip(".")}
    return "".join(regex.escape(ch) for ch in sorted(firsts))


# the characters `_candidate_pattern` asks the `regex` classes about; the others are taken as possible starts
_TESTED_BLOCKS = ((0x0000, 0x0250), (0x0900, 0x0980), (0x2000, 0x2070), (0x20A0, 0x20D0), (0xFEFF, 0xFF00))


def _candidate_pattern(lex) -> re.Pattern:
    """Every place `_start_pattern` allows and, outside `_TESTED_BLOCKS`, maybe more: the date pattern fails at
    those (it starts only where `_start_pattern` allows), so `_next_date` finds the same first date.

    Why: a stdlib `re` class scans the text for a tenth of what the `regex` lookahead with its Unicode classes
    costs (0.36 M machine instructions of the 1.0 M `find_published` took for a 12 KB bench article). It is made
    from the `regex` classes themselves: the start letters (case-insensitive, as the date pattern reads them) are
    those of the tested blocks that the start class takes, plus every character outside those blocks; a letter
    or mark before a start is one of the tested blocks that `[\\p{L}\\p{M}]` takes (so no start is refused)."""
    letters = _start_letters(lex)
    start_letter = regex.compile(f"[{letters}]" if letters else "(?!)", regex.IGNORECASE)
    letter_or_mark = regex.compile(r"[\p{L}\p{M}]")
    tested = [chr(c) for lo, hi in _TESTED_BLOCKS for c in range(lo, hi)]
    starts = "".join(ch for ch in tested if start_letter.match(ch))
    before = "".join(ch for ch in tested if letter_or_mark.match(ch))
    untested = "".join(rf"\U{lo:08x}-\U{hi - 1:08x}" for lo, hi in _untested_ranges())
    # one class first, so that `re` skips the other characters in C; then the lookbehind of a digit start (a digit
    # before it) and of a letter start (a letter or mark before it), looking back from after the character
    return re.compile(rf"[0-9{re.escape(starts)}{untested}](?<![0-9][0-9])(?<![{re.escape(before)}][^0-9])")


def _untested_ranges() -> list[tuple[int, int]]:
    """The code point ranges between `_TESTED_BLOCKS` (sorted, disjoint), as (first, end) pairs."""
    ranges, pos = [], 0
    for lo, hi in _TESTED_BLOCKS:
        if pos < lo:
            ranges.append((pos, lo))
        pos = hi
    return [*ranges, (pos, 0x110000)]


@lru_cache(maxsize=None)
def _lead_pattern(words: int) -> re.Pattern:
    """`_lead_end`'s scan: `words` whitespace tokens (`\\S+`, as str.split cuts them, what `_kind` counts) that hold
    something besides separators, then the first such character of the next one. `(?!\\S)` ends a token only at
    white space: the match cannot count a token twice."""
    token = rf"[\s{_MARKS}]*[^\s{_MARKS}]\S*(?!\S)"
    return re.compile(rf"(?:{token}){{{words}}}[\s{_MARKS}]*[^\s{_MARKS}]")


def _lead_end(folded: str, pos: int, words: int) -> int:
    """An end for the search of a date after `pos` that `_kind` could accept (see `_next_date`).

    Every lead `_kind` accepts has at most `words` words once stripped of separators, so a date whose lead holds a
    character of `words + 1` separate tokens that are not separators alone is never taken: the date must start
    at or before the first such character of the token after the `words`th. One stdlib `re` match
    (`_lead_pattern`), where a loop over the tokens took 30,000 machine instructions a line."""
    m = _lead_pattern(words).match(folded, pos)
    return len(folded) if m is None else m.end()


def _next_date(folded: str, pos: int, pats: _Patterns) -> regex.Match | None:
    """The first match of the date pattern at or after `pos` — or None when there is none, or when it starts so
    far on that its lead cannot be a byline's (`_lead_end`): `_kind` would refuse it, and the scan of the line
    stops at a refusal all the same.

    Why not `finditer` over the line: the pattern is a long alternation of names; tried at every character it took
    0.25 ms for the year-bearing lines of a 12 KB article, most of it on prose lines whose date, if any, stands
    far from the line's start. Tried only where a date can start (`candidates`), and only up to where a byline's
    lead can end, it takes a fifth of that."""
    for start in pats.candidates.finditer(folded, pos, _lead_end(folded, pos, pats.lead_words)):
        m = pats.date.match(folded, start.start())
        if m is not None:
            return m
    return None

@lru_cache(maxsize=1)
def _yearless() -> _Yearless:
    yearless = load_toml("dates.toml").get("yearless", {})
    if set(yearless) - {"first_year", "weekday_before", "weekday_after"}:
        raise LexiconError("dates.toml [yearless]: only first_year, weekday_before and weekday_after are known")
    first_year = yearless.get("first_year")
    if not isinstance(first_year, int) or isinstance(first_year, bool) or not 1990 <= first_year <= date.today().year:
        raise LexiconError("dates.toml yearless.first_year: expected a year from 1990 to this one")
    lex = number_lexicon()
    month = _month_pattern(lex)
    # "Jan 8", "8 जनवरी" with no year after them (with a year it is a full date, read by _patterns)
    dateline = rf"(?:(?P<d1>{_DAY})[\s\-]*(?P<m1>{month})|(?P<m2>{month})\s*(?P<d2>{_DAY}))(?![\s,\-]*[0-9])"
    before = _words("yearless.weekday_before", yearless.get("weekday_before", []))
    after = _words("yearless.weekday_after", yearless.get("weekday_after", []))
    name = rf"(?<![\p{{L}}\p{{M}}])(?P<weekday>{_alternation(lex.weekdays)})(?![\p{{L}}\p{{M}}])"
    marked = []
    if before:  # "on Thursday"
        marked.append(rf"(?<![\p{{L}}\p{{M}}])(?:{_alternation(before)})\s+{name}")
    if after:  # "गुरुवार को"
        marked.append(rf"{name}\s+(?:{_alternation(after)})(?![\p{{L}}\p{{M}}])")
    return _Yearless(regex.compile(dateline, regex.IGNORECASE),
                     regex.compile("|".join(marked) or r"(?!)", regex.IGNORECASE), dict(lex.weekdays), first_year)


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


def _month(name: str, pats: _Patterns) -> int:
    return pats.months[fold_key(name.rstrip("."))]


def _day(text: str) -> int:
    return int(_DIGITS.match(text).group())  # "3rd" → 3


def _clock(text: str) -> tuple[int, int, int] | None:
    m = _CLOCK.fullmatch(text)
    if m is None:
        return None
    hour, minute, second = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
    if m.group(4):  # "12:57PM", "11:42 a.m."
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if m.group(4).lower() == "p" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return hour, minute, second


def _offset(zone: str) -> timezone | None:
    minutes = _ZONES.get(zone.lower())
    if minutes is None:
        m = _OFFSET.fullmatch(zone)
        if m is None or int(m.group(2)) > 14 or int(m.group(3)) > 59:
            return None
        minutes = (int(m.group(2)) * 60 + int(m.group(3))) * (1 if m.group(1) == "+" else -1)
    return timezone(timedelta(minutes=minutes))


def _read(m: regex.Match, pats: _Patterns) -> str | None:
    """India's date of a match of the date pattern, read by our own grammar: the day, month and year its groups
    hold, and its time only when a zone is given too (a time without a zone is the date as printed). None when
    the groups name no real date or an odd time, or the date is not sane: dateparser has the last word then."""
    try:
        if m.group("d1"):
            y, mo, d = int(m.group("y1")), _month(m.group("m1"), pats), _day(m.group("d1"))
        elif m.group("d2"):
            y, mo, d = int(m.group("y2")), _month(m.group("m2"), pats), _day(m.group("d2"))
        elif m.group("y3"):
            y, mo, d = int(m.group("y3")), int(m.group("n3")), int(m.group("d3"))
        else:
            y, mo, d = int(m.group("y4")), int(m.group("n4")), _day(m.group("d4"))  # Indian order: day first
        day = date(y, mo, d)
    except (KeyError, ValueError):
        return None
    if m.group("zone") and m.group("time"):
        clock, zone = _clock(m.group("time")), _offset(m.group("zone"))
        if clock is None or zone is None:
            return None
        day = _to_india(datetime(day.year, day.month, day.day, *clock, tzinfo=zone))
    return day.isoformat() if _sane(day) else None


def parse_date(value: str) -> str | None:
    """ISO date (YYYY-MM-DD, India's calendar day) of a date value such as "2026-01-06T20:30:00Z",
    "Thu, 16 Jan 2025 11:42 am IST" or "१२ मार्च २०२६"; None when it is not a full date."""
    s = fold(value).text.strip()  # Devanagari digits → ASCII: dateparser has failed on them
    if not s or len(s) > 100:
        return None
    iso = _from_iso(s)
    if iso is not None:
        return iso
    pats = _patterns()
    m = pats.date.fullmatch(s)
    # a zone without a time, or a time that is no time ("24:00", "10:61"), is left to dateparser as it was
    if m is not None and (_clock(m.group("time")) if m.group("time") else not m.group("zone")):
        iso = _read(m, pats)
        if iso is not None:
            return iso
    return _dateparse(_IST_WORD.sub("+0530", s))


def _credit(clean: str, pats: _Patterns) -> bool:
    return len(clean.split()) <= _LEAD_WORDS and any(clean == a or clean.startswith(a + " ") for a in pats.authors)


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
    if (first and lead.rstrip().endswith(("|", "•", "·")) and len(clean.split()) <= _LEAD_WORDS
            and not _DIGIT.search(clean)):
        return "plain"  # "Western Daily News Service | 22 March 2026": a desk name set off by a separator
    if first and _DATELINE.fullmatch(lead) and len(lead.split()) <= _DATELINE_WORDS and _DATELINE_END.match(after):
        return "dateline"
    return None


def _scanned(lines: list[Line]) -> list[Line]:
    """The lines where bylines stand: the first HEAD_LINES and the last TAIL_LINES non-blank lines (module
    docstring), all of them when there are no more than that."""
    return [lines[k] for k in _scanned_indices(lines)]


def _scanned_indices(lines: list[Line]) -> list[int]:
    """The indices of `_scanned`'s lines in `lines`.

    Read from both ends, not by listing every non-blank line: the lines in between are never looked at (a 12 KB
    bench article has about 88 lines, blank ones included). The tail is taken only from the lines after the head's last,
    so a short article's lines are each taken once, in order."""
    head: list[int] = []
    last = -1  # index of the head's last line
    for last, line in enumerate(lines):
        if line.text.strip():
            head.append(last)
            if len(head) == HEAD_LINES:
                break
    else:
        return head  # fewer than HEAD_LINES non-blank lines: every one
    tail: list[int] = []
    for k in range(len(lines) - 1, last, -1):
        if lines[k].text.strip():
            tail.append(k)
            if len(tail) == TAIL_LINES:
                break
    tail.reverse()
    return head + tail


def find_published(text: str, start: int = 0, *, need_date: bool = True,
                   today: date | None = None) -> tuple[str | None, list[ExcludedSpan]]:
    """(publication date, byline spans) from the byline and dateline lines of `text[start:]`.

    A candidate date counts only after a published/updated prefix, at the head of a paragraph after a place name
    ("नई दिल्ली, 12 मार्च 2026"), or alone on its line ("• Thu, 16 Jan 2025 11:42 am IST"); dates inside running
    text are events, not publication. Lines that hold nothing but such dates become "byline" spans. Only the head
    and tail lines are looked at (HEAD_LINES, TAIL_LINES).

    With `need_date=False` (the caller has the date from a header) only the spans are found and the date is None.
    Else, when no full date is found, a yearless dateline is dated by the weekday of its lead
    (`dated_by_weekday`), with `today` (default: the real one) as the latest date it may give."""
    return published_in_lines(text, iter_lines(text, start), need_date=need_date, today=today)


def published_in_lines(text: str, all_lines: list[Line], *, need_date: bool = True, today: date | None = None,
                       folds: list[str] | None = None) -> tuple[str | None, list[ExcludedSpan]]:
    """`find_published` for the lines `iter_lines` gave for `text` (the text is folded once, not once a line);
    `folds`: their folds (`line_folds`), if known."""
    pats = _patterns()
    candidates: list[tuple[int, int, str, str | None]] = []  # (rank, order, text for dateparser, our reading)
    spans = []
    scanned = _scanned_indices(all_lines)
    lines = [all_lines[k] for k in scanned]
    ft = fold(text) if lines and folds is None else None
    for k, line in zip(scanned, lines):
        if len(line.text) > 2000:
            continue
        folded = folds[k] if folds is not None else ft.folded(line.start, line.end)
        if ("20" not in folded and "19" not in folded) or not _YEAR.search(folded):
            continue  # every full date holds a year (which starts "19" or "20"): most lines skip the whole pattern
        found = []
        prev = 0
        while (m := _next_date(folded, prev, pats)) is not None:
            kind = _kind(folded[prev:m.start()], not found, pats, folded[m.end():])
            if kind is None:
                break
            zone = m.group("zone")
            value = m.group("core")
            if zone and m.group("time"):
                value = f"{value} {m.group('time')} {zone}"
            found.append((kind, _IST_WORD.sub("+0530", value), _read(m, pats) if need_date else None))
            prev = m.end()
        if not found:
            continue
        tail = fold_key(folded[prev:].strip(_SEPARATORS))
        alone = not tail or tail in pats.joiners or _credit(tail, pats)  # "… 4:15 PM by PIB Delhi"
        for kind, value, ours in found:
            if kind == "plain" and not alone:
                continue
            candidates.append((_RANK[kind], len(candidates), value, ours))
        if alone:
            lead = len(line.text) - len(line.text.lstrip())
            spans.append(ExcludedSpan(line.start + lead, line.start + len(line.text.rstrip()), "byline"))
    if not need_date:
        return None, spans
    for _, _, value, ours in sorted(candidates):
        iso = ours or _from_iso(value) or _dateparse(value)
        if iso:
            return iso, spans
    return dated_by_weekday(lines[:HEAD_LINES], today), spans


def dated_by_weekday(lines: list[Line], today: date | None = None) -> str | None:
    """The date of the first yearless dateline among `lines` ("New Delhi, Jan 8 (IANS) …", "लखनऊ, 8 जनवरी
    (आईएएनएस)। …"), from the weekday its lead names for the event ("on Thursday", "गुरुवार को"): the
    one year from dates.toml's first_year to today's in which that day falls on that weekday, on or before `today`.
    None when there is no such dateline or weekday, or no year or more than one fits."""
    pats, yl = _patterns(), _yearless()
    for i, line in enumerate(lines):
        if len(line.text) > 2000:
            continue
        folded = fold(line.text).text
        m = yl.dateline.search(folded)
        if m is None or _kind(folded[:m.start()], True, pats, folded[m.end():]) != "dateline":
            continue
        lead = folded[m.end():] + "".join("\n" + fold(n.text).text for n in lines[i + 1:i + 1 + _LEAD_LINES])
        sentences = [(a, b) for a, b in sentence_spans(lead) if _LETTER.search(lead, a, b)][:_LEAD_SENTENCES]
        w = next(filter(None, (yl.event_weekday.search(lead, a, b) for a, b in sentences)), None)
        if w is None:
            return None
        try:
            if m.group("d1"):
                month, day = _month(m.group("m1"), pats), _day(m.group("d1"))
            else:
                month, day = _month(m.group("m2"), pats), _day(m.group("d2"))
        except (KeyError, ValueError):
            return None
        found = _weekday_year(month, day, yl.weekdays[fold_key(w.group("weekday"))], yl.first_year,
                              today or _today())
        return found.isoformat() if found else None
    return None


def _today() -> date:
    """Today's date: the latest a yearless dateline can be given (a function, so that tests can fix it)."""
    return date.today()


def _weekday_year(month: int, day: int, weekday: int, first_year: int, today: date) -> date | None:
    """The one date on `month`/`day` from `first_year` to `today` that falls on `weekday` (Monday = 0), else None."""
    fits = []
    for year in range(first_year, today.year + 1):
        try:
            d = date(year, month, day)
        except ValueError:  # 29 February of a common year
            continue
        if d.weekday() == weekday and d <= today:
            fits.append(d)
    return fits[0] if len(fits) == 1 else None
