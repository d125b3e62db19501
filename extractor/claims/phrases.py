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

import sys
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter

import ahocorasick
import regex

from ..text.normalize import as_anusvara

_WORD_CHAR = regex.compile(r"[\p{L}\p{M}\p{N}]")  # what a word is made of: "G20" is one word


# What each character is beside a hit, by its code point: 0 not yet known, ENDS when it is no `_WORD_CHAR` (a word
# may end next to it), WITHIN when it is one; filled as characters are met (`_learn_edge`). A byte a code point, not
# a dict of characters: compiled (phrases.pxd), a hit's edge is then read from the text and this table in C, with no
# one-character string made and hashed (see `_whole_words`).
ENDS, WITHIN = 1, 2
_EDGES = bytearray(sys.maxunicode + 1)


def _learn_edge(c: int) -> int:
    """What code point `c` is beside a hit (ENDS or WITHIN), looked up once a character and kept in `_EDGES`."""
    edge = _EDGES[c] = ENDS if _WORD_CHAR.match(chr(c)) is None else WITHIN
    return edge


def _padded(squeezed: str) -> tuple[str, str]:
    """`squeezed` after a space, which the automaton reads, and `squeezed` before one. A phrase that ends at offset
    e of the first (its last character) ends before offset e of `squeezed`: the automaton gives each hit its end
    with no arithmetic. And the character before a hit that starts at s is the first copy's s, the one after a hit
    that ends before e the second copy's e (a space past either end of the text): no test of the text's ends.
    Not cached, as `_squeeze` is not (its docstring says why)."""
    return " " + squeezed, squeezed + " "


def matching_text(folded: str) -> str:
    """Folded text as the matchers see it: lower case, chandrabindu read as anusvara; same length as `folded`
    (a character whose lower case is longer, like "İ", is left as it is)."""
    lowered = folded.lower()
    if len(lowered) != len(folded):
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in folded)
    return as_anusvara(lowered)


# made hundreds of times an article: a plain dataclass, hashed by value as a frozen one is, because a frozen
# dataclass's __init__ costs 3.5 times as much (1.2 µs against 0.34 µs); never changed once made
@dataclass(slots=True, unsafe_hash=True)
class Hit:
    start: int  # offsets in the folded text
    end: int
    key: str  # the phrase as folded in the vocabulary


