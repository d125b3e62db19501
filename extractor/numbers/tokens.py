"""Step 1 of the number grammar: the folded text cut into tokens — digit groups (validated Indian or western
grouping), words, single symbols, and the forms that are never one plain number (times, dates, phones, URLs, digit
fractions, exponents, dotted runs).

How, and why so: for speed. Measured on the bench's 12 KB articles (`twelve_kb_articles` in bench/run.py), in
machine instructions counted with valgrind, as timings on a shared machine wander by half:
- The text is cut at spaces first (`str.split`), and every piece is taken for one word token: the piece lists
  (texts, keys looked up in a dict, starts, ends) are the token lists. One regex scan of the whole text, with a
  match object and a `Token` per token, took 14.5 M instructions an article; cutting at spaces 4.9 M.
- The pieces that are not a single word (about 170 of 970) were put right one by one and their tokens spliced
  in (tokenize 4.1 M, of which splicing 1.25 M over 118 splices). Now every piece's tokens are kept whole in
  `_PieceCache` as records (kind, text, key, step, width, flag), chained in C and parted by slices with a step;
  only the ~60 flagged tokens an article (digits, stand-ins for whitespace, a form that may run on) are looked at
  in Python: tokenize 3.76 M → 2.76 M. A piece whose digit form may run on over the space after it (it ends in a
  digit or "-", and a digit, space or "-" follows) is scanned in the text. tests/test_numbers_fast.py checks the
  tokens against one scan of the text, tests/test_numbers_tokens_fast.py against the splicing tokenizer before.
- The tokens are kept a list per field (`Tokens`): making a `Token` for each of an article's 1,120 tokens cost
  more than all the rest; reading reads the lists (`Tokens.token(i)` makes a `Token`, for tests and a reader's eye).
- A call into the `regex` module costs about a microsecond whatever it does, and a search for a character class
  through a whole article about 100 instructions a character: neither is done per token or over the whole text.
- What costs now is per piece, in C: each pass of `map` or `accumulate` over an article's 970 pieces is 0.3–0.5 M
  instructions (split 0.34 M, the dict look-up 0.38 M, starts 0.48 M, ends 0.41 M). Starts and ends are now one
  `accumulate` over each piece's length and the space after it, interleaved, parted by two slices with a step: an
  int made once for each start and end and no pass of `map(add, …)`; parse_numbers 9.34 M → 9.02 M.
- Compiled (docs/speedups.md), a loop over the tokens is cheaper than those passes: the records are kept a tuple a
  token and read into the token lists in one loop, and the flagged tokens are noted on the way instead of searched
  for (`_token_lists_in_a_loop`): tokenize 2.71 M → 1.95 M compiled. Run as Python, tokenize keeps the passes."""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from itertools import accumulate, chain, compress, count, repeat
from operator import sub

import regex

from ..compiled import runs_compiled
from ..text.normalize import folded_key

