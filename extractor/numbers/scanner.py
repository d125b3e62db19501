"""The tokens of one folded text with the number lexicon, and the questions every reading step asks about them
("is token i glued to the one before?", "does a phrase of this table start here?"). Holds no reading state: the
only thing it remembers is a cache of ordinal stems, which depends on nothing but the lexicon."""
from __future__ import annotations

from decimal import Decimal

from ..lang import NumberLexicon
from ..text.normalize import FoldedText
from .tokens import Token, digits_value, token_key, tokenize

_MAX_TOKENS_PER_PHRASE = 4


class Scanner:
    __slots__ = ("ft", "s", "lex", "toks", "n", "_stems")

    def __init__(self, ft: FoldedText, lex: NumberLexicon):
        self.ft = ft
        self.s = ft.text
        self.lex = lex
        self.toks: list[Token] = tokenize(ft.text, lex.punctuated_words)
        self.n = len(self.toks)
        self._stems: dict[str, str | None] = {}

    # -- where tokens are ------------------------------------------------------------------------------------
    def gap(self, i: int) -> str:
        """The folded text between token i-1 and token i."""
        if i <= 0 or i >= self.n:
            return ""
        return self.s[self.toks[i - 1].end:self.toks[i].start]

    def glued(self, i: int) -> bool:
        """Token i touches token i-1 (no space)."""
        return 0 < i < self.n and self.toks[i - 1].end == self.toks[i].start

    def letter_glued_after(self, i: int) -> bool:
        """Token i+1 is a word touching token i ("180मिलि", "4थे", "10k")."""
        return i + 1 < self.n and self.toks[i + 1].kind == "word" and self.toks[i + 1].start == self.toks[i].end

    def key_of(self, a: int, b: int) -> str:
        """The dictionary key of tokens a..b-1 with the text between them."""
        return token_key(self.s[self.toks[a].start:self.toks[b - 1].end])

    # -- phrases of a lexicon table --------------------------------------------------------------------------
    def phrase_at(self, i: int, table) -> int:
        """Length in tokens of the longest phrase of `table` starting at token i (0 when none)."""
        best = 0
        for n in range(1, _MAX_TOKENS_PER_PHRASE + 1):
            if i + n > self.n:
                break
            if n > 1 and "\n" in self.gap(i + n - 1):
                break
            if self.key_of(i, i + n) in table:
                best = n
        return best

    def phrase_before(self, i: int, table) -> int:
        """Length in tokens of the longest phrase of `table` ending just before token i."""
        best = 0
        for n in range(1, _MAX_TOKENS_PER_PHRASE + 1):
            if i - n < 0:
                break
            if n > 1 and "\n" in self.gap(i - n + 1):
                break
            if self.key_of(i - n, i) in table:
                best = n
        return best

    def is_word(self, i: int, table) -> bool:
        return i < self.n and self.toks[i].kind == "word" and self.toks[i].key in table

    # -- what a token can be ---------------------------------------------------------------------------------
    def num_value(self, t: Token) -> Decimal:
        return t.value if t.value is not None else digits_value(t.text)

    def is_full_scale(self, key: str) -> bool:
        """A scale word that may start a number ("लाख", "crore"; not "k", "cr", nor "नील" = indigo)."""
        lex = self.lex
        return key in lex.scales and key not in lex.abbreviated_scales and key not in lex.bound_scales

    def scale_of(self, t: Token) -> int | None:
        """The scale a word token names ("लाख", "k", "L"), else None."""
        if t.kind != "word":
            return None
        value = self.lex.scales.get(t.key)
        return value if value is not None else self.lex.cased_scales.get(t.text)

    def in_name(self, j: int) -> bool:
        """Token j is inside a name in which its number word is no number ("पद्म श्री", "वड़ा पाव")."""
        if self.toks[j].key not in self.lex.not_number_words:
            return False
        for a in range(max(0, j - _MAX_TOKENS_PER_PHRASE + 1), j + 1):
            for b in range(j + 1, min(self.n, a + _MAX_TOKENS_PER_PHRASE) + 1):
                if b - a > 1 and self.key_of(a, b) in self.lex.not_number_phrases:
                    return True
        return False

    def can_start(self, i: int) -> bool:
        t = self.toks[i]
        if t.kind == "num":
            return True
        if t.kind != "word" or t.key not in self.lex.number_starters:
            return False
        if t.key in self.lex.weak_number_words and not self.weak_start(i):
            return False
        return not self.in_name(i)

    def weak_start(self, i: int) -> bool:
        """A weak number word ("वन") starts a number only after a minus word ("माइनस वन")."""
        return i > 0 and self.toks[i - 1].key in self.lex.minus_words

    def prefix_applies(self, j: int) -> bool:
        """A fraction prefix (सवा, साढ़े) shifts the number at token j; else "सवा" alone is a fraction word."""
        t = self.toks[j]
        return t.kind == "num" or (t.kind == "word" and (t.key in self.lex.number_words or self.is_full_scale(t.key)))

    def next_is_hundred(self, j: int) -> bool:
        """Token j+1 is a scale up to a hundred ("3 सौ", "दो दर्जन"): token j is its multiplier, not units."""
        nxt = self.toks[j + 1] if j + 1 < self.n else None
        return nxt is not None and nxt.kind == "word" and self.lex.scales.get(nxt.key, 1000) <= 100

    def next_is_fraction_word(self, j: int) -> bool:
        """Token j+1 makes token j a numerator ("और तीन चौथाई", "और दो का पांचवां")."""
        nxt = self.toks[j + 1] if j + 1 < self.n else None
        lex = self.lex
        return nxt is not None and nxt.kind == "word" and (
            nxt.key in lex.denominators or nxt.key in lex.over_words or nxt.key in lex.of_words
            or nxt.key in lex.of_after_words)

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