class VocabularyFinder:
    """Several vocabularies found in one reading of the text: one automaton holds every phrase with the set of
    vocabularies it belongs to, and each hit's word edges are checked once, whatever the number of vocabularies
    (an article's five vocabularies were five readings). What each vocabulary finds is what it would find alone."""

    def __init__(self, vocabularies, find_max: int | None = None, cased=()):
        """`find_max`: the most phrases that are looked for one by one with `str.find` rather than by an automaton
        (default `FIND_MAX`; 0 in the tests that compare the two ways). `cased`: vocabularies found as written,
        capitals and all ("UP" but not "up"), in the same reading of the lower-cased text (see `spans_each`); their
        phrases must be ASCII words (no space), so that the lower case of one is what the matching text holds
        wherever the folded text holds the phrase."""
        self._count = len(vocabularies) + len(cased)
        belongs: dict[str, int] = {}  # phrase → bit i set when it is in vocabulary i
        for i, phrases in enumerate(vocabularies):
            for p in phrases:
                if p:
                    belongs[p] = belongs.get(p, 0) | 1 << i
        bad = sorted(k for k in belongs if "\t" in k or "" in k.split(" "))
        if bad:
            raise ValueError(f"phrases must be words joined by single spaces: {bad[:5]!r}")
        # a cased vocabulary: its phrases as written, read under their lower case (one key may stand for "UP" and
        # "Up" of two vocabularies, or be a phrase of a lower-cased one too: the bits say which)
        self._cased = [(len(vocabularies) + j, frozenset(p for p in phrases if p)) for j, phrases in enumerate(cased)]
        for i, phrases in self._cased:
            bad = sorted(p for p in phrases if not p.isascii() or " " in p or "\t" in p)
            if bad:
                raise ValueError(f"cased phrases must be ASCII words: {bad[:5]!r}")
            for p in phrases:
                belongs[p.lower()] = belongs.get(p.lower(), 0) | 1 << i
        # a hit is put straight into the list of each vocabulary its phrase belongs to (their indices are what the
        # automaton stores with it), with no test of the bits a hit
        self._automaton = None
        self._phrases: list[tuple[str, tuple[int, str, tuple[int, ...]]]] = []  # (phrase, what the automaton stores)
        outputs = {k: (len(k), " ".join(k.split()), tuple(i for i in range(self._count) if bits >> i & 1))
                   for k, bits in belongs.items()}
        if len(belongs) <= (FIND_MAX if find_max is None else find_max):
            self._phrases = sorted(outputs.items())
        elif belongs:
            self._automaton = _automaton(outputs)

    def find_each(self, text: str, exact: str | None = None) -> list[list[Hit]]:
        """The hits of each vocabulary in `text`, in the vocabularies' order: pass `matching_text(...)` for
        lower-cased vocabularies, the folded text for exact ones (and the cased ones' `exact`: `spans_each`)."""
        return [[Hit(*h) for h in hits] for hits in self.spans_each(text, exact)]

    def spans_each(self, text: str, exact: str | None = None) -> list[list[tuple[int, int, str]]]:
        """`find_each` as (start, end, key) tuples: what the claim builder reads, which makes no `Hit` of the 400
        hits of a 12 KB article.

        The loop a reported hit is the cost here (345 hits a 12 KB bench article, 281 of them whole words), so it
        does the least: the automaton reads a copy with a space before the text and so reports the end the hit
        tuple holds; the characters each side are read from padded copies with no test of the text's ends; and a
        hit goes straight to the list of each vocabulary it belongs to (the automaton stores their indices with the
        phrase), with no test of bits; the tuples kept are those made here. The five vocabularies of a bench
        article took 2.85 M machine instructions an article so and 2.22 M then (the automaton's reading, 0.9 M of
        them, unchanged). The hits were then put in the list of their phrase's group (the set of vocabularies it
        belongs to), a vocabulary's groups' lists merged and each vocabulary's hits sorted by start for
        `_leftmost_longest`: now each list is in the order of the ends, as the automaton reports them, and
        `_leftmost_longest` reads them so, with no sort: 1.89 → 1.79 M (callgrind, `spans_each` inclusive). Doing
        each step for all hits at once with `zip`, `map`, `itemgetter` and `compress` instead cost more (3.3 M): the
        iteration of a C tool is not cheaper than a specialised bytecode.

        The cased vocabularies come after the others: `text` is then the matching text of `exact`, the folded text
        (same length), and a whole-word hit of a cased phrase's lower case is kept when `exact` holds the phrase as
        written there, with it as the key. The eight abbreviations ("UP", "J&K", …) were a reading of their own,
        by `str.find` in the folded text and its own squeezed copies, each hit mapped and tested apart: read so,
        `extract_claims` of a 12 KB bench article went from 24.47 to 24.12 M machine instructions. The hits are the same, as the lower case of an ASCII phrase stands wherever the phrase does and lower case
        makes no word character of another (tests/test_phrases_cased.py)."""
        if (self._automaton is None and not self._phrases) or not text:
            return [[] for _ in range(self._count)]
        squeezed, to_text, unmoved = _squeeze(text)
        before, after = _padded(squeezed)
        if self._automaton is not None:
            raw = self._automaton.iter(before)  # (end, output): the end past the hit's last character in `squeezed`
        else:  # every occurrence of every phrase, overlapping ones too, as the automaton reports them
            raw = []
            for phrase, output in self._phrases:
                p = squeezed.find(phrase)
                while p >= 0:
                    raw.append((p + output[0], output))
                    p = squeezed.find(phrase, p + 1)
            raw.sort(key=_FIRST)  # by end, as the automaton reports them (`_leftmost_longest` reads them so)
        found: list[list[tuple[int, int, str]]] = [[] for _ in range(self._count)]
        _whole_words(raw, before, after, found)
        for i, written in self._cased:
            if exact is None:
                raise ValueError("cased vocabularies need the exact text")
            kept = []
            for s, e, _ in found[i]:  # few: whole words "up", "mp" of any case, a handful a 12 KB bench article
                t = s if to_text is None else to_text(s)  # the phrase holds no space: nothing squeezed within it
                as_written = exact[t:t + e - s]
                if as_written in written:
                    kept.append((s, e, as_written))
            found[i] = kept
        return [_leftmost_longest(hits, to_text, unmoved) for hits in found]