# The scan of a piece that is not a single word: URLs, words, runs of digits and single symbols, each with the
# whitespace after it (so `findall` gives every token's position by adding up lengths, without a match object per
# token). A digit, "." or "+" (a *lead*) may start one of the longer forms of _DIGIT_FORMS, tried only there.
_SCAN = (
    r"(?:((?i:https?://|www\.)\S+)"
    r"|(<PUNCTUATED>[\p{L}\p{M}]+)"
    r"|([0-9]+|[.+])"
    r"|(\S))(\s*)"
)
# The forms that start with a digit, "." or "+", in the order they are tried. Their lookbehinds see the text
# before the position that `match(text, pos)` starts at, so each reads as it would in one scan of the whole text.
_DIGIT_FORMS = regex.compile(
    r"(?P<time>(?<![0-9])[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?![0-9]))"
    r"|(?P<date>(?<![0-9])(?:[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}|[0-9]{1,2}[/.-][0-9]{1,2}[/.-](?:[0-9]{4}|[0-9]{2}))(?![0-9]))"
    r"|(?P<phone>\+[0-9]{1,3}[- ]?[0-9][0-9 -]{6,}[0-9]|(?<![0-9])1800[- ]?[0-9]{2,4}[- ]?[0-9]{3,4}(?![0-9])"
    r"|(?<![0-9])0?[0-9]{2,4}-[0-9]{6,8}(?![0-9])|(?<![0-9,.])[6-9][0-9]{9}(?![0-9,.]))"
    r"|(?P<frac>(?<![0-9/.,])(?:[0-9]+ +)?[0-9]+/[0-9]+(?![0-9/]))"
    r"|(?P<exp>(?<![\p{L}\p{M}0-9.])[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]{1,2}|\^(?:--|[+-])?[0-9]{1,2})(?![\p{L}\p{M}0-9]))"
    r"|(?P<dotted>(?<![0-9.])[0-9]+(?:\.[0-9]+){2,}(?![0-9]))"
    # a space between groups of three (ISO 31-0, the SI Brochure): "1 234 567"; one group only after two or three
    # digits, as "it is customary not to use a space to isolate a single digit" (SI Brochure §5.4.4): "16 000" is
    # 16000, "Chapter 5 000" is 5 and 000. Never with a digit group before or after ("2 100 300" in a table row)
    r"|(?P<num>(?<![0-9])[0-9]{1,3}(?: [0-9]{3}){2,}(?![0-9]|[,.][0-9])"
    r"|(?<![0-9.,])(?<![0-9] )[0-9]{2,3} [0-9]{3}(?![0-9]|[,.][0-9]| [0-9])"
    r"|[0-9]+(?:,[0-9]+)*(?:\.[0-9]+)?|(?<![\p{L}\p{M}])\.[0-9]+)"  # "Rs.2,30,000": no ".2" after a letter
)
_LEADING_SPACE = regex.compile(r"\s*")
_WORD = regex.compile(r"[\p{L}\p{M}]+")
_LEAD = regex.compile(r"[0-9.+]")
_RUNS_ON = frozenset("0123456789 -")  # what a digit form may take in after a space
_INDIAN_GROUPS = regex.compile(r"^[0-9]{1,2}(?:,[0-9]{2})*,[0-9]{3}$")
# "2,88000" as printed for 2,88,000: an Indian grouping with the last comma left out
_INDIAN_LAST_COMMA_MISSING = regex.compile(r"^[0-9]{1,2}(?:,[0-9]{2})*,[0-9]{5}$")
_WESTERN_GROUPS = regex.compile(r"^[0-9]{1,3}(?:,[0-9]{3})+$")
_PIECE = regex.compile(r"[0-9]+|\S")
# A run of more digits than this is an identifier, a hash or an attack, never a statistic (₹1 लाख करोड़ is 13 digits;
# a card number 16); it becomes a "long" token that no number starts at. 28 is also where Decimal's default
# precision would start rounding. Without the cap a million digits in a row took 26 s (converting a Decimal of n
# digits to int is quadratic) and gave a value no JSON writer prints (str() of an int over 4,300 digits raises).
MAX_DIGITS = 28


@dataclass(slots=True)
class Token:
    kind: str  # num | word | sym | time | date | phone | frac | url | long (digits beyond MAX_DIGITS)
    start: int
    end: int
    text: str
    key: str  # lower-cased, chandrabindu read as anusvara
    value: Decimal | None = None  # for "1e10", "1.1^23" (num) and "2 1/4" (frac)


# the kinds of token that are not digits: every other token is one of `Tokens.numbers`
_NOT_DIGITS = frozenset(("word", "sym", "url"))


@dataclass(slots=True)
class Tokens:
    """The tokens of one text, a list per field: token i is (kinds[i], starts[i], ends[i], texts[i], keys[i],
    values.get(i)). Made a list at a time, as most tokens are words that reading only passes over; a `Token` is
    made only when asked for (`token`)."""
    kinds: list[str] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    values: dict[int, Decimal] = field(default_factory=dict)  # the few tokens that carry a value
    numbers: list[int] = field(default_factory=list)  # the tokens of digits: all but words, symbols and URLs
    # the tokens of digits and those whose key is one of tokenize's `starters`, in order (made by tokenize only)
    may_start: list[int] = field(default_factory=list)

    def add(self, kind: str, start: int, end: int, text: str, key: str, value: Decimal | None = None) -> None:
        if value is not None:
            self.values[len(self.kinds)] = value
        if kind not in _NOT_DIGITS:
            self.numbers.append(len(self.kinds))
        self.kinds.append(kind)
        self.starts.append(start)
        self.ends.append(end)
        self.texts.append(text)
        self.keys.append(key)

    def add_words(self, texts: list[str], keys: list[str], starts: list[int], ends: list[int]) -> None:
        self.kinds.extend(repeat("word", len(texts)))
        self.starts.extend(starts)
        self.ends.extend(ends)
        self.texts.extend(texts)
        self.keys.extend(keys)

    def token(self, i: int) -> Token:
        return Token(self.kinds[i], self.starts[i], self.ends[i], self.texts[i], self.keys[i], self.values.get(i))


