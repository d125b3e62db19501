"""Find page furniture (teasers, ads, promos, navigation, related lists, desk bylines) in article text.

Why mark instead of delete: evidence offsets must point into the text as the reader has it, and a reviewer should
see what was set aside and why. Why line rules driven by `lang/furniture.toml`: scraped pages flattened to text
keep one paragraph per line and their furniture is made of recurring phrases; a new site's phrase is a data edit,
not a code change. See the header of the data file for what each key means.

Speed: most lines are prose that no rule matches, so `classify_line` first asks one question of all sections at
once (`_Prefilter`: a set lookup, `str.startswith`/`str.endswith` with tuples of every marker, `in` for the first
parts of the `contains` phrases), and runs the section-by-section rules, unchanged, only for the few lines that
pass. `find_furniture` folds the article once and reads each line's key out of it (`FoldedText.folded`: the fold
of a slice is the slice of the fold); that fold is the one `find_published` and, through fold's cache,
`extract_claims` use too. Measured on the 12 KB bench
articles: 0.9 ms an article before, 0.5 ms now, 0.1 ms of it the fold (tests/test_ingest_fast.py checks the
prefilter and the keys against the rules alone and the per-line fold). Later: a line that starts with a letter or
digit skips the lead regex, a section's markers are tried one by one only after one `startswith`/`endswith` of all
of them passes, and the `contains` prefilter is a plain loop (not `any` over a generator): 2.50 M machine
instructions an article became 2.16 M (callgrind; a stdlib `re` alternation of the phrases was slower than the loop).
Then: a line whose only white space is single inner spaces keeps its lower case as its key (`_line_key`: no split
and join), and the `starts`/`ends` markers are looked up by the key's first and the core's last character:
2.09 M became 1.67 M (callgrind, PYTHONHASHSEED=0, the fold cached). Later still, `annotate` cuts every line's
fold from the article's with one split (`line_folds`) for this and `find_published`, where each line's was found by
bisecting the fold's offsets: `read_bytes` took 5.63 M machine instructions a 12 KB bench article before, 5.21 M after.
Then: a line whose fold is longer than both its ends need (`_Prefilter.may_match_long`: 80 characters, two thirds of
the lines of a bench article and nearly all their characters) is keyed at its start only, and the `contains` phrases
are looked for once an article by an anchor each (`_anchor`, `_Prefilter.anchors_in`), in its lines only when the
article shows one (7 of 16 bench articles, 4 of the 40 real-news ones): `furniture_spans` took 1.35 M machine
instructions a bench article, 1.09 M after (tests/test_ingest_fast.py compares it with every rule on every whole line).
Then: the anchors found tell which lines hold them (`_Prefilter.anchor_lines`, by the line endings before each
hit), and no line is searched for them again: `read_bytes` 3.58 M → 3.51 M machine instructions a bench article.
"""
from __future__ import annotations

import sys
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

import regex

from ..lang import LexiconError, load_toml
from ..records.document import ExcludedSpan
from ..text.normalize import as_anusvara, fold, fold_key, folded_key
from .lines import LINE_ENDING, Line, iter_lines


_SECTION_KEYS = {"lines", "headings", "starts", "starts_open_list", "ends", "contains", "max_chars", "digits"}
_TOP_KEYS = {"headline_max_chars", "headline_max_lines"}
_LEAD = regex.compile(r"^[\s•·▪■►▶»›*\-–—>|]+")
_TRAIL = regex.compile(r"[\s:：|\-–—»›>.,]+$")
# `_TRAIL` for a key (`folded_key` leaves no white space but single spaces, and every `\s` of regex is str.isspace):
# str.rstrip, 0.003 ms for a 12 KB article's lines where the `$`-anchored sub took 0.23 ms
_TRAIL_CHARS = " :：|-–—»›>.,"
_WORDCHAR = regex.compile(r"[\p{L}\p{M}\p{N}]")
_DIGIT = regex.compile(r"\d")


@dataclass(frozen=True)
class Section:
    reason: str
    lines: frozenset[str] = frozenset()
    headings: frozenset[str] = frozenset()
    starts: tuple[str, ...] = ()
    starts_open_list: bool = False
    ends: tuple[str, ...] = ()
    contains: tuple[tuple[str, ...], ...] = ()
    max_chars: int | None = None
    digits: bool = True