def _whole_words(raw, before: str, after: str, found: list) -> None:
    """Put each hit of `raw` (end, (back, key, vocabularies)) that stands as a whole word or words in `before` (the
    text after a space, which the automaton read) into the list in `found` of each vocabulary it belongs to, as a
    (start, end, key) tuple. The character before a hit is `before`'s start, the one after it `after`'s end
    (`_padded`).

    A function of its own so that phrases.pxd can type it: compiled, the offsets are C integers, and each edge is a
    code point read from the typed text and looked up in the byte table `_EDGES`, where a dict of characters made a
    one-character string of the text and hashed it (most characters beside a hit are Devanagari, which Python
    keeps no single copy of). `spans_each` took 1.74 M machine instructions a 12 KB bench article with the dict,
    1.43 M so (callgrind, inclusive; full 20.75 → 20.47 M); tests/test_phrases_edges.py keeps the dict and compares."""
    edges = _EDGES
    for end, (back, key, vocabularies) in raw:
        start = end - back
        c = ord(before[start])
        edge = edges[c]
        if not edge:
            edge = _learn_edge(c)
        if edge == ENDS:
            c = ord(after[end])
            edge = edges[c]
            if not edge:
                edge = _learn_edge(c)
            if edge == ENDS:  # a whole word or words
                hit = (start, end, key)
                for i in vocabularies:  # one in most hits
                    found[i].append(hit)


class PhraseFinder(VocabularyFinder):
    """One vocabulary."""

    def __init__(self, phrases, find_max: int | None = None):
        super().__init__((phrases,), find_max)

    def find(self, text: str) -> list[Hit]:
        """Hits in `text`: pass `matching_text(...)` for lower-cased vocabularies, the folded text for exact ones."""
        return self.find_each(text)[0]


# A vocabulary of at most this many phrases is looked for phrase by phrase with `str.find` (a scan in C that skips
# ahead), not by an automaton that steps through every character in a loop of its own: the eight abbreviations
# ("UP", "J&K", …) took 0.59 M machine instructions a 12 KB bench article by automaton and 0.32 M by `find`. Both
# report every occurrence of every phrase, so the hits are the same (tests/test_phrases_automaton.py compares them).
FIND_MAX = 16

# The characters of English and Hindi news text, the most frequent first (a few thousand characters of the bench's
# articles counted, rounded to a common order): see `_automaton`.
_FREQUENT = " \nाकर्ेिनीसंeमतहयtaoलinपsोrदवजhबगlैdcअुu.mशfइ,एpg।ूचwyउभbट0आ1vख2थडkधणफछओघौष-ृझठईढऊऑx"
_GUIDED = " \n"  # the characters that lead to a node of their own when no phrase starts with them (`_automaton`)


