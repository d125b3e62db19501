"""Clause breaks found by str methods (marks by `in` and `find`, words only where a first letter stands) are those
the one `regex` pattern of the specification finds, on text dense with marks, dashes and clause words."""
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.claims import build
from test_claims_fast import _one_pattern_breaks, breaks_match_the_one_pattern

_DENSE_PIECES = st.sampled_from(list(build._BREAK_MARKS) + [
    ",,", "((", "–—", " - ", "- ", " -", "-", "\u3000-\u2009", "\x1c-\x1c", "जबकि", "जब", "जि", "जिनमें", "जिसमें",
    "ज", "w", "W", "h", "WHILE", "While", "whereas", "WhErEaS", "whİle", "whereaſ", "क", "ि", "्", "a", " ", "\t",
    "\n", "5", "x"])


@settings(max_examples=1000, deadline=None)
@given(st.lists(_DENSE_PIECES, max_size=40).map("".join), st.data())
def test_clause_breaks_by_str_methods_are_those_the_one_pattern_finds(text, data):
    breaks_match_the_one_pattern(text, data)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x3100), max_size=60))
def test_clause_breaks_of_any_text_are_those_the_one_pattern_finds(text):
    assert build._clause_breaks(text, 0, len(text)) == _one_pattern_breaks(text, 0, len(text))


def test_every_opening_starts_with_a_first_letter_looked_for():
    _, openings = build._clause_word_break()
    assert {o[0] for o in openings} == set(build._clause_word_firsts())
