"""Coverage-guided fuzzing of HTML ingest: `extractor.ingest.read_bytes(data, kind="html")` on arbitrary bytes.

    python fuzz/fuzz_html.py -max_total_time=600           # ten minutes; see fuzz/README.md

Only `UnreadableInput` may escape (any other exception is a crash). When a Document comes back:
- `text` is a non-empty str with no NUL; `body_start` lies within it;
- excluded spans are non-empty, inside the text, sorted and not overlapping, with a reason;
- `meta.published` is None or an ISO date (YYYY-MM-DD); `meta.language` is hi, en, mixed or None; `meta.title`
  is None or one line.
"""
from __future__ import annotations

import datetime as dt

import atheris

from _common import ROOT, articles, dict_entry, libfuzzer_args

with atheris.instrument_imports():
    import bs4  # noqa: F401  (pure Python: instrumented, so its branches guide the fuzzer too)
    from extractor.errors import UnreadableInput
    from extractor.ingest import annotate, decode, furniture, html, language, lines, published  # noqa: F401
    from extractor.ingest import read_bytes

HTML_WORDS = [
    "<html>", "</html>", "<head>", "</head>", "<body>", "</body>", "<p>", "</p>", "<div>", "</div>", "<article>",
    "</article>", "<nav>", "<aside>", "<footer>", "<h1>", "</h1>", "<li>", "<ul>", "<table><tr><td>", "<br>",
    "<span>", "<a href=\"/x\">", "<time datetime=\"2026-03-12T10:00:00+05:30\">", "<title>", "</title>",
    "<script type=\"application/ld+json\">", "</script>", "<style>", "<!--", "-->", "<![CDATA[", "]]>",
    "<meta charset=\"windows-1252\">", "<meta charset=\"utf-8\">",
    "<meta property=\"article:published_time\" content=\"",
    "<meta name=\"date\" content=\"", "\"datePublished\": \"", "\"@type\": \"NewsArticle\"", "itemprop=\"articleBody\"",
    "class=\"related\"", "class=\"ad\"", "id=\"also-read\"", "role=\"navigation\"", "hidden", "style=\"display:none\"",
    "&nbsp;", "&amp;", "&#x200b;", "<!doctype html>", "<?xml version=\"1.0\"?>", "यह भी पढ़ें", "Also read",
    "14.5 करोड़", "1,45,00,000", "IST", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00",
]


def seeds():
    for p in articles():
        data = p.read_bytes()
        if p.suffix == ".html":
            yield data
        else:
            text = data.decode("utf-8", "ignore") if not data.startswith((b"\xff\xfe", b"\xfe\xff")) else \
                data.decode("utf-16", "ignore")
            body = "".join(f"<p>{line}</p>\n" for line in text.splitlines() if line.strip())
            yield f"<!doctype html><html><head><title>t</title></head><body><article>{body}</article></body></html>" \
                .encode("utf-8")
    for p in sorted((ROOT / "tests" / "fixtures" / "ingest").glob("*.html")):
        yield p.read_bytes()


def check(data: bytes) -> None:
    try:
        doc = read_bytes(data, "fuzz.html", kind="html")
    except UnreadableInput:
        return
    text = doc.text
    assert isinstance(text, str) and text and "\x00" not in text, repr(text[:80])
    assert 0 <= doc.body_start <= len(text), doc.body_start
    prev_end = 0
    for span in doc.excluded:
        assert 0 <= span.start < span.end <= len(text), (span, len(text))
        assert span.start >= prev_end, doc.excluded
        assert span.reason, span
        prev_end = span.end
    if doc.meta.published is not None:
        assert len(doc.meta.published) == 10 and dt.date.fromisoformat(doc.meta.published), doc.meta.published
    assert doc.meta.language in ("hi", "en", "mixed", None), doc.meta.language
    assert doc.meta.title is None or "\n" not in doc.meta.title, doc.meta.title


def TestOneInput(data: bytes) -> None:
    check(data)


def _dict() -> str:
    path = ROOT / "fuzz" / "work" / "html" / "words.dict"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(dict_entry(w) for w in HTML_WORDS) + "\n", encoding="ascii")
    return str(path)


def main() -> None:
    argv = libfuzzer_args("html", seeds(), {"-max_len": "32768", "-timeout": "20", "-rss_limit_mb": "2048",
                                           "-dict": _dict()})
    atheris.Setup(argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
