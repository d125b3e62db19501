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


_NAMES = ["Jan", "JAN.", "March", "ſept", "sEp", "Thu,", "THURSDAY", "मार्च", "मई", "गुरुवार", "12", "3rd", "2026",
          "2026-03-12", "12/03/2026", "IST", "Mon", "Dec", "Oct.", "Nov", "aug", "Apr"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_NAMES), st.text(_ALPHABET, max_size=4)), max_size=12),
       st.sampled_from([" ", "", ",", ", ", "-", "/"]))
def test_every_place_a_date_starts_is_a_candidate(words, gap):
    pats = published._patterns()
    text = gap.join(words)
    dates = {pos for pos in range(len(text)) if pats.date.match(text, pos)}
    assert dates <= {m.start() for m in pats.candidates.finditer(text)}


def test_every_name_start_is_a_candidate_for_every_case_partner_in_the_tested_blocks():
    import regex

    from extractor.lang import number_lexicon

    lex = number_lexicon()
    pats = published._patterns()
    tested = [chr(c) for lo, hi in published._TESTED_BLOCKS for c in range(lo, hi)] + ["\u212a", "\U0001d400"]
    for name in {w.rstrip(".") for w in (*lex.weekdays, *lex.months)}:
        ones = [ch for ch in tested if regex.match(regex.escape(name[0]), ch, regex.IGNORECASE)]
        twos = [ch for ch in tested if regex.match(regex.escape(name[1]), ch, regex.IGNORECASE)]
        for first in ones:
            for second in twos:
                for before in ["", " ", "1", "\u200d", "(", "a", "\u0901"]:
                    line = before + first + second
                    if pats.starts.match(line, len(before)):
                        assert pats.candidates.match(line, len(before)), (before, first, second)