@lru_cache(maxsize=1 << 16)
def token_key(s: str) -> str:
    """Dictionary key of a word or phrase of the folded text; cached: an article repeats its words, and every token
    needs one."""
    return folded_key(s)


@lru_cache(maxsize=8)
def _scan_pattern(punctuated: tuple[str, ...]) -> regex.Pattern:
    """The scan; `punctuated` are the words kept whole although they hold a character that is no letter ("छ:" for
    छः, the visarga typed as an ASCII colon)."""
    words = "".join(regex.escape(w) + r"(?![\p{L}\p{M}0-9])|" for w in punctuated)
    return regex.compile(_SCAN.replace("<PUNCTUATED>", words))


def tokenize(folded: str, punctuated: tuple[str, ...] = (), starters: frozenset[str] = frozenset()) -> Tokens:
    """The tokens of a folded text. It is cut at spaces, and each piece's tokens are looked up whole in a cache
    (`_PieceCache`) as a run of records, six fields a token: kind, text, key, step, width, flag. The token lists
    are made of the records of all pieces (`_token_lists`: in one loop when compiled, else in passes in C); a
    token's end is the sum of the steps up to it (the space before a piece is counted in its first step), its start
    its end less its width. A piece reads the same anywhere (no URL, punctuated word or digit form has letters next to a
    space) but for a digit form that may run on over the space after its piece, which is read in the text
    instead (`_run_on`). Whitespace that is no token (a piece of whitespace only, a line break at the end of a
    piece) has a stand-in record, which carries its width to the next token and is dropped. The flagged tokens
    (digit tokens, stand-ins, and the last token of a piece that may run on) are looked at one by one; so are the
    tokens whose key is one of `starters` (flagged `_STARTS`), which with the digits make `Tokens.may_start`."""
    cache = _piece_cache(punctuated, starters)
    kinds, starts, ends, texts, keys, flagged, flags = _token_lists(cache, folded.split(" "))
    out = Tokens(kinds, starts, ends, texts, keys)
    numbers, values, may_start = out.numbers, out.values, out.may_start
    edits: list[tuple[int, int, Tokens | None]] = []  # tokens a..b-1 and what comes instead
    last = len(folded) - 1
    shift = 0  # token i is token i + shift once the edits before it are made
    done = -1  # the tokens up to this one are read (a run-on reads the tokens after its flagged one)
    for i, flag in zip(flagged, flags):
        if i <= done:
            continue
        if kinds[i] == "skip":
            edits.append((i, i + 1, None))
            shift -= 1
        elif flag is not _STARTS and ends[i] < last and folded[ends[i]] == " " and folded[ends[i] + 1] in _RUNS_ON:
            a, b, found = _run_on(out, folded, punctuated, ends[i])
            while numbers and numbers[-1] >= a + shift:  # the piece's tokens, read again
                values.pop(numbers.pop(), None)
            while may_start and may_start[-1] >= a + shift:
                may_start.pop()
            numbers += map((a + shift).__add__, found.numbers)
            may_start += [a + shift + j for j, key in enumerate(found.keys)
                          if found.kinds[j] not in _NOT_DIGITS or key in starters]
            for j, value in found.values.items():
                values[a + shift + j] = value
            edits.append((a, b, found))
            shift += len(found.kinds) - (b - a)
            done = b - 1
        elif kinds[i] not in _NOT_DIGITS:
            numbers.append(i + shift)
            may_start.append(i + shift)
            if flag is not _FLAGGED:
                values[i + shift] = flag.value
        elif keys[i] in starters:  # a word at which reading may start (or a symbol or URL written as one)
            may_start.append(i + shift)
    for a, b, found in reversed(edits):
        if found is None:
            del kinds[a], starts[a], ends[a], texts[a], keys[a]
        else:
            kinds[a:b], starts[a:b], ends[a:b] = found.kinds, found.starts, found.ends
            texts[a:b], keys[a:b] = found.texts, found.keys
    return out


