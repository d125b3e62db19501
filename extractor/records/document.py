"""A decoded article: its text exactly as read, what we know about it, and the parts that are page furniture."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ExcludedSpan:
    """A stretch of `Document.text` that is not the article (navigation, "also read" teaser, related posts,
    cookie notice, header block, byline). Numbers inside never become claims. `reason` is a stable code."""

    start: int
    end: int
    reason: str


@dataclass
class DocumentMeta:
    url: str | None = None
    title: str | None = None
    publisher: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) or None
    language: str | None = None  # "hi", "en" or "mixed"; None = detect


@dataclass
class Document:
    """`text` is the decoded file (BOM removed; for .txt the header block is kept, so evidence offsets are offsets
    into the file as a reader opens it). For HTML, `text` is the extracted main text, title first."""

    text: str
    path: str | None = None
    meta: DocumentMeta = field(default_factory=DocumentMeta)
    excluded: list[ExcludedSpan] = field(default_factory=list)
    body_start: int = 0  # where the article proper starts (after a header block)

    def is_excluded(self, start: int, end: int) -> ExcludedSpan | None:
        for span in self.excluded:
            if start < span.end and end > span.start:
                return span
        return None
