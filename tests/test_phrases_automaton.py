"""The Aho-Corasick phrase finder finds exactly what the old `regex` alternation found.

`_reference` below is the old algorithm, kept here as the specification: one alternation of the phrases, longest
first, whole words (`[\\p{L}\\p{M}\\p{N}]` on neither side), a space in a phrase matching any run of spaces and tabs
but no line break, leftmost hit first, hits not overlapping.
"""
from __future__ import annotations

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.claims.phrases import FIND_MAX, Hit, PhraseFinder, VocabularyFinder, _blank_runs, finder, matching_text


def _reference(phrases, text: str) -> list[Hit]:
    keys = sorted({p for p in phrases if p}, key=len, reverse=True)
    if not keys:
        return []
    body = "|".join(r"[ \t]+".join(regex.escape(w) for w in k.split(" ")) for k in keys)
    rx = regex.compile(rf"(?<![\p{{L}}\p{{M}}\p{{N}}])(?:{body})(?![\p{{L}}\p{{M}}\p{{N}}])")
    return [Hit(m.start(), m.end(), " ".join(m.group().split())) for m in rx.finditer(text, overlapped=False)]


def _both(phrases, text: str) -> list[Hit]:
    """The hits of the finder as built by default, by automaton alone and by `str.find` alone, each checked against
    the reference."""
    got = PhraseFinder(phrases).find(text)
    assert got == _reference(phrases, text)
    assert PhraseFinder(phrases, find_max=0).find(text) == got
    assert PhraseFinder(phrases, find_max=len(phrases)).find(text) == got
    return got


def _spans(phrases, text: str) -> list[tuple[str, str]]:
    return [(text[h.start:h.end], h.key) for h in _both(phrases, text)]


# -- properties -----------------------------------------------------------------------------------------------------

# Letters, Devanagari consonants and signs (vowel signs, anusvara, virama, nukta), digits both ways, punctuation, a
# no-break space, a zero-width joiner, a character outside the BMP, a lone surrogate and NUL: enough to hit every
# edge rule and every way a C library could misread a Python string.
_CHARS = "abAB" "कखा" "ि\u0902\u094d\u093c" "1९" "-.%" "\u00a0\u200d" "😀" "\ud800\x00"
_WORD = st.text(alphabet=_CHARS, min_size=1, max_size=4).filter(lambda w: " " not in w)
_PHRASE = st.lists(_WORD, min_size=1, max_size=3).map(" ".join)
_BLANKS = st.sampled_from([" ", "  ", "\t", " \t ", "\n", " \n", "\r\n", "", "", "\u00a0"])


@st.composite
def _case(draw):
    phrases = draw(st.lists(_PHRASE, min_size=0, max_size=8))
    pieces = []
    for _ in range(draw(st.integers(0, 12))):
        if phrases and draw(st.booleans()):
            p = draw(st.sampled_from(phrases))
            # the phrase as it may stand in a text: its spaces as runs of blanks, or broken by a line
            p = "".join(c if c != " " else draw(st.sampled_from([" ", "  ", "\t", " \t", "\n"])) for c in p)
            pieces.append(p)
        else:
            pieces.append(draw(st.text(alphabet=_CHARS + " \t\n", max_size=4)))
        pieces.append(draw(_BLANKS))
    return phrases, "".join(pieces)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_case())
def test_same_hits_as_the_regex_alternation(case):
    phrases, text = case
    _both(phrases, text)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PHRASE, max_size=6), st.text(alphabet=_CHARS + " \t\n", max_size=40))
def test_same_hits_on_any_text(phrases, text):
    _both(phrases, text)
    _both([p.lower() for p in phrases], matching_text(text))


# -- whitespace -----------------------------------------------------------------------------------------------------

def test_a_space_in_a_phrase_matches_a_run_of_spaces_and_tabs():
    assert _spans(["skill development"], "a skill  \t development b") == [("skill  \t development",
                                                                           "skill development")]
    assert _spans(["कर्मयोगी सप्ताह"], "कर्मयोगी\tसप्ताह") == [("कर्मयोगी\tसप्ताह", "कर्मयोगी सप्ताह")]


def test_a_line_break_does_not_continue_a_phrase():
    assert _spans(["skill development"], "skill\ndevelopment") == []
    assert _spans(["skill development"], "skill \n development") == []
    assert _spans(["skill development", "skill"], "skill\r\ndevelopment") == [("skill", "skill")]


def test_offsets_after_squeezed_runs_point_into_the_original_text():
    text = "x  \t  ab   cd\t\tef  ab cd"
    hits = _both(["ab cd", "ef"], text)
    assert [(text[h.start:h.end], h.key) for h in hits] == [("ab   cd", "ab cd"), ("ef", "ef"), ("ab cd", "ab cd")]


def test_hits_before_the_first_shrunk_run_keep_their_offsets_and_later_ones_move():
    # hits up to the first run that lost characters are not mapped; one ending on the run's space is the last of them
    text = "ab cd ab  ef ab\t\tcd ab cd   ab"
    hits = _both(["ab", "ab cd", "cd ef", "ef"], text)
    assert [(text[h.start:h.end], h.key) for h in hits] == [
        ("ab cd", "ab cd"), ("ab", "ab"), ("ef", "ef"), ("ab\t\tcd", "ab cd"), ("ab cd", "ab cd"), ("ab", "ab")]
    assert _spans(["x"], "x  x") == [("x", "x"), ("x", "x")]


