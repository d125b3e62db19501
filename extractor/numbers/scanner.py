"""The tokens of one folded text with the number lexicon, and the questions every reading step asks about them
("is token i glued to the one before?", "does a phrase of this table start here?"). Holds no reading state: the
only thing it remembers is a cache of ordinal stems, which depends on nothing but the lexicon.

For speed (see tokens.py): the questions, and the reading steps, read the token lists; no `Token` is made (one for
each of the 41 tokens a 12 KB article's reading looked at cost 0.12 M instructions).
phrase_at and phrase_before first ask whether any phrase of the table begins (ends) with the token's key, which
most tokens fail: without it a 12 KB article took 15.7 M machine instructions to read, with it 12.2 M. Whether a
line break stands before a token is looked up in `line_breaks`, found once per text, instead of slicing the gap
(about 320 questions a 12 KB article): 0.5 M instructions an article less; phrase tables' edges read without a
call, and the fields of a token read instead of making a `Token` in the steps run for every number: 0.4 M less.
A phrase is grown a token at a time only while its key begins (ends) a longer phrase of the table, not asked at
each length up to four: 0.19 M less (10.08 M → 9.89 M for parse_numbers, with PYTHONHASHSEED=0)."""
from __future__ import annotations

from bisect import bisect_right
from decimal import Decimal
from itertools import chain

from ..lang import NumberLexicon
from ..text.normalize import FoldedText
from .tokens import digits_value, token_key, tokenize

_MAX_TOKENS_PER_PHRASE = 4
# Characters that make a phrase's key differ from its first (or last) token's key at the start (or end): the
# capital sigma, whose lower case depends on the letters after it, and the separators \x1c-\x1f, which
# `str.split` takes for spaces and the tokenizer does not. A text with none of them lets phrase_at and
# phrase_before reject a start whose token begins no phrase of the table (`phrase_edges`). (Looked for with `in`:
# a regex search for them took 0.57 M instructions a 12 KB article, `in` 0.02 M.)
_KEY_CONTEXT = "\u03a3\x1c\x1d\x1e\x1f"
_EDGES: dict[int, tuple[object, frozenset[str], frozenset[str], frozenset[str], frozenset[str]]] = {}


def phrase_edges(table) -> tuple[frozenset[str], frozenset[str]]:
    """Every beginning and every end of the phrases of a lexicon table ("से", "से अ", … of "से अधिक"); computed once
    per table (the lexicon does not change once loaded; the table is kept with them, so its id is never reused)."""
    return _edges(table)[1:3]


