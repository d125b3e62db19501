"""Sentence spans of a text, as (start, end) offsets into it, and the evidence sentence of a figure.

A line break always ends a sentence (headlines, bullets and table rows in scraped pages carry no full stop); inside
a line, the rules of indic-nlp-library's `sentence_split(lang="hi")` do the work — docs/decisions.md: they keep
"१८.८", "Rs." and "डॉ." whole where spaCy's sentencizer breaks them. Why they are not imported from the library:
its sentence module imports its transliterator, which imports pandas and numpy — 0.33 s of the 0.69 s cold start
of `extract FILE`, for a function that needs neither (docs/decisions.md, "Sentences: indic-nlp's rules, without its
import"). So `indic_split` below is that function, step for step, with its stop characters and its non-breaking
words ("ए.", "डॉ.", …) as data in `lang/sentences.toml`; tests/test_sentence_split.py checks it against the library.
That function is adapted from indic-nlp-library (indicnlp/tokenize/sentence_tokenize.py), Copyright (c) 2013-present,
Anoop Kunchukuttan, under the MIT license; the library stays a dependency and the test's reference.

Two things indic-nlp does not do, done here, so that time and memory stay linear in the size of an article:

- It never ends a sentence at a stop that follows a digit (that is how it keeps "१८.८" whole), so
  "… in district 2137. The iGOT platform …" or "… वर्ष 2025। इस …" ran on to the end of the line — one "sentence"
  of a whole article, copied into every claim's evidence (issue 14: 300 KB took 17 s and 2.2 GB). A stop after a
  digit ends the sentence when whitespace follows it and a word came before the number (`_NUMBER_STOP`); "14.5",
  "1. पहला बिंदु" (a list number) and "07. 01. 2026" stay whole.
- A line longer than `MAX_SENTENCE_CHARS` is cut into pieces of at most that length before it is split — at the
  last stop followed by whitespace in the piece's second half, else at the last space, else hard — so no sentence
  is longer than that, whatever the input (the splitter and the claim builder both work per sentence).

Speed (`sentence_spans`): the stops of the whole text are found once (`_marks`) and each line takes its own by
bisection; a line's sentences are made as offsets by the library's rules (`_split_by_offsets`), not as strings found
again in the text, with the string path kept for the few lines where the two could differ; the number-stop pattern
is tried only at the stops that can start it (`_number_stops`). 1.63 M machine instructions for a 12 KB bench
article became 1.01 M (callgrind; tests/test_ingest_fast.py compares it with the line-string loop).

`evidence_sentence` is what a claim quotes: the whole sentence when it is at most `EVIDENCE_CHARS` long, else a
window of about that many characters around the figure, cut at spaces and marked with "…" where it was cut.
"""
from __future__ import annotations

import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

import regex

from .datafiles import LexiconError, load_toml

# No sentence in the corpus or in the 40 published articles annotated in corpus/gold/realnews/ is longer than 410
# characters; a line longer than this is a flattened table or an attack, not prose.
MAX_SENTENCE_CHARS = 2_000
# What a claim's evidence quotes at most (plus the "…" marks): the longest corpus sentence whole, with room to spare.
EVIDENCE_CHARS = 600
CUT = "…"

_STOP_THEN_SPACE = regex.compile(r"[.?!।॥]+(?=\s)", flags=regex.REVERSE)
_SPACE = regex.compile(r"\s+", flags=regex.REVERSE)
# a stop right after a number, with whitespace and more text after it: "district 2137. The", "वर्ष 2025। इस"
_NUMBER_STOP = regex.compile(r"(?<=\p{N})[.?!।॥]+(?=\s+\S)")
_NUMBER_STOP_CHARS = ".?!।॥"  # the stops of `_NUMBER_STOP` and `_has_stop`
_LETTER = regex.compile(r"\p{L}")
_DAY_OR_MONTH = regex.compile(r"(?<![\p{N}.,])\p{Nd}{1,2}$", regex.REVERSE)


