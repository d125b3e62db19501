"""`cut_word_hits` answers a text that cannot end in a cut word with no call of its pattern (issue 17); the hits are
those of the old way, kept here as `_cut_word_hits_by_pattern`: the pattern asked of every text."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.claims import phrases
from extractor.claims.phrases import cut_word_hits

_PHRASES = frozenset({"nationwide completions", "completions", "courses completed", "पूर्णता", "प्रशिक्षण"})


def _cut_word_hits_by_pattern(text, phrases_):
    """The old way: the trailing-word pattern searched in every non-empty text, the rest of the function as it is."""
    m = phrases._TRAILING_WORD.search(text[-64:]) if text else None
    if m is None:
        return []
    saved = phrases._ENDS_STEM
    phrases._ENDS_STEM = _Always()
    try:
        return cut_word_hits(text, phrases_)
    finally:
        phrases._ENDS_STEM = saved


class _Always(dict):
    def __missing__(self, ch):
        return True


# letters, Devanagari letters and signs, digits, stops and every kind of line end (only "\n" is one for the pattern)
_ENDINGS = st.text(alphabet="aZकि\u0902\u094d1९.।\"” \t\n\r\u2028\x85", max_size=4)


@settings(max_examples=1500, deadline=None)
@given(st.sampled_from(["", "12 lakh of nationwide completi", "99% की प्रशिक्ष", "courses complet", "x"]), _ENDINGS)
def test_cut_word_hits_are_those_of_the_pattern(head, ending):
    text = head + ending
    assert cut_word_hits(text, _PHRASES) == _cut_word_hits_by_pattern(text, _PHRASES)


def test_a_cut_word_before_a_final_line_break_is_still_read():
    for text in ["accounting for 99% of nationwide completi", "accounting for 99% of nationwide completi\n"]:
        assert cut_word_hits(text, _PHRASES) == _cut_word_hits_by_pattern(text, _PHRASES)
    assert cut_word_hits("accounting for 99% of nationwide completi", _PHRASES)