def _automaton(outputs: dict[str, tuple[int, str, tuple[int, ...]]]) -> ahocorasick.Automaton:
    """An automaton of the phrases, each storing its output (back, key, vocabularies), built so that it reads fast.

    pyahocorasick looks a character up among a node's children one by one, in the order they were added, and each
    character that continues no phrase goes back to the root and is looked up among all its children (about 70
    first letters): a space, the commonest character, was compared with each. So the phrases are added by how
    common their first character is, and a space or a line break that starts no phrase gets a child of its own
    at the head of the root's list, the first of a "guide" key that cannot be a phrase (its second character is
    NUL) and whose output (in no vocabulary) is skipped. On the bench's 12 KB articles,
    reading the five vocabularies together took 1.41 M machine instructions an article with the phrases added in
    sorted order, and 1.02 M so (the iteration alone)."""
    rank = {ch: i for i, ch in enumerate(_FREQUENT)}
    firsts = {k[0] for k in outputs}
    guides = {ch + "\x00": (1, "", ()) for ch in _GUIDED if ch not in firsts and ch + "\x00" not in outputs}
    a = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
    for k, output in sorted({**outputs, **guides}.items(), key=lambda item: (rank.get(item[0][0], len(rank)), item[0])):
        a.add_word(k, output)
    a.make_automaton()
    return a


def _leftmost_longest(found: list[tuple[int, int, str]], to_text, unmoved: int) -> list[tuple[int, int, str]]:
    """Of the whole-word hits (start, end, key) in the squeezed copy, in the order of their ends: scanning left to
    right, the longest at each position, the next one starting after its end; in the text's offsets (`_squeeze`
    says what `to_text` and `unmoved` are). The hits kept are the tuples found, not new ones.

    Read in the order the automaton reports them (by end), not sorted by start first: a hit ends no earlier than
    every hit before it, so it is the longest at its start of those read so far, and it changes the choice made so
    far only at its start. When the hits kept that start before it end no later than it starts, it wins there and
    the hits kept from its start on are dropped (none can start after its end); else it is not kept and nothing
    changes. Sorting each vocabulary's hits by start (tuples compared) took 0.17 M machine instructions a 12 KB
    bench article (tests/test_phrases_order.py keeps the sort and compares)."""
    if not found:
        return []
    out = []
    kept = 0  # len(out)
    for hit in found:
        start = hit[0]
        if not kept or out[-1][1] <= start:  # apart from the hits kept: the common case
            out.append(hit)
            kept += 1
            continue
        k = kept
        while k and out[k - 1][0] >= start:
            k -= 1
        if k == 0 or out[k - 1][1] <= start:
            del out[k:]
            out.append(hit)
            kept = k + 1
    if to_text is None:
        return out
    # the hits before the first run that lost characters stay as they are (runs stand late in most texts); the end
    # of the others is mapped through the hit's last character, not the blank after it
    moved = bisect_right(out, unmoved, key=_END)  # the hits are in order and apart: their ends are in order too
    return out[:moved] + [(to_text(s), to_text(e - 1) + 1, k) for s, e, k in out[moved:]]


_FIRST = itemgetter(0)
_END = itemgetter(1)


def _squeeze(text: str) -> tuple[str, Callable[[int], int] | None, int]:
    """The copy of `text` the automata read (each run of spaces and tabs one space), the function that maps an
    offset in it back to `text` (None when the copy is `text`), and the end up to which a hit is where it was in
    `text` (0 when the copy is `text`). One pass over the runs makes both the copy and the map (an article has a
    run or two).

    Not cached (nor `_padded`): it was when each vocabulary read the article apart, but the claim builder's
    vocabularies now read it together (`VocabularyFinder`), once an article, and the other readers read other
    texts (a title, the end of a cut text); the cache only hashed the article's matching text, a new string, and
    its squeezed copy: `spans_each` 1.79 → 1.74 M machine instructions a 12 KB bench article."""
    runs = _blank_runs(text)
    if not runs:
        return text, None, 0
    pieces: list[str] = []
    at: list[int] = []  # where each run that lost characters stands in the copy
    lost: list[int] = []  # characters lost up to and including that run
    pos = n = 0
    for a, b in runs:
        pieces.append(text[pos:a])
        pieces.append(" ")
        pos = b
        if b - a > 1:
            at.append(a - n)
            n += b - a - 1
            lost.append(n)
    pieces.append(text[pos:])
    squeezed = "".join(pieces)
    if not at:  # tabs only, each alone: one character for one
        return squeezed, None, 0

    def to_text(i: int) -> int:
        """Offset in the squeezed copy → offset in `text`. A hit starts and ends on a character that is no space or
        tab (phrases have no space at either end), so each offset lies past a whole number of squeezed runs."""
        j = bisect_left(at, i)
        return i + lost[j - 1] if j else i

    return squeezed, to_text, at[0] + 1  # a hit whose last character is no later than the first shrunk run's space