@dataclass(frozen=True)
class _Rules:
    """sentences.toml's [split], as characters: each found by `str.find` or an `in` test, not by a regex scan."""
    stop_chars: str  # the stops when the line holds no danda: "." ends a sentence too
    danda_stop_chars: str  # the stops when it does: "." ends nothing
    danda_chars: str
    nonbreaking: frozenset[str]
    mark_chars: str  # all of these and the stops of `_NUMBER_STOP`: the characters `_marks` finds in a text


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    data = load_toml("sentences.toml")
    split = data.get("split")
    if set(data) != {"split"} or not isinstance(split, dict) \
            or set(split) != {"stops", "danda_stops", "danda", "nonbreaking"}:
        raise LexiconError("sentences.toml: [split] with stops, danda_stops, danda and nonbreaking is expected")
    for key in ("stops", "danda_stops", "danda"):
        if not isinstance(split[key], str) or not split[key]:
            raise LexiconError(f"sentences.toml split.{key}: expected a non-empty string of characters")
    words = split["nonbreaking"]
    if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() == w and w for w in words):
        raise LexiconError("sentences.toml split.nonbreaking: expected a list of words")
    if "." not in split["stops"] or "." in split["danda_stops"]:
        raise LexiconError("sentences.toml: '.' is a stop without a danda and never with one")
    marks = "".join(dict.fromkeys(split["stops"] + split["danda_stops"] + split["danda"] + _NUMBER_STOP_CHARS))
    return _Rules("".join(dict.fromkeys(split["stops"])), "".join(dict.fromkeys(split["danda_stops"])),
                  split["danda"], frozenset(words), marks)


def indic_split(text: str) -> list[str]:
    """indic-nlp-library 0.92's `sentence_split(text, lang="hi")` (module docstring), with the same quirks: a stop
    right after a digit ends nothing, and a sentence that ends in a one-word "…." or a non-breaking word is joined
    to the next with one space (so the result is not always a substring of `text`).

    The stops are found with `str.find`, one stop character at a time, not by a scan of the `regex` class (a
    line's stops are a "." or two), and a sentence is not split into its words to count them and read the last one:
    `sentence_spans` took 2.05 M machine instructions a 12 KB bench article before and 1.64 M now (callgrind)."""
    rules = _rules()
    danda = False
    for ch in rules.danda_chars:
        if ch in text:
            danda = True
            break
    text = text.strip()
    # phase 1: cut after every stop that does not follow a digit
    candidates = []
    begin = 0
    for p in _stop_offsets(text, rules.danda_stop_chars if danda else rules.stop_chars):
        if p > 0 and text[p - 1].isnumeric():
            continue
        s = text[begin:p + 1].strip()
        if s:
            candidates.append(s)
        begin = p + 1
    s = text[begin:].strip()
    if s:
        candidates.append(s)
    if danda:
        return candidates
    # phase 2: "." after a lone word or a non-breaking word ("डॉ.", "ए.") joins that sentence to the next
    out = []
    buffer = ""
    bad = False
    for sentence in candidates:  # the library splits each at " ": only the count of words and the last one count
        if sentence[-1] == "." and " " not in sentence:
            bad = True
            buffer = buffer + " " + sentence
        elif sentence[-1] == "." and sentence[sentence.rfind(" ") + 1:-1] in rules.nonbreaking:
            if buffer and not bad:
                out.append(buffer)
            bad = True
            buffer = sentence
        elif bad:
            buffer = buffer + " " + sentence
            out.append(buffer)
            buffer = ""
            bad = False
        else:
            if buffer:
                out.append(buffer)
            buffer = sentence
            bad = False
    if buffer:
        out.append(buffer)
    return out


def _stop_offsets(text: str, chars: str) -> list[int]:
    """The offsets of the characters of `chars` in `text`, in order: what `finditer` of their class gives."""
    out: list[int] = []
    several = False
    for ch in chars:
        p = text.find(ch)
        if p < 0:
            continue
        several = bool(out)
        while p >= 0:
            out.append(p)
            p = text.find(ch, p + 1)
    if several:
        out.sort()
    return out


