"""Plain-text articles: decode, read the optional header block, then mark furniture (nothing is removed).

The text is kept exactly as decoded ("\r\n" stays, the header stays) so that every offset is an offset into the
file as an editor shows it; `body_start` and a "header" span say where the article proper begins."""
from __future__ import annotations

import regex

from ..records.document import Document, DocumentMeta, ExcludedSpan
from .annotate import annotate
from .decode import decode_text
from .lines import lazy_lines
from .published import parse_date

_KEY_LINE = regex.compile(r"[ \t]*(source|url|date|title|publisher|language)[ \t]*:[ \t]*(.*?)\s*", regex.IGNORECASE)
_FIELD = {"source": "url", "url": "url", "date": "date", "title": "title", "publisher": "publisher",
          "language": "language"}
_LANGUAGES = {"hi": "hi", "hin": "hi", "hindi": "hi", "हिंदी": "hi", "हिन्दी": "hi", "en": "en", "eng": "en",
              "english": "en", "mixed": "mixed", "hi-en": "mixed", "en-hi": "mixed"}
TITLE_MAX = 300


def parse_header(text: str) -> tuple[dict[str, str], int] | None:
    """(fields, body_start) when the text opens with `Key: value` lines ended by a blank line.

    Every line before the first blank line must be a known key; otherwise there is no header (a Hindi article's
    first line may well contain a colon, "Mission Karmayogi: …", and must not be eaten)."""
    lines = lazy_lines(text)  # one at a time: the header is a few lines, the article may be 20 MB
    fields: dict[str, str] = {}
    for i, line in enumerate(lines):
        if line.blank:
            if i == 0:
                return None
            following = next(lines, None)
            return fields, (following.start if following else len(text))
        m = _KEY_LINE.fullmatch(line.text)
        if not m:
            return None
        key = _FIELD[m.group(1).lower()]
        if m.group(2) and key not in fields:
            fields[key] = m.group(2)
    return None  # no blank line: not a header block


def language_code(value: str | None) -> str | None:
    return _LANGUAGES.get(value.strip().lower()) if value else None


def document_from_text(text: str, path: str | None = None) -> Document:
    doc = Document(text=text, path=path, meta=DocumentMeta())
    header = parse_header(text)
    if header:
        fields, body_start = header
        doc.body_start = body_start
        doc.excluded.append(ExcludedSpan(0, body_start, "header"))
        doc.meta.url = fields.get("url")
        doc.meta.title = fields.get("title")
        doc.meta.publisher = fields.get("publisher")
        doc.meta.language = language_code(fields.get("language"))
        if "date" in fields:
            doc.meta.published = parse_date(fields["date"])
    annotate(doc)
    if doc.meta.title is None:
        # the first line that is not furniture ("Read in App" opens some scraped pages)
        for line in lazy_lines(text, doc.body_start):
            if not line.blank and not doc.is_excluded(line.start, line.end):
                title = line.text.strip()
                doc.meta.title = title if len(title) < TITLE_MAX else None
                break
    return doc


def read_txt(data: bytes, path: str | None = None) -> Document:
    return document_from_text(decode_text(data, path, article=True), path)