@dataclass(frozen=True)
class Furniture:
    sections: tuple[Section, ...]
    headline_max_chars: int = 200
    headline_max_lines: int = 15


def _phrases(where: str, items) -> list[str]:
    if not isinstance(items, list) or not all(isinstance(i, str) and fold_key(i) for i in items):
        raise LexiconError(f"furniture.toml {where}: expected a list of non-empty phrases")
    return [fold_key(i) for i in items]


@lru_cache(maxsize=1)
def furniture() -> Furniture:
    data = load_toml("furniture.toml")
    sections = []
    top = {}
    for key, value in data.items():
        if not isinstance(value, dict):
            if key not in _TOP_KEYS or not isinstance(value, int) or value <= 0:
                raise LexiconError(f"furniture.toml: unknown or bad top-level key {key!r}")
            top[key] = value
            continue
        unknown = set(value) - _SECTION_KEYS
        if unknown:
            raise LexiconError(f"furniture.toml [{key}]: unknown keys {sorted(unknown)}")
        limit = value.get("max_chars")
        if limit is not None and (not isinstance(limit, int) or limit <= 0):
            raise LexiconError(f"furniture.toml [{key}].max_chars: expected a positive integer")
        contains = []
        for phrase in value.get("contains", []):
            parts = tuple(fold_key(p) for p in str(phrase).split("…"))
            if not all(parts):
                raise LexiconError(f"furniture.toml [{key}].contains: empty part in {phrase!r}")
            contains.append(parts)
        sections.append(Section(
            reason=key,
            lines=frozenset(_phrases(f"[{key}].lines", value.get("lines", []))),
            headings=frozenset(_phrases(f"[{key}].headings", value.get("headings", []))),
            starts=tuple(_phrases(f"[{key}].starts", value.get("starts", []))),
            starts_open_list=bool(value.get("starts_open_list", False)),
            ends=tuple(_phrases(f"[{key}].ends", value.get("ends", []))),
            contains=tuple(contains),
            max_chars=value.get("max_chars"),
            digits=bool(value.get("digits", True)),
        ))
    return Furniture(tuple(sections), **top)


def _starts_with(key: str, marker: str) -> bool:
    return key.startswith(marker) and (len(key) == len(marker) or not _WORDCHAR.match(key, len(marker))
                                       or not _WORDCHAR.match(marker[-1]))


def _ends_with(key: str, marker: str) -> bool:
    cut = len(key) - len(marker)
    return key.endswith(marker) and (cut == 0 or not _WORDCHAR.match(key, cut - 1) or not _WORDCHAR.match(marker[0]))


def _contains_in_order(key: str, parts: tuple[str, ...]) -> bool:
    pos = 0
    for part in parts:
        pos = key.find(part, pos)
        if pos < 0:
            return False
        pos += len(part)
    return True


