"""The stdlib `re` scans of `find_published` (`_candidate_pattern`, `_lead_pattern`) against what they replace."""
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.ingest import published

# digits, separators, white space, start letters in both cases, their case partners outside ASCII (long s,
# Kelvin sign), Devanagari letters, marks and digits, joiners, and characters outside the tested blocks
_ALPHABET = st.sampled_from(list("0123456789 \t\u00a0|•·:,;-–—()[]/.adfjmnostwADFJMNOSTWbcxyzBCXYZ")
                            + ["\u017f", "\u212a", "अ", "ग", "म", "स", "क", "ि", "ं", "्", "१", "\u200d", "\u200c",
                               "é", "Ω", "ж", "\u0301", "ক", "²", "½", "€", "\ufeff"])
_TOKEN = re.compile(r"\S+")
_NOT_SEPARATOR = re.compile("[^" + re.escape(published._SEPARATORS) + "]")


def _lead_end_by_tokens(folded: str, pos: int, words: int) -> int:
    """`_lead_end` as a loop over the whitespace tokens."""
    seen = 0
    for token in _TOKEN.finditer(folded, pos):
        content = _NOT_SEPARATOR.search(folded, token.start(), token.end())
        if content is not None:
            seen += 1
            if seen > words:
                return content.start() + 1
    return len(folded)


@settings(max_examples=500, deadline=None)
@given(st.text(_ALPHABET, max_size=60), st.integers(0, 60), st.integers(0, 8))
def test_lead_end_equals_the_token_loop(text, pos, words):
    pos = min(pos, len(text))
    assert published._lead_end(text, pos, words) == _lead_end_by_tokens(text, pos, words)


@settings(max_examples=500, deadline=None)
@given(st.text(_ALPHABET, max_size=40), st.integers(0, 40))
def test_every_start_is_a_candidate(text, pos):
    pats = published._patterns()
    pos = min(pos, len(text))
    starts = {m.start() for m in pats.starts.finditer(text, pos)}
    candidates = {m.start() for m in pats.candidates.finditer(text, pos)}
    assert starts <= candidates


def test_every_start_letter_is_a_candidate_after_every_character_of_the_tested_blocks():
    pats = published._patterns()
    tested = [chr(c) for lo, hi in published._TESTED_BLOCKS for c in range(lo, hi)]
    for first in [*tested, "\u212a", "\u0430", "\U0001d400"]:
        for before in ["", " ", "a", "1", "\u0901", "\u200d", first]:
            line = before + first
            if pats.starts.match(line, len(before)):
                assert pats.candidates.match(line, len(before)), (before, first)
