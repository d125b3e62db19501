"""Lines of a text with their offsets, for the line-based furniture and byline rules.

Scraped articles flattened to text keep one paragraph per line, so "a line" is the unit a marker excludes.
Only "\\r\\n", "\\r" and "\\n" end a line (str.splitlines also splits on form feeds and U+2028, which an editor
does not show as new lines, and the offsets must match what an editor shows).

Speed: a `Line` is a named tuple made in C (`tuple.__new__` over zipped offsets and texts), and a text whose lines
all end alike ("\\n" only, or "\\r\\n" only: nearly every article) is cut by `str.split`, its offsets summed by
`itertools.accumulate`; mixed or lone "\\r" endings go through the regex as before. On the 12 KB bench articles
(88 lines) `iter_lines` took 1.12 M machine instructions an article as a loop making frozen dataclasses, and
0.36 M now (tests/test_ingest_fast.py compares it with the regex loop)."""
from __future__ import annotations

from collections.abc import Iterator
from itertools import accumulate, repeat
from operator import add
from typing import NamedTuple

import regex

_EOL = regex.compile(r"\r\n|\r|\n")


class Line(NamedTuple):
    start: int  # offset of the first character
    end: int  # offset just after the last character, before the line ending
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


_new_line = tuple.__new__  # Line(start, end, text) without a Python-level __new__ per line


def iter_lines(text: str, start: int = 0) -> list[Line]:
    eol = _only_line_ending(text, start)
    if eol is None:
        return list(lazy_lines(text, start))
    pieces = text[start:].split(eol)
    if not pieces[-1]:
        pieces.pop()  # the text ends with a line ending (or is empty): no line after it
    lengths = list(map(len, pieces))
    starts = list(accumulate(map(len(eol).__add__, lengths), initial=start))  # after the lines and endings before
    return list(map(_new_line, repeat(Line), zip(starts, map(add, starts, lengths), pieces)))


def _only_line_ending(text: str, start: int) -> str | None:
    """The one line ending `text[start:]` uses ("\n" also when it has none), or None: mixed endings, a lone "\r",
    or a `start` that `str` slicing and the regex would read differently."""
    if not 0 <= start <= len(text):
        return None
    crs = text.count("\r", start)
    if not crs:
        return "\n"
    return "\r\n" if text.count("\r\n", start) == crs == text.count("\n", start) else None


def lazy_lines(text: str, start: int = 0) -> Iterator[Line]:
    """The lines of `iter_lines`, one at a time (for readers that stop at the first few)."""
    pos = start
    for m in _EOL.finditer(text, start):
        yield _new_line(Line, (pos, m.start(), text[pos:m.start()]))
        pos = m.end()
    if pos < len(text):
        yield _new_line(Line, (pos, len(text), text[pos:]))
