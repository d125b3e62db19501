"""Lines of a text with their offsets, for the line-based furniture and byline rules.

Scraped articles flattened to text keep one paragraph per line, so "a line" is the unit a marker excludes.
Only "\\r\\n", "\\r" and "\\n" end a line (str.splitlines also splits on form feeds and U+2028, which an editor
does not show as new lines, and the offsets must match what an editor shows).

Speed: a `Line` is a named tuple made in C (`tuple.__new__` over zipped offsets and texts), and a text whose lines
all end alike ("\\n" only, or "\\r\\n" only: nearly every article) is cut by `str.split`, its offsets summed by
`itertools.accumulate`; mixed or lone "\\r" endings go through the regex as before. On the 12 KB bench articles
(88 lines) `iter_lines` took 1.12 M machine instructions an article as a loop making frozen dataclasses, and
0.36 M now (tests/test_ingest_fast.py compares it with the regex loop). Later: a text with no "\\r" is told by
`str.find` (`memchr`, even for a Hindi text's two bytes a character) instead of `str.count`, which looks at every
character: 0.03 M machine instructions less an article."""
from __future__ import annotations

from collections.abc import Iterator
from itertools import accumulate, repeat
from operator import add
from typing import TYPE_CHECKING, NamedTuple

import regex

if TYPE_CHECKING:
    from ..text.normalize import FoldedText

LINE_ENDING = regex.compile(r"\r\n|\r|\n")  # the line endings `iter_lines` reads; furniture counts lines by them


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
    if text.find("\r", start) < 0:  # `str.find` of one character runs `memchr`; `str.count` looks at each one
        return "\n"
    crs = text.count("\r", start)
    return "\r\n" if text.count("\r\n", start) == crs == text.count("\n", start) else None


def lazy_lines(text: str, start: int = 0) -> Iterator[Line]:
    """The lines of `iter_lines`, one at a time (for readers that stop at the first few)."""
    pos = start
    for m in LINE_ENDING.finditer(text, start):
        yield _new_line(Line, (pos, m.start(), text[pos:m.start()]))
        pos = m.end()
    if pos < len(text):
        yield _new_line(Line, (pos, len(text), text[pos:]))


def line_folds(ft: FoldedText, lines: list[Line], start: int) -> list[str]:
    """`ft.folded(line.start, line.end)` for each of `lines`, which `iter_lines(ft.original, start)` gave.

    Cut from the folded text by one `str.split` when the text has no "\r" from `start` on: folding keeps every "\n"
    and makes none, so the pieces of the fold between its "\n"s are the folds of the lines, in order (their count
    is checked). `FoldedText.folded` bisects the fold's offsets twice a line: 0.35 M machine instructions for the
    34 lines with text of a 12 KB bench article, where the split takes 0.04 M (tests/test_ingest_fast.py compares
    the two). Else line by line."""
    text = ft.original
    if text.find("\r", start) < 0:
        pieces = ft.folded(start, len(text)).split("\n")
        if len(pieces) == len(lines) + (start >= len(text) or text[-1] == "\n"):
            del pieces[len(lines):]  # the empty piece after a final "\n"
            return pieces
    return [ft.folded(line.start, line.end) for line in lines]
