"""The word edges of a hit read from the byte table `_EDGES` by code point (`_whole_words`, typed in phrases.pxd)
are what they were read from the dict of characters `_EndsWord` (issue 17).

The reference below is the loop as it was in `VocabularyFinder.spans_each`, with its dict: it is given the same
automaton hits and padded copies as `_whole_words` and must put the same tuples into the same lists.
"""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.claims import phrases


class _EndsWord(dict):
    def __missing__(self, ch):
        ends = self[ch] = phrases._WORD_CHAR.match(ch) is None
        return ends


def old_whole_words(raw, before, after, found):
    ends_word = _EndsWord()
    for end, (back, key, vocabularies) in raw:
        start = end - back
        if ends_word[before[start]] and ends_word[after[end]]:
            hit = (start, end, key)
            for i in vocabularies:
                found[i].append(hit)


def test_every_code_point_of_the_basic_plane_has_its_edge():
    for c in list(range(0x10000)) + [0x10000, 0x1D7CE, 0x1F600, 0x20000, 0xE0001, 0x10FFFF]:
        if 0xD800 <= c < 0xE000:
            continue  # surrogates: no text holds one alone
        ends = phrases._WORD_CHAR.match(chr(c)) is None
        for _ in range(2):  # learnt, then read from the table
            edge = phrases._EDGES[c] or phrases._learn_edge(c)
            assert edge == (1 if ends else 2), hex(c)


VOCABULARIES = (
    frozenset({"mission", "mission karmayogi", "karmayogi", "igot", "g20", "कर्मयोगी", "मिशन कर्मयोगी", "कर", "on"}),
    frozenset({"on", "mission", "lakh", "लाख", "करोड़", "१८"}),
    frozenset({"ab", "b", "a b"}),
)
_ALPHABET = st.sampled_from(list("abgimonkrsy02 \t\n.,-") + ["कर्मयोगी", "मिशन", "लाख", "करोड़", "१८", "ा", "ं", "é",
                                                              "İ", "𝟎", "mission", "karmayogi", "igot", "g20", "ab"])


@settings(max_examples=2000, deadline=None)
@given(pieces=st.lists(_ALPHABET, max_size=40), find_max=st.sampled_from([0, 1000]))
def test_whole_words_as_the_dict_found_them(pieces, find_max):
    text = "".join(pieces)
    finder = phrases.VocabularyFinder(VOCABULARIES, find_max=find_max)
    squeezed = phrases._squeeze(text)[0]
    before, after = phrases._padded(squeezed)
    if finder._automaton is not None:
        raw = list(finder._automaton.iter(before))
    else:
        raw = sorted(((p + out[0], out) for phrase, out in finder._phrases
                      for p in range(len(squeezed)) if squeezed.startswith(phrase, p)), key=lambda r: r[0])
    new = [[] for _ in VOCABULARIES]
    old = [[] for _ in VOCABULARIES]
    phrases._whole_words(iter(raw), before, after, new)
    old_whole_words(raw, before, after, old)
    assert new == old


def test_whole_words_of_an_article():
    text = ("मिशन कर्मयोगी के तहत १८ लाख  कर्मचारियों ने iGOT पर on-line mission\tkarmayogi\n"
            "कोर्स किए; karmayogis, G20 और कर्मयोगी।") * 3
    finder = phrases.VocabularyFinder(VOCABULARIES, find_max=0)  # an automaton, whatever FIND_MAX
    mt = phrases.matching_text(text)
    squeezed = phrases._squeeze(mt)[0]
    before, after = phrases._padded(squeezed)
    new = [[] for _ in VOCABULARIES]
    old = [[] for _ in VOCABULARIES]
    phrases._whole_words(finder._automaton.iter(before), before, after, new)
    old_whole_words(finder._automaton.iter(before), before, after, old)
    assert new == old and new[0]