_FLAGGED = 1  # the flag of a token tokenize looks at (else 0)
_STARTS = 2  # the flag of a token whose key is one of tokenize's `starters`, and that needs nothing else


# Whether this module runs as its compiled copy (docs/speedups.md). A loop over the tokens is cheap only there; run
# as Python, tokenize does its work in passes in C.
_COMPILED = runs_compiled(tokenize)


def _token_lists_in_passes(cache: _PieceCache, pieces: list[str]) -> tuple[list, ...]:
    """(kinds, starts, ends, texts, keys, the flagged tokens, their flags) of the pieces, from a cache of flat
    records (`_PieceCache.nested` false): chained into one list, parted by slices with a step; the ends by one
    `accumulate` of the steps. Each step is a pass in C: the way for Python (in a loop a token costs some thousand
    instructions of the interpreter)."""
    records = list(chain.from_iterable(map(cache.__getitem__, pieces)))
    steps = records[3::6]
    steps[0] -= 1  # no space before the first piece
    ends = list(accumulate(steps))
    flags = records[5::6]
    return (records[0::6], list(map(sub, ends, records[4::6])), ends, records[1::6], records[2::6],
            list(compress(count(), flags)), list(filter(None, flags)))  # where a flag is not 0, and the flag


def _token_lists_in_a_loop(cache: _PieceCache, pieces: list[str]) -> tuple[list, ...]:
    """`_token_lists_in_passes` in one loop over the tokens, from a cache of records a tuple a token
    (`_PieceCache.nested`): the way for compiled code, where a loop of C over a tuple's fields and an append to a
    list cost a few instructions each. Why: chaining every piece's records into one list of six a token (with its
    list grown by realloc), parting it by six slices and making the starts in a pass of `map` cost 2.71 M
    instructions a bench article compiled; this loop 2.0 M."""
    kinds: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    texts: list[str] = []
    keys: list[str] = []
    flagged: list[int] = []
    flags: list[int] = []  # of the flagged tokens (two lists, not a tuple a token: no object made for each)
    end = -1  # no space before the first piece
    for records in map(cache.__getitem__, pieces):  # not cache[piece]: see _PieceCache
        for kind, text, key, step, width, flag in records:
            if flag:
                flagged.append(len(kinds))
                flags.append(flag)
            kinds.append(kind)
            texts.append(text)
            keys.append(key)
            end += step
            ends.append(end)
            starts.append(end - width)
    return kinds, starts, ends, texts, keys, flagged, flags


_token_lists = _token_lists_in_a_loop if _COMPILED else _token_lists_in_passes


class _Valued(int):
    """The flag of a digit token with a value ("1e10", "3/4"): equal to _FLAGGED, so found with the others, and
    carrying the value."""

    def __new__(cls, value: Decimal) -> _Valued:
        flag = super().__new__(cls, _FLAGGED)
        flag.value = value
        return flag


def _run_on(out: Tokens, folded: str, punctuated: tuple[str, ...], end: int) -> tuple[int, int, Tokens]:
    """The tokens of the piece ending at `end` read in the text, and of the pieces its digit form runs into (the
    rest of a piece after the form): (the first token of those pieces, the first token after them, the tokens)."""
    pos = folded.rfind(" ", 0, end) + 1
    first = bisect_left(out.starts, pos)
    found = Tokens()
    covered = _scan(found, punctuated, folded, pos, end)
    while covered > end:  # the form takes in the start of the next piece
        end = folded.find(" ", end + 1)
        if end < 0:
            end = len(folded)
        if end > covered:
            covered = _scan(found, punctuated, folded, covered, end)
    return first, bisect_left(out.starts, end + 1), found


# Pieces kept before a cache is emptied (as an lru_cache of that size would forget).
_PIECES_KEPT = 1 << 16