@dataclass(frozen=True)
class _Prefilter:
    """What a line must show for any section to match it (the union of every section's markers)."""

    whole: frozenset[str]  # `lines` and `headings`: the core is one of them
    whole_max: int  # the length of the longest of them
    starts: dict[str, tuple[str, ...]]  # the key starts with one of them (by their first character) …
    ends: dict[str, tuple[str, ...]]  # … the core ends with one of them (by their last character)
    firsts: tuple[str, ...]  # the key holds the first part of a `contains` phrase …
    firsts_max_chars: int | None  # … of a section that looks at lines this long (None: any length)
    # a line whose fold is longer than `long_chars` is looked at by its two ends and its anchors (`may_match_long`)
    long_chars: int
    head_chars: int  # the characters of the fold keyed at the start …
    head_needed: int  # … whose key must be at least this long: the longest `starts` marker, and past `whole_max`
    tail_chars: int  # the characters keyed at the end …
    tail_needed: int  # … whose core must be at least this long: the longest `ends` marker (and 1)
    ends_max_chars: int | None  # the longest line a section with `ends` looks at (None: any length)
    text_anchors: tuple[str, ...]  # a line whose key holds a `contains` phrase holds one of these as written …
    ascii_anchors: tuple[bytes, ...]  # … or one of these among its ASCII characters lower-cased (`_anchor`)
    anchored: bool  # every `contains` phrase has an anchor

    def may_match(self, key: str, core: str, size: int) -> bool:
        """`size`: the length of the stripped line, as `max_chars` measures it; `key` is not empty.

        Markers are looked up by the character the key starts with, or the core ends with: a marker (never empty)
        that another character starts cannot be the key's start (63 markers were tried one by one for every
        line), and a core longer than every whole-line phrase is not hashed to look for it."""
        if (len(core) <= self.whole_max and core in self.whole) or core.endswith(self.ends.get(core[-1:], ())):
            return True
        if key.startswith(self.starts.get(key[0], ())):
            return True
        if self.firsts_max_chars is not None and size > self.firsts_max_chars:
            return False  # every `contains` section skips a line this long (most prose lines are)
        for first in self.firsts:  # a loop, not `any` over a generator: a third of a prose line's cost
            if first in key:
                return True
        return False

    def anchor_lines(self, fold_text: str, line_count: int) -> set[int] | None:
        """The lines (counted from 0) of `fold_text`, the fold of an article's `line_count` lines, that show an
        anchor (`_anchor`): only these can hold a `contains` phrase. None when a `contains` phrase has no anchor,
        or the fold's line endings do not cut it into those lines (`_line_ends_if`): every line may then hold one,
        and is keyed whole as `may_match` needs.

        Why once an article: most articles show no anchor, and then no line is searched for any. Why each hit's
        line told by the "\n"s before it (or by bisecting the line ends when a "\r" may end a line): the long
        lines of an article that showed one were each searched for it again, and lower-cased to ASCII for the
        ASCII ones (`read_bytes`: 3.58 M machine instructions a bench article before, 3.51 M after)."""
        if not self.anchored:
            return None
        hits: list[tuple[str | bytes, str | bytes, int]] = []
        for anchor in self.text_anchors:
            at = fold_text.find(anchor)
            if at >= 0:
                hits.append((fold_text, anchor, at))
        if self.ascii_anchors:
            probe = fold_text.encode("ascii", "ignore").lower()  # the ASCII characters keep every line ending
            for anchor in self.ascii_anchors:
                at = probe.find(anchor)
                if at >= 0:
                    hits.append((probe, anchor, at))
        lines: set[int] = set()
        if not hits:
            return lines
        if "\r" in fold_text:  # rare: cut as `iter_lines` cuts, if the fold's line endings still allow it
            ends_of = {id(fold_text): _line_ends_if(fold_text, line_count)}
            for where, anchor, at in hits:
                if id(where) not in ends_of:
                    ends_of[id(where)] = _line_ends_if(where, line_count)
                ends = ends_of[id(where)]
                if ends is None:
                    return None
                while at >= 0:
                    lines.add(bisect_right(ends, at))
                    at = where.find(anchor, at + len(anchor))
            return lines
        for where, anchor, at in hits:  # "\n" ends every line, in the fold as in the original
            newline = "\n" if where is fold_text else b"\n"
            line = where.count(newline, 0, at)
            while at >= 0:
                lines.add(line)
                after = at + len(anchor)
                at = where.find(anchor, after)
                line += where.count(newline, after, at) if at >= 0 else 0
        return lines

    def may_match_long(self, piece: str, size: int, shows_anchor: bool) -> bool:
        """`may_match` for the key of `piece`, a line's fold longer than `long_chars`, keying its two ends only;
        `shows_anchor`: the line is one of `anchor_lines` (or they are None).

        Why: lower-casing and checking every character of a line for its key, and looking for the phrases in
        all of it, were most of the cost of a prose line. The key of a line starts with the key of its first
        `head_chars` characters and ends with that of its last `tail_chars` (the key only lower-cases, reads a
        chandrabindu as anusvara and squeezes white space: a Greek capital sigma, whose lower case depends on
        its neighbours, may differ, and no marker holds a sigma, else `long_chars` is never reached), and the two
        do not overlap: so the head decides `starts`, the head and the tail's core make the core longer than
        every whole-line phrase, and the tail's core decides `ends`. A `contains` phrase in the key shows its
        anchor in the fold."""
        if shows_anchor and (self.firsts_max_chars is None or size <= self.firsts_max_chars):
            return True
        head = _line_key(piece[:self.head_chars])
        if len(head) < self.head_needed or head.startswith(self.starts.get(head[0], ())):
            return True
        if self.ends_max_chars is not None and size > self.ends_max_chars:
            return False  # every section with `ends` skips a line this long
        tail = _line_key(piece[-self.tail_chars:]).rstrip(_TRAIL_CHARS)
        return len(tail) < self.tail_needed or tail.endswith(self.ends.get(tail[-1], ()))


