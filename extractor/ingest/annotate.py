"""The steps every reader ends with: mark furniture and bylines, fill the date and language if still unknown.

Shared so that a .txt file and an HTML page flattened to text are judged by the same rules."""
from __future__ import annotations

from ..records.document import Document, ExcludedSpan
from .furniture import find_furniture
from .language import detect_language
from .published import find_published


def merge_spans(spans: list[ExcludedSpan]) -> list[ExcludedSpan]:
    """Sorted by start; a span overlapping one already kept is dropped (the rules mark whole lines, so an overlap
    is the same line found twice — the first reason, by position then rule order, stays)."""
    out: list[ExcludedSpan] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.end <= span.start:
            continue
        if out and span.start < out[-1].end:
            continue
        out.append(span)
    return out


def annotate(doc: Document) -> Document:
    body = doc.body_start
    published, bylines = find_published(doc.text, body, need_date=doc.meta.published is None)
    doc.excluded = merge_spans([*doc.excluded, *find_furniture(doc.text, body), *bylines])
    if doc.meta.published is None:
        doc.meta.published = published
    if doc.meta.language is None:
        doc.meta.language = detect_language(doc.text, doc.excluded, body)
    return doc
