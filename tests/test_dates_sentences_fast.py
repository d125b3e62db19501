"""The per-article shortcuts of time expressions, sentence spans and the period reader give what the forms they
replaced gave (issue 17).

Each old form is kept here as the specification: the weekday anchors chosen most-shared first with the "İ" check
of the folded text, and `parse_date_mention` with its two patterns tried on every date and `folded_key` on every
token. They are compared with the code on the corpus articles and on generated text mixing Hindi, English, digits,
weekday names, months and sentence marks. The sentences are made up for these tests.
"""
from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest
import regex
from hypothesis import given, settings, strategies as st

from extractor.claims import dates
from extractor.claims.dates import _ISO_DATE, _NUMERIC_DATE, _WORD_OR_NUM, _is_letter, _iso, _weekday_names
from extractor.claims.phrases import matching_text
from extractor.ingest import read_document
from extractor.lang import number_lexicon
from extractor.numbers import parse_numbers
from extractor.text import sentences
from extractor.text.normalize import fold, folded_key

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
CORPUS_FILES = sorted(p for p in CORPUS.rglob("*") if p.suffix in (".txt", ".html") and "gold" not in p.parts)

# pieces of news text: words that hold a weekday's anchor or are one, months, digits, stops and white space
PIECES = [
    "Monday", "MONDAY", "mon", "Mon.", "tues", "Tuesday", "wednesday", "Wed", "thu", "Thurs", "thursday", "fri",
    "Friday", "sat", "Saturdays", "sun", "Sunday", "today", "day", "month", "common", "thus", "sunrise", "İ",
    "FRİDAY", "Σ", "सोमवार", "मंगलवार", "मँगलवार", "बुधवार", "गुरुवार", "बृहस्पतिवार", "शुक्रवार", "शनिवार", "रविवार",
    "वीरवार", "द्वारा", "परिवार", "वार", "ँ", "ं", "को", "से", "तक", "में", "मार्च", "सितंबर", "अक्टूबर", "March",
    "Jan", "jan.", "Sept", "2025", "2026", "12", "5", "07", "२०", "१८.८", "14.5", "12/03/2026", "2026-03-12",
    "07.01.2026", "Rs.", "डॉ.", "ए.", "कर्मयोगी", "iGOT", "platform", "the", "civil", "servants", "लाख", "करोड़",
    ".", "?", "!", "।", "॥", "...", ",", "-", "/", "(", ")", " ", "  ", "\t", "\n", "\n\n", "\r\n",
]
mixed_text = st.lists(st.sampled_from(PIECES), max_size=40).map(" ".join) | \
    st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


def corpus_texts() -> list[str]:
    return [read_document(p).text for p in CORPUS_FILES]


# -- weekdays -------------------------------------------------------------------------------------------------------

def _old_weekday_anchors():
    """The anchors before: the piece most names hold first ("day", then the seven abbreviations: nine scans)."""
    left = sorted(_weekday_names())
    anchors = []
    while left:
        pieces = Counter(piece for name in left for piece in {name[i:i + 3] for i in range(max(1, len(name) - 2))})
        anchor = min(pieces, key=lambda piece: (-pieces[piece], piece))
        where = tuple((name, i) for name in left for i in range(len(name)) if name.startswith(anchor, i))
        anchors.append((anchor, where))
        left = [name for name in left if anchor not in name]
    return tuple(anchors)


def old_weekday_words(folded: str, matching: str | None = None) -> list[tuple[int, int, str]]:
    """`_weekday_words` before: the matching text read only when the folded text holds no "İ"."""
    if matching is not None and len(matching) == len(folded) and "\u0130" not in folded:
        lowered, recheck = matching, True
    else:
        lowered, recheck = folded.lower(), False
    if len(lowered) != len(folded):
        return [(w.start(), w.end(), w.group().lower()) for w in _WORD_OR_NUM.finditer(folded)
                if w.group().lower() in number_lexicon().weekdays]
    found = set()
    n = len(lowered)
    for anchor, names in _old_weekday_anchors():
        at = lowered.find(anchor)
        while at >= 0:
            for name, offset in names:
                start = at - offset
                if start >= 0 and lowered.startswith(name, start):
                    end = start + len(name)
                    if not (start and _is_letter(lowered[start - 1]) or end < n and _is_letter(lowered[end])) \
                            and (not recheck or folded[start:end].lower() == name):
                        found.add((start, end, name))
            at = lowered.find(anchor, at + 1)
    return sorted(found)


def test_one_anchor_a_short_name_and_no_more_anchors_than_needed():
    anchors = dates._weekday_anchors()
    short = {name for name in _weekday_names() if len(name) <= 3}
    assert short <= {anchor for anchor, _ in anchors}
    assert len(anchors) == len(short) + 1 < len(_old_weekday_anchors())  # and "वार" for the Hindi names


@settings(max_examples=600, deadline=None)
@given(mixed_text)
def test_weekday_words_equal_the_old_anchors(text):
    folded = fold(text).text
    expected = old_weekday_words(folded)
    assert dates._weekday_words(folded) == expected
    assert dates._weekday_words(folded, matching_text(folded)) == old_weekday_words(folded, matching_text(folded)) \
        == expected


