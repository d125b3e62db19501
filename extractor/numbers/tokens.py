"""Step 1 of the number grammar: the folded text cut into tokens — digit groups (validated Indian or western
grouping), words, single symbols, and the forms that are never one plain number (times, dates, phones, URLs, digit
fractions, exponents, dotted runs)."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import regex

from ..text.normalize import folded_key

_TOKEN = (
    r"(?P<url>(?i:https?://|www\.)\S+)"
    r"|(?P<word><PUNCTUATED>[\p{L}\p{M}]+)"  # early: most positions are letters (only a URL may start with one)
    r"|(?=[0-9.+])(?:(?P<time>(?<![0-9])[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?![0-9]))"
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
    r"|[0-9]+(?:,[0-9]+)*(?:\.[0-9]+)?|(?<![\p{L}\p{M}])\.[0-9]+))"  # "Rs.2,30,000": no ".2" after a letter
    r"|(?P<sym>\S)"
)
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


@lru_cache(maxsize=1 << 16)
def token_key(s: str) -> str:
    """Dictionary key of a word or phrase of the folded text; cached: an article repeats its words, and every token
    needs one."""
    return folded_key(s)


@lru_cache(maxsize=8)
def _token_pattern(punctuated: tuple[str, ...]) -> regex.Pattern:
    """The token pattern; `punctuated` are the words kept whole although they hold a character that is no letter
    ("छ:" for छः, the visarga typed as an ASCII colon)."""
    words = "".join(regex.escape(w) + r"(?![\p{L}\p{M}0-9])|" for w in punctuated)
    return regex.compile(_TOKEN.replace("<PUNCTUATED>", words))


def tokenize(folded: str, punctuated: tuple[str, ...] = ()) -> list[Token]:
    out: list[Token] = []
    for m in _token_pattern(punctuated).finditer(folded):
        kind = m.lastgroup
        text = m.group()
        if kind == "word" or kind == "sym" or kind == "url":
            out.append(Token(kind, m.start(), m.end(), text, token_key(text) if kind == "word" else text))
        elif kind in ("exp", "frac", "dotted") and _too_long(text):
            _split_pieces(out, m.start(), text)  # "1/333…", "1.2.333…": the short pieces are still numbers
        elif kind == "num":
            _add_digits(out, m.start(), text)
        elif kind == "dotted":  # "192.168.1.2": a run with two or more dots is several numbers
            _split_pieces(out, m.start(), text)
        elif kind == "exp" or kind == "frac":
            value = _exp_value(text) if kind == "exp" else _frac_value(text)
            if value is None:  # "24/7", "2023/24": not a proper fraction; an exponent that overflows
                _split_pieces(out, m.start(), text)
            else:
                out.append(Token("num" if kind == "exp" else "frac", m.start(), m.end(), text, text, value))
        else:  # time, date, phone
            out.append(Token(kind, m.start(), m.end(), text, text))
    return out


def _add_digits(out: list[Token], pos: int, text: str) -> None:
    if "," in text and not _valid_grouping(text):
        # "1,45" is not a number with grouping: read its parts separately
        for part in text.split(","):
            if part:
                out.append(Token("long" if _too_long(part) else "num", pos, pos + len(part), part, part))
            pos += len(part) + 1
    else:
        out.append(Token("long" if _too_long(text) else "num", pos, pos + len(text), text, text))


def _too_long(text: str) -> bool:
    return len(text) > MAX_DIGITS and sum(ch.isdigit() for ch in text) > MAX_DIGITS


def _split_pieces(out: list[Token], pos: int, text: str) -> None:
    for p in _PIECE.finditer(text):
        kind = ("long" if _too_long(p.group()) else "num") if p.group()[0].isdigit() else "sym"
        out.append(Token(kind, pos + p.start(), pos + p.end(), p.group(), p.group()))


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
