"""Sentence spans of a text, as (start, end) offsets into it.

A line break always ends a sentence (headlines, bullets and table rows in scraped pages carry no full stop); inside
a line, indic-nlp-library's `sentence_split` does the work — FIELD-NOTES.md measured that it keeps "१८.८", "Rs."
and "डॉ." whole where spaCy's sentencizer breaks them. Its import pulls pandas (≈0.5 s), so it is imported here,
on first use, not at package import.
"""
from __future__ import annotations

from functools import lru_cache

import regex

_LINE = regex.compile(r"[^\n]+")
_HAS_STOP = regex.compile(r"[.?!।॥]")


@lru_cache(maxsize=1)
def _splitter():
    from indicnlp.tokenize.sentence_tokenize import sentence_split

    return sentence_split


def sentence_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        a, b = line.span()
        chunk = text[a:b]
        if not chunk.strip():
            continue
        if not _HAS_STOP.search(chunk.rstrip(".?!।॥ \t\r")):
            spans.append(_strip(text, a, b))
            continue
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


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b
