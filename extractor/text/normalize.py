"""Fold text for matching, keeping a map back to the original characters.

Why not just `unicodedata.normalize`: NFC changes the length of Devanagari (the precomposed nukta letters
U+0958–U+095F are composition exclusions and *decompose* under NFC), and evidence offsets must point into the
article exactly as written. So we fold one source character at a time and remember where every folded
character came from.

What folding does, narrowly (fold only what matters for matching: docs/decisions.md, "Folding is narrow"):
- NFC per character, then the nukta is dropped (हज़ार → हजार, करोड़ → करोड) — the lexicons use the same fold;
- Devanagari (and other Unicode decimal) digits → ASCII digits (१८.८ → 18.8);
- zero-width joiners/non-joiners, soft hyphen, BOM and bidi marks are dropped;
- no-break and other Unicode spaces → " "; dashes and minus signs → "-"; "٫"/"·" are left alone.
Case is kept (the matchers compare case-insensitively); `fold_key` adds lower case and chandrabindu → anusvara
for dictionary keys.
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from array import array
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence


NUKTA = "\u093c"
_DROP = {
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad",  # zero-width, soft hyphen, BOM
    "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
    NUKTA,
}
_SPACES = {"\u00a0", "\u2007", "\u202f", "\u2009", "\u200a", "\u2002", "\u2003", "\u2004", "\u2005", "\u2006",
           "\u2008", "\u3000", "\u205f", "\u1680"}
_DASHES = {"\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2212", "\ufe63", "\uff0d"}


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in _DROP:
        return ""
    if ch in _SPACES:
        return " "
    if ch in _DASHES:
        return "-"
    if ch.isdecimal() and not ch.isascii():
        return str(unicodedata.decimal(ch))
    if ch.isascii():
        return ch
    out = unicodedata.normalize("NFC", ch)
    if NUKTA in out:
        out = out.replace(NUKTA, "")
    return out


@dataclass(frozen=True)
class FoldedText:
    """`text` is the folded string; `origin[i]` is the offset in the original of folded character i, and
    `origin[len(text)]` is the original length, so a folded span [a, b) maps back to [origin[a], end_of(b)).

    `origin` is a `range` when nothing folded (no memory at all) and else an `array` of machine integers: a tuple
    of Python ints cost 36 bytes a character, 720 MB for a 20 MB article (issue 14)."""

    original: str
    text: str
    origin: Sequence[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of the folded span [start, end)."""
        origin = self.origin
        if end <= start:
            o = origin[start]
            return o, o
        # end maps to just after the original character that produced folded char end-1
        last = origin[end - 1]
        o_end = origin[end]  # at the text's end too: `origin[len(text)]` is the original's length
        if o_end == last + 1:  # nothing dropped after the last character: the usual case
            return origin[start], o_end
        # characters dropped between last and the next kept one (a nukta, a ZWJ) belong to the span when they
        # are combining marks of the last letter — keep them so the quote shows the letter as written
        while o_end > last + 1 and not _is_combining_tail(self.original[o_end - 1]):
            o_end -= 1
        return self.origin[start], max(o_end, last + 1)

    def spans(self, hits: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """`span` of each hit (start, end, key), as (original start, original end, key): an article's ~350
        vocabulary hits mapped in one call, the usual case inline. With the claim builder's exclusions read in one
        pass too (`_ClaimBuilder._visible`), `extract_claims` of a 12 KB bench article went from 32.85 to 32.51 M
        machine instructions (a call of `span` and one of `_excluded` a hit)."""
        origin = self.origin
        if isinstance(origin, range):  # nothing folded: a span is its own (an empty one starts and ends at start)
            return [(start, end if end > start else start, key) for start, end, key in hits]
        out = []
        for start, end, key in hits:
            if end > start:
                o_end = origin[end]
                if o_end == origin[end - 1] + 1:  # nothing dropped after the last character: as in `span`
                    out.append((origin[start], o_end, key))
                    continue
            a, b = self.span(start, end)
            out.append((a, b, key))
        return out

    def folded(self, start: int, end: int) -> str:
        """`fold(original[start:end]).text`, cut from the folded whole instead of folded again: folding is one
        character at a time, so the fold of a piece is the piece of the fold."""
        if isinstance(self.origin, range):
            return self.text[start:end]
        return self.text[bisect_left(self.origin, start):bisect_left(self.origin, end)]


def _is_combining_tail(ch: str) -> bool:
    return ch == NUKTA or unicodedata.category(ch) in ("Mn", "Mc")


def fold(text: str) -> FoldedText:
    """Fold `text` for matching; see the module docstring. Cached: every stage folds the same article. A short
    piece (a date, a title, the words between two figures) is cached apart: an article's 17 dates, folded one by
    one, pushed the article itself out of a cache of 16 and the next stage folded all of it again."""
    if len(text) <= _PHRASE_CHARS:
        return _fold_piece(text)
    return _fold_article(text)


@lru_cache(maxsize=16)
def _fold_article(text: str) -> FoldedText:
    return _fold(text)


@lru_cache(maxsize=1 << 10)  # at most 200 characters each: about 2 MB when full
def _fold_piece(text: str) -> FoldedText:
    return _fold(text)


def _clear_fold_caches() -> None:
    _fold_article.cache_clear()
    _fold_piece.cache_clear()
    _article_bytes.cache_clear()


fold.cache_clear = _clear_fold_caches  # as on an lru_cache: the bench and tests empty both


# Characters that fold to themselves, whatever the text: ASCII, and the Devanagari block but for the nukta, the
# nukta letters and the digits (tests/test_normalize.py checks each). Only the others are looked at one by one:
# a set of every character of a Hindi article was a third of folding it.
_SURELY_KEPT = "\x00-\x7f\u0900-\u093b\u093d-\u0957\u0960-\u0965\u0970-\u097f"
_MAY_FOLD = re.compile(f"[^{_SURELY_KEPT}]")  # stdlib `re`: plain code-point ranges, a third faster than `regex`
# Offsets 0, 1, 2, … once, for texts up to this length: a run of unchanged characters maps to a slice of it (a copy
# of machine integers) instead of an int made per character; longer texts make their ranges as before.
_IDENTITY_MAX = 1 << 20
_identity = array("q")

# `char_bytes`: ASCII as itself, the Devanagari block U+0900–U+097F as 0x80–0xFF, any other character as "?"
_CHAR_BYTE = codecs.charmap_build("".join(map(chr, range(0x80))) + "".join(map(chr, range(0x900, 0x980))))
OTHER = ord("?")  # the byte of "?" and of every character outside those two blocks


def char_of_byte(b: int) -> str:
    """The character whose `char_bytes` byte is `b` (for OTHER: "?", one of many)."""
    return chr(b if b < 0x80 else b + 0x900 - 0x80)


# `_fold` looks at the characters whose byte this table turns into OTHER: the ones `_SURELY_KEPT` leaves out
_FOLD_CANDIDATES = bytes(OTHER if _MAY_FOLD.match(char_of_byte(b)) else b for b in range(256))
# more candidates than this share of the text (a Tamil or Bengali article: every character is "?"), and the class
# scan finds the few that fold faster than a look at each candidate
_MAX_CANDIDATE_SHARE = 1 / 8


def char_bytes(text: str) -> bytes:
    """One byte a character of `text`, each standing where its character stands: ASCII as itself, the Devanagari
    block U+0900–U+097F as 0x80–0xFF, any other character as OTHER ("?", which "?" itself is too).

    Why: Hindi and English articles are made of these two blocks, and `bytes.translate`, `count` and `find` answer
    questions about the bytes at C speed where a regex class tests each character (a call a character): folding,
    the clean-text check of decode.py and the script counts of language.py read these bytes instead of scanning
    the text each. Made by one charmap encoding (0.3 M machine instructions for a 12 KB bench article) and kept
    for the article's last readers (`fold.cache_clear` empties it)."""
    if len(text) <= _PHRASE_CHARS:
        return _char_bytes(text)
    return _article_bytes(text)


def _char_bytes(text: str) -> bytes:
    if text.isascii():  # its own bytes: a copy, not a look-up a character
        return text.encode("ascii")
    return codecs.charmap_encode(text, "replace", _CHAR_BYTE)[0]


_article_bytes = lru_cache(maxsize=2)(_char_bytes)


def _offsets(a: int, b: int, longest: int):
    """The offsets a, a+1, …, b-1, as something an `array("q")` extends by."""
    if longest > _IDENTITY_MAX:
        return range(a, b)
    if len(_identity) < longest:
        _identity.extend(range(len(_identity), longest))
    return _identity[a:b]


def _fold(text: str) -> FoldedText:
    """Folded one character at a time, the characters that fold to something else found in `char_bytes`: the
    candidates are the characters `_SURELY_KEPT` leaves out (and "?"), found by `bytes.find` in the bytes
    translated once; a text with many of them is scanned by `_MAY_FOLD` instead (`_fold_by_class`).

    The two class scans took 0.97 M machine instructions for a 12 KB bench article; the bytes take 0.65 M, 0.36 M
    when the reader made them before (decode.py does, for the clean-text check; tests/test_char_bytes.py compares
    the two ways)."""
    if text.isascii():
        return FoldedText(text, text, range(len(text) + 1))
    marks = char_bytes(text).translate(_FOLD_CANDIDATES)
    out: list[str] = []
    origin = array("q")
    pos = 0
    n = len(text)
    budget = _MAX_CANDIDATE_SHARE * n  # candidates looked at before the class scan takes over
    i = marks.find(OTHER)
    while i >= 0:
        budget -= 1
        if budget < 0:
            return _fold_by_class(text)
        ch = text[i]
        f = _fold_char(ch)
        if f != ch:
            if i > pos:
                out.append(text[pos:i])
                origin.extend(_offsets(pos, i, n))
            if f:
                out.append(f)
                origin.extend([i] * len(f))
            pos = i + 1
        i = marks.find(OTHER, i + 1)
    if not pos:  # nothing folded
        return FoldedText(text, text, range(n + 1))
    if pos < n:
        out.append(text[pos:])
        origin.extend(_offsets(pos, n, n))
    origin.append(n)
    return FoldedText(text, "".join(out), origin)


def _fold_by_class(text: str) -> FoldedText:
    """`_fold` by two scans of the text with regex classes: the characters that may fold, then those that do."""
    if text.isascii():
        return FoldedText(text, text, range(len(text) + 1))
    # only the characters that fold to something else need work; copy the runs between them whole
    special = [ch for ch in set(_MAY_FOLD.findall(text)) if _fold_char(ch) != ch]
    if not special:
        return FoldedText(text, text, range(len(text) + 1))
    out: list[str] = []
    origin = array("q")
    pos = 0
    n = len(text)
    for m in re.finditer("[" + "".join(re.escape(ch) for ch in special) + "]", text):
        i = m.start()
        if i > pos:
            out.append(text[pos:i])
            origin.extend(_offsets(pos, i, n))
        f = _fold_char(text[i])
        if f:
            out.append(f)
            origin.extend([i] * len(f))
        pos = i + 1
    if pos < n:
        out.append(text[pos:])
        origin.extend(_offsets(pos, n, n))
    origin.append(n)
    return FoldedText(text, "".join(out), origin)


_CHANDRABINDU = "\u0901"
_ANUSVARA = "\u0902"


def fold_key(word: str) -> str:
    """The dictionary key of a word or phrase: folded, lower case, chandrabindu read as anusvara, spaces squeezed.
    Used by the lexicon loader and by every lookup, so both sides fold the same way."""
    if len(word) > _PHRASE_CHARS:  # a whole text (a story signature): through fold's own cache, kept for articles
        return folded_key(fold(word).text)
    return _phrase_key(word)


_PHRASE_CHARS = 200  # longer is an article's text (fold, fold_key): kept in the small cache of articles


@lru_cache(maxsize=1 << 14)
def _phrase_key(phrase: str) -> str:
    """`fold_key` of a word or short phrase, cached apart from `fold`: its 16 places are for articles, and a lookup
    of a word must not push the article out of them."""
    return folded_key(_fold(phrase).text)


def folded_key(folded: str) -> str:
    """`fold_key` of text that is folded already (a token of the folded article): the one place that says how a
    key is made."""
    return " ".join(as_anusvara(folded.lower()).split())


def as_anusvara(s: str) -> str:
    """Chandrabindu read as anusvara (हँस = हंस): writers use them interchangeably; the length stays the same."""
    return s.replace(_CHANDRABINDU, _ANUSVARA)