def sentence_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    marks = _marks(text)
    stops = _number_stops(text, marks)
    end = -1
    for line in text.split("\n"):  # the non-empty runs of characters other than "\n" (str.split: no regex scan)
        a = end + 1
        end = b = a + len(line)
        if a == b:
            continue
        for a, b in _pieces(text, a, b) if b - a > MAX_SENTENCE_CHARS else ((a, b),):
            i = bisect_left(marks, a)
            j = bisect_left(marks, b, i)
            if i == j:  # no stop: the line is one sentence, as `_split_line` finds, and no number stop cuts it
                sa, sb = _strip(text, a, b)
                if sa < sb:
                    spans.append((sa, sb))
                continue
            line = _split_by_offsets(text, a, b, marks[i:j])
            # most lines hold no number stop (a bench article has two at most): their sentences are taken whole,
            # not each looked up among the stops (`sentence_spans` 1.00 → 0.96 M machine instructions a bench
            # article); every sentence `_split_by_offsets` makes holds a stop or a letter, so none is empty
            if line is not None and (not stops or _none_within(stops, a, b)):
                spans.extend(line)
                continue
            for sa, sb in _split_line(text, a, b) if line is None else line:
                k = bisect_left(stops, sa)
                if k < len(stops) and stops[k] < sb - 1:  # a stop that ends the sentence has no text after it to cut
                    spans.extend(_split_after_numbers(text, sa, sb, stops[k:bisect_left(stops, sb, k)]))
                elif sa < sb:
                    spans.append((sa, sb))
    return spans


def _none_within(offsets: list[int], a: int, b: int) -> bool:
    """Whether none of the sorted `offsets` is in [a, b)."""
    k = bisect_left(offsets, a)
    return k == len(offsets) or offsets[k] >= b


def _marks(text: str) -> list[int]:
    """Sorted offsets of every stop and danda character of `text` (`_Rules.mark_chars`): found once for the whole
    text, and each line takes its own by bisection (13 `str.find` calls a line took a third of `sentence_spans`)."""
    return _stop_offsets(text, _rules().mark_chars)


def _number_stops(text: str, marks: list[int]) -> list[int]:
    """Sorted offsets of the stops that may start a match of `_NUMBER_STOP`: every match in a sentence starts at
    one (its lookahead sees no further than the sentence's end, this looks only at the next character), so a
    sentence without one is not cut and skips `_split_after_numbers` — most sentences. The stops are read from
    `marks` (`_marks`); one that follows what may be a number is kept, unless a letter or digit comes right after it
    ("14.5": the pattern needs white space after its run of stops, and no letter or digit is white space to
    `regex`). A character that `regex` reads as \\p{N} is numeric to `str` or unassigned in Python's own Unicode
    tables, and no unassigned code point is printable (tests/test_ingest_fast.py).

    Found with `str.find` (now in `_marks`), not a regex scan of the text: with the line split and the stop tests below,
    `sentence_spans` took 2.85 M machine instructions for a 12 KB bench article before and 2.1 M now."""
    out = []
    last = len(text) - 1
    for p in marks:
        if p and text[p] in _NUMBER_STOP_CHARS:
            before = text[p - 1]
            if (before.isnumeric() or (not before.isprintable() and unicodedata.category(before) == "Cn")) \
                    and not (p < last and text[p + 1].isalnum()):
                out.append(p)
    return out


_TRAILING = ".?!।॥ \t\r"  # what `_split_line` strips off a line's end before it looks for a stop


def _has_stop(s: str) -> bool:
    """Whether `s` holds one of the stops `[.?!।॥]`, by `in` (a memchr-fast scan per stop, not a regex scan)."""
    return "." in s or "?" in s or "!" in s or "।" in s or "॥" in s


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
    """The sentences of the line [a, b): `indic_split`'s sentences, found in the text one after the other."""
    chunk = text[a:b]
    if not chunk.strip():
        return []
    if not _has_stop(chunk.rstrip(_TRAILING)):
        return [_strip(text, a, b)]
    spans = []
    pos = a
    for sent in indic_split(chunk):
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