def test_phrases_that_are_not_vocabulary_keys_are_refused():
    for bad in ["a\tb", "a  b", " a", "a "]:
        with pytest.raises(ValueError):
            PhraseFinder([bad])


# -- word boundaries ------------------------------------------------------------------------------------------------

def test_a_vowel_sign_or_anusvara_continues_the_word():
    # लाख inside लाखों, कर inside करोड़: a Devanagari sign is part of the word, so no hit
    assert _spans(["लाख"], "12 लाखों लोग") == []
    assert _spans(["लाख"], "12 लाख लोग") == [("लाख", "लाख")]
    assert _spans(["कर"], "करोड़ करं कर्म कर") == [("कर", "कर")]
    assert _spans(["राज्य"], "राज्यों राज्य।") == [("राज्य", "राज्य")]


def test_a_digit_on_either_side_is_part_of_the_word():
    assert _spans(["lakh"], "5lakh lakh5 ५lakh 5 lakh") == [("lakh", "lakh")]
    assert _spans(["up"], "UP2 2up up-2 (up)") == [("up", "up"), ("up", "up")]


def test_punctuation_and_joiners_end_a_word():
    assert _spans(["igot"], "igot, igot. “igot” igot।") == [("igot", "igot")] * 4
    assert _both(["ab"], "ab\u200dab") == _reference(["ab"], "ab\u200dab")  # ZWJ is a format character, not L/M/N


def test_abbreviations_are_case_sensitive():
    assert _spans(["UP"], "UP up Up UPSC") == [("UP", "UP")]


# -- which hit wins -------------------------------------------------------------------------------------------------

def test_the_longest_phrase_at_a_position_wins():
    assert _spans(["skill", "skill development", "skill development mission"],
                  "skill development mission") == [("skill development mission", "skill development mission")]


def test_a_longer_phrase_that_breaks_a_boundary_gives_way_to_a_shorter_one():
    # "ab c" would end inside "cd": the shorter "ab" is the hit
    assert _spans(["ab", "ab c"], "ab cd") == [("ab", "ab")]


def test_overlapping_phrases_leftmost_first_then_after_its_end():
    # "a b" starts first and wins; "b c" overlaps it and is skipped; "c" is found after it
    assert _spans(["a b", "b c", "c"], "a b c") == [("a b", "a b"), ("c", "c")]
    # a later, longer phrase does not beat an earlier, shorter one
    assert _spans(["x y", "y z w"], "x y z w") == [("x y", "x y")]
    # the same phrase twice in a row, and a phrase inside a longer one
    assert _spans(["ab"], "ab ab") == [("ab", "ab"), ("ab", "ab")]
    assert _spans(["mission karmayogi", "karmayogi"], "mission karmayogi karmayogi") == [
        ("mission karmayogi", "mission karmayogi"), ("karmayogi", "karmayogi")]


def test_a_phrase_that_fails_its_boundary_does_not_hide_one_starting_inside_it():
    # "ab" inside "xab" is no word; the "b c" that starts within it still counts
    assert _spans(["ab", "b c"], "xab c") == []
    assert _spans(["a-b", "b"], "a-bc b") == [("b", "b")]


def test_empty_vocabulary_and_empty_text():
    assert PhraseFinder([]).find("anything") == []
    assert PhraseFinder([""]).find("anything") == []
    assert PhraseFinder(["a"]).find("") == []


def test_finder_is_cached_per_vocabulary():
    words = frozenset({"लाख", "करोड़"})
    assert finder(words) is finder(words)


# -- the two ways of reading (automaton, str.find) and the squeeze ----------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(st.lists(_PHRASE, min_size=FIND_MAX + 1, max_size=FIND_MAX + 12),
       st.text(alphabet=_CHARS + " \t\n", max_size=60))
def test_a_large_vocabulary_read_by_automaton_finds_what_str_find_finds(phrases, text):
    vocabularies = [phrases[::2], phrases[1::2], phrases[:3]]
    by_automaton = VocabularyFinder(vocabularies).find_each(text)
    assert by_automaton == VocabularyFinder(vocabularies, find_max=len(phrases)).find_each(text)
    assert by_automaton == [_reference(v, text) for v in vocabularies]


def test_a_line_break_or_space_before_nul_is_no_hit():
    # the automaton's guide keys (a space or a line break, then NUL) are no phrases
    for text in [" \x00", "a \x00 a", "\n\x00a\n\x00", "a\n\x00"]:
        assert _both(["a", "b c"], text) == _reference(["a", "b c"], text)
        assert PhraseFinder(["x%d" % i for i in range(FIND_MAX + 1)]).find(text) == []


_RUNS = regex.compile(r"[ \t]{2,}|\t")  # the pattern `_blank_runs` replaced: what becomes one space


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab \t\n\u00a0", max_size=30))
def test_blank_runs_are_the_runs_the_pattern_finds(text):
    assert _blank_runs(text) == [m.span() for m in _RUNS.finditer(text)]
