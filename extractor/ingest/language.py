"""Guess an article's language from its script: Hindi news is written in Devanagari, English in Latin letters.

Why count letters and not use a language identifier: the only question downstream is which number words and
sentence rules to expect, and Hindi articles routinely carry Latin words ("iGOT", "Mission Karmayogi"), which is
why the thresholds leave room (85%). Furniture is ignored so an English cookie notice does not make a Hindi page
"mixed".

How the letters are counted: the per-character definition (`is_devanagari`, `is_latin`, `str.isalpha`, marks) is
evaluated once, at import, for the few hundred code points it can hold, and turned into two character classes of
code-point ranges; the article is then counted in C: spaces are dropped, everything else outside the class is
deleted and the rest is measured. On the 12 KB bench articles `detect_language` takes 0.11 ms an article where the
loop over characters took 0.7 ms (4 ms under cProfile). The stdlib `re` does the deleting: for plain code-point
ranges it is twice as fast as `regex`, and ranges of code points mean the same in both. Built from Python's own
`unicodedata`, the classes count exactly what the loop counted, whatever Unicode version a regex engine was built
with (tests/test_ingest_fast.py compares the two).

Faster still, in bytes (`script_counts`): in UTF-8 every code point of U+0900–U+097F starts with E0 A4 or E0 A5, so
`bytes.count` finds them all, and the few that do not count (dandas, digits: again asked of `counts_as_devanagari`
at import) are one bytes pattern; ASCII letters are what `bytes.translate` leaves when it deletes every other byte.
A text holding the extended block (U+A8E0–U+A8FF) or a byte that starts a non-ASCII Latin letter is counted by the
character classes above. `detect_language` took 1.39 M machine instructions for a 12 KB bench article with the
classes alone, 0.76 M with the bytes (bench harness, callgrind); the legacy-font check counts Devanagari the same way
(`devanagari_chars`).

Now an article is counted in its `char_bytes` (normalize.py: one byte a character, the Devanagari block as
0x80–0xFF), which decoding and folding made already: one `bytes.translate` deletes what is not a counted letter,
and only the characters outside ASCII and the block are asked one by one (`_kept_counts`, 0.17 M); a text with
many of those is counted as above."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from ..records.document import ExcludedSpan
from ..text.normalize import OTHER, char_bytes, char_of_byte

THRESHOLD = 0.85
# more characters outside ASCII and U+0900–U+097F than this in a text, and the `char_bytes` readers below leave it
# to the UTF-8 counts (asking each such character alone would cost more)
_MAX_OTHERS = 256
_DEVANAGARI_BLOCKS = ((0x0900, 0x097F), (0xA8E0, 0xA8FF))
_LATIN_BLOCKS = ((0x0000, 0x007F), (0x00C0, 0x024F), (0x1E00, 0x1EFF))  # what `is_latin` accepts


def is_devanagari(ch: str) -> bool:
    return "\u0900" <= ch <= "\u097f" or "\ua8e0" <= ch <= "\ua8ff"


def is_latin(ch: str) -> bool:
    return ch.isascii() or "\u00c0" <= ch <= "\u024f" or "\u1e00" <= ch <= "\u1eff"


def counts_as_devanagari(ch: str) -> bool:
    """A Devanagari letter, or a mark: vowel signs are marks, not letters, yet they are the "e" and "i" of Latin
    words — uncounted, a Hindi sentence would weigh half what its English translation does."""
    return is_devanagari(ch) and (ch.isalpha() or unicodedata.category(ch).startswith("M"))


def counts_as_latin(ch: str) -> bool:
    return not is_devanagari(ch) and ch.isalpha() and is_latin(ch)


def _other_than(blocks, keep) -> re.Pattern:
    """A pattern matching runs of characters other than the code points of `blocks` for which `keep` holds (the
    class is written as ranges: a class of hundreds of single characters is several times slower)."""
    ranges: list[list[int]] = []
    for lo, hi in blocks:
        for cp in range(lo, hi + 1):
            if keep(chr(cp)):
                if ranges and ranges[-1][1] == cp - 1:
                    ranges[-1][1] = cp
                else:
                    ranges.append([cp, cp])
    cls = "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)
    return re.compile(f"[^{cls}]+")


_NOT_DEVANAGARI = _other_than(_DEVANAGARI_BLOCKS, counts_as_devanagari)
_NOT_LATIN = _other_than(_LATIN_BLOCKS, counts_as_latin)


def _utf8_of(blocks, keep) -> list[bytes]:
    return [chr(cp).encode() for lo, hi in blocks for cp in range(lo, hi + 1) if keep(chr(cp))]


def _bytes_class(encodings: list[bytes]) -> re.Pattern:
    """A bytes pattern matching any of the (three-byte) `encodings`; one that never matches for none."""
    return re.compile(b"|".join(map(re.escape, encodings)) or b"(?!)")


# U+0900–U+097F: E0 A4 xx and E0 A5 xx; the block's code points that `counts_as_devanagari` refuses
_DEVANAGARI_LEADS = (b"\xe0\xa4", b"\xe0\xa5")
_DEVANAGARI_UNCOUNTED = _bytes_class(_utf8_of(_DEVANAGARI_BLOCKS[:1], lambda ch: not counts_as_devanagari(ch)))
_EXTENDED_LEAD = "\ua8e0".encode()[:2]  # E A3: U+A8C0–U+A8FF, counted by the character class
_ASCII_LATIN = bytes(b for b in range(128) if counts_as_latin(chr(b)))
# first bytes of the non-ASCII code points of `_LATIN_BLOCKS`: where one stands, the character class counts
_LATIN_LEADS = bytes(sorted({enc[0] for enc in _utf8_of(_LATIN_BLOCKS, lambda ch: not ch.isascii())}))
_NOT_KEPT_FOR_LATIN = bytes(b for b in range(256) if b not in _ASCII_LATIN + _LATIN_LEADS)


def devanagari_chars(text: str) -> int:
    """How many characters of `text` are in the Devanagari blocks (`is_devanagari`), letters or not."""
    data = text.encode("utf-8", "surrogatepass")
    if _EXTENDED_LEAD in data:
        return len(_ANY_DEVANAGARI.sub("", text))
    return data.count(_DEVANAGARI_LEADS[0]) + data.count(_DEVANAGARI_LEADS[1])


_ANY_DEVANAGARI = _other_than(_DEVANAGARI_BLOCKS, lambda ch: True)
_ASCII_BYTES = bytes(range(0x80))


def devanagari_chars_before(text: str, end: int) -> int:
    """`devanagari_chars(text[:end])`, read from the `char_bytes` of `text` (normalize.py): the block U+0900–U+097F
    is the bytes 0x80–0xFF, and each other character (an OTHER byte) may be of the extended block. For an article
    whose bytes are made already: a `bytes.translate` of them, not a UTF-8 encoding and two counts."""
    data = char_bytes(text)[:end]
    deva = len(data.translate(None, _ASCII_BYTES))
    others = 0  # counted as they are found, not by `bytes.count`, which looks at every byte
    i = data.find(OTHER)
    while i >= 0:
        others += 1
        if others > _MAX_OTHERS:
            return devanagari_chars(text[:end])
        deva += is_devanagari(text[i])
        i = data.find(OTHER, i + 1)
    return deva


def script_counts(text: str) -> tuple[int, int]:
    """(Devanagari letters and marks, Latin letters) of `text`: the sums of `counts_as_devanagari` and
    `counts_as_latin` over its characters (module docstring)."""
    data = text.encode("utf-8", "surrogatepass")  # a lone surrogate is no letter, and E D xx starts no letter here
    if _EXTENDED_LEAD in data:
        deva = len(_NOT_DEVANAGARI.sub("", text.replace(" ", "")))
    else:
        deva = (data.count(_DEVANAGARI_LEADS[0]) + data.count(_DEVANAGARI_LEADS[1])
                - len(_DEVANAGARI_UNCOUNTED.findall(data)))
    latin_bytes = data.translate(None, _NOT_KEPT_FOR_LATIN)
    if latin_bytes.isascii():
        latin = len(latin_bytes)
    else:  # a non-ASCII Latin letter (or a byte that only looks like the start of one)
        latin = len(_NOT_LATIN.sub("", text.replace(" ", "")))
    return deva, latin


# `char_bytes` bytes (normalize.py) as `_kept_counts` reads them: a counted Devanagari letter or mark becomes "d", a
# counted Latin letter "l", OTHER stays (a character to ask about); the other bytes are deleted
_LETTER_OF_BYTE = bytes(ord("d") if counts_as_devanagari(char_of_byte(b)) else ord("l")
                        if counts_as_latin(char_of_byte(b)) else b for b in range(256))
_NOT_LETTER_BYTE = bytes(b for b in range(256) if _LETTER_OF_BYTE[b] not in b"dl" and b != OTHER)


def detect_language(text: str, excluded: Iterable[ExcludedSpan] = (), start: int = 0) -> str:
    """"hi", "en" or "mixed" for `text[start:]` outside the `excluded` spans; "mixed" when there are no letters."""
    keep = []
    pos = start
    for span in sorted(excluded, key=lambda s: s.start):
        if span.end <= pos:
            continue
        if span.start > pos:
            keep.append((pos, span.start))
        pos = max(pos, span.end)
    keep.append((pos, len(text)))
    deva, latin = _kept_counts(text, keep)
    total = deva + latin
    if not total:
        return "mixed"
    if deva / total >= THRESHOLD:
        return "hi"
    if latin / total >= THRESHOLD:
        return "en"
    return "mixed"


def _kept_counts(text: str, keep: list[tuple[int, int]]) -> tuple[int, int]:
    """`script_counts` of the joined slices `keep` of `text`, read from its `char_bytes`: the article's, which
    folding made already. The two blocks' letters are counted by deleting the other bytes; the characters outside
    them (OTHER bytes: quotes, bullets, "₹", an "é" now and then) are asked one by one.

    Why: `script_counts` encodes the joined text to UTF-8 and scans it three times; on the 12 KB bench articles
    `detect_language` took 0.76 M machine instructions an article with it, 0.17 M now (tests/test_char_bytes.py
    compares the two)."""
    data = char_bytes(text)
    letters = b"".join([data[a:b] for a, b in keep]).translate(_LETTER_OF_BYTE, _NOT_LETTER_BYTE)
    deva = letters.count(b"d")
    others = 0
    other_deva = other_latin = 0
    for a, b in keep:
        i = data.find(OTHER, a, b)
        while i >= 0:
            others += 1
            if others > _MAX_OTHERS:
                return script_counts("".join([text[a:b] for a, b in keep]))
            ch = text[i]
            other_deva += counts_as_devanagari(ch)
            other_latin += counts_as_latin(ch)
            i = data.find(OTHER, i + 1, b)
    return deva + other_deva, len(letters) - deva - others + other_latin