def _blank_runs(text: str) -> list[tuple[int, int]]:
    """What becomes one space in the copy the automaton reads: each run of spaces and tabs but a single space, found
    by `str.find`
    of "  " and of a tab: the scan of the text by the `regex` pattern was 0.38 M machine instructions a 12 KB bench
    article (7 of the 16 hold a run), and each article is squeezed twice, the lowered text and the folded one."""
    runs = []
    n = len(text)
    pair, tab = text.find("  "), text.find("\t")
    while pair >= 0 or tab >= 0:
        if tab < 0 or 0 <= pair < tab:
            a = pair  # a space before it would have made a pair found earlier; a tab, a tab found earlier
        else:
            a = tab - 1 if tab and text[tab - 1] == " " else tab  # a run may open with one space, never two
        b = a + 1
        while b < n and (text[b] == " " or text[b] == "\t"):
            b += 1
        runs.append((a, b))
        if pair >= 0 and pair < b:
            pair = text.find("  ", b)
        if tab >= 0 and tab < b:
            tab = text.find("\t", b)
    return runs


@lru_cache(maxsize=None)
def finders(vocabularies: tuple[frozenset[str], ...], cased: tuple[frozenset[str], ...] = ()) -> VocabularyFinder:
    """The finder of several vocabularies read together (`cased` ones after them), built once per process."""
    return VocabularyFinder(vocabularies, cased=cased)


@lru_cache(maxsize=None)
def finder(phrases: frozenset[str]) -> PhraseFinder:
    """The finder of one vocabulary, built once per process (the vocabulary is the cache key)."""
    return PhraseFinder(phrases)


CUT_WORD_MIN = 4  # letters of a cut-off last word that can stand for a vocabulary word ("completi" → completions)
_CUT_TAIL = 160  # characters before the cut word that a phrase ending in it may span
_MAX_COMPLETIONS = 16
_TRAILING_WORD = regex.compile(r"[\p{L}\p{M}]+$", regex.REVERSE)


class _EndsStem(dict):
    """character → whether `_TRAILING_WORD` can match up to it: a letter or a mark, filled as characters are met."""

    def __missing__(self, ch: str) -> bool:
        ends = self[ch] = _TRAILING_WORD.fullmatch(ch) is not None
        return ends


_ENDS_STEM = _EndsStem()


def cut_word_hits(text: str, phrases: frozenset[str]) -> list[Hit]:
    """Hits of phrases that end in the text's last word when the text stops in the middle of it.

    Scraped excerpts often stop mid-word ("… accounting for 99% of nationwide completi"): the figure is there, the
    word that says what it counts is cut. When the text ends on a letter and its last CUT_WORD_MIN or more letters
    begin a word that phrases end with, the phrases are matched as if that word were whole (each such word tried); the
    longest phrase found wins and its hit ends where the text ends. Two different phrases of that length give
    nothing: the cut word is then ambiguous.
    """
    if not text:
        return []
    # `_TRAILING_WORD` matches at the end or before one final line break, so the character there must be a letter
    # or a mark: most texts end on a stop and a line break, and are answered with no call of the pattern, which
    # tried each of the last 64 characters, four times an article (a vocabulary each): 0.09 M machine instructions
    # a 12 KB bench article, 0.02 M now (tests/test_phrases_cut_fast.py compares)
    if not _ENDS_STEM[text[-2] if text[-1] == "\n" and len(text) > 1 else text[-1]]:
        return []
    m = _TRAILING_WORD.search(text[-64:])
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