def _line_ends_if(text: str | bytes, line_count: int) -> list[int] | None:
    """The offsets just after each line ending of `text` ("\r\n", "\r" or "\n", as `iter_lines` reads them), if
    there are `line_count - 1` of them; else None. `text`: a fold, or its ASCII probe (`_Prefilter.anchor_lines`).

    Why the count: the fold (and its probe) keeps every line ending and makes none, but drops characters, and a
    dropped one between a "\r" and a "\n" makes one ending of two: the lines would no longer be counted as
    `iter_lines` counted the original's. Only lines ending in a lone "\r" can meet that."""
    if isinstance(text, bytes):
        text = text.decode("ascii")
    if "\r" not in text or text.count("\r") == text.count("\r\n"):  # "\n" or "\r\n" only: each ends at a "\n"
        ends = list(accumulate(map((1).__add__, map(len, text.split("\n")))))
        ends.pop()  # the end of the last line, which no line ending follows
    else:
        ends = [m.end() for m in LINE_ENDING.finditer(text)]
    return ends if len(ends) == line_count - 1 else None


def _by_char(markers: list[str], at: int) -> dict[str, tuple[str, ...]]:
    """The markers grouped by their character at `at` (0: the first, -1: the last); markers are never empty."""
    groups: dict[str, list[str]] = {}
    for marker in markers:
        groups.setdefault(marker[at], []).append(marker)
    return {ch: tuple(group) for ch, group in groups.items()}


# the ASCII characters the lower case of a non-ASCII character holds ("İ" → "i̇", the Kelvin sign → "k"; checked
# for every code point by tests/test_ingest_fast.py): an ASCII anchor holds neither
_ASCII_FROM_OTHERS = regex.compile("[ik]")
_ANUSVARA = "\u0902"
# a character whose lower case holds a character of this block is that character (tests/test_ingest_fast.py)
_DEVANAGARI_WORD = regex.compile(r"[\u0900-\u097f]+")
_SLACK = 16  # characters keyed at each end beyond what is needed: room for white space and trailing marks


def _anchor(parts: tuple[str, ...]) -> str | None:
    """The longest piece of a `contains` phrase that a line whose key holds the phrase shows in its fold: a run of
    a Devanagari word without the anusvara (the fold may have a chandrabindu there), as written, or a run of an
    ASCII word without "i" and "k", among the fold's ASCII characters lower-cased. None if there is none."""
    runs = []
    for word in " ".join(parts).split():
        if word.isascii():
            runs += _ASCII_FROM_OTHERS.split(word)
        elif _DEVANAGARI_WORD.fullmatch(word):
            runs += word.split(_ANUSVARA)
    return max(runs, key=len, default="") or None


@lru_cache(maxsize=1)
def _prefilter() -> _Prefilter:
    sections = furniture().sections
    firsts = sorted({parts[0] for sec in sections for parts in sec.contains})
    limits = [sec.max_chars for sec in sections if sec.contains]
    ends_limits = [sec.max_chars for sec in sections if sec.ends]
    whole = frozenset().union(*(sec.lines | sec.headings for sec in sections))
    starts = [m for sec in sections for m in sec.starts]
    ends = [m for sec in sections for m in sec.ends]
    whole_max = max(map(len, whole), default=0)
    anchors = [_anchor(parts) for sec in sections for parts in sec.contains]
    head_needed = max(max(map(len, starts), default=0), whole_max + 1)
    tail_needed = max(max(map(len, ends), default=0), 1)
    sigma = any(ch in m for m in (*whole, *starts, *ends) for ch in "σς")
    return _Prefilter(
        whole=whole,
        whole_max=whole_max,
        starts=_by_char(starts, 0),
        ends=_by_char(ends, -1),
        firsts=tuple(firsts),
        firsts_max_chars=None if None in limits else max(limits, default=0),
        long_chars=sys.maxsize if sigma else head_needed + tail_needed + 2 * _SLACK,
        head_chars=head_needed + _SLACK,
        head_needed=head_needed,
        tail_chars=tail_needed + _SLACK,
        tail_needed=tail_needed,
        ends_max_chars=None if None in ends_limits else max(ends_limits, default=0),
        text_anchors=tuple(sorted({a for a in anchors if a and not a.isascii()})),
        ascii_anchors=tuple(sorted({a.encode() for a in anchors if a and a.isascii()})),
        anchored=None not in anchors,
    )