@pytest.mark.parametrize("text", ["İ Monday", "FRİDAY friday", "İstanbul, शुक्रवार को", "Sunday İ", "मँगलवार İ"])
def test_a_text_with_dotted_capital_i_reads_the_matching_text(text):
    folded = fold(text).text
    assert dates._weekday_words(folded, matching_text(folded)) == old_weekday_words(folded, matching_text(folded))


def test_weekday_words_of_the_corpus_articles_are_unchanged():
    for text in corpus_texts():
        folded = fold(text).text
        mt = matching_text(folded)
        assert dates._weekday_words(folded, mt) == old_weekday_words(folded, mt)


# -- date mentions --------------------------------------------------------------------------------------------------

def old_parse_date_mention(m, published: str | None) -> str | None:
    """`parse_date_mention` before: both patterns tried on every date, `folded_key` made of every token."""
    lex = number_lexicon()
    text = fold(m.text).text
    if _ISO_DATE.fullmatch(text):
        y, mo, d = (int(x) for x in text.split("-"))
        return _iso(y, mo, d)
    numeric = _NUMERIC_DATE.fullmatch(text)
    if numeric:
        d, mo, y = (int(x) for x in numeric.groups())
        if y < 100:
            y += 2000
        if mo > 12 and d <= 12:
            d, mo = mo, d
        return _iso(y, mo, d)
    day = month = year = None
    for tok in _WORD_OR_NUM.findall(text):
        key = folded_key(tok)
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


DATE_PIECES = ["5", "05", "12", "31", "13", "2026", "26", "१२", "२०२६", "-", "/", ".", " ", ", ", "अक्टूबर",
               "सितम्बर", "सितँबर", "March", "MAR", "mar.", "Sept", "Jan", "से", "तक", "x", "2026-03-12", "12/03/2026"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(DATE_PIECES), min_size=1, max_size=7).map("".join),
       st.sampled_from([None, "2026-03-12", "2025-01-05T10:00:00"]))
def test_a_date_reads_as_it_did(text, published):
    m = SimpleNamespace(text=text)
    assert _outcome(dates.parse_date_mention, m, published) == _outcome(old_parse_date_mention, m, published)


def _outcome(parse, m, published):
    """The value, or the kind of error ("31/13/99999999": a year that overflows raises in either form)."""
    try:
        return parse(m, published)
    except (OverflowError, ValueError) as e:
        return type(e)


def test_the_dates_of_the_corpus_articles_read_as_they_did():
    seen = 0
    for text in corpus_texts():
        for m in parse_numbers(text):
            if m.kind == "date":
                seen += 1
                for published in (None, "2026-03-12"):
                    assert dates.parse_date_mention(m, published) == old_parse_date_mention(m, published)
    assert seen > 30


def test_a_word_token_holds_nothing_folded_key_would_squeeze():
    # `parse_date_mention` keys a word token as `as_anusvara(tok.lower())`: no letter or mark lowers to white space
    letter_or_mark = regex.compile(r"[\p{L}\p{M}]")
    assert not [c for c in map(chr, range(0x110000))
                if letter_or_mark.match(c) and any(x.isspace() for x in c.lower())]


# -- sentence spans -------------------------------------------------------------------------------------------------

def old_sentence_spans(text: str) -> list[tuple[int, int]]:
    """`sentence_spans` before: every sentence of a line looked up among the number stops, one by one."""
    spans: list[tuple[int, int]] = []
    marks = sentences._marks(text)
    stops = sentences._number_stops(text, marks)
    end = -1
    for line in text.split("\n"):
        a = end + 1
        end = b = a + len(line)
        if a == b:
            continue
        for a, b in sentences._pieces(text, a, b) if b - a > sentences.MAX_SENTENCE_CHARS else ((a, b),):
            i = bisect_left(marks, a)
            j = bisect_left(marks, b, i)
            if i == j:
                sa, sb = sentences._strip(text, a, b)
                if sa < sb:
                    spans.append((sa, sb))
                continue
            line = sentences._split_by_offsets(text, a, b, marks[i:j])
            for sa, sb in sentences._split_line(text, a, b) if line is None else line:
                k = bisect_left(stops, sa)
                if k < len(stops) and stops[k] < sb - 1:
                    spans.extend(sentences._split_after_numbers(text, sa, sb, stops[k:bisect_left(stops, sb, k)]))
                elif sa < sb:
                    spans.append((sa, sb))
    return spans


@settings(max_examples=1500, deadline=None)
@given(mixed_text)
def test_sentence_spans_equal_the_old_loop(text):
    assert sentences.sentence_spans(text) == old_sentence_spans(text)


@pytest.mark.parametrize("text", [
    "", "\n\n", " . \n", "in district 2137. The iGOT platform", "वर्ष 2025। इस साल 5 लाख।\nदूसरी पंक्ति", "ए. बी. सी.",
    "डॉ. शर्मा ने कहा. फिर", "about 5. crore users", "on 07. 01. 2026 it", "1. पहला बिंदु\n2. दूसरा",
    "x" * 2500 + ". " + "y. " * 900, "Rs. 5 crore. Done!\r\nनया?  हाँ॥ 12॥ आगे",
])
def test_sentence_spans_of_edge_lines_equal_the_old_loop(text):
    assert sentences.sentence_spans(text) == old_sentence_spans(text)


def test_sentence_spans_of_the_corpus_articles_equal_the_old_loop():
    for text in corpus_texts():
        assert sentences.sentence_spans(text) == old_sentence_spans(text)