def _edges(table) -> tuple[object, frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """(table, its phrases' beginnings, their ends, the beginnings that a longer phrase goes on from, the ends
    that a longer phrase ends with)."""
    entry = _EDGES.get(id(table))
    if entry is None or entry[0] is not table:
        starts = frozenset(p[:k] for p in table for k in range(1, len(p) + 1))
        ends = frozenset(p[-k:] for p in table for k in range(1, len(p) + 1))
        go_on = frozenset(p[:k] for p in table for k in range(1, len(p)))
        go_back = frozenset(p[-k:] for p in table for k in range(1, len(p)))
        entry = _EDGES[id(table)] = (table, starts, ends, go_on, go_back)
    return entry


def _line_breaks(s: str, starts: list[int]) -> frozenset[int]:
    """The tokens i with a line break between token i-1 and token i ("\\n" in gap(i)). No token holds a line break,
    so one at p is before the first token that starts after it; the search goes on from that token."""
    n = len(starts)
    breaks = set()
    p = s.find("\n")
    while p >= 0:
        i = bisect_right(starts, p)
        if i >= n:
            break
        if i > 0:
            breaks.add(i)
        p = s.find("\n", starts[i])
    return frozenset(breaks)


def _is_full_scale(lex: NumberLexicon, key: str) -> bool:
    """A scale word that may start a number ("लाख", "crore"; not "k", "cr", nor "नील" = indigo)."""
    return key in lex.scales and key not in lex.abbreviated_scales and key not in lex.bound_scales


_WORDS_READ: dict[int, tuple[NumberLexicon, frozenset[str]]] = {}


def words_read(lex: NumberLexicon) -> frozenset[str]:
    """The keys of the words at which reading may find something (`_Reader._read_at`): months, the words a number
    may start with, and a number word or scale with a unit suffix glued on ("दोगुना", "tenfold": every word
    `_Reader._multiple` reads). Made once per lexicon (kept with it, so that its id is not reused). The tokenizer
    notes the tokens with these keys as it goes (`Tokens.may_start`): picking them out of all an article's keys
    afterwards, a set look-up a token and a sort with the digits, cost 0.33 M instructions a bench article."""
    entry = _WORDS_READ.get(id(lex))
    if entry is None or entry[0] is not lex:
        stems = [*lex.number_words, *(key for key in lex.scales if _is_full_scale(lex, key))]
        multiples = (stem + suffix for stem in stems for suffix in lex.unit_suffixes)
        entry = _WORDS_READ[id(lex)] = (lex, frozenset(chain(lex.months, lex.number_starters, multiples)))
    return entry[1]


class Scanner:
    """Token i is `kinds[i]`, `starts[i]`, …: the questions below read the token lists directly."""
    __slots__ = ("ft", "s", "lex", "n", "_stems", "keys_compose", "kinds", "starts", "ends", "texts", "keys",
                 "values", "numbers", "may_start", "line_breaks")

    def __init__(self, ft: FoldedText, lex: NumberLexicon):
        self.ft = ft
        self.s = ft.text
        self.lex = lex
        tokens = tokenize(ft.text, lex.punctuated_words, words_read(lex))
        self.kinds, self.starts, self.ends, self.texts, self.keys, self.values, self.numbers = (
            tokens.kinds, tokens.starts, tokens.ends, tokens.texts, tokens.keys, tokens.values, tokens.numbers)
        self.may_start = tokens.may_start  # the tokens of digits and of `words_read`, in order
        self.n = len(tokens.kinds)
        self._stems: dict[str, str | None] = {}
        # a phrase's key begins with its first token's key and ends with its last one's (see _KEY_CONTEXT)
        self.keys_compose = not any(ch in self.s for ch in _KEY_CONTEXT)
        self.line_breaks = _line_breaks(self.s, self.starts)

    # -- where tokens are ------------------------------------------------------------------------------------
    def gap(self, i: int) -> str:
        """The folded text between token i-1 and token i."""
        if i <= 0 or i >= self.n:
            return ""
        return self.s[self.ends[i - 1]:self.starts[i]]

    def glued(self, i: int) -> bool:
        """Token i touches token i-1 (no space)."""
        return 0 < i < self.n and self.ends[i - 1] == self.starts[i]

    def letter_glued_after(self, i: int) -> bool:
        """Token i+1 is a word touching token i ("180मिलि", "4थे", "10k")."""
        return i + 1 < self.n and self.kinds[i + 1] == "word" and self.starts[i + 1] == self.ends[i]

    def key_of(self, a: int, b: int) -> str:
        """The dictionary key of tokens a..b-1 with the text between them."""
        return token_key(self.s[self.starts[a]:self.ends[b - 1]])

    def key_at(self, i: int) -> str:
        """key_of(i, i + 1): a word's key is kept, another token's is its text's."""
        return self.keys[i] if self.kinds[i] == "word" else token_key(self.texts[i])

    # -- phrases of a lexicon table --------------------------------------------------------------------------
    def phrase_at(self, i: int, table) -> int:
        """Length in tokens of the longest phrase of `table` starting at token i (0 when none)."""
        if i >= self.n:
            return 0
        if not self.keys_compose:
            return self._every_phrase_at(i, table)
        # the key of tokens i..i+n-1 begins with the key of i..i+n-2 (see _KEY_CONTEXT): once it begins no phrase
        # that goes on, no longer one is in the table; the first token's key is its own (key_at)
        key = self.keys[i] if self.kinds[i] == "word" else token_key(self.texts[i])
        entry = _EDGES.get(id(table))  # _edges(table), without a call for the many known tables
        if entry is None or entry[0] is not table:
            entry = _edges(table)
        if key not in entry[1]:
            return 0
        go_on = entry[3]
        best = 1 if key in table else 0
        n = 1
        while key in go_on and n < _MAX_TOKENS_PER_PHRASE and i + n < self.n and i + n not in self.line_breaks:
            n += 1
            key = self.key_of(i, i + n)
            if key in table:
                best = n
        return best

    def phrase_before(self, i: int, table) -> int:
        """Length in tokens of the longest phrase of `table` ending just before token i."""
        if i <= 0:
            return 0
        if not self.keys_compose:
            return self._every_phrase_before(i, table)
        # as in phrase_at, from the end: the key of tokens i-n..i-1 ends with the key of i-n+1..i-1
        key = self.keys[i - 1] if self.kinds[i - 1] == "word" else token_key(self.texts[i - 1])
        entry = _EDGES.get(id(table))
        if entry is None or entry[0] is not table:
            entry = _edges(table)
        if key not in entry[2]:
            return 0
        go_back = entry[4]
        best = 1 if key in table else 0
        n = 1
        while key in go_back and n < _MAX_TOKENS_PER_PHRASE and i - n > 0 and i - n not in self.line_breaks:
            n += 1
            key = self.key_of(i - n, i)
            if key in table:
                best = n
        return best

    def _every_phrase_at(self, i: int, table) -> int:
        """phrase_at for a text whose keys need not compose (see _KEY_CONTEXT): every length asked."""
        best = 0
        for n in range(1, _MAX_TOKENS_PER_PHRASE + 1):
            if i + n > self.n:
                break
            if n > 1 and i + n - 1 in self.line_breaks:
                break
            if self.key_of(i, i + n) in table:
                best = n
        return best

    def _every_phrase_before(self, i: int, table) -> int:
        """phrase_before for a text whose keys need not compose: every length asked."""
        best = 0
        for n in range(1, _MAX_TOKENS_PER_PHRASE + 1):
            if i - n < 0:
                break
            if n > 1 and i - n + 1 in self.line_breaks:
                break
            if self.key_of(i - n, i) in table:
                best = n
        return best

    def is_word(self, i: int, table) -> bool:
        return i < self.n and self.kinds[i] == "word" and self.keys[i] in table

    # -- what a token can be ---------------------------------------------------------------------------------
    def num_value(self, i: int) -> Decimal:
        """The value of token i, a number."""
        value = self.values.get(i)
        return value if value is not None else digits_value(self.texts[i])

    def is_full_scale(self, key: str) -> bool:
        """A scale word that may start a number (`_is_full_scale`)."""
        return _is_full_scale(self.lex, key)

    def scale_of(self, i: int) -> int | None:
        """The scale token i names, a word ("लाख", "k", "L"), else None."""
        if self.kinds[i] != "word":
            return None
        value = self.lex.scales.get(self.keys[i])
        return value if value is not None else self.lex.cased_scales.get(self.texts[i])

    def in_name(self, j: int) -> bool:
        """Token j is inside a name in which its number word is no number ("पद्म श्री", "वड़ा पाव")."""
        if self.keys[j] not in self.lex.not_number_words:
            return False
        for a in range(max(0, j - _MAX_TOKENS_PER_PHRASE + 1), j + 1):
            for b in range(j + 1, min(self.n, a + _MAX_TOKENS_PER_PHRASE) + 1):
                if b - a > 1 and self.key_of(a, b) in self.lex.not_number_phrases:
                    return True
        return False

    def can_start(self, i: int) -> bool:
        kind = self.kinds[i]
        if kind == "num":
            return True
        if kind != "word" or self.keys[i] not in self.lex.number_starters:
            return False
        if self.keys[i] in self.lex.weak_number_words and not self.weak_start(i):
            return False
        return not self.in_name(i)

    def weak_start(self, i: int) -> bool:
        """A weak number word ("वन") starts a number only after a minus word ("माइनस वन")."""
        return i > 0 and self.keys[i - 1] in self.lex.minus_words

    def prefix_applies(self, j: int) -> bool:
        """A fraction prefix (सवा, साढ़े) shifts the number at token j; else "सवा" alone is a fraction word."""
        kind, key = self.kinds[j], self.keys[j]
        return kind == "num" or (kind == "word" and (key in self.lex.number_words or self.is_full_scale(key)))

    def next_is_hundred(self, j: int) -> bool:
        """Token j+1 is a scale up to a hundred ("3 सौ", "दो दर्जन"): token j is its multiplier, not units."""
        return j + 1 < self.n and self.kinds[j + 1] == "word" and self.lex.scales.get(self.keys[j + 1], 1000) <= 100

    def next_is_fraction_word(self, j: int) -> bool:
        """Token j+1 makes token j a numerator ("और तीन चौथाई", "और दो का पांचवां")."""
        if not (j + 1 < self.n and self.kinds[j + 1] == "word"):
            return False
        key, lex = self.keys[j + 1], self.lex
        return key in lex.denominators or key in lex.over_words or key in lex.of_words or key in lex.of_after_words

    def ordinal_stem(self, key: str) -> str | None:
        """"पांचवां" → "पांच", "खरबवां" → "खरब": a number word or scale with an ordinal ending."""
        if key in self._stems:
            return self._stems[key]
        lex = self.lex
        stem = None
        if key not in lex.number_words and key not in lex.scales:
            for suf in lex.fraction_ordinal_suffixes:
                if key.endswith(suf) and len(key) > len(suf):
                    cand = key[:-len(suf)]
                    if cand in lex.number_words or cand in lex.scales:
                        stem = cand
                        break
        self._stems[key] = stem
        return stem
