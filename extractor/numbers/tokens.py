"""Step 1 of the number grammar: the folded text cut into tokens — digit groups (validated Indian or western
grouping), words, single symbols, and the forms that are never one plain number (times, dates, phones, URLs, digit
fractions, exponents, dotted runs).

How, and why so: for speed. Measured on the bench's 12 KB articles (`twelve_kb_articles` in bench/run.py), in
machine instructions counted with valgrind, as timings on a shared machine wander by half:
- The text is cut at spaces first (`str.split`), and every piece is taken for one word token: the piece lists
  (texts, keys looked up in a dict, starts, ends) are the token lists. One regex scan of the whole text, with a
  match object and a `Token` per token, took 14.5 M instructions an article; cutting at spaces 4.9 M.
- The pieces that are not a single word (about 170 of 970) are put right one by one from what the piece gave the
  last time it was seen (`_Piece`, kept in `_PieceCache`): one token of another kind only changes its kind and
  key; the others are spliced in once, at the end (`_spliced`), not a token at a time. 4.9 M → 4.6 M an article.
  The splices (118 an article) go into two interleaved lists, kind-text-key and start-end, parted at the end by
  slices with a step, instead of into the five lists one by one: tokenize 4.5 M → 4.1 M (splicing 1.7 M → 1.25 M).
  A piece whose digit form may run on over the space after it (it ends in a digit or "-", and a digit, space or
  "-" follows) is scanned in the text. tests/test_numbers_fast.py checks the tokens against one scan of the text.
- The tokens are kept a list per field (`Tokens`): making a `Token` for each of an article's 1,120 tokens cost
  more than all the rest; reading reads the lists (`Tokens.token(i)` makes a `Token`, for tests and a reader's eye).
- A call into the `regex` module costs about a microsecond whatever it does, and a search for a character class
  through a whole article about 100 instructions a character: neither is done per token or over the whole text.
- What costs now is per piece, in C: each pass of `map` or `accumulate` over an article's 970 pieces is 0.3–0.5 M
  instructions (split 0.34 M, the dict look-up 0.38 M, starts 0.48 M, ends 0.41 M). Starts and ends are now one
  `accumulate` over each piece's length and the space after it, interleaved, parted by two slices with a step: an
  int made once for each start and end and no pass of `map(add, …)`; parse_numbers 9.34 M → 9.02 M."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from itertools import accumulate, chain, repeat

import regex

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

    def add(self, kind: str, start: int, end: int, text: str, key: str, value: Decimal | None = None) -> None:
        if value is not None:
            self.values[len(self.kinds)] = value
        if kind != "sym" and kind != "word" and kind != "url":
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


def tokenize(folded: str, punctuated: tuple[str, ...] = ()) -> Tokens:
    """The tokens of a folded text. It is cut at spaces first, and every piece is taken for one word token, as most
    are: no URL, punctuated word or digit form has letters next to a space, so a piece that is a single word is one
    word token whatever is around it. The others are put right one by one (`_Piece`): a piece that is one token of
    another kind ("12", "|") changes its kind and key; one of several tokens (or none) is spliced in at the end
    (`_spliced`). A digit form that may run on over the space after its piece is read in the text instead (`_scan`),
    and so is the rest of a piece it runs into."""
    cache = _piece_cache(punctuated)
    pieces = folded.split(" ")
    keys = list(map(cache.__getitem__, pieces))  # a single word's key, else False
    steps = [1] * (2 * len(pieces))  # each piece's length, then the space after it
    steps[0::2] = map(len, pieces)
    edges = list(accumulate(steps, initial=0))  # piece k is at edges[2 * k] to edges[2 * k + 1]
    starts = edges[0:-1:2]
    out = Tokens(["word"] * len(pieces), starts, edges[1::2], pieces, keys)
    splices: list[tuple[int, _Piece, int]] = []  # (piece, its tokens, their offsets' origin)
    last = len(folded) - 1
    covered = shift = 0  # covered: the end of the last digit form, which may run on over spaces ("1 234 567")
    k = -1
    while True:  # the pieces that are not a single word; piece k will be token k + shift
        try:
            k = keys.index(False, k + 1)
        except ValueError:
            return _spliced(out, splices) if splices else out
        pos, end = starts[k], out.ends[k]
        if pos < covered:  # a form from a piece before runs into this one: the rest of the piece after it
            found, covered = _scan_rest(punctuated, folded, covered, end) if end > covered else (_NO_TOKENS, covered)
            splices.append((k, found, 0))
        else:
            found = cache.pieces.get(pieces[k]) or cache.read(pieces[k])
            if found.may_run_on and end < last and folded[end + 1] in _RUNS_ON:
                found, covered = _scan_rest(punctuated, folded, pos, end)
                pos = 0
            elif found.whole:  # one token, the whole piece: "12", "1.45", "|"
                out.kinds[k] = found.kinds[0]
                keys[k] = found.keys[0]
                pos = -1
            if pos >= 0:
                splices.append((k, found, pos))
        if found.numbers:
            out.numbers.extend(map((k + shift).__add__, found.numbers))
            for i, value in found.values.items():
                out.values[k + shift + i] = value
        shift += len(found.kinds) - 1


def _scan_rest(punctuated: tuple[str, ...], folded: str, pos: int, end: int) -> tuple[_Piece, int]:
    """The tokens of folded[pos:end] (a piece or its rest), with offsets into the text, and where the last digit
    form ends (see _scan)."""
    found = Tokens()
    covered = _scan(found, punctuated, folded, pos, end)
    return _Piece.of(found, found.starts, found.ends, False, False), covered


def _spliced(pieces: Tokens, splices: list[tuple[int, _Piece, int]]) -> Tokens:
    """The tokens of the pieces with each of `splices` (piece, its tokens, the origin of their offsets) put in for
    the word token the piece was taken for; `numbers` and `values` are already right. The fields are spliced
    interleaved, kind, text and key in one list and start and end in another, and parted at the end by slices with
    a step (all copies in C): five lists spliced one by one cost 1.7 M instructions a 12 KB article (118 splices),
    these two 1.25 M."""
    n = len(pieces.kinds)
    triples = [None] * (3 * n)
    triples[0::3], triples[1::3], triples[2::3] = pieces.kinds, pieces.texts, pieces.keys
    bounds = [None] * (2 * n)
    bounds[0::2], bounds[1::2] = pieces.starts, pieces.ends
    out_triples: list = []
    out_bounds: list = []
    done = 0
    for k, found, pos in splices:
        out_triples += triples[3 * done:3 * k]
        out_triples += found.triples
        out_bounds += bounds[2 * done:2 * k]
        out_bounds += map(pos.__add__, found.bounds) if pos else found.bounds
        done = k + 1
    out_triples += triples[3 * done:]
    out_bounds += bounds[2 * done:]
    return Tokens(out_triples[0::3], out_bounds[0::2], out_bounds[1::2], out_triples[1::3], out_triples[2::3],
                  pieces.values, pieces.numbers)


@dataclass(slots=True)
class _Piece:
    """The tokens of a piece of text between two spaces that is not a single word, in tuples, with offsets into the
    piece: their kinds and keys, and for `_spliced` each token's kind, text and key in a row (`triples`) and its
    start and end (`bounds`)."""
    kinds: tuple[str, ...]
    keys: tuple[str, ...]
    triples: tuple[str, ...]
    bounds: tuple[int, ...]
    numbers: tuple[int, ...]  # the tokens of digits
    values: dict[int, Decimal]  # for the few tokens that carry a value
    whole: bool  # one token that is the whole piece
    may_run_on: bool  # a digit form may run on over the space after the piece (it ends in a digit or "-")

    @staticmethod
    def of(tokens: Tokens, starts: list[int], ends: list[int], whole: bool, may_run_on: bool) -> _Piece:
        """The piece of `tokens`, at offsets `starts` and `ends`."""
        return _Piece(tuple(tokens.kinds), tuple(tokens.keys),
                      tuple(chain.from_iterable(zip(tokens.kinds, tokens.texts, tokens.keys))),
                      tuple(chain.from_iterable(zip(starts, ends))), tuple(tokens.numbers), tokens.values, whole,
                      may_run_on)


_NO_TOKENS = _Piece((), (), (), (), (), {}, False, False)


# Pieces kept before a cache is emptied (as an lru_cache of that size would forget).
_PIECES_KEPT = 1 << 16


class _PieceCache(dict):
    """piece → its key when it is a single word, else False (a dict read with map(dict.__getitem__) costs about half
    as much a piece as an lru_cache: 0.35 M against 0.61 M instructions a 12 KB article); `pieces` holds the tokens
    of the other pieces (`read`)."""
    __slots__ = ("punctuated", "pieces")

    def __init__(self, punctuated: tuple[str, ...]):
        super().__init__()
        self.punctuated = punctuated
        self.pieces: dict[str, _Piece] = {}

    def __missing__(self, piece: str) -> str | bool:
        if len(self) > _PIECES_KEPT:
            self.clear()
            self.pieces.clear()
        key = self[piece] = token_key(piece) if _WORD.fullmatch(piece) else False
        return key

    def read(self, piece: str) -> _Piece:
        """The tokens of a piece that is not a single word, read once, between a space and a space and a letter.
        Only a digit form (started by a digit, "." or "+") looks past its piece: it may run on over the space after
        it when the piece ends in a digit or a "-" and a digit, a space or a "-" follows ("12 345", "+91 98100
        12345", "2 1/4"; `tokenize` scans those in the text), as every form ends in a digit and takes in a space
        only after a digit, a "-" or a space. Otherwise its lookarounds see no more than the spaces at the ends of
        the piece and one character past the one after it, and a piece reads the same anywhere."""
        out = Tokens()
        _scan(out, self.punctuated, " " + piece + " x", 1, 1 + len(piece))
        found = self.pieces[piece] = _Piece.of(
            out, [start - 1 for start in out.starts], [end - 1 for end in out.ends], out.texts == [piece],
            piece[-1:] in _ENDS_OF_RUNS and _LEAD.search(piece) is not None)
        return found


_ENDS_OF_RUNS = frozenset("0123456789-")
_PIECE_CACHES: dict[tuple[str, ...], _PieceCache] = {}


def _piece_cache(punctuated: tuple[str, ...]) -> _PieceCache:
    cache = _PIECE_CACHES.get(punctuated)
    if cache is None:
        cache = _PIECE_CACHES[punctuated] = _PieceCache(punctuated)
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