class _PieceCache(dict):
    """piece → the records of its tokens (see tokenize): one flat tuple of six fields a token, or (`nested`, for
    `_token_lists_in_a_loop`) a tuple of one 6-tuple a token. A dict read with map(dict.__getitem__) costs about half
    as much a piece as an lru_cache: 0.35 M against 0.61 M instructions a 12 KB article. Read through its
    `__getitem__` (dict's own, found once), not as `cache[piece]`: on a subclass of dict that goes through a slot
    that looks `__getitem__` up on the type at every call (tokenize 1.96 M → 1.89 M compiled)."""
    __slots__ = ("punctuated", "starters", "nested")

    def __init__(self, punctuated: tuple[str, ...], starters: frozenset[str] = frozenset(), nested: bool = _COMPILED):
        super().__init__()
        self.punctuated = punctuated
        self.starters = starters  # the keys flagged _STARTS
        self.nested = nested

    def __missing__(self, piece: str) -> tuple:
        if len(self) > _PIECES_KEPT:
            self.clear()
        n = len(piece)
        if _WORD.fullmatch(piece):
            key = token_key(piece)
            records = ("word", piece, key, n + 1, n, _STARTS if key in self.starters else 0)
        else:
            records = self.read(piece)
        if self.nested:
            records = tuple(records[r:r + 6] for r in range(0, len(records), 6))
        self[piece] = records
        return records

    def read(self, piece: str) -> tuple:
        """The records of a piece that is not a single word, read once, between a space and a space and a letter.
        Only a digit form (started by a digit, "." or "+") looks past its piece: it may run on over the space
        after it when the piece ends in a digit or a "-" and a digit, a space or a "-" follows ("12 345", "+91
        98100 12345", "2 1/4"), as every form ends in a digit and takes in a space only after a digit, a "-" or a
        space; `tokenize` then reads it in the text (the piece's last token is flagged: a digit token, as every
        one ends in a digit, or "-", or a URL). Otherwise its lookarounds see no more than the spaces at the ends
        of the piece and one character past the one after it, and a piece reads the same anywhere."""
        out = Tokens()
        _scan(out, self.punctuated, " " + piece + " x", 1, 1 + len(piece))
        flags = [0] * len(out.kinds)
        for i in out.numbers:
            flags[i] = _FLAGGED
        for i, value in out.values.items():
            flags[i] = _Valued(value)
        if piece[-1:] in _ENDS_OF_RUNS and _LEAD.search(piece) is not None and not flags[-1]:
            flags[-1] = _FLAGGED  # "12-", a URL: flagged though no digit token
        for i, key in enumerate(out.keys):
            if not flags[i] and key in self.starters:
                flags[i] = _STARTS
        records: list = []
        reached = 0  # the end of the last token, counted from the space before the piece
        for kind, start, end, text, key, flag in zip(out.kinds, out.starts, out.ends, out.texts, out.keys, flags):
            records += (kind, text, key, end - reached, end - start, flag)
            reached = end
        if reached != len(piece) + 1:  # whitespace after the last token, or no token at all
            records += ("skip", "", "", len(piece) + 1 - reached, 0, _FLAGGED)
        return tuple(records)

_ENDS_OF_RUNS = frozenset("0123456789-")
_PIECE_CACHES: dict[tuple[tuple[str, ...], frozenset[str]], _PieceCache] = {}


def _piece_cache(punctuated: tuple[str, ...], starters: frozenset[str] = frozenset()) -> _PieceCache:
    cache = _PIECE_CACHES.get((punctuated, starters))
    if cache is None:
        cache = _PIECE_CACHES[punctuated, starters] = _PieceCache(punctuated, starters)
    return cache


