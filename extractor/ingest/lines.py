"""Lines of a text with their offsets, for the line-based furniture and byline rules.

Scraped articles flattened to text keep one paragraph per line, so "a line" is the unit a marker excludes.
Only "\\r\\n", "\\r" and "\\n" end a line (str.splitlines also splits on form feeds and U+2028, which an editor
does not show as new lines, and the offsets must match what an editor shows)."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import regex

_EOL = regex.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Line:
    start: int  # offset of the first character
    end: int  # offset just after the last character, before the line ending
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def iter_lines(text: str, start: int = 0) -> list[Line]:
    out = []
    pos = start
    for m in _EOL.finditer(text, start):
        out.append(Line(pos, m.start(), text[pos:m.start()]))
        pos = m.end()
    if pos < len(text):
        out.append(Line(pos, len(text), text[pos:]))
    return out


def lazy_lines(text: str, start: int = 0) -> Iterator[Line]:
    """The lines of `iter_lines`, one at a time (for readers that stop at the first few)."""
    pos = start
    for m in _EOL.finditer(text, start):
        yield Line(pos, m.start(), text[pos:m.start()])
        pos = m.end()
    if pos < len(text):
        yield Line(pos, len(text), text[pos:])