def _split_by_offsets(text: str, a: int, b: int, marks: list[int]) -> list[tuple[int, int]] | None:
    """`_split_line(text, a, b)` for a line whose stop and danda characters stand at `marks` (`_marks`; one at
    least), by `indic_split`'s rules applied to offsets: each sentence is a (start, end) pair, not a string that is
    stripped, joined and then looked for in the text. None where the two could differ, for `_split_line` to decide:
    a sentence joined to the one before across anything but one space (the library joins with " ", and that string
    may not be in the text), or a sentence the library drops (a non-breaking word's sentence after a buffered one).

    Why the two agree otherwise: the sentences are the stripped pieces between the stops, in order, so the text
    between one sentence's end and the next one's start is white space, and a sentence never starts with white
    space: `str.find` from the previous end finds each where it was cut."""
    # `_split_line`'s shortcut, read from the marks: no stop before the line's trailing stops and white space
    trail = b
    while trail > a and text[trail - 1] in _TRAILING:
        trail -= 1
    for p in marks:
        if p >= trail:
            return [_strip(text, a, b)]
        if text[p] in _NUMBER_STOP_CHARS:  # the stops `_has_stop` looks for
            break
    else:
        return [_strip(text, a, b)]
    a, b = _strip(text, a, b)
    rules = _rules()
    danda = False
    for p in marks:
        if text[p] in rules.danda_chars:
            danda = True
            break
    stop_chars = rules.danda_stop_chars if danda else rules.stop_chars
    # phase 1: a piece ends after every stop that does not follow a digit; a stop is never white space
    pieces = []
    begin = a
    for p in marks:
        if text[p] not in stop_chars or (p > a and text[p - 1].isnumeric()):
            continue
        while text[begin].isspace():
            begin += 1
        pieces.append((begin, p + 1))
        begin = p + 1
    while begin < b and text[begin].isspace():
        begin += 1
    if begin < b:
        pieces.append((begin, b))
    return pieces if danda else _joined(text, pieces, rules.nonbreaking)


def _joined(text: str, pieces: list[tuple[int, int]], nonbreaking_words: frozenset[str]) \
        -> list[tuple[int, int]] | None:
    """Phase 2 of `indic_split` on offsets: "." after a lone word or a non-breaking word joins that sentence to the
    next; None where `_split_by_offsets` says."""
    out = []
    start = end = -1  # the buffered sentence; start -1: none (the library's empty buffer)
    bad = False
    for s, e in pieces:
        lone = nonbreaking = False
        if text[e - 1] == ".":
            space = text.rfind(" ", s, e)
            lone = space < 0
            nonbreaking = not lone and text[space + 1:e - 1] in nonbreaking_words
        if lone or (bad and not nonbreaking):
            if start < 0:
                start = s
            elif s != end + 1 or text[end] != " ":
                return None  # joined with " " where the text has other white space (or none)
            if lone:
                end, bad = e, True
            else:
                out.append((start, e))
                start, bad = -1, False
        elif nonbreaking:
            if start >= 0:
                if bad:
                    return None  # the library drops the buffered sentence
                out.append((start, end))
            start, end, bad = s, e, True
        else:
            if start >= 0:
                out.append((start, end))
            start, end, bad = s, e, False
    if start >= 0:
        out.append((start, end))
    return out


def _split_after_numbers(text: str, a: int, b: int, stops: list[int] | None = None):
    """The sentence [a, b) cut after each stop that ends a sentence after a number (module docstring).

    `stops`: the `_number_stops` in [a, b), where the pattern is tried instead of at every character. Every match
    starts at one of them, none starts inside another's run of stops (the character before it would be a stop,
    not a number), and the lookbehind reads the character before the position it is matched at."""
    start = a
    if stops is None:
        matches = _NUMBER_STOP.finditer(text, a, b)
    else:
        matches = [m for m in (_NUMBER_STOP.match(text, p, b) for p in stops) if m is not None]
    for stop in matches:
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