def _scan(out: Tokens, punctuated: tuple[str, ...], folded: str, pos: int, end: int) -> int:
    """The tokens of folded[pos:end], a piece between spaces or the rest of one; returns the end of the last digit
    form when that runs on past `end`, else `end`."""
    covered = pos  # the end of the last digit form: the scan's pieces before it are inside that form
    if pos < end and folded[pos].isspace():  # a line break, a tab (isspace holds for every \s, and for \x1c-\x1f)
        pos = _LEADING_SPACE.match(folded, pos, end).end()
    for url, word, lead, sym, space in _scan_pattern(punctuated).findall(folded, pos, end):
        if pos < covered:
            pos += len(url or word or lead or sym) + len(space)
            continue
        if word:
            stop = pos + len(word)
            out.add("word", pos, stop, word, token_key(word))
        elif sym:
            stop = pos + 1
            out.add("sym", pos, stop, sym, sym)
        elif lead:
            stop = pos + len(lead)
            covered = _digit_form(out, folded, pos, stop)
        else:
            stop = pos + len(url)
            out.add("url", pos, stop, url, url)
        pos = stop + len(space)
    return covered if covered > end else end


def _digit_form(out: Tokens, folded: str, pos: int, lead_end: int) -> int:
    """The tokens of the form at `pos`, where the scan found a digit, "." or "+" (ending at `lead_end`); returns
    where the form ends."""
    m = _DIGIT_FORMS.match(folded, pos)
    if m is None:  # a "." or "+" that starts no number
        out.add("sym", pos, lead_end, folded[pos:lead_end], folded[pos:lead_end])
        return lead_end
    kind = m.lastgroup
    text = m.group()
    end = m.end()
    if kind in ("exp", "frac", "dotted") and _too_long(text):
        _split_pieces(out, pos, text)  # "1/333…", "1.2.333…": the short pieces are still numbers
    elif kind == "num":
        _add_digits(out, pos, text)
    elif kind == "dotted":  # "192.168.1.2": a run with two or more dots is several numbers
        _split_pieces(out, pos, text)
    elif kind == "exp" or kind == "frac":
        value = _exp_value(text) if kind == "exp" else _frac_value(text)
        if value is None:  # "24/7", "2023/24": not a proper fraction; an exponent that overflows
            _split_pieces(out, pos, text)
        else:
            out.add("num" if kind == "exp" else "frac", pos, end, text, text, value)
    else:  # time, date, phone
        out.add(kind, pos, end, text, text)
    return end


def _add_digits(out: Tokens, pos: int, text: str) -> None:
    if "," in text and not _valid_grouping(text):
        # "1,45" is not a number with grouping: read its parts separately
        for part in text.split(","):
            if part:
                out.add("long" if _too_long(part) else "num", pos, pos + len(part), part, part)
            pos += len(part) + 1
    else:
        out.add("long" if _too_long(text) else "num", pos, pos + len(text), text, text)


def _too_long(text: str) -> bool:
    return len(text) > MAX_DIGITS and sum(ch.isdigit() for ch in text) > MAX_DIGITS


def _split_pieces(out: Tokens, pos: int, text: str) -> None:
    for p in _PIECE.finditer(text):
        kind = ("long" if _too_long(p.group()) else "num") if p.group()[0].isdigit() else "sym"
        out.add(kind, pos + p.start(), pos + p.end(), p.group(), p.group())


def _exp_value(text: str) -> Decimal | None:
    """ "1e10", "12.32e+14", "1.1^23", "2.5^-1", "1.1^--23" (two minus signs make a plus)."""
    try:
        if "^" in text:
            base, power = text.split("^")
            power = power.replace("--", "")
            value = Decimal(base) ** int(power)
        else:
            value = Decimal(text)
    except (InvalidOperation, ValueError, ZeroDivisionError, ArithmeticError):
        return None
    return value if value.is_finite() else None


def _frac_value(text: str) -> Decimal | None:
    """ "3/4", "2  1/4": a proper fraction, with an optional whole part."""
    parts = text.split()
    whole = Decimal(parts[0]) if len(parts) == 2 else Decimal(0)
    a, b = (int(x) for x in parts[-1].split("/"))
    if b == 0 or a >= b or a == 0:
        return None
    return whole + Decimal(a) / Decimal(b)


def _valid_grouping(text: str) -> bool:
    integer = text.split(".", 1)[0]
    return bool(_INDIAN_GROUPS.match(integer) or _WESTERN_GROUPS.match(integer)
                or _INDIAN_LAST_COMMA_MISSING.match(integer))


def digits_value(text: str) -> Decimal:
    return Decimal(text.replace(",", "").replace(" ", ""))
