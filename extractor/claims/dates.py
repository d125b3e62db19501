"""The as-of date of a figure, from the time words near it.

Date candidates come from the number engine (kind "date", "year") and the weekday lexicon — never from
dateparser's `search_dates`, which reads "14.5" and "70% से" as dates. A date is kept at
the precision the text gives: "सितंबर 2025 तक" → "2025-09", "2025 में" → "2025", "मंगलवार को" → the Tuesday on or
before the publication date.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import regex

from ..lang import number_lexicon
from ..lang.cues import period_cues
from ..records.mention import NumberMention
from ..numbers.tokens import token_key
from ..text.normalize import fold

_WORD_OR_NUM = regex.compile(r"[0-9]+|[\p{L}\p{M}]+")
_ONE_WORD = regex.compile(r"[\p{L}\p{M}]+")


@lru_cache(maxsize=1)
def _year_as_time() -> tuple[regex.Pattern, regex.Pattern]:
    """(after, before): the words of periods.toml [as_of] that make a year a time, right after or right before it."""
    cues = period_cues()
    alt = lambda words: "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))  # noqa: E731
    after = regex.compile(rf"\s*(?:{alt(cues.year_time_after)})(?![\p{{L}}\p{{M}}])")
    before = regex.compile(rf"(?<![\p{{L}}\p{{M}}])(?:{alt(cues.year_time_before)})\s*$", regex.IGNORECASE | regex.REVERSE)
    return after, before


# made hundreds of times an article: a plain dataclass, hashed by value as a frozen one is, because a frozen
# dataclass's __init__ costs 3.5 times as much (1.2 µs against 0.34 µs); never changed once made
@dataclass(slots=True, unsafe_hash=True)
class TimeExpr:
    start: int  # offsets into the document text
    end: int
    value: str | None  # ISO date / YYYY-MM / YYYY, or None when it cannot be resolved (no publication date)
    weight: int  # 3 = full date, 2 = month, 1 = year


_ISO_DATE = regex.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}")
_NUMERIC_DATE = regex.compile(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{2,4})")
_DATE_SEPARATORS = frozenset("/.-")  # what stands after the day of a `_NUMERIC_DATE`, its second or third character


def parse_date_mention(m: NumberMention, published: str | None, folded: str | None = None) -> str | None:
    """ISO value of a date mention ("5 अक्टूबर 2025", "Jan 07, 2026", "12/03/2026", "सितंबर 2025").

    Read ~7 times a bench article, at ~36,000 machine instructions each before: the two patterns are now tried only
    on a date that has their separator where they need it, and a token's key is the tokenizer's cached one
    (`token_key`) rather than `folded_key` made again for every token.

    `folded`: `fold(m.text).text` when the caller has it, cut from the folded article (`FoldedText.folded`);
    an ASCII date is its own fold (`fold` returns ASCII text as it is) and is not folded again. Folding each date
    apart took ~13,000 machine instructions a date (the piece cache is emptied with the article's), `folded` about
    10,000 (two bisections of the article's offsets), `isascii` nothing: `time_expressions` of a 12 KB bench
    article went from 0.63 to 0.58 M (tests/test_dates_folded.py compares the ways)."""
    lex = number_lexicon()
    if folded is not None:
        text = folded
    elif m.text.isascii():
        text = m.text
    else:
        text = fold(m.text).text
    if text[4:5] == "-" and _ISO_DATE.fullmatch(text):  # the pattern is tried only where its "-" stands
        y, mo, d = (int(x) for x in text.split("-"))
        return _iso(y, mo, d)
    numeric = (text[1:2] in _DATE_SEPARATORS or text[2:3] in _DATE_SEPARATORS) and _NUMERIC_DATE.fullmatch(text)
    if numeric:
        d, mo, y = (int(x) for x in numeric.groups())  # Indian order: day first
        if y < 100:
            y += 2000
        if mo > 12 and d <= 12:
            d, mo = mo, d
        return _iso(y, mo, d)
    day = month = year = None
    for tok in _WORD_OR_NUM.findall(text):
        key = token_key(tok)  # `folded_key`, kept for the words an article repeats (its month names)
        if key in lex.months:
            month = int(lex.months[key])
        elif tok.isdigit():
            if len(tok) == 4:
                year = int(tok)
            elif day is None:
                day = int(tok)
    if month is None:
        return None
    if year is None and published:
        pub = dt.date.fromisoformat(published[:10])
        year = pub.year if month <= pub.month else pub.year - 1
    if year is None:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    return _iso(year, month, day)


def _iso(y: int, mo: int, d: int) -> str | None:
    try:
        return dt.date(y, mo, d).isoformat()
    except ValueError:
        return None


def weekday_before(published: str | None, weekday: int) -> str | None:
    """The given weekday (0 = Monday) on or before the publication date."""
    if not published:
        return None
    pub = dt.date.fromisoformat(published[:10])
    delta = (pub.weekday() - weekday) % 7
    return (pub - dt.timedelta(days=delta)).isoformat()


def time_expressions(text: str, mentions: list[NumberMention], published: str | None,
                     matching: str | None = None) -> list[TimeExpr]:
    """Every time expression in the text, in order: dates, month-years, years used as time ("2025 में"), weekdays.
    `matching`: the matching text of the folded text (`claims.phrases.matching_text`), when the caller has it."""
    lex = number_lexicon()
    year_after, year_before = _year_as_time()
    out: list[TimeExpr] = []
    ft = fold(text)
    for m in mentions:
        if m.kind == "date":  # the mention is text[m.start:m.end]: its fold is that piece of the article's
            value = parse_date_mention(m, published, None if m.text.isascii() else ft.folded(m.start, m.end))
            out.append(TimeExpr(m.start, m.end, value, 3 if value and len(value) == 10 else 2))
        elif m.kind == "year" and year_after.match(text, m.end) or m.kind == "year" and year_before.search(
                text, max(0, m.start - 12), m.start):
            # only years used as time ("2025 में", "by 2026"), not names ("पोश एक्ट 2013", "NEP 2020")
            out.append(TimeExpr(m.start, m.end, str(int(m.value)), 1))
    for start, end, key in _weekday_words(ft.text, matching):
        a, b = ft.span(start, end)
        out.append(TimeExpr(a, b, weekday_before(published, int(lex.weekdays[key])), 3))
    out.sort(key=lambda e: e.start)
    return out


def _weekday_words(folded: str, matching: str | None = None) -> list[tuple[int, int, str]]:
    """(start, end, lexicon key) of every word of `folded` that is a weekday, a word being a run of letters and
    marks (digits end a word: "5Monday" holds one). The weekday names are read in the lower-cased text only where
    one of their anchors stands (`_weekday_anchors`), not by a dictionary lookup per word (a 12 KB article has ~1,500
    words and one or two weekdays), an alternation tried at every position (0.6 ms an article) or an automaton that
    steps through every character (0.35 M machine instructions more than the anchors, 33.20 → 32.85 M for
    `extract_claims` of a 12 KB bench article).

    `matching`, the matching text the claim builder has already made of `folded`, is `folded.lower()` with
    chandrabindu read as anusvara, except that an "İ" (the one character whose lower case is two, a test checks)
    stays as it is, a letter as its lower case would be: the anchors are looked for in it, and a name found is kept
    when the folded text itself lowers to it (so "मँगलवार" is no "मंगलवार", and no name holds an "İ", as the word by
    word reading finds none). Lower-casing 12 KB once more took 0.32 M machine instructions a bench article; the
    matching text is read even when the folded text holds an "İ", with no scan of the text for one (0.026 M)."""
    if matching is not None and len(matching) == len(folded):
        lowered, recheck = matching, True
    else:
        lowered, recheck = folded.lower(), False
    if len(lowered) != len(folded):  # "İ" lowers to two characters: offsets would shift; look word by word
        return [(w.start(), w.end(), w.group().lower()) for w in _WORD_OR_NUM.finditer(folded)
                if w.group().lower() in number_lexicon().weekdays]
    found = set()
    n = len(lowered)
    for anchor, names in _weekday_anchors():
        at = lowered.find(anchor)
        while at >= 0:
            for name, offset in names:
                start = at - offset
                if start >= 0 and lowered.startswith(name, start):
                    end = start + len(name)
                    if not (start and _is_letter(lowered[start - 1]) or end < n and _is_letter(lowered[end])) \
                            and (not recheck or folded[start:end].lower() == name):
                        found.add((start, end, name))  # a whole word: no letter or mark on either side
            at = lowered.find(anchor, at + 1)
    return sorted(found)


@lru_cache(maxsize=1)
def _weekday_anchors() -> tuple[tuple[str, tuple[tuple[str, int], ...]], ...]:
    """A few pieces of three letters, each weekday name holding one (the Hindi names share "वार", the English ones
    begin with one of seven): each with the names it stands for and where it stands in them. `_weekday_words` looks
    for the pieces with `str.find` and reads a name only where its piece stands.

    Each piece is a scan of the whole article (~25,000 machine instructions for a 12 KB one), so there are as few
    as can be: a name of three letters ("mon", "thu") is its own only piece, so those pieces are taken first, and
    each English name begins with one ("monday" holds "mon"); then "वार". Taking the piece most names hold first
    ("day") made it nine scans, not eight (tests/test_dates_sentences_fast.py keeps that choice and compares)."""
    left = sorted(_weekday_names())
    anchors = []
    while left:
        pieces = Counter(piece for name in left for piece in {name[i:i + 3] for i in range(max(1, len(name) - 2))})
        forced = {name for name in left if len(name) <= 3}  # a name of three letters is its only piece
        # the piece of a short name first, then the piece most names hold
        anchor = min(pieces, key=lambda piece: (piece not in forced, -pieces[piece], piece))
        where = tuple((name, i) for name in left for i in range(len(name)) if name.startswith(anchor, i))
        anchors.append((anchor, where))
        left = [name for name in left if anchor not in name]
    return tuple(anchors)


_letters: dict[str, bool] = {}  # character → whether it is a letter or mark (filled as characters are met)


def _is_letter(ch: str) -> bool:
    known = _letters.get(ch)
    if known is None:
        known = _letters[ch] = _ONE_WORD.match(ch) is not None
    return known


@lru_cache(maxsize=1)
def _weekday_names() -> frozenset[str]:
    # a lexicon entry that is no single word (a space, a digit) can never equal one word of the text
    return frozenset(n for n in number_lexicon().weekdays if _ONE_WORD.fullmatch(n))
