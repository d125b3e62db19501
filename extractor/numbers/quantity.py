"""Steps 2 and 3 of the number grammar: a *quantity* — digits or number words, fractions (डेढ़, ढाई), fraction
prefixes (सवा, साढ़े, पौने), chained scales (3 लाख 55 हजार; 1 लाख करोड़ = 10^12) — and what completes it (a fraction,
a fraction or dozens joined with "और").

A quantity is read one token at a time into a `_Tally`; each kind of token has a step of its own that either takes
the token (NEXT), ends the quantity before it (STOP) or finds that no quantity starts here at all (REJECT).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from .scanner import Scanner

_TENS = frozenset(range(20, 100, 10))
_ZERO = Decimal(0)
_ONE = Decimal(1)
YEAR_RANGE = (1900, 2100)


@dataclass(slots=True)
class Quantity:
    """A number read from tokens [start, end): its value and how it was written."""
    value: Decimal
    end: int  # index of the first token after it
    has_digits: bool
    had_scale: bool
    is_fraction: bool = False  # completed by a fraction ("दो तिहाई", "एक और एक चौथाई")


@dataclass(slots=True)
class Fraction:
    """A fraction after a numerator: its value (numerator included) and where it ends."""
    value: Decimal
    end: int
    has_digits: bool


class _Then(Enum):
    NEXT = "next"  # the token was taken (or is glue inside the quantity): read on
    STOP = "stop"  # the quantity ends before this token
    REJECT = "reject"  # no quantity starts at the first token after all


# The members by a module name: looked up on its class, an Enum member costs about as much as a small function call
# in Python 3.11 (measured: ~900 machine instructions), and a quantity asks for them at every token.
_NEXT, _STOP, _REJECT = _Then.NEXT, _Then.STOP, _Then.REJECT


@dataclass(slots=True)
class _Tally:
    """The running state of one quantity while it is read; local to one `read_quantity` call."""
    start: int
    j: int  # the token being read
    end: int  # index after the last token that belongs to the quantity
    total: Decimal = _ZERO  # the part already multiplied by a scale ("3 लाख" in "3 लाख 55 हजार")
    current: Decimal | None = None  # the group waiting for its scale ("55" in "3 लाख 55 हजार")
    hundreds: bool = False  # current holds a hundreds word ("तीन सौ")
    units_added: bool = False  # units were added after the hundreds ("तीन सौ इक्कीस")
    last_scale: Decimal | None = None
    prefix: Decimal | None = None  # a fraction prefix waiting for its number (साढ़े, सवा, पौने)
    has_digits: bool = False
    had_scale: bool = False
    after_and: bool = False  # an "और"/"and" was passed

    def take(self, tokens: int = 1) -> _Then:
        self.j += tokens
        self.end = self.j
        return _NEXT

    def new_group(self, value: Decimal) -> None:
        self.current = value
        self.hundreds = self.units_added = False

    def add_units(self, value: Decimal) -> None:
        self.current += value
        self.units_added = True

    def with_prefix(self, value: Decimal) -> Decimal:
        """`value` shifted by a waiting prefix ("साढ़े तीन" = 3.5), which is used up."""
        if self.prefix is not None:
            value += self.prefix
            self.prefix = None
        return value


def looks_like_year(text: str) -> bool:
    return len(text) == 4 and text.isdigit() and YEAR_RANGE[0] <= int(text) < YEAR_RANGE[1]


# -- a quantity --------------------------------------------------------------------------------------------------
def read_quantity(sc: Scanner, i: int, ord_at: int = -1, ord_key: str | None = None) -> Quantity | None:
    """The quantity starting at token i, or None. With ord_at, token ord_at is read as ord_key (the stem of an
    ordinal: "पांचवां" → "पांच") and ends it."""
    tally = _Tally(i, i, i)
    while tally.j < sc.n:
        j = tally.j
        if 0 <= ord_at < j or (j > i and j in sc.line_breaks):
            break
        then = _step(sc, tally, ord_key if j == ord_at else sc.keys[j])
        if then is _STOP:
            break
        if then is _REJECT:
            return None
    if tally.end == i:
        return None
    return Quantity(tally.total + (tally.current or 0), tally.end, tally.has_digits, tally.had_scale)


def _step(sc: Scanner, tally: _Tally, key: str) -> _Then:
    """Read token tally.j (whose key is `key`) into the tally."""
    kind = sc.kinds[tally.j]
    if kind == "num":
        return _digits(sc, tally)
    if kind != "word":
        return _hyphenated_units(sc, tally)
    lex = sc.lex
    if key in lex.not_number_words and sc.in_name(tally.j):  # "पांच पद्म पुरस्कार": five awards
        return _STOP
    if key in lex.number_words or key in lex.weak_number_words:
        return _number_word(sc, tally, key)
    if key in lex.fraction_prefixes or key in lex.fractions:
        return _fraction_word(sc, tally, key)
    if key in lex.scales or sc.texts[tally.j] in lex.cased_scales:
        return _scale_word(sc, tally, key)
    if key in lex.and_words:
        return _and_word(sc, tally)
    if key in lex.point_words:
        return _point_word(sc, tally)
    return _STOP


def _units_fit(sc: Scanner, tally: _Tally, value: Decimal) -> bool:
    """Units after hundreds ("4 हजार 3 सौ और 21", "तीन सौ इक्कीस"); but "3 सौ और 2 सौ", "2.12 सौ दो", "3 सौ और 0"
    and a numerator after "और" ("और तीन चौथाई") are not."""
    return (tally.hundreds and not tally.units_added and 0 < value < 100 and tally.current % 100 == 0
            and not sc.next_is_hundred(tally.j) and not (tally.after_and and sc.next_is_fraction_word(tally.j)))


def _digits(sc: Scanner, tally: _Tally) -> _Then:
    j = tally.j
    if j > tally.start and sc.glued(j):  # "1.2.3": digits glued to the previous token
        return _STOP
    value = sc.num_value(j)
    if tally.current is not None:
        if _units_fit(sc, tally, value):
            tally.add_units(value)
            tally.has_digits = True
            return tally.take()
        return _STOP  # "4000 3 सौ": two numbers
    if tally.last_scale is not None and value >= tally.last_scale:
        return _STOP
    # glued letters: a scale ("14.5करोड़", "10k", "45L") is fine; anything else is a unit or an ordinal ("5th"):
    # no quantity starts here, and one that has started ends before it ("3 लाख 5th" is 3 लाख)
    if sc.letter_glued_after(j) and sc.scale_of(j + 1) is None:
        return _REJECT if j == tally.start else _STOP
    tally.new_group(tally.with_prefix(value))
    tally.has_digits = True
    return tally.take()


def _hyphenated_units(sc: Scanner, tally: _Tally) -> _Then:
    """"twenty-five": a hyphen between a tens word and a units word."""
    j = tally.j
    lex = sc.lex
    current = tally.current
    if (sc.texts[j] == "-" and current is not None and not tally.has_digits and j + 1 < sc.n and sc.glued(j)
            and sc.glued(j + 1) and sc.keys[j + 1] in lex.number_words
            and current % 10 == 0 and 20 <= current < 100 and lex.number_words[sc.keys[j + 1]] < 10):
        tally.current += lex.number_words[sc.keys[j + 1]]
        return tally.take(2)
    return _STOP


def _number_word(sc: Scanner, tally: _Tally, key: str) -> _Then:
    lex = sc.lex
    j = tally.j
    weak = key not in lex.number_words
    value = Decimal(lex.weak_number_words[key] if weak else lex.number_words[key])
    # "फ़िफ़्टी टू", "five hundred twenty five": a units word after a tens word
    tens_join = (tally.current is not None and tally.prefix is None and not tally.has_digits and 1 <= value <= 9
                 and sc.kinds[j - 1] == "word" and lex.number_words.get(sc.keys[j - 1]) in _TENS)
    if weak and not tens_join and not (j == tally.start and sc.weak_start(j)):
        return _STOP
    if tens_join:
        tally.add_units(value)
        return tally.take()
    value = tally.with_prefix(value)
    if tally.current is not None:
        if (not weak and _units_fit(sc, tally, value)
                and (tally.last_scale is None or tally.current + value < tally.last_scale)):
            tally.add_units(value)
            return tally.take()
        return _STOP
    if tally.last_scale is not None and value >= tally.last_scale:
        return _STOP
    tally.new_group(value)
    return tally.take()


def _fraction_word(sc: Scanner, tally: _Tally, key: str) -> _Then:
    """A fraction prefix before its number ("साढ़े तीन") or a fraction on its own ("डेढ़", "सवा किलो")."""
    lex = sc.lex
    j = tally.j
    if (key in lex.fraction_prefixes and j + 1 < sc.n and tally.current is None and tally.prefix is None
            and tally.total == 0 and sc.prefix_applies(j + 1)):
        tally.prefix = Decimal(str(lex.fraction_prefixes[key]))
        tally.j += 1  # end not moved: a prefix alone is not a number
        return _NEXT
    if key in lex.fractions and tally.current is None and tally.prefix is None:
        tally.new_group(Decimal(str(lex.fractions[key])))
        return tally.take()
    return _STOP


def _scale_word(sc: Scanner, tally: _Tally, key: str) -> _Then:
    lex = sc.lex
    cased = lex.scales.get(key) is None
    # "10k", "2.33 k", "500 cr", "45L": abbreviations only right after digits, at most spaces between
    if (cased or key in lex.abbreviated_scales) and not (
            tally.current is not None and tally.has_digits and not sc.gap(tally.j).strip(" ")):
        return _STOP
    if key in lex.bound_scales and tally.current is None:  # "नील" only after a number: "पांच नील"
        return _STOP
    scale = Decimal(lex.cased_scales[sc.texts[tally.j]] if cased else lex.scales[key])
    if scale == 100:
        return _hundred(tally)
    return _multiplier(tally, scale)


def _hundred(tally: _Tally) -> _Then:
    """"सौ": multiplies the group in hand (a bare "सौ" is one hundred)."""
    current = tally.current
    if current is None:
        current = _ONE + (tally.prefix or 0)
    elif tally.hundreds:
        return _STOP
    if tally.last_scale is not None and current * 100 >= tally.last_scale:
        return _STOP  # "दो दर्जन सौ" is 24, then 100
    tally.prefix = None
    tally.current = current * 100
    tally.hundreds = True
    tally.units_added = False
    tally.had_scale = True
    return tally.take()


def _multiplier(tally: _Tally, scale: Decimal) -> _Then:
    """A scale above a hundred: the group in hand times the scale joins the total; a larger scale right after a
    smaller one multiplies the total ("लाख करोड़", "5 हजार करोड़")."""
    current = tally.current
    if current is None:
        if tally.prefix is not None:
            current = _ONE + tally.prefix  # "सवा लाख" = 1.25 लाख
        elif tally.total > 0 and tally.last_scale is not None and tally.last_scale < scale:
            tally.total *= scale
            tally.last_scale = scale
            return tally.take()
        elif tally.total > 0:
            return _STOP
        else:
            current = _ONE
    if tally.last_scale is not None and scale >= tally.last_scale:
        return _STOP
    tally.prefix = None
    tally.total += current * scale
    tally.current = None
    tally.hundreds = tally.units_added = False
    tally.last_scale = scale
    tally.had_scale = True
    return tally.take()


def _and_word(sc: Scanner, tally: _Tally) -> _Then:
    """"तीन सौ और इक्कीस", "two hundred and ten": glue only when a number continues after it."""
    j = tally.j
    if (tally.current is not None or tally.total > 0) and j + 1 < sc.n:
        if ((sc.kinds[j + 1] == "num" or sc.keys[j + 1] in sc.lex.number_words)
                and (tally.current is None or tally.hundreds)):
            tally.after_and = True
            tally.j += 1
            return _NEXT
    return _STOP


def _point_word(sc: Scanner, tally: _Tally) -> _Then:
    """"दो सौ दशमलव शून्य तीन" = 200.03 (one digit a word), "दो सौ पॉइंट इकहत्तर" = 200.71 (one word for two),
    also after a scale: "एक हज़ार दशमलव तीन एक" = 1000.31 (as Recognizers-Text's AllFloatRegex reads it)."""
    if tally.has_digits or (tally.current is None and tally.total == 0):
        return _STOP
    words = sc.lex.number_words
    keys = sc.keys
    k = tally.j + 1
    digits = ""
    if k < sc.n and 10 <= words.get(keys[k], 0) < 100:
        digits = str(words[keys[k]])
        k += 1
    else:
        while k < sc.n and keys[k] in words and words[keys[k]] < 10:
            digits += str(words[keys[k]])
            k += 1
    if not digits:
        return _STOP
    if tally.current is None:
        tally.new_group(Decimal("0." + digits))
    else:
        tally.current += Decimal("0." + digits)
    tally.j = tally.end = k
    return _NEXT


# -- what completes a quantity -------------------------------------------------------------------------------------
def read_compound(sc: Scanner, i: int) -> Quantity | None:
    """A quantity with what completes it: a fraction ("दो तिहाई", "पांच बटा आठ", "एक का पाँचवाँ", "तीन में से एक")
    and a fraction or dozens joined with "और" ("एक और एक चौथाई", "तीन सौ और दो दर्जन")."""
    q = read_quantity(sc, i)
    if q is None:
        return None
    if q.end == i + 1 and sc.kinds[i] == "num" and looks_like_year(sc.texts[i]):
        return q  # "2025 का पांचवां संस्करण": a year, not a numerator
    f = fraction_after(sc, q.end, q.value, q.has_digits)
    if f:
        return Quantity(f.value, f.end, q.has_digits or f.has_digits, q.had_scale, True)
    return _mixed_fraction(sc, q) or _joined_with_and(sc, q) or q


def _quantity_after_word(sc: Scanner, q: Quantity, words) -> tuple[Quantity, Fraction | None] | None:
    """The quantity after one of `words` that follows q on the same line ("सही", "और"), and the fraction it starts."""
    j = q.end
    if not (j + 1 < sc.n and sc.keys[j] in words and j + 1 not in sc.line_breaks and sc.can_start(j + 1)):
        return None
    q2 = read_quantity(sc, j + 1)
    if q2 is None:
        return None
    return q2, fraction_after(sc, q2.end, q2.value, q2.has_digits)


def _mixed_fraction(sc: Scanner, q: Quantity) -> Quantity | None:
    """"एक सौ तैंतीस सही एक बटा दो" = 133.5: a whole number, "सही", a proper fraction."""
    after = _quantity_after_word(sc, q, sc.lex.mixed_fraction_words)
    if after is None:
        return None
    numerator, f = after
    if f is None or not 0 < f.value < 1:
        return None
    return Quantity(q.value + f.value, f.end, q.has_digits or numerator.has_digits or f.has_digits, q.had_scale, True)


def _joined_with_and(sc: Scanner, q: Quantity) -> Quantity | None:
    """"एक और एक चौथाई" = 1.25, "तीन सौ और दो दर्जन" = 324: what "और" adds to a quantity, if anything."""
    after = _quantity_after_word(sc, q, sc.lex.and_words)
    if after is None:
        return None
    q2, f2 = after
    if f2 and 0 < f2.value < 1:
        return Quantity(q.value + f2.value, f2.end, q.has_digits or q2.has_digits or f2.has_digits, q.had_scale, True)
    last = q2.end - 1
    if (not f2 and q2.had_scale and 0 < q2.value < 100 and q.value % 100 == 0 and sc.kinds[last] == "word"
            and sc.lex.scales.get(sc.keys[last], 100) < 100):
        return Quantity(q.value + q2.value, q2.end, q.has_digits or q2.has_digits, q.had_scale)
    return None


def fraction_after(sc: Scanner, j: int, value: Decimal, has_digits: bool) -> Fraction | None:
    """The fraction that a numerator `value` (ending before token j) starts."""
    lex = sc.lex
    if j >= sc.n or j in sc.line_breaks:
        return None
    k = j
    if sc.texts[j] == "-" and j + 1 < sc.n and sc.glued(j) and sc.glued(j + 1):  # "दो-तिहाई"
        k = j + 1
    if sc.kinds[k] == "word" and sc.keys[k] in lex.denominators:
        return Fraction(value / Decimal(lex.denominators[sc.keys[k]]), k + 1, False)
    if sc.kinds[j] != "word":
        return None
    key = sc.keys[j]
    if key in lex.over_words and j + 1 < sc.n and sc.can_start(j + 1):  # "पांच बटा आठ"
        q = read_quantity(sc, j + 1)
        return Fraction(value / q.value, q.end, q.has_digits) if q and q.value != 0 else None
    kk = sc.phrase_at(j, lex.out_of_words) if not has_digits else 0
    if kk and j + kk < sc.n and sc.can_start(j + kk) and value != 0:  # "तीन में से एक"
        q = read_quantity(sc, j + kk)
        return Fraction(q.value / value, q.end, q.has_digits) if q and 0 < q.value < value else None
    if key in lex.of_words or (key in lex.of_after_words and not has_digits):  # "एक का पाँचवाँ"
        d = ordinal_quantity(sc, j + 1)
        if d and d.value != 0:
            return Fraction(value / d.value, d.end, d.has_digits)
    return None


def ordinal_quantity(sc: Scanner, k: int) -> Quantity | None:
    """An ordinal number as a denominator: "पाँचवाँ", "दस खरबवां", "एक सौ पांचवां"."""
    lex = sc.lex
    for p in range(k, min(k + 8, sc.n)):
        kind, key = sc.kinds[p], sc.keys[p]
        if p > k and p in sc.line_breaks:
            return None
        if kind == "num":
            continue
        if kind != "word":
            return None
        stem = sc.ordinal_stem(key)
        if stem:
            q = read_quantity(sc, k, ord_at=p, ord_key=stem)
            return q if q and q.end == p + 1 else None
        if not (key in lex.number_words or key in lex.scales or key in lex.and_words):
            return None
    return None