def classify_line(text: str) -> tuple[str, bool] | None:
    """(reason, opens_a_list) for a furniture line, None for an article line."""
    return _classify(fold_key(_LEAD.sub("", text)), text)


def _classify(key: str, text: str) -> tuple[str, bool] | None:
    """`classify_line` of `text`, whose key (folded, without its leading bullets) is `key`."""
    if not key:
        return None
    core = key.rstrip(_TRAIL_CHARS)
    size = len(text.strip())
    if not _prefilter().may_match(key, core, size):
        return None
    for sec in furniture().sections:
        if sec.max_chars is not None and size > sec.max_chars:
            continue
        if not sec.digits and _DIGIT.search(key):
            continue
        if core in sec.headings:
            return sec.reason, True
        if core in sec.lines:
            return sec.reason, False
        if key.startswith(sec.starts):  # one C call rules out the section's markers for most lines
            for marker in sec.starts:
                if _starts_with(key, marker):
                    return sec.reason, sec.starts_open_list and core == _TRAIL.sub("", marker)
        if core.endswith(sec.ends):
            for marker in sec.ends:
                if _ends_with(core, marker):
                    return sec.reason, False
        for parts in sec.contains:
            if _contains_in_order(key, parts):
                return sec.reason, False
    return None


def _line_key(folded: str) -> str:
    """`folded_key(folded)`; without its split and join when they would give back what they were given.

    Why: most lines' only white space is single spaces between words, and splitting a line into words to join
    them again was a third of `furniture_spans`. `str.split` cuts at `str.isspace` characters, and every one of
    them but " " is one that `str.isprintable` refuses (tests/test_ingest_fast.py checks every code point), nor
    does lower case turn a character into white space: a printable text without a double, leading or trailing
    space is its own squeeze."""
    if folded.isprintable() and "  " not in folded and folded[:1] != " " and folded[-1:] != " ":
        return as_anusvara(folded.lower())
    return folded_key(folded)


def _headline_like(line: Line, max_chars: int) -> bool:
    s = line.text.strip()
    if not s or len(s) > max_chars:
        return False
    # a headline does not end a sentence; an ellipsis ("…", "...") is a cut-off teaser, still a headline
    return not (s.endswith("।") or (s.endswith(".") and not s.endswith("..")))


def find_furniture(text: str, start: int = 0) -> list[ExcludedSpan]:
    """Excluded spans for the furniture lines of `text[start:]` (offsets into `text`)."""
    return furniture_spans(text, iter_lines(text, start))


def furniture_spans(text: str, lines: list[Line], folds: list[str] | None = None) -> list[ExcludedSpan]:
    """`find_furniture` for the lines `iter_lines` gave for `text`; `folds`: their folds (`line_folds`), if known."""
    conf = furniture()
    ft = fold(text)
    marks: list[str | None] = [None] * len(lines)
    opens: list[bool] = [False] * len(lines)
    pre = _prefilter()
    anchored = pre.anchor_lines(ft.folded(lines[0].start, lines[-1].end), len(lines)) if lines else None
    for i, (start, end, line_text) in enumerate(lines):
        if not line_text.strip():
            continue
        # a letter or digit is no bullet or space: most lines skip the regex
        lead = None if line_text[0].isalnum() else _LEAD.match(line_text)
        if lead is not None:
            piece = ft.folded(start + lead.end(), end)
        else:
            piece = folds[i] if folds is not None else ft.folded(start, end)
        shows_anchor = anchored is None or i in anchored
        if len(piece) > pre.long_chars and not pre.may_match_long(piece, len(line_text.strip()), shows_anchor):
            continue  # a prose line, told by its ends and anchors without its whole key
        hit = _classify(_line_key(piece), line_text)
        if hit:
            marks[i], opens[i] = hit
    for i in range(len(lines)):
        if not opens[i]:
            continue
        taken = 0
        j = i + 1
        while j < len(lines) and taken < conf.headline_max_lines:
            if lines[j].blank:
                j += 1
                continue
            if marks[j] is not None or not _headline_like(lines[j], conf.headline_max_chars):
                break
            marks[j] = marks[i]
            taken += 1
            j += 1
    spans = []
    for line, reason in zip(lines, marks):
        if reason:
            lead = len(line.text) - len(line.text.lstrip())
            spans.append(ExcludedSpan(line.start + lead, line.start + len(line.text.rstrip()), reason))
    return spans
