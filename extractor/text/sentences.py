"""Sentence spans of a text, as (start, end) offsets into it, and the evidence sentence of a figure.

A line break always ends a sentence (headlines, bullets and table rows in scraped pages carry no full stop); inside
a line, indic-nlp-library's `sentence_split` does the work — docs/decisions.md: it keeps "१८.८", "Rs."
and "डॉ." whole where spaCy's sentencizer breaks them. Its import pulls pandas (≈0.5 s), so it is imported here,
on first use, not at package import.

Two things indic-nlp does not do, done here, so that time and memory stay linear in the size of an article:

- It never ends a sentence at a stop that follows a digit (that is how it keeps "१८.८" whole), so
  "… in district 2137. The iGOT platform …" or "… वर्ष 2025। इस …" ran on to the end of the line — one "sentence"
  of a whole article, copied into every claim's evidence (issue 14: 300 KB took 17 s and 2.2 GB). A stop after a
  digit ends the sentence when whitespace follows it and a word came before the number (`_NUMBER_STOP`); "14.5",
  "1. पहला बिंदु" (a list number) and "07. 01. 2026" stay whole.
- A line longer than `MAX_SENTENCE_CHARS` is cut into pieces of at most that length before it is split — at the
  last stop followed by whitespace in the piece's second half, else at the last space, else hard — so no sentence
  is longer than that, whatever the input (the splitter and the claim builder both work per sentence).

`evidence_sentence` is what a claim quotes: the whole sentence when it is at most `EVIDENCE_CHARS` long, else a
window of about that many characters around the figure, cut at spaces and marked with "…" where it was cut.
"""
from __future__ import annotations

from functools import lru_cache

import regex

# No sentence in the corpus or in the 40 published articles annotated in corpus/gold/realnews/ is longer than 410
# characters; a line longer than this is a flattened table or an attack, not prose.
MAX_SENTENCE_CHARS = 2_000
# What a claim's evidence quotes at most (plus the "…" marks): the longest corpus sentence whole, with room to spare.
EVIDENCE_CHARS = 600
CUT = "…"

_LINE = regex.compile(r"[^\n]+")
_HAS_STOP = regex.compile(r"[.?!।॥]")
_STOP_THEN_SPACE = regex.compile(r"[.?!।॥]+(?=\s)", flags=regex.REVERSE)
_SPACE = regex.compile(r"\s+", flags=regex.REVERSE)
# a stop right after a number, with whitespace and more text after it: "district 2137. The", "वर्ष 2025। इस"
_NUMBER_STOP = regex.compile(r"(?<=\p{N})[.?!।॥]+(?=\s+\S)")
_LETTER = regex.compile(r"\p{L}")
_DAY_OR_MONTH = regex.compile(r"(?<![\p{N}.,])\p{Nd}{1,2}$")


@lru_cache(maxsize=1)
def _splitter():
    from indicnlp.tokenize.sentence_tokenize import sentence_split

    return sentence_split


def sentence_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        for a, b in _pieces(text, *line.span()):
            for sa, sb in _split_line(text, a, b):
                spans.extend(_split_after_numbers(text, sa, sb))
    return spans


def _pieces(text: str, a: int, b: int):
    """[a, b) in pieces of at most MAX_SENTENCE_CHARS (module docstring)."""
    while b - a > MAX_SENTENCE_CHARS:
        limit, half = a + MAX_SENTENCE_CHARS, a + MAX_SENTENCE_CHARS // 2
        stop = _STOP_THEN_SPACE.search(text, half, limit)
        if stop is not None:
            cut = stop.end()
        else:
            space = _SPACE.search(text, half, limit)
            cut = space.start() if space is not None and space.start() > a else limit
            while cut > half and regex.match(r"\p{M}", text[cut]):  # never between a letter and its vowel sign
                cut -= 1
        yield a, cut
        a = cut
    if a < b:
        yield a, b


def _split_line(text: str, a: int, b: int) -> list[tuple[int, int]]:
    chunk = text[a:b]
    if not chunk.strip():
        return []
    if not _HAS_STOP.search(chunk.rstrip(".?!।॥ \t\r")):
        return [_strip(text, a, b)]
    spans = []
    pos = a
    for sent in _splitter()(chunk, lang="hi"):
        sent = sent.strip()
        if not sent:
            continue
        k = text.find(sent, pos, b)
        if k < 0:  # the splitter changed the text: fall back to the rest of the line
            spans.append(_strip(text, pos, b))
            pos = b
            break
        spans.append((k, k + len(sent)))
        pos = k + len(sent)
    if pos < b and text[pos:b].strip():
        spans.append(_strip(text, pos, b))
    return spans


def _split_after_numbers(text: str, a: int, b: int):
    """The sentence [a, b) cut after each stop that ends a sentence after a number (module docstring)."""
    start = a
    for stop in _NUMBER_STOP.finditer(text, a, b):
        if not _LETTER.search(text, start, stop.start()):
            continue  # "1." of a numbered list: no words before the number
        nxt = _strip(text, stop.end(), b)[0]
        if text[nxt].islower():
            continue  # "about 5. crore users": a lower-case word goes on with the sentence
        if _DAY_OR_MONTH.search(text, start, stop.start()) and text[nxt].isdigit():
            continue  # "on 07. 01. 2026": a date written with stops
        yield start, stop.end()
        start = nxt
    if start < b:
        yield start, b


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def evidence_sentence(text: str, sa: int, sb: int, start: int, end: int, limit: int = EVIDENCE_CHARS) -> str:
    """The sentence [sa, sb) of `text` as a claim at [start, end) quotes it: whole when it is at most `limit`
    characters, else a window of about `limit` characters around the figure, cut at spaces, with "…" where it was
    cut. The figure's own text is always inside."""
    if sb - sa <= limit:
        return text[sa:sb]
    start, end = max(sa, min(start, sb)), min(sb, max(end, start))
    a = max(sa, start - max(0, limit - (end - start)) // 2)
    b = min(sb, max(end, a + limit))
    if b == sb:
        a = max(sa, min(start, sb - limit))
    if a > sa:  # cut at a space: the first one after the cut, as long as it is before the figure
        space = text.find(" ", a, start)
        a = space + 1 if space >= 0 else a
    if b < sb:
        space = text.rfind(" ", end, b)
        b = space if space >= 0 else b
    left, right = a > sa, b < sb
    a, b = _strip(text, a, b)
    return (CUT if left else "") + text[a:b] + (CUT if right else "")
