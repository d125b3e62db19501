r"""Find vocabulary phrases in a folded text: one Aho-Corasick automaton per vocabulary, whole words only.

Why our own matcher and not spaCy's PhraseMatcher: matching on the folded character stream keeps offsets exact
without tokenising the whole article (spaCy's Hindi tokenizer also splits "१८.८" and "70%").

Why Aho-Corasick (pyahocorasick, a C library) and not one `regex` alternation per vocabulary: the alternation tries
its phrases at every position of the text, and was 40% of `extract_claims` (issue 17); the automaton reads the text
once whatever the size of the vocabulary. On the corpus and real-news texts the seven vocabularies took 216 ms with
alternations and 18 ms with automata (2 cores, pyahocorasick 2.3). The automaton knows nothing of words, so the
edges are checked here, with the `regex` module's `[\p{L}\p{M}\p{N}]`: the stdlib `re` gets Devanagari word
boundaries wrong (docs/decisions.md, "The `regex` module, not `re`, for Devanagari").

What is found is exactly what `(?<![\p{L}\p{M}\p{N}])(?:k1|k2|…)(?![\p{L}\p{M}\p{N}])` found with the phrases
longest first and a space in a phrase matching any run of spaces and tabs (not a line break): scanning left to
right, at each position the longest phrase that matches there as whole words wins, and the next hit starts after its
end (tests/test_phrases_automaton.py keeps that alternation and compares). For a space to match a run, the automaton
reads a copy of the text in which each run of spaces and tabs is one space, and hits are mapped back. Phrases are
vocabulary keys (`fold_key`: words joined by single spaces); one with a tab, or a space at an end or next to another
space, is refused.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick
import regex

from ..text.normalize import as_anusvara

_WORD_CHAR = regex.compile(r"[\p{L}\p{M}\p{N}]")
_BLANKS = regex.compile(r"[ \t]{2,}|\t")  # what becomes one space in the copy the automaton reads
_is_word: dict[str, bool] = {}  # character → letter, mark or digit (filled as characters are met)


def matching_text(folded: str) -> str:
    """Folded text as the matchers see it: lower case, chandrabindu read as anusvara; same length as `folded`
    (a character whose lower case is longer, like "İ", is left as it is)."""
    lowered = folded.lower()
    if len(lowered) != len(folded):
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in folded)
    return as_anusvara(lowered)


@dataclass(frozen=True, slots=True)
class Hit:
    start: int  # offsets in the folded text
    end: int
    key: str  # the phrase as folded in the vocabulary


class PhraseFinder:
    def __init__(self, phrases):
        keys = {p for p in phrases if p}
        bad = sorted(k for k in keys if "\t" in k or "" in k.split(" "))
        if bad:
            raise ValueError(f"phrases must be words joined by single spaces: {bad[:5]!r}")
        self._automaton = None
        if keys:
            a = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
            for k in keys:
                a.add_word(k, (len(k) - 1, " ".join(k.split())))
            a.make_automaton()
            self._automaton = a

    def find(self, text: str) -> list[Hit]:
        """Hits in `text`: pass `matching_text(...)` for lower-cased vocabularies, the folded text for exact ones."""
        if self._automaton is None or not text:
            return []
        squeezed = _BLANKS.sub(" ", text) if "\t" in text or "  " in text else text
        last = len(squeezed) - 1
        is_word = _is_word
        found = []
        for end, (back, key) in self._automaton.iter(squeezed):
            start = end - back
            if start:
                c = squeezed[start - 1]
                w = is_word.get(c)
                if w is None:
                    w = is_word[c] = _WORD_CHAR.match(c) is not None
                if w:
                    continue
            if end < last:
                c = squeezed[end + 1]
                w = is_word.get(c)
                if w is None:
                    w = is_word[c] = _WORD_CHAR.match(c) is not None
                if w:
                    continue
            found.append((start, -end, key))
        if not found:
            return []
        if len(found) > 1:
            found.sort()  # leftmost first, then longest
        out = []
        pos = 0
        for start, end, key in found:
            if start >= pos:
                pos = 1 - end
                out.append((start, pos, key))
        if len(squeezed) != len(text):
            return _unsqueeze(text, out)
        return [Hit(s, e, k) for s, e, k in out]


def _unsqueeze(text: str, hits: list[tuple[int, int, str]]) -> list[Hit]:
    """Offsets in the squeezed copy → offsets in `text`. A hit starts and ends on a character that is no space or tab
    (phrases have no space at either end), so each offset lies past a whole number of squeezed runs."""
    at: list[int] = []  # where each run that lost characters stands in the copy
    lost: list[int] = []  # characters lost up to and including that run
    n = 0
    for m in _BLANKS.finditer(text):
        a, b = m.span()
        if b - a > 1:
            at.append(a - n)
            n += b - a - 1
            lost.append(n)

    def shift(i: int) -> int:
        j = bisect_left(at, i)
        return lost[j - 1] if j else 0

    return [Hit(s + shift(s), e + shift(e - 1), k) for s, e, k in hits]


@lru_cache(maxsize=None)
def finder(phrases: frozenset[str]) -> PhraseFinder:
    """The finder of one vocabulary, built once per process (the vocabulary is the cache key)."""
    return PhraseFinder(phrases)


CUT_WORD_MIN = 4  # letters of a cut-off last word that can stand for a vocabulary word ("completi" → completions)
_CUT_TAIL = 160  # characters before the cut word that a phrase ending in it may span
_MAX_COMPLETIONS = 16
_TRAILING_WORD = regex.compile(r"[\p{L}\p{M}]+$")


def cut_word_hits(text: str, phrases: frozenset[str]) -> list[Hit]:
    """Hits of phrases that end in the text's last word when the text stops in the middle of it.

    Scraped excerpts often stop mid-word ("… accounting for 99% of nationwide completi"): the figure is there, the
    word that says what it counts is cut. When the text ends on a letter and its last CUT_WORD_MIN or more letters
    begin a word that phrases end with, the phrases are matched as if that word were whole (each such word tried); the
    longest phrase found wins and its hit ends where the text ends. Two different phrases of that length give
    nothing: the cut word is then ambiguous.
    """
    m = _TRAILING_WORD.search(text[-64:]) if text else None
    if m is None:
        return []
    stem = m.group()
    if len(stem) < CUT_WORD_MIN:
        return []
    stem_at = len(text) - len(stem)
    if stem_at and _WORD_CHAR.match(text[stem_at - 1]):
        return []  # the text ends on a digit-letter mix ("2137th"): no word to complete
    words = {p.rpartition(" ")[2] for p in phrases}
    completions = sorted(w for w in words if len(w) > len(stem) and w.startswith(stem))
    head_at = text.rfind(" ", 0, max(0, stem_at - _CUT_TAIL)) + 1  # start the window on a word boundary
    best: dict[int, set[str]] = {}
    for word in completions[:_MAX_COMPLETIONS]:
        window = text[head_at:stem_at] + word
        for h in finder(phrases).find(window):
            if h.end > len(window) - len(word):
                best.setdefault(head_at + h.start, set()).add(h.key)
    if not best:
        return []
    start = min(best)  # the longest phrase wins, as in PhraseFinder.find
    keys = best[start]
    return [Hit(start, len(text), keys.pop())] if len(keys) == 1 else []
