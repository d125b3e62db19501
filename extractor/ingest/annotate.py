"""The steps every reader ends with: mark furniture and bylines, fill the date and language if still unknown.

Shared so that a .txt file and an HTML page flattened to text are judged by the same rules."""
from __future__ import annotations

from ..records.document import Document, ExcludedSpan
from ..text.normalize import fold
from .furniture import furniture_spans
from .language import detect_language
from .lines import iter_lines, line_folds
from .published import published_in_lines


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
    lines = iter_lines(doc.text, body)  # read and folded once for both rules (find_published, find_furniture)
    folds = line_folds(fold(doc.text), lines, body)
    published, bylines = published_in_lines(doc.text, lines, need_date=doc.meta.published is None, folds=folds)
    doc.excluded = merge_spans([*doc.excluded, *furniture_spans(doc.text, lines, folds), *bylines])
    if doc.meta.published is None:
        doc.meta.published = published
    if doc.meta.language is None:
        doc.meta.language = detect_language(doc.text, doc.excluded, body)
    return doc
