"""The Indian number grammar: every number in a Hindi, English or mixed text, read into a value.

Why hand-written: no maintained library reads Indian forms. number-parser returns None for "1.45 करोड़",
"ढाई लाख" and "साढ़े तीन"; quantulum3 reads "50 lakh" as litres and splits "1,45,00,000" into three numbers;
Recognizers-Text has Hindi only in .NET; Duckling's Hindi stops at हज़ार (docs/decisions.md, "Peers"). spaCy's
tokenizer splits "१८.८" and "70%", so numbers are read here at character level on folded text
(`extractor.text.fold`), and every offset is mapped back to the original.

The engine is language-agnostic: all words come from `extractor/lang/*.toml` through `number_lexicon()`.

Reading, in order (each step in a module of its own):
1. tokens (`tokens.py`): digit groups (validated Indian or western grouping, a space between groups of three as
   in "16 000", "2,88000" printed for 2,88,000), words, single symbols;
2. at each token that can start a number (`quantity.py`): a *quantity* — digits or number words, fractions (डेढ़,
   ढाई, पौन, पाव), fraction prefixes (सवा, साढ़े, पौने), chained scales (3 लाख 55 हजार; 1 लाख करोड़ = 10^12;
   "1.5 cr 25 L"), digits spoken after दशमलव; the questions each step asks about the tokens are `scanner.py`'s;
3. what completes it (`read_compound`): a fraction ("दो तिहाई", "पांच बटा आठ", "एक का पाँचवाँ" = 1/5, "तीन में से एक",
   only after words for "में"), a mixed fraction ("तीन सही एक बटा चार"), and a fraction or dozens joined with "और"
   ("एक और एक चौथाई", "तीन सौ और दो दर्जन"); these are kind "number". Digit fractions ("3/4", "2 1/4") are kind "fraction", so "24/7"-like text never becomes
   a claim; improper ones ("24/7", "2023/24") stay separate numbers. "1e10", "1.1^23" are numbers; a dotted run
   with two or more dots ("192.168.1.2") is several numbers; URLs are skipped;
4. around it (this module): kind (year, date, time, ordinal, phone), unit (%, प्रतिशत, ₹, रुपये with पैसे, घंटे,
   "30-fold", "tenfold" …), a range ("10-12 लाख", "10 से 12 लाख"), a sign (but a "- " that starts a list item is
   none), and a qualifier ("से अधिक", "more than", "crosses", "+", "लगभग", "se zyada" …).
Weak number words (वन = forest, टू = to) count only inside a number phrase ("माइनस वन", "फ़िफ़्टी टू").
Arithmetic is in Decimal, so 1.45 करोड़ is exactly 14,500,000.

Speed (measured on the bench's 12 KB articles in machine instructions, valgrind; see tokens.py and scanner.py for
theirs): the reader goes only to the tokens where something may start (`Scanner.may_start`: 64 of 1,120 in an article,
noted by the tokenizer), instead of calling `_read_at` at each; the results of reading steps are plain, not
frozen, dataclasses. Reading and tokens together went from 28.2 M instructions an article to 12.2 M.
Digits of the commonest shape ("1.6 लाख", "3,900" before a word that goes on with nothing: 35 of an article's 48
digit starts) are read at once (`_plain_digits`), and a number with no unit or qualifier word at either side is not
looked up in each phrase table (`_Plain.after`, `before`): 12.3 M → 10.8 M, with fold's 0.95 M. Nor is a side of
a number with no such word, and a mention is made with its fields in order, not by keyword: 10.8 M → 10.3 M.
The steps read a token's kind, text and key from the scanner's lists, not from a `Token` made for it: 0.12 M less.
What a reading gives (`_Found`), a number's edges and a qualifier (`_Bound`) are tuples, not dataclasses; digits of
the plain shape pass on their value and end as they are, with no `Quantity`; and a mention maps its offsets back
without a call of `FoldedText.span` (or `_plain`) in the usual case: reading 3.80 → 3.52 M (with the collector off,
1 and 6 passes), parse_numbers 8.99 → 8.79 M (PYTHONHASHSEED=0).
Digits of the plain shape that are whole and short are read as an int, not a Decimal (`_digits_times`), and the
tokens where a reading may start are picked from indices made once: reading 3.50 → 3.24 M, parse_numbers
8.26 → 8.06 M.
A year of the usual shape ("2025 में", "2024-25") is read at once (`_plain_year`), not through `read_compound`, a
`Quantity` and a Decimal (about 36,000 instructions less each, 2.4 an article); after a number the percent and
currency tables are asked only where a phrase of theirs may begin ("से" begins qualifiers, no unit), and the two
keys around it are read without a call of `key_at`: parse_numbers 6.93 → 6.80 M (means of 8 and 4 runs of icount.sh, which
vary by ±0.08 M from run to run).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from itertools import chain
from typing import NamedTuple

import regex

from ..lang import NumberLexicon, number_lexicon
from ..records.mention import NumberMention
from ..text.normalize import FoldedText, fold
from .quantity import _ZERO, Quantity, fraction_after, looks_like_year, read_compound, read_quantity
from .scanner import Scanner, phrase_edges
from .tokens import MAX_DIGITS, digits_value, token_key  # noqa: F401  (MAX_DIGITS: the digit cap, see tokens.py)


# The results of reading steps below (and Quantity, Fraction in quantity.py) are never changed once made, but are
# not frozen dataclasses: one is made for every number read, and a frozen one costs over three times as much to make
# (object.__setattr__ per field). _Bound is a tuple: its instances _EXACT, _RANGE and _PLUS are shared.
# What reading at one token gave: a mention (None: a stretch that is no number) and the next token to read; a
# tuple, as _Edges below, for one is made at each of an article's 64 readings and a dataclass calls its __init__.
_Found = tuple[NumberMention | None, int]


@dataclass(slots=True)
class _Range:
    low: Decimal
    high: Decimal
    end: int  # the token after the high end


@dataclass(slots=True)
class _DateSpan:
    start: int  # tokens [start, end)
    end: int
    value: Decimal  # the first number written in it


# A number's tokens [start, end) with the percent or currency words around it, and the unit they give.
_Edges = tuple[int, int, str]


class _Bound(NamedTuple):
    """A named tuple, not a frozen dataclass: one is made for each qualifier read (20 an article), and a frozen
    dataclass sets each field with a call of object.__setattr__."""
    qualifier: str  # exact | at_least | at_most | approx | range
    text: str | None = None  # the words that said so, as written


@dataclass(slots=True)
class _Part:
    """A part that completes an amount ("57 पैसे" after "123 रुपए") and the token after it."""
    value: Decimal
    end: int


_EXACT = _Bound("exact")
_RANGE = _Bound("range")
_PLUS = _Bound("at_least", "+")
# symbols that start a list item ("• - 1 करोड़+"); and those after which a clause ends ("20 Rupees 43.")
_BULLETS = frozenset("•◦▪▫●○■□►▸▶➢➤✓✔*·")
_CLAUSE_END = frozenset(".,;:!?)]।|")
_DIGIT_RUN = regex.compile(r"[0-9]+")
# 10^k for the k decimals of digits read as an int (`_Reader._digits_times`), and the bound of the scales it reads
_TENS = tuple(10 ** k for k in range(16))
_EXACT_SCALE = 10 ** 13


class _Reader:
    """Every mention of one folded text, read token by token from left to right."""
    __slots__ = ("sc", "lex", "ft", "unit_suffixes", "plain")

    def __init__(self, ft: FoldedText, lex: NumberLexicon):
        self.sc = Scanner(ft, lex)
        self.ft = ft
        self.lex = lex
        self.unit_suffixes = tuple(lex.unit_suffixes)
        self.plain = _plain_forms(lex)

    def read(self) -> list[NumberMention]:
        out: list[NumberMention] = []
        i = floor = 0
        for k in self.sc.may_start:  # where _read_at may find something: digits and the words of `words_read`
            if k < i:
                continue
            found = self._read_at(k, floor)
            if found is None:
                continue
            mention, i = found
            if mention is not None:
                out.append(mention)
                floor = i
        return out

    def _read_at(self, i: int, floor: int) -> _Found | None:
        """The mention starting at token i, if any (None: move on one token); it takes no token before `floor`, the
        end of the mention before it ("55 Rupees 37, …": "Rupees" is 55's)."""
        kind = self.sc.kinds[i]
        if kind == "word":
            key = self.sc.keys[i]
            if key in self.lex.months:
                found = self._month_date(i, floor)
                if found:
                    return found
            if key in self.lex.number_starters:
                return self._number(i, floor) if self.sc.can_start(i) else None
            return self._multiple(i) if key.endswith(self.unit_suffixes) else None
        if kind == "num":
            return self._digits_at(i, floor)
        if kind == "time" or kind == "phone":
            return self._clock_or_phone(i)
        if kind == "date":
            return (self._mention(i, i + 1, _first_number(self.sc.texts[i]), kind="date"), i + 1)
        if kind == "long":
            return self._after_long(i)
        if kind == "frac":
            return self._digit_fraction(i)
        return None  # a symbol or a URL

    # -- forms decided by the token itself ---------------------------------------------------------------------
    def _clock_or_phone(self, i: int) -> _Found:
        """"10:30 बजे", "8:41 AM", "+91-11-2309-2345"."""
        kind = self.sc.kinds[i]
        j = i + 1
        if kind == "time" and j < self.sc.n:
            j += self.sc.phrase_at(j, self.lex.time_words)
        return (self._mention(i, j, _first_number(self.sc.texts[i]), kind=kind), j)

    def _after_long(self, i: int) -> _Found:
        """Beyond MAX_DIGITS digits: not a number; nor is the scale word after it ("<40 digits> लाख")."""
        j = i + 1
        while j < self.sc.n and self.sc.is_word(j, self.lex.scales) and not self.sc.gap(j).strip():
            j += 1
        return (None, j)

    def _digit_fraction(self, i: int) -> _Found:
        """"3/4", "- 1 4/5": kind fraction, so "24/7"-like slips never become claims."""
        value = self.sc.values[i]  # a fraction token carries its value
        sign = self._sign_before(i, True, i + 1)
        value = value if sign is None else -value
        return (self._mention(i if sign is None else sign, i + 1, value, kind="fraction"), i + 1)

    def _month_date(self, i: int, floor: int) -> _Found | None:
        date = self._date_from_month(i, floor)
        if date is None:
            return None
        return (self._mention(date.start, date.end, date.value, kind="date"), date.end)

    def _ordinal_day(self, i: int) -> bool:
        """Token i is a day of the month with an ordinal ending glued to it ("12th", "1st")."""
        return (i >= 0 and self._is_day(i) and self.sc.letter_glued_after(i)
                and self.sc.keys[i + 1] in self.lex.ordinal_suffixes)

    def _is_day(self, i: int) -> bool:
        """Token i is a number from 1 to 31."""
        text = self.sc.texts[i]
        return self.sc.kinds[i] == "num" and text.isdigit() and 1 <= int(text) <= 31

    def _digits_at(self, i: int, floor: int) -> _Found | None:
        q = self._plain_digits(i)
        if q is not None:  # the shape most numbers have: what the steps below would conclude, read at once
            return self._quantity_mention(i, q[0], q[1], True, None, negative=False, floor=floor)
        sc = self.sc
        if looks_like_year(sc.texts[i]):  # a year, which `_plain_digits` leaves
            found = self._plain_year(i)
            if found is not None:
                return found
        if self.sc.is_word(i + 1, self.lex.months):  # "5 अक्टूबर 2025": a day before a month name
            found = self._month_date(i + 1, floor)
            if found:
                return found
        if self._ordinal_day(i) and self.sc.is_word(i + 2, self.lex.months):  # "12th December 2024"
            found = self._month_date(i + 2, floor)
            if found:
                return found
        if i > 0 and sc.kinds[i - 1] == "word" and sc.glued(i):  # "G20", "A320": part of a name
            return None
        if sc.letter_glued_after(i) and sc.keys[i + 1] in self.lex.ordinal_suffixes:  # "4थे", "21st"
            return (self._mention(i, i + 2, digits_value(sc.texts[i]), kind="ordinal"), i + 2)
        return self._number(i, floor)

    def _plain_year(self, i: int) -> _Found | None:
        """The year at token i, four digits from 1900 to 2099 ("2025 में", "2024-25"), read at once when it has the
        usual shape — as `_digits_at`, `_number` and `_year` read it: no word touches it, no sign or minus word
        before it, and the token after is no month, scale or percent word — else None, for the general steps.
        Why: a year went through `read_compound`, a `Quantity` and a Decimal value to end as the int it is written
        as: "वर्ष 2025 में कुल" took 144,000 instructions to parse, now 107,000 (2.4 years an article).
        tests/test_numbers_fast.py compares both, field by field and type by type."""
        sc = self.sc
        if i in sc.values:  # a token with a value of its own
            return None
        if i > 0 and (sc.keys[i - 1] in self.plain.signs
                      or (sc.kinds[i - 1] == "word" and sc.ends[i - 1] == sc.starts[i])):
            return None  # a sign, or part of a name ("G2025")
        n = sc.n
        end = i + 1
        if end < n:
            if sc.kinds[end] == "word":
                key = sc.keys[end]
                # glued letters: an ordinal, a unit or a scale ("2025th", "2025k"); a month ("2025 March") or a
                # scale after it ("2025 लाख") makes no year
                if (sc.starts[end] == sc.ends[i] or key in self.lex.months or key in self.lex.scales
                        or sc.texts[end] in self.lex.cased_scales):
                    return None
            if sc.phrase_at(end, self.lex.percent):  # "2025 प्रतिशत" is no year
                return None
            # "2024-25": a financial year
            if (end + 1 < n and sc.texts[end] == "-" and sc.ends[i] == sc.starts[end] and sc.kinds[end + 1] == "num"
                    and sc.ends[end] == sc.starts[end + 1] and len(sc.texts[end + 1]) == 2):
                end += 2
        return (self._mention(i, end, int(sc.texts[i]), kind="year"), end)

    def _plain_digits(self, i: int) -> tuple[Decimal, int] | None:
        """The value and end of the digits at token i (a tuple: no `Quantity` is made) when it has the commonest shape —
        digits, perhaps one scale word ("1.6 लाख", "3,900", "18 crore"), then a token that goes on with nothing — as
        `_digits_at` and `_number` would read it; None for any other shape, which the general steps read. For the digits
        alone that is what they conclude when: no word or "-" touches the digits before, nor a minus word stands there
        (no sign, no name like "G20"); no word touches them after (no ordinal, unit or glued scale); they are no year;
        and the token after (`Plain.goes_on`) starts no month date, clock time, fraction, "और"/"सही" compound, nor a
        range (a range word is fine before what can start no number: "1.6 लाख से अधिक"; a word for "of" before what is
        no ordinal: "3.2 lakh का आंकड़ा"). A scale word read by `_multiplier` alone (`Plain.scales`) may come between,
        on the same line; then digits after it may be its units, so they too go to the general steps.
        tests/test_numbers_fast.py compares both on generated text."""
        sc = self.sc
        kinds, keys, n = sc.kinds, sc.keys, sc.n
        if len(sc.texts[i]) == 4 and looks_like_year(sc.texts[i]):  # a year has four characters: most need no call
            return None
        if i > 0 and (keys[i - 1] in self.plain.signs
                      or (kinds[i - 1] == "word" and sc.ends[i - 1] == sc.starts[i])):
            return None
        scale = None
        t = i + 1
        if t < n and kinds[t] == "word":
            if sc.starts[t] == sc.ends[i]:
                return None
            scale = self.plain.scales.get(keys[t])
            if scale is not None:
                if t in sc.line_breaks:
                    return None
                t += 1
        if t < n:
            key = keys[t]
            if (key in self.plain.goes_on or sc.texts[t] in self.lex.cased_scales
                    or (scale is not None and kinds[t] == "num")):
                return None
            if key in self.lex.range_words and t + 1 < n and sc.can_start(t + 1):
                return None
        value = self._digits_times(i, scale)
        if t < n and keys[t] in self.lex.of_words and fraction_after(sc, t, value, True) is not None:  # "एक का पाँचवाँ"
            return None
        return value, t

    def _digits_times(self, i: int, scale: int | None) -> int | Decimal:
        """The value of the digits at token i times `scale` (None: no scale word), as the steps reckon it in Decimal
        — but an int when it is whole and short: at most 15 digits times a scale below 10^13 is exact in Decimal's 28
        digits, and an int needs no Decimal made, added and turned back into a plain number (`_mention`): about
        4,000 machine instructions less for each of an article's 35 numbers of the plain shape. Otherwise a Decimal."""
        sc = self.sc
        if i not in sc.values:  # the tokens that carry a value of their own ("1e10") are read from it
            whole, _, decimals = sc.texts[i].replace(",", "").partition(".")
            digits = whole + decimals
            if len(digits) <= 15 and digits.isdigit() and digits.isascii() and (scale or 1) < _EXACT_SCALE:
                value = int(digits) * (scale or 1)
                if not decimals:
                    return value
                whole_value, rest = divmod(value, _TENS[len(decimals)])
                if not rest:
                    return whole_value
        current = sc.num_value(i)
        return _ZERO + (current or 0) if scale is None else _ZERO + current * scale + 0

    # -- a quantity and what surrounds it ------------------------------------------------------------------------
    def _number(self, i: int, floor: int) -> _Found | None:
        q = read_compound(self.sc, i)
        if q is None:
            return None
        sign = self._sign_before(i, q.has_digits, q.end)
        start = i if sign is None else sign
        if self._is_year(i, q):
            return self._year(start, q)
        if self._is_clock(q):  # "3 बजे"
            return (self._mention(i, q.end + 1, q.value, kind="time"), q.end + 1)
        rng = None if q.is_fraction else self._range_after(q.end, q.value, q.had_scale)
        if rng is not None and not q.had_scale and self.sc.is_word(rng.end, self.lex.months):
            # "16 से 22 मार्च", "11-17 July": a span of days, not a range of counts
            date = self._date_from_month(rng.end, floor)
            if date:
                return (self._mention(start, date.end, q.value, kind="date"), date.end)
        return self._quantity_mention(start, q.value, q.end, q.has_digits, rng, negative=sign is not None, floor=floor)

    def _is_year(self, i: int, q: Quantity) -> bool:
        """Four digits alone, no grouping, no scale or percent after them."""
        end = q.end
        return (end == i + 1 and self.sc.kinds[i] == "num" and looks_like_year(self.sc.texts[i])
                and not (end < self.sc.n and (self.sc.phrase_at(end, self.lex.percent)
                                              or self.sc.is_word(end, self.lex.scales))))

    def _year(self, start: int, q: Quantity) -> _Found:
        """A year, with the two digits of a financial year: "2024-25"."""
        sc = self.sc
        j = end = q.end
        if (j + 1 < sc.n and sc.texts[j] == "-" and sc.glued(j) and sc.kinds[j + 1] == "num"
                and sc.glued(j + 1) and len(sc.texts[j + 1]) == 2):
            end = j + 2
        return (self._mention(start, end, q.value, kind="year"), end)

    def _is_clock(self, q: Quantity) -> bool:
        return (q.has_digits and not q.had_scale and not q.is_fraction and self.sc.is_word(q.end, self.lex.time_words)
                and q.value <= 24)

    def _quantity_mention(self, start: int, value: Decimal, end: int, has_digits: bool, rng: _Range | None, *,
                          negative: bool, floor: int) -> _Found:
        value_max = None
        if rng is not None:
            value, value_max, end = rng.low, rng.high, rng.end
        bound = _EXACT if rng is None else _RANGE
        sc = self.sc
        # Which sides may hold a word of a unit or a qualifier, "+" or "-" (see _Plain): only those are looked up in
        # the phrase tables, as the others find nothing there. Each stays as it is: only a word found on a side that
        # is looked at moves `end` or `start`.
        # Of those, the percent and currency tables are asked only where a phrase of theirs may begin (end): "से"
        # after a number begins qualifiers ("से अधिक") but no unit. The keys are read as `Scanner.key_at` reads
        # them, without its call. (2.4 calls of phrase_at less an article, and two of key_at at every number.)
        plain = self.plain
        if sc.keys_compose:
            key = None if end >= sc.n else sc.keys[end] if sc.kinds[end] == "word" else token_key(sc.texts[end])
            after = key in plain.after
            units_after = after and key in plain.units_after
            key = None if start <= 0 else (sc.keys[start - 1] if sc.kinds[start - 1] == "word"
                                           else token_key(sc.texts[start - 1]))
            before = key in plain.before
            currency_before = before and key in plain.currency_before
        else:
            after = units_after = before = currency_before = True
        unit = "count"
        if units_after or currency_before:
            start, edges_end, unit = self._unit_edges(start, end, negative, floor, units_after, currency_before)
            if rng is None and unit == "inr" and edges_end > end:  # "123 रुपए 57 पैसे"
                paise = self._hundredths_after(edges_end)
                if paise is not None:
                    value += paise.value
                    edges_end = paise.end
            end = edges_end
        if after and end < sc.n and sc.texts[end] == "+" and sc.glued(end):  # "840+", "70%+"
            bound = _PLUS if bound is _EXACT else bound
            end += 1
        if unit == "count" and after:
            unit = self._unit_word_after(end)
        if bound is _EXACT and (after or before):
            bound = self._qualifier_words(start, end, after, before)
        m = self._mention(start, end, -value if negative else value, kind="number", unit=unit,
                          qualifier=bound.qualifier, value_max=value_max, qualifier_text=bound.text,
                          has_digits=has_digits)
        return (m, end)

    def _unit_edges(self, start: int, end: int, negative: bool, floor: int, after: bool, before: bool) -> _Edges:
        """Percent or currency words after the number, currency words before it ("₹500", "Rs 1,200 crore"); a side
        that is not to be looked at (`after`, `before`) has none."""
        sc = self.sc
        unit = "count"
        if after:
            k = sc.phrase_at(end, self.lex.percent)
            if k:
                unit, end = "percent", end + k
            else:
                k = sc.phrase_at(end, self.lex.currency_after)
                if k:
                    unit, end = "inr", end + k
        k = sc.phrase_before(start, self.lex.currency_before) if before else 0
        if k and not negative and start - k >= floor:
            unit, start = "inr", start - k
        return start, end, unit

    def _hundredths_after(self, j: int) -> _Part | None:
        """Paise after the rupees, as one amount (as Recognizers-Text's currency model joins a unit and its fraction
        unit, "paisa" among them): one or two digits before a word for paise ("123 रुपए 57 पैसे" = 123.57), or two
        digits that end the clause ("20 Rupees 43" = 20.43; not "500 रुपये 10 दिन")."""
        sc = self.sc
        text = sc.texts[j] if j < sc.n else None
        if text is None or sc.kinds[j] != "num" or not text.isdigit() or len(text) > 2 or j in sc.line_breaks:
            return None
        paise = Decimal(text) / 100
        k = sc.phrase_at(j + 1, self.lex.currency_hundredths) if j + 1 < sc.n and j + 1 not in sc.line_breaks else 0
        if k:
            return _Part(paise, j + 1 + k)
        if len(text) == 2 and self._clause_ends(j + 1):
            return _Part(paise, j + 1)
        return None

    def _clause_ends(self, k: int) -> bool:
        sc = self.sc
        return k >= sc.n or k in sc.line_breaks or (sc.kinds[k] == "sym" and sc.texts[k] in _CLAUSE_END)

    def _multiple(self, i: int) -> _Found | None:
        """A number word with a glued suffix that gives its unit: "tenfold", "दोगुना" (10 and 2 times)."""
        key = self.sc.keys[i]
        for suffix, unit in self.lex.unit_suffixes.items():
            stem = key[:-len(suffix)] if key.endswith(suffix) and len(key) > len(suffix) else ""
            value = self.lex.number_words.get(stem) if stem in self.lex.number_words else (
                self.lex.scales[stem] if self.sc.is_full_scale(stem) else None)
            if value is not None:
                bound = self._qualifier_words(i, i + 1)
                return (self._mention(i, i + 1, value, kind="number", unit=unit, qualifier=bound.qualifier,
                                            qualifier_text=bound.text, has_digits=False), i + 1)
        return None

    def _unit_word_after(self, end: int) -> str:
        """A unit word after the number, not part of the quote: "15,893 घंटे", "सात दिवसीय", "7-दिवसीय"."""
        sc = self.sc
        k = end
        if k < sc.n and sc.texts[k] == "-" and sc.glued(k):
            k += 1
        if sc.is_word(k, self.lex.units):
            return self.lex.units[sc.keys[k]]
        return "count"

    def _qualifier_words(self, start: int, end: int, after: bool = True, before: bool = True) -> _Bound:
        """"से अधिक" after the number, or "लगभग", "more than" before it; a side that is not to be looked at (`after`,
        `before`) has none."""
        sc = self.sc
        if after:
            table = self.lex.qualifiers.get("after", {})
            k = sc.phrase_at(end, table)
            if k:
                return _Bound(table[sc.key_of(end, end + k)], self._orig(end, end + k))
        if before:
            table = self.lex.qualifiers.get("before", {})
            k = sc.phrase_before(start, table)
            if k:
                return _Bound(table[sc.key_of(start - k, start)], self._orig(start - k, start))
        return _EXACT

    def _sign_before(self, i: int, has_digits: bool, end: int) -> int | None:
        """The start of a minus word or sign before the number at tokens [i, end) ("माइनस पांच", "-9.23", "- 10  k"),
        else None."""
        sc = self.sc
        if i > 0 and sc.keys[i - 1] in self.lex.minus_words:
            return i - 1
        if (i > 0 and sc.texts[i - 1] == "-" and has_digits
                and (i < 2 or sc.kinds[i - 2] not in ("num", "word", "frac") or i - 1 in self.sc.line_breaks)
                and not self.sc.gap(i).strip() and not self._list_marker(i - 1, end)):
            return i - 1
        return None

    def _list_marker(self, d: int, end: int) -> bool:
        """The "-" at token d starts a list item ("- 1 करोड़+ यूजर्स", "• - 45 lakh"): it stands apart from the number
        at the start of a line or after a bullet. Only a text that is nothing but the signed number keeps the sign,
        as Recognizers-Text reads "- 10  k" (-10000); "-5" written together is always a minus."""
        sc = self.sc
        if not sc.gap(d + 1):
            return False
        if not (d == 0 or d in sc.line_breaks or (sc.kinds[d - 1] == "sym" and sc.texts[d - 1] in _BULLETS)):
            return False
        return not (d == 0 and not sc.s[sc.ends[end - 1]:].strip())

    # -- ranges and dates --------------------------------------------------------------------------------------
    def _range_after(self, j: int, low: Decimal, low_had_scale: bool) -> _Range | None:
        """A second quantity after "-", "से", "to": the range, with a scale written once shared by both ends."""
        sc = self.sc
        if j >= sc.n:
            return None
        if j in sc.line_breaks or j + 1 in sc.line_breaks:  # "- 10\n- 20": list items, not a range
            return None
        key = sc.keys[j]
        if sc.texts[j] == "-" and j + 1 < sc.n and sc.kinds[j + 1] == "num":
            k = j + 1
        elif sc.kinds[j] == "word" and key in self.lex.range_words and j + 1 < sc.n and sc.can_start(j + 1):
            if key in self.lex.range_paired_words and not self._opener_before(j):
                return None
            k = j + 1
        else:
            return None
        q = read_quantity(sc, k)
        if q is None:
            return None
        if q.had_scale and not low_had_scale:
            scale = _shared_scale(self.sc, k, q.end)  # "10-12 लाख": the low end takes the high end's scale
            if scale:
                low = low * scale
        if q.value <= low:
            return None
        return _Range(low, q.value, q.end)

    def _opener_before(self, j: int) -> bool:
        """"between 8 and 10 lakh": an opener at most four tokens before the paired word."""
        return any(self.sc.keys[k] in self.lex.range_openers for k in range(max(0, j - 4), j))

    def _date_from_month(self, i: int, floor: int) -> _DateSpan | None:
        """A day and/or year next to a month name: "5 अक्टूबर 2025", "Jan 07, 2026", "सितंबर 2025"; the day before
        the month only when no mention before has taken it ("sep 15 जनवरी")."""
        sc = self.sc
        texts, n = sc.texts, sc.n
        start, end = i, i + 1
        day = None
        if i > floor and self._is_day(i - 1) and i not in sc.line_breaks:
            start, day = i - 1, int(texts[i - 1])
        elif i - 1 > floor and self._ordinal_day(i - 2) and i not in sc.line_breaks:  # "12th December"
            start, day = i - 2, int(texts[i - 2])
        k = i + 1
        if k < n and texts[k] == ".":  # "Jan."
            k += 1
        if day is None and k < n and self._is_day(k) and len(texts[k]) <= 2:
            day = int(texts[k])
            end = k = k + 1
            if self._ordinal_day(k - 1):  # "December 12th, 2024"
                end = k = k + 1
            if k < n and texts[k] == ",":
                k += 1
        if k < n and sc.kinds[k] == "num" and looks_like_year(texts[k]):
            end = k + 1
        elif end == i + 1 and day is None:
            return None
        if start == i and end == i + 1:
            return None
        # the value is the first number of the date: "Jan. 07, 2026" has a "." between the month and the day
        first = next(k for k in range(start, end) if sc.kinds[k] == "num")
        return _DateSpan(start, end, digits_value(texts[first]))

    # -- mentions ----------------------------------------------------------------------------------------------
    def _orig(self, a: int, b: int) -> str:
        o0, o1 = self.ft.span(self.sc.starts[a], self.sc.ends[b - 1])
        return self.ft.original[o0:o1]

    def _mention(self, a: int, b: int, value, *, kind: str, unit: str = "count", qualifier: str = "exact",
                 value_max=None, qualifier_text=None, has_digits=True) -> NumberMention:
        ft = self.ft
        start, end = self.sc.starts[a], self.sc.ends[b - 1]
        origin = ft.origin
        o1 = origin[end]
        if o1 == origin[end - 1] + 1:  # ft.span's usual case, without a call: nothing dropped after the last character
            o0 = origin[start]
        else:
            o0, o1 = ft.span(start, end)
        if type(value) is not int:  # an int is plain already (`_digits_times`)
            if type(value) is not Decimal:
                value = Decimal(value)
            # _plain(value), without a call
            value = int(value) if value == value.to_integral_value() else float(value)
        # the fields in their order (value, start, end, text, qualifier, value_max, unit, kind, qualifier_text,
        # has_digits): made with keywords, a mention took two and a half times as long
        return NumberMention(
            value, o0, o1, ft.original[o0:o1], qualifier,
            None if value_max is None else _plain(value_max if type(value_max) is Decimal else Decimal(value_max)),
            unit, kind, qualifier_text, has_digits)


@dataclass(slots=True)
class _Plain:
    """What `_Reader._plain_digits` asks of a lexicon."""
    signs: frozenset[str]  # keys before digits that may sign them: minus words and "-"
    scales: dict[str, int]  # scale words that the steps read as a plain multiplier after digits
    goes_on: frozenset[str]  # keys of a token after digits (or digits and a scale) that may go on with them
    # the keys that begin a phrase of percent, currency after or qualifier after, a unit, "+" or "-" (what
    # _quantity_mention looks for after a number); and those that end a phrase of currency or qualifier before
    after: frozenset[str]
    before: frozenset[str]
    # of those, the beginnings of percent and currency-after phrases, and the ends of currency-before phrases
    units_after: frozenset[str]
    currency_before: frozenset[str]


_PLAIN: dict[int, tuple[NumberLexicon, _Plain]] = {}


def _plain_forms(lex: NumberLexicon) -> _Plain:
    """Made once per lexicon (kept with it, so that its id is not reused)."""
    entry = _PLAIN.get(id(lex))
    if entry is None or entry[0] is not lex:
        goes_on = frozenset(chain(
            lex.number_words, lex.weak_number_words, lex.fraction_prefixes, lex.fractions, lex.scales, lex.and_words,
            lex.point_words, lex.denominators, lex.over_words, lex.of_after_words,
            lex.mixed_fraction_words, lex.time_words, lex.months, "-"))
        words = set(chain(lex.not_number_words, lex.number_words, lex.weak_number_words, lex.fraction_prefixes,
                          lex.fractions, lex.abbreviated_scales, lex.bound_scales, lex.months))
        scales = {key: value for key, value in lex.scales.items() if key not in words and value != 100}
        after = chain.from_iterable(
            phrase_edges(table)[0] for table in (lex.percent, lex.currency_after, lex.qualifiers.get("after", {})))
        before = chain.from_iterable(
            phrase_edges(table)[1] for table in (lex.currency_before, lex.qualifiers.get("before", {})))
        units_after = frozenset(chain(phrase_edges(lex.percent)[0], phrase_edges(lex.currency_after)[0]))
        entry = _PLAIN[id(lex)] = (lex, _Plain(frozenset(chain(lex.minus_words, "-")), scales, goes_on,
                                               frozenset(chain(after, lex.units, "+-")), frozenset(before),
                                               units_after, phrase_edges(lex.currency_before)[1]))
    return entry[1]


def _shared_scale(sc: Scanner, a: int, b: int) -> Decimal | None:
    """The product of the scale words in tokens [a, b) (for a range's shared scale)."""
    scale = Decimal(1)
    seen = False
    for k in range(a, b):
        value = sc.scale_of(k)
        if value is not None:
            scale *= Decimal(value)
            seen = True
    return scale if seen else None


def _first_number(text: str) -> Decimal:
    m = _DIGIT_RUN.search(text)
    return Decimal(m.group()) if m else Decimal(0)


def _plain(value: Decimal) -> int | float:
    """Decimal → int when whole, else float (JSON-friendly)."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def parse_numbers(text: str) -> list[NumberMention]:
    """Every number mention in `text`, in text order. Offsets are into `text` as given."""
    if not text:
        return []
    return _Reader(fold(text), number_lexicon()).read()


def parse_indian_number(text: str) -> int | float | None:
    """The value of a text that is one number ("1.45 करोड़", "ढाई लाख", "1,45,00,000"), else None."""
    found = [m for m in parse_numbers(text) if m.kind in ("number", "year")]
    if len(found) != 1:
        return None
    return found[0].value
