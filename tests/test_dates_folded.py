"""`time_expressions` reads each date's fold from the folded article (`FoldedText.folded`) instead of folding the
date again (issue 17): the same text, so the same value.

Compared on the corpus articles and on generated text with what folding changes (nukta forms, chandrabindu,
Devanagari digits, capitals, runs of spaces) around and inside dates. The sentences are made up for these tests.
"""
from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings, strategies as st

from extractor.claims import dates
from extractor.ingest import read_document
from extractor.numbers import parse_numbers
from extractor.text.normalize import fold

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
PIECES = ["5", "05", "12", "31", "2026", "१२", "२०२६", "-", "/", ".", " ", "  ", ", ", "अक्टूबर", "सितम्बर",
          "सितँबर", "March", "MAR", "mar.", "Sept", "Jan", "से", "तक", "ज़िले", "ज़िले", "फ़रवरी", "फ़रवरी",
          "\u00a0", "\n", "को", "2026-03-12", "12/03/2026", "on", "Monday", "सोमवार"]


def _dates_read_both_ways(text: str) -> int:
    ft = fold(text)
    seen = 0
    for m in parse_numbers(text):
        if m.kind != "date":
            continue
        seen += 1
        assert text[m.start:m.end] == m.text
        assert ft.folded(m.start, m.end) == fold(m.text).text
        if m.text.isascii():
            assert fold(m.text).text == m.text  # read as it is
        for published in (None, "2026-03-12"):
            assert dates.parse_date_mention(m, published, ft.folded(m.start, m.end)) \
                == dates.parse_date_mention(m, published)
    return seen


def test_the_dates_of_the_corpus_articles_read_from_the_folded_article_as_folded_apart():
    files = sorted(p for p in CORPUS.rglob("*") if p.suffix in (".txt", ".html") and "gold" not in p.parts)
    assert sum(_dates_read_both_ways(read_document(p).text) for p in files) > 30


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=14).map("".join))
def test_generated_dates_read_from_the_folded_article_as_folded_apart(text):
    _dates_read_both_ways(text)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=14).map("".join),
       st.sampled_from([None, "2026-03-12"]))
def test_time_expressions_are_those_of_dates_folded_apart(text, published):
    mentions = parse_numbers(text)
    expected = []
    for m in mentions:
        if m.kind == "date":
            value = dates.parse_date_mention(m, published)
            expected.append((m.start, m.end, value, 3 if value and len(value) == 10 else 2))
    got = [(t.start, t.end, t.value, t.weight) for t in dates.time_expressions(text, mentions, published)
           if any(m.kind == "date" and (m.start, m.end) == (t.start, t.end) for m in mentions)]
    assert got == expected


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=30))
def test_ascii_text_is_its_own_fold(text):
    assert fold(text).text == text
