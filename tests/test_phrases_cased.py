"""Cased vocabularies (the abbreviations "UP", "J&K", …) read in the one pass over the lower-cased matching text
(issue 17) give what their own reading of the folded text gave.

`_by_their_own_reading` is the old way, kept here as the reference: a `PhraseFinder` of the phrases as written, run
over the folded text, each hit mapped to the original and dropped when excluded.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.claims import build
from extractor.claims.phrases import _WORD_CHAR, PhraseFinder, VocabularyFinder, finder, finders, matching_text
from extractor.ingest import read_document
from extractor.records import Document, ExcludedSpan
from extractor.text.normalize import fold

ROOT = Path(__file__).resolve().parent.parent
ABBREVIATIONS = ["UP", "U.P.", "MP", "J&K", "DoPT", "AP", "TN", "WB", "HP"]


def _as_tuples(hits):
    return [(h.start, h.end, h.key) for h in hits]


def _by_their_own_reading(phrases, text: str):
    """The old way: the phrases as written looked for in the text as it is (capitals kept)."""
    return _as_tuples(PhraseFinder(phrases).find(text))


def _in_the_one_reading(vocabularies, phrases, text: str, find_max=None):
    """The new way: the cased phrases after `vocabularies`, in one reading of the matching text."""
    found = VocabularyFinder(vocabularies, find_max, cased=[phrases]).spans_each(matching_text(text), text)
    assert found[:-1] == [_as_tuples(h) for h in VocabularyFinder(vocabularies, find_max).find_each(
        matching_text(text))]  # the other vocabularies find what they found without it
    return found[-1]


def _same(phrases, text: str, vocabularies=(("up", "mp", "uttar pradesh", "lakh"), ("राज्य", "j&k"))):
    old = _by_their_own_reading(phrases, text)
    assert _in_the_one_reading(vocabularies, phrases, text) == old
    assert _in_the_one_reading(vocabularies, phrases, text, find_max=0) == old  # by automaton, however few
    assert _in_the_one_reading((), phrases, text) == old
    return old


# capitals and small letters of the abbreviations, Devanagari letters and signs, digits both ways, punctuation,
# spaces and tabs (squeezed runs move offsets), a no-break space, a joiner, a character whose lower case is longer
# ("İ") and a Greek capital sigma (lowered by its context)
_CHARS = "UPMJKDoTAWBHupmjkdotawbh" "कखा\u0902\u094d\u093c" "1९" ".&-%(),।" " \t\n\u00a0\u200d" "İΣ"
_PIECES = st.one_of(st.sampled_from(ABBREVIATIONS + ["up", "Up", "u.p.", "U.P", "j&k", "DOPT", "dopt", "UPSC"]),
                    st.text(alphabet=_CHARS, max_size=4))


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=14).map("".join))
def test_abbreviations_in_the_one_reading_are_those_read_alone(text):
    _same(ABBREVIATIONS, text)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(alphabet="UPupAa.&", min_size=1, max_size=3).filter(lambda p: p.strip() == p), max_size=6),
       st.lists(_PIECES, max_size=10).map("".join))
def test_any_cased_words_in_the_one_reading_are_those_read_alone(phrases, text):
    # "UP" and "Up" at once (one lower case for two phrases), and phrases of the lower-cased vocabularies too
    _same(phrases, text)


def test_capitals_only_whole_words_each_side():
    text = "UP up Up UPSC (UP) UP2 U.P. U.P J&K j&k DoPT DOPT MP-led मप्र MPs UP।UP\u00a0UP\tUP  UP"
    found = [(text[a:b], k) for a, b, k in _same(ABBREVIATIONS, text)]
    assert found == [("UP", "UP"), ("UP", "UP"), ("U.P.", "U.P."), ("J&K", "J&K"), ("DoPT", "DoPT"),
                     ("MP", "MP"), ("UP", "UP"), ("UP", "UP"), ("UP", "UP"), ("UP", "UP"), ("UP", "UP")]


def test_a_longer_written_form_wins_and_offsets_follow_squeezed_runs():
    text = "a  \t b U.P. c   UP"
    assert [(text[a:b], k) for a, b, k in _same(["U.P", "U.P.", "UP"], text)] == [("U.P.", "U.P."), ("UP", "UP")]


def test_cased_phrases_must_be_ascii_words():
    for bad in [["U P"], ["उप"], ["UP\t"]]:
        with pytest.raises(ValueError):
            VocabularyFinder([["up"]], cased=[bad])
    with pytest.raises(ValueError):
        VocabularyFinder([["up"]], cased=[["UP"]]).spans_each("up")  # no exact text to read the capitals in


def test_lower_case_makes_no_word_character_of_another():
    # why the word edges read in the matching text are those of the folded text: every character, as
    # `matching_text` lowers it (one character for one, or left as it is)
    for c in range(sys.maxunicode + 1):
        ch = chr(c)
        low = ch.lower()
        if len(low) == 1:
            assert (_WORD_CHAR.match(ch) is None) == (_WORD_CHAR.match(low) is None), hex(c)


def _corpus_documents():
    files = sorted(p for p in (ROOT / "corpus").rglob("*") if p.suffix in (".txt", ".html") and "gold" not in p.parts)
    assert files
    return [read_document(p) for p in files]


def test_the_claim_builder_finds_the_abbreviations_it_found_alone():
    """On the corpus, and on its articles with abbreviations written in: the hits `_collect` reads against the
    old reading of the folded text, mapped and filtered hit by hit."""
    v = build._vocabulary()
    docs = _corpus_documents()
    extra = "UP ने U.P. में, J&K (MP) up Up UPSC DoPT १२ UP2 मप्र।UP\n"
    docs += [Document(text=extra + d.text, excluded=[ExcludedSpan(3, 12, "footer")], body_start=0) for d in docs[:8]]
    seen = 0
    for doc in docs:
        builder = build._ClaimBuilder(doc)
        old = []
        for h in finder(v.abbreviation_keys).find(builder.ft.text):
            a, b = builder.ft.span(h.start, h.end)
            if not builder._excluded(a, b):
                old.append((a, b, h.key))
        found = finders(build._read_together(), (v.abbreviation_keys,)).spans_each(builder.mt, builder.ft.text)
        assert builder._visible(builder.ft.spans(found[-1])) == old
        seen += len(old)
    assert seen > 20
