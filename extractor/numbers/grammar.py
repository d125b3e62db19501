"""The Indian number grammar: every number in a Hindi, English or mixed text, read into a value.

Why hand-written: no maintained library reads Indian forms. number-parser returns None for "1.45 करोड़",
"ढाई लाख" and "साढ़े तीन"; quantulum3 reads "50 lakh" as litres and splits "1,45,00,000" into three numbers;
Recognizers-Text has Hindi only in .NET; Duckling's Hindi stops at हज़ार (FIELD-NOTES.md, "Peers"). spaCy's
tokenizer splits "१८.८" and "70%", so numbers are read here at character level on folded text
(`extractor.text.fold`), and every offset is mapped back to the original.

The engine is language-agnostic: all words come from `extractor/lang/*.toml` through `number_lexicon()`.

Reading, in order:
1. tokens: digit groups (validated Indian or western grouping), words, single symbols;
2. at each token that can start a number: a *quantity* — digits or number words, fractions (डेढ़, ढाई),
   fraction prefixes (सवा, साढ़े, पौने), chained scales (3 लाख 55 हजार; 1 लाख करोड़ = 10^12);
3. what completes it (`compound`): a fraction ("दो तिहाई", "पांच बटा आठ", "एक का पाँचवाँ" = 1/5, "तीन में से एक",
   only after words for "में"), and a fraction or dozens joined with "और" ("एक और एक चौथाई", "तीन सौ और दो दर्जन");
   these are kind "number". Digit fractions ("3/4", "2 1/4") are kind "fraction", so "24/7"-like text never becomes
   a claim; improper ones ("24/7", "2023/24") stay separate numbers. "1e10", "1.1^23" are numbers; a dotted run
   with two or more dots ("192.168.1.2") is several numbers; URLs are skipped;
4. around it: kind (year, date, time, ordinal, phone), unit (%, प्रतिशत, ₹, रुपये, घंटे…), a range
   ("10-12 लाख", "10 से 12 लाख"), and a qualifier ("से अधिक", "more than", "+", "लगभग" …).
Weak number words (वन = forest, टू = to) count only inside a number phrase ("माइनस वन", "फ़िफ़्टी टू").
Arithmetic is in Decimal, so 1.45 करोड़ is exactly 14,500,000.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from decimal import Decimal, InvalidOperation

import regex

from ..lang import NumberLexicon, number_lexicon
from ..records.mention import NumberMention
from ..text.normalize import FoldedText, fold

_TOKEN = regex.compile(
    r"(?P<url>(?i:https?://|www\.)\S+)"
    r"|(?P<word>[\p{L}\p{M}]+)"  # early: most positions are letters (only a URL may start with one)
    r"|(?=[0-9.+])(?:(?P<time>(?<![0-9])[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?![0-9]))"
    r"|(?P<date>(?<![0-9])(?:[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}|[0-9]{1,2}[/.-][0-9]{1,2}[/.-](?:[0-9]{4}|[0-9]{2}))(?![0-9]))"
    r"|(?P<phone>\+[0-9]{1,3}[- ]?[0-9][0-9 -]{6,}[0-9]|(?<![0-9])1800[- ]?[0-9]{2,4}[- ]?[0-9]{3,4}(?![0-9])"
    r"|(?<![0-9])0?[0-9]{2,4}-[0-9]{6,8}(?![0-9])|(?<![0-9,.])[6-9][0-9]{9}(?![0-9,.]))"
    r"|(?P<frac>(?<![0-9/.,])(?:[0-9]+ +)?[0-9]+/[0-9]+(?![0-9/]))"
    r"|(?P<exp>(?<![\p{L}\p{M}0-9.])[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]{1,2}|\^(?:--|[+-])?[0-9]{1,2})(?![\p{L}\p{M}0-9]))"
    r"|(?P<dotted>(?<![0-9.])[0-9]+(?:\.[0-9]+){2,}(?![0-9]))"
    r"|(?P<num>(?<![0-9])[0-9]{1,3}(?: [0-9]{3}){2,}(?![0-9,.])|[0-9]+(?:,[0-9]+)*(?:\.[0-9]+)?|\.[0-9]+))"
    r"|(?P<sym>\S)"
)
_INDIAN_GROUPS = regex.compile(r"^[0-9]{1,2}(?:,[0-9]{2})*,[0-9]{3}$")
_WESTERN_GROUPS = regex.compile(r"^[0-9]{1,3}(?:,[0-9]{3})+$")
_MAX_TOKENS_PER_PHRASE = 4
# A run of more digits than this is an identifier, a hash or an attack, never a statistic (₹1 लाख करोड़ is 13 digits;
# a card number 16); it becomes a "long" token that no number starts at. 28 is also where Decimal's default
# precision would start rounding. Without the cap a million digits in a row took 26 s (converting a Decimal of n
# digits to int is quadratic) and gave a value no JSON writer prints (str() of an int over 4,300 digits raises).
MAX_DIGITS = 28
_TENS = frozenset(range(20, 100, 10))
YEAR_RANGE = (1900, 2100)


@dataclass(slots=True)
class Token:
    kind: str  # num | word | sym | time | date | phone | frac | url | long (digits beyond MAX_DIGITS)
    start: int
    end: int
    text: str
    key: str  # lower-cased, chandrabindu read as anusvara
    value: Decimal | None = None  # for "1e10", "1.1^23" (num) and "2 1/4" (frac)


@lru_cache(maxsize=1 << 16)
def _key(s: str) -> str:
    """Dictionary key of a word or phrase; cached: an article repeats its words, and every token needs one."""
    return " ".join(s.lower().replace("\u0901", "\u0902").split())


def _too_long(text: str) -> bool:
    return len(text) > MAX_DIGITS and sum(ch.isdigit() for ch in text) > MAX_DIGITS


def tokenize(folded: str) -> list[Token]:
    out = []
    for m in _TOKEN.finditer(folded):
        kind = m.lastgroup
        text = m.group()
        if kind in ("exp", "frac", "dotted") and _too_long(text):
            _split_pieces(out, m.start(), text)  # "1/333…", "1.2.333…": the short pieces are still numbers
            continue
        if kind == "num" and "," in text and not _valid_grouping(text):
            # "1,45" is not a number with grouping: read its parts separately
            pos = m.start()
            for part in text.split(","):
                if part:
                    out.append(Token("long" if _too_long(part) else "num", pos, pos + len(part), part, part))
                pos += len(part) + 1
            continue
        if kind == "num" and _too_long(text):
            out.append(Token("long", m.start(), m.end(), text, text))
            continue
        if kind == "dotted":
            # "192.168.1.2": a run with two or more dots is several numbers
            _split_pieces(out, m.start(), text)
            continue
        if kind == "exp":
            value = _exp_value(text)
            if value is None:
                _split_pieces(out, m.start(), text)
            else:
                out.append(Token("num", m.start(), m.end(), text, text, value))
            continue
        if kind == "frac":
            value = _frac_value(text)
            if value is None:  # "24/7", "2023/24": not a proper fraction
                _split_pieces(out, m.start(), text)
            else:
                out.append(Token("frac", m.start(), m.end(), text, text, value))
            continue
        out.append(Token(kind, m.start(), m.end(), text, _key(text) if kind == "word" else text))
    return out


_PIECE = regex.compile(r"[0-9]+|\S")


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
    return bool(_INDIAN_GROUPS.match(integer) or _WESTERN_GROUPS.match(integer))


def _digits_value(text: str) -> Decimal:
    return Decimal(text.replace(",", "").replace(" ", ""))


def _plain(value: Decimal) -> int | float:
    """Decimal → int when whole, else float (JSON-friendly)."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


class _Reader:
    def __init__(self, ft: FoldedText, lex: NumberLexicon):
        self.ft = ft
        self.s = ft.text
        self.lex = lex
        self.toks = tokenize(ft.text)
        self._stems: dict[str, str | None] = {}

    # -- small helpers -------------------------------------------------------------------------------------
    def gap(self, i: int) -> str:
        """The folded text between token i-1 and token i."""
        if i <= 0 or i >= len(self.toks):
            return ""
        return self.s[self.toks[i - 1].end:self.toks[i].start]

    def glued(self, i: int) -> bool:
        """Token i touches token i-1 (no space)."""
        return 0 < i < len(self.toks) and self.toks[i - 1].end == self.toks[i].start

    def phrase_at(self, i: int, table) -> int:
        """Length in tokens of the longest phrase of `table` starting at token i (0 when none)."""
        best = 0
        for n in range(1, _MAX_TOKENS_PER_PHRASE + 1):
            if i + n > len(self.toks):
                break
            if n > 1 and "\n" in self.gap(i + n - 1):
                break
            key = _key(self.s[self.toks[i].start:self.toks[i + n - 1].end])
            if key in table:
                best = n
        return best

    def phrase_before(self, i: int, table) -> int:
        """Length in tokens of the longest phrase of `table` ending just before token i."""
        best = 0
        for n in range(1, _MAX_TOKENS_PER_PHRASE + 1):
            if i - n < 0:
                break
            if "\n" in self.gap(i - n + 1) and n > 1:
                break
            key = _key(self.s[self.toks[i - n].start:self.toks[i - 1].end])
            if key in table:
                best = n
        return best

    def is_word(self, i: int, table) -> bool:
        return i < len(self.toks) and self.toks[i].kind == "word" and self.toks[i].key in table

    def letter_glued_after(self, i: int) -> bool:
        """Token i+1 is a word touching token i ("180मिलि", "4थे", "10k")."""
        return i + 1 < len(self.toks) and self.toks[i + 1].kind == "word" and self.toks[i + 1].start == self.toks[i].end

    # -- the quantity: digits or words with scales -----------------------------------------------------------
    def _next_is_hundred(self, j: int) -> bool:
        """Token j+1 is a scale up to a hundred ("3 सौ", "दो दर्जन"): token j is its multiplier, not units."""
        nxt = self.toks[j + 1] if j + 1 < len(self.toks) else None
        return nxt is not None and nxt.kind == "word" and self.lex.scales.get(nxt.key, 1000) <= 100

    def _next_is_fraction_word(self, j: int) -> bool:
        """Token j+1 makes token j a numerator ("और तीन चौथाई", "और दो का पांचवां")."""
        nxt = self.toks[j + 1] if j + 1 < len(self.toks) else None
        lex = self.lex
        return nxt is not None and nxt.kind == "word" and (
            nxt.key in lex.denominators or nxt.key in lex.over_words or nxt.key in lex.of_words
            or nxt.key in lex.of_after_words)

    def _ordinal_stem(self, key: str) -> str | None:
        """"पांचवां" → "पांच", "खरबवां" → "खरब": a number word or scale with an ordinal ending."""
        cache = self._stems
        if key in cache:
            return cache[key]
        lex = self.lex
        stem = None
        if key not in lex.number_words and key not in lex.scales:
            for suf in lex.fraction_ordinal_suffixes:
                if key.endswith(suf) and len(key) > len(suf):
                    cand = key[:-len(suf)]
                    if cand in lex.number_words or cand in lex.scales:
                        stem = cand
                        break
        cache[key] = stem
        return stem

    def _num_value(self, t: Token) -> Decimal:
        return t.value if t.value is not None else _digits_value(t.text)

    def _prefix_applies(self, j: int) -> bool:
        """A fraction prefix (सवा, साढ़े) shifts the number at token j; else "सवा" alone is a fraction word."""
        t = self.toks[j]
        lex = self.lex
        return t.kind == "num" or (t.kind == "word" and (
            t.key in lex.number_words or (t.key in lex.scales and not _is_abbrev_scale(t.key))))

    def _weak_start(self, i: int) -> bool:
        """A weak number word ("वन") starts a number only after a minus word ("माइनस वन")."""
        return i > 0 and self.toks[i - 1].key in self.lex.minus_words

    def can_start(self, i: int) -> bool:
        t = self.toks[i]
        if t.kind == "num":
            return True
        if t.kind != "word":
            return False
        lex = self.lex
        return (t.key in lex.number_words or t.key in lex.fractions or t.key in lex.fraction_prefixes
                or (t.key in lex.scales and not _is_abbrev_scale(t.key))
                or (t.key in lex.weak_number_words and self._weak_start(i)))

    def quantity(self, i: int, ord_at: int = -1, ord_key: str | None = None):
        """Read a quantity starting at token i. Returns (value, next_index, has_digits, had_scale) or None.
        With ord_at, token ord_at is read as ord_key (the stem of an ordinal: "पांचवां" → "पांच") and ends it."""
        lex = self.lex
        toks = self.toks
        total = Decimal(0)
        current: Decimal | None = None
        current_has_hundreds = False
        current_units_added = False
        last_scale: Decimal | None = None
        prefix: Decimal | None = None
        has_digits = False
        had_scale = False
        after_and = False
        j = i
        end_ok = i  # index after the last token that belongs to the quantity
        while j < len(toks):
            if 0 <= ord_at < j:
                break
            t = toks[j]
            if j > i and "\n" in self.gap(j):
                break
            key = ord_key if j == ord_at else t.key
            if t.kind == "num":
                if j > i and self.glued(j):  # "1.2.3": digits glued to the previous token
                    break
                if toks[j - 1].kind == "word" and j > i and self.glued(j):
                    break
                value = self._num_value(t)
                if current is not None:
                    # "4 हजार 3 सौ और 21": units after hundreds; but "3 सौ और 2 सौ", "2.12 सौ दो" and
                    # "3 सौ और 0" are not one number
                    if (current_has_hundreds and not current_units_added and 0 < value < 100 and current % 100 == 0
                            and not self._next_is_hundred(j)
                            and not (after_and and self._next_is_fraction_word(j))):
                        current += value
                        current_units_added = True
                        has_digits = True
                        j += 1
                        end_ok = j
                        continue
                    break  # "4000 3 सौ": two numbers
                if last_scale is not None and value >= last_scale:
                    break
                if prefix is not None:
                    value += prefix
                    prefix = None
                current, has_digits = value, True
                current_has_hundreds = current_units_added = False
                j += 1
                # glued letters: a scale ("14.5करोड़", "10k") is fine; anything else is a unit/ordinal we reject here
                if j < len(toks) and toks[j].kind == "word" and toks[j].start == t.end and toks[j].key not in lex.scales:
                    if j - 1 == i:
                        return None
                    break
                end_ok = j
                continue
            if t.kind != "word":
                # "twenty-five": a hyphen between tens and units words
                if (t.text == "-" and current is not None and not has_digits and j + 1 < len(toks)
                        and self.glued(j) and toks[j + 1].start == t.end and toks[j + 1].key in lex.number_words
                        and current % 10 == 0 and 20 <= current < 100 and lex.number_words[toks[j + 1].key] < 10):
                    current += lex.number_words[toks[j + 1].key]
                    j += 2
                    end_ok = j
                    continue
                break
            if key in lex.number_words or key in lex.weak_number_words:
                weak = key not in lex.number_words
                value = Decimal(lex.number_words[key] if not weak else lex.weak_number_words[key])
                # "फ़िफ़्टी टू", "five hundred twenty five": a units word after a tens word
                tens_join = (current is not None and prefix is None and not has_digits and 1 <= value <= 9
                             and toks[j - 1].kind == "word" and lex.number_words.get(toks[j - 1].key) in _TENS)
                if weak and not tens_join and not (j == i and self._weak_start(i)):
                    break
                if tens_join:
                    current += value
                    current_units_added = True
                    j += 1
                    end_ok = j
                    continue
                if prefix is not None:
                    value += prefix
                    prefix = None
                if current is not None:
                    if current_has_hundreds and not current_units_added and 0 < value < 100 and current % 100 == 0 \
                            and not weak and not self._next_is_hundred(j) \
                            and not (after_and and self._next_is_fraction_word(j)) and (
                            last_scale is None or current + value < last_scale):
                        current += value
                        current_units_added = True
                        j += 1
                        end_ok = j
                        continue
                    break
                if last_scale is not None and value >= last_scale:
                    break
                current = value
                current_has_hundreds = current_units_added = False
                j += 1
                end_ok = j
                continue
            if key in lex.fraction_prefixes and j + 1 < len(toks) and current is None and prefix is None \
                    and total == 0 and self._prefix_applies(j + 1):
                prefix = Decimal(str(lex.fraction_prefixes[key]))
                j += 1
                continue  # end_ok not moved: a prefix alone is not a number
            if key in lex.fractions:
                if current is not None or prefix is not None:
                    break
                current = Decimal(str(lex.fractions[key]))
                current_has_hundreds = current_units_added = False
                j += 1
                end_ok = j
                continue
            if key in lex.fraction_prefixes:
                break
            if key in lex.scales:
                scale = Decimal(lex.scales[key])
                # "10k", "2.33 k", "500 cr": abbreviations only right after digits, at most spaces between
                if _is_abbrev_scale(key) and not (current is not None and has_digits and not self.gap(j).strip(" ")):
                    break
                if scale == 100:
                    if current is None:
                        current = Decimal(1) + (prefix or 0)
                        prefix = None
                    elif current_has_hundreds:
                        break
                    if last_scale is not None and current * 100 >= last_scale:
                        break
                    current *= 100
                    current_has_hundreds = True
                    current_units_added = False
                    had_scale = True
                    j += 1
                    end_ok = j
                    continue
                if current is None:
                    if prefix is not None:
                        current = Decimal(1) + prefix
                        prefix = None
                    elif total > 0 and last_scale is not None and last_scale < scale:
                        total *= scale  # "लाख करोड़", "5 हजार करोड़"
                        last_scale = scale
                        j += 1
                        end_ok = j
                        continue
                    elif total > 0:
                        break
                    else:
                        current = Decimal(1)
                if last_scale is not None and scale >= last_scale:
                    break
                total += current * scale
                current = None
                current_has_hundreds = current_units_added = False
                last_scale = scale
                had_scale = True
                j += 1
                end_ok = j
                continue
            if key in lex.and_words and (current is not None or total > 0) and j + 1 < len(toks):
                # "तीन सौ और इक्कीस", "two hundred and ten": only when a number continues
                nxt = toks[j + 1]
                if (nxt.kind == "num" or nxt.key in lex.number_words) and (current is None or current_has_hundreds):
                    after_and = True
                    j += 1
                    continue
                break
            if key in lex.point_words and current is not None and not has_digits:
                # "दो सौ दशमलव शून्य तीन": digits spoken one by one
                k = j + 1
                digits = ""
                if k < len(toks) and 10 <= lex.number_words.get(toks[k].key, 0) < 100:
                    digits = str(lex.number_words[toks[k].key])  # "दो सौ पॉइंट इकहत्तर" = 200.71
                    k += 1
                else:  # "दशमलव शून्य तीन": one digit a word
                    while k < len(toks) and toks[k].key in lex.number_words and lex.number_words[toks[k].key] < 10:
                        digits += str(lex.number_words[toks[k].key])
                        k += 1
                if not digits:
                    break
                current += Decimal("0." + digits)
                j = k
                end_ok = j
                continue
            break
        if current is None and total == 0 and end_ok == i:
            return None
        if end_ok == i:
            return None
        value = total + (current or 0)
        return value, end_ok, has_digits, had_scale

    # -- fractions and "और" joins around a quantity ----------------------------------------------------------
    def compound(self, i: int):
        """A quantity with what completes it: a fraction ("दो तिहाई", "पांच बटा आठ", "एक का पाँचवाँ", "तीन में से
        एक") and a fraction or dozens joined with "और" ("एक और एक चौथाई", "तीन सौ और दो दर्जन").
        Returns (value, next_index, has_digits, had_scale, is_fraction) or None."""
        q = self.quantity(i)
        if q is None:
            return None
        value, j, has_digits, had_scale = q
        if j == i + 1 and self.toks[i].kind == "num" and _looks_like_year(self.toks[i].text):
            return value, j, has_digits, had_scale, False  # "2025 का पांचवां संस्करण": a year, not a numerator
        f = self.fraction_after(j, value, has_digits)
        if f:
            return f[0], f[1], has_digits or f[2], had_scale, True
        toks = self.toks
        if j + 1 < len(toks) and toks[j].key in self.lex.and_words and "\n" not in self.gap(j + 1) \
                and self.can_start(j + 1):
            q2 = self.quantity(j + 1)
            if q2:
                v2, j2, d2, s2 = q2
                f2 = self.fraction_after(j2, v2, d2)
                if f2 and 0 < f2[0] < 1:
                    return value + f2[0], f2[1], has_digits or d2 or f2[2], had_scale, True
                if (not f2 and s2 and 0 < v2 < 100 and value % 100 == 0 and toks[j2 - 1].kind == "word"
                        and self.lex.scales.get(toks[j2 - 1].key, 100) < 100):
                    return value + v2, j2, has_digits or d2, had_scale, False  # "तीन सौ और दो दर्जन"
        return value, j, has_digits, had_scale, False

    def fraction_after(self, j: int, value: Decimal, has_digits: bool):
        """The fraction that a numerator `value` (ending before token j) starts: (value, next_index, has_digits)."""
        toks = self.toks
        lex = self.lex
        n = len(toks)
        if j >= n or "\n" in self.gap(j):
            return None
        t = toks[j]
        k = j
        if t.text == "-" and j + 1 < n and self.glued(j) and self.glued(j + 1):  # "दो-तिहाई"
            k = j + 1
        if toks[k].kind == "word" and toks[k].key in lex.denominators:
            return value / Decimal(lex.denominators[toks[k].key]), k + 1, False
        if t.kind != "word":
            return None
        key = t.key
        if key in lex.over_words and j + 1 < n and self.can_start(j + 1):
            q = self.quantity(j + 1)
            if q and q[0] != 0:
                return value / q[0], q[1], q[2]
            return None
        kk = self.phrase_at(j, lex.out_of_words) if not has_digits else 0
        if kk and j + kk < n and self.can_start(j + kk) and value != 0:
            q = self.quantity(j + kk)
            if q and 0 < q[0] < value:
                return q[0] / value, q[1], q[2]
            return None
        if key in lex.of_words or (key in lex.of_after_words and not has_digits):
            d = self.ordinal_quantity(j + 1)
            if d and d[0] != 0:
                return value / d[0], d[1], d[2]
        return None

    def ordinal_quantity(self, k: int):
        """An ordinal number as a denominator: "पाँचवाँ", "दस खरबवां", "एक सौ पांचवां"."""
        toks = self.toks
        lex = self.lex
        for p in range(k, min(k + 8, len(toks))):
            t = toks[p]
            if p > k and "\n" in self.gap(p):
                return None
            if t.kind == "word":
                stem = self._ordinal_stem(t.key)
                if stem:
                    q = self.quantity(k, ord_at=p, ord_key=stem)
                    if q and q[1] == p + 1:
                        return q[0], p + 1, q[2]
                    return None
                if not (t.key in lex.number_words or t.key in lex.scales or t.key in lex.and_words):
                    return None
            elif t.kind != "num":
                return None
        return None

    def _sign_before(self, i: int, has_digits: bool) -> int | None:
        """The start of a minus word or sign before token i ("माइनस पांच", "-9.23", "- 10  k"), else None."""
        toks = self.toks
        if i > 0 and toks[i - 1].key in self.lex.minus_words:
            return i - 1
        if (i > 0 and toks[i - 1].text == "-" and has_digits
                and (i < 2 or toks[i - 2].kind not in ("num", "word", "frac") or "\n" in self.gap(i - 1))
                and not self.s[toks[i - 1].end:toks[i].start].strip()):
            return i - 1
        return None

    # -- the whole mention ------------------------------------------------------------------------------------
    def read(self) -> list[NumberMention]:
        lex = self.lex
        toks = self.toks
        out: list[NumberMention] = []
        i = 0
        n = len(toks)
        while i < n:
            t = toks[i]
            if t.kind in ("time", "phone"):
                j = i + 1
                if t.kind == "time" and j < n and self.phrase_at(j, lex.time_words):
                    j += self.phrase_at(j, lex.time_words)
                out.append(self._mention(i, j, _first_number(t.text), kind=t.kind))
                i = j
                continue
            if t.kind == "date":
                out.append(self._mention(i, i + 1, _first_number(t.text), kind="date"))
                i += 1
                continue
            if t.kind == "long":  # not a number; nor is the scale word after it ("<40 digits> लाख")
                i += 1
                while i < n and toks[i].kind == "word" and toks[i].key in lex.scales and not self.gap(i).strip():
                    i += 1
                continue
            if t.kind == "frac":  # "3/4", "- 1 4/5": kind fraction, so "24/7"-like slips never become claims
                sign = self._sign_before(i, True)
                value = -t.value if sign is not None else t.value
                out.append(self._mention(i if sign is None else sign, i + 1, value, kind="fraction"))
                i += 1
                continue
            if t.kind == "word" and t.key in lex.months:
                date = self._date_from_month(i)
                if date:
                    out.append(date)
                    i = self._last_end
                    continue
            if not self.can_start(i):
                i += 1
                continue
            # "5 अक्टूबर 2025": a day before a month name
            if t.kind == "num" and i + 1 < n and toks[i + 1].kind == "word" and toks[i + 1].key in lex.months:
                date = self._date_from_month(i + 1)
                if date:
                    out.append(date)
                    i = self._last_end
                    continue
            # digits glued after a letter ("G20", "A320") are part of a name
            if t.kind == "num" and i > 0 and toks[i - 1].kind == "word" and self.glued(i):
                i += 1
                continue
            # ordinals: "4थे", "21st"
            if t.kind == "num" and self.letter_glued_after(i) and toks[i + 1].key in lex.ordinal_suffixes:
                out.append(self._mention(i, i + 2, _digits_value(t.text), kind="ordinal"))
                i += 2
                continue
            q = self.compound(i)
            if q is None:
                i += 1
                continue
            value, j, has_digits, had_scale, is_fraction = q
            start_i = i
            negative = False
            # a minus word or sign before the number
            sign = self._sign_before(i, has_digits)
            if sign is not None:
                start_i, negative = sign, True
            kind = "number"
            unit = "count"
            qualifier = "exact"
            qualifier_text = None
            value_max = None
            end_j = j
            # a year: four digits, no grouping, no scale
            if (has_digits and not had_scale and not is_fraction and toks[i].kind == "num" and j == i + 1
                    and _looks_like_year(toks[i].text)
                    and not (j < n and (self.phrase_at(j, lex.percent) or self.is_word(j, lex.scales)))):
                kind = "year"
                # "2024-25"
                if (j + 1 < n and toks[j].text == "-" and self.glued(j) and toks[j + 1].kind == "num"
                        and self.glued(j + 1) and len(toks[j + 1].text) == 2):
                    end_j = j + 2
                out.append(self._mention(start_i, end_j, value, kind=kind))
                i = end_j
                continue
            # "3 बजे": a clock time
            if has_digits and not had_scale and not is_fraction and j < n and self.is_word(j, lex.time_words) \
                    and value <= 24:
                out.append(self._mention(i, j + 1, value, kind="time"))
                i = j + 1
                continue
            # a range: "10-12 लाख", "10 से 12 लाख", "8 to 10 lakh"
            rng = None if is_fraction else self._range_after(j, value, had_scale)
            if rng and not had_scale and rng[2] < n and self.is_word(rng[2], lex.months):
                # "16 से 22 मार्च", "11-17 July": a span of days, not a range of counts
                date = self._date_from_month(rng[2])
                if date:
                    out.append(self._mention(start_i, self._last_end, value, kind="date"))
                    i = self._last_end
                    continue
            if rng:
                value, value_max, end_j = rng
                qualifier = "range"
            # percent / currency after
            k = self.phrase_at(end_j, lex.percent)
            if k:
                unit = "percent"
                end_j += k
            else:
                k = self.phrase_at(end_j, lex.currency_after)
                if k:
                    unit = "inr"
                    end_j += k
            # currency before: "₹500", "Rs 1,200 crore", "रु. 500"
            k = self.phrase_before(start_i, lex.currency_before)
            if k and not negative:
                unit = "inr"
                start_i -= k
            # trailing "+": "840+", "70%+"
            if end_j < n and toks[end_j].text == "+" and toks[end_j].start == toks[end_j - 1].end:
                qualifier, qualifier_text = ("at_least", "+") if qualifier == "exact" else (qualifier, qualifier_text)
                end_j += 1
            # unit words after (not part of the quote): "15,893 घंटे", "सात दिवसीय"
            if unit == "count":
                k = end_j
                if k < n and toks[k].text == "-" and self.glued(k):  # "7-दिवसीय"
                    k += 1
                if k < n and toks[k].kind == "word" and toks[k].key in lex.units:
                    unit = lex.units[toks[k].key]
            # qualifier words
            if qualifier == "exact":
                kq = self.phrase_at(end_j, lex.qualifiers.get("after", {}))
                if kq:
                    qtext = _key(self.s[toks[end_j].start:toks[end_j + kq - 1].end])
                    qualifier, qualifier_text = lex.qualifiers["after"][qtext], self._orig(end_j, end_j + kq)
                else:
                    kb = self.phrase_before(start_i, lex.qualifiers.get("before", {}))
                    if kb:
                        qtext = _key(self.s[toks[start_i - kb].start:toks[start_i - 1].end])
                        qualifier, qualifier_text = lex.qualifiers["before"][qtext], self._orig(start_i - kb, start_i)
            if negative:
                value = -value
            m = self._mention(start_i, end_j, value, kind=kind, unit=unit, qualifier=qualifier,
                              value_max=value_max, qualifier_text=qualifier_text, has_digits=has_digits)
            out.append(m)
            i = end_j
        return out

    def _range_after(self, j: int, low: Decimal, low_had_scale: bool):
        """A second quantity after "-", "से", "to": returns (low, high, end_index) with the scale shared."""
        toks = self.toks
        if j >= len(toks):
            return None
        t = toks[j]
        if t.text == "-" and j + 1 < len(toks) and (toks[j + 1].kind == "num"):
            k = j + 1
        elif t.kind == "word" and t.key in self.lex.range_words and j + 1 < len(toks) and self.can_start(j + 1):
            if t.key == "and" and not self._between_before(j):
                return None
            k = j + 1
        else:
            return None
        q = self.quantity(k)
        if q is None:
            return None
        high, end, _, high_had_scale = q
        if high_had_scale and not low_had_scale:
            # "10-12 लाख": the low end takes the high end's scale
            scale = _scale_of(high, toks, k, end, self.lex)
            if scale:
                low = low * scale
        if high <= low:
            return None
        return low, high, end

    def _between_before(self, j: int) -> bool:
        # "between 8 and 10 lakh": look back a few tokens for "between"/"बीच"
        for k in range(max(0, j - 4), j):
            if self.toks[k].key in ("between",):
                return True
        return False

    def _date_from_month(self, i: int):
        """A day and/or year next to a month name: "5 अक्टूबर 2025", "Jan 07, 2026", "सितंबर 2025"."""
        toks = self.toks
        n = len(toks)
        start = i
        end = i + 1
        day = None
        if i > 0 and toks[i - 1].kind == "num" and toks[i - 1].text.isdigit() and 1 <= int(toks[i - 1].text) <= 31 \
                and "\n" not in self.gap(i):
            start, day = i - 1, int(toks[i - 1].text)
        k = i + 1
        if k < n and toks[k].text == ".":  # "Jan."
            k += 1
        if day is None and k < n and toks[k].kind == "num" and toks[k].text.isdigit() and 1 <= int(toks[k].text) <= 31 \
                and len(toks[k].text) <= 2:
            day = int(toks[k].text)
            end = k + 1
            k += 1
            if k < n and toks[k].text == ",":
                k += 1
        if k < n and toks[k].kind == "num" and _looks_like_year(toks[k].text):
            end = k + 1
        elif end == i + 1 and day is None:
            return None
        if start == i and end == i + 1:
            return None
        self._last_end = end
        # the value is the first number of the date: "Jan. 07, 2026" has a "." between the month and the day
        first = next(t for t in toks[start:end] if t.kind == "num")
        return self._mention(start, end, _digits_value(first.text), kind="date")

    def _orig(self, a: int, b: int) -> str:
        o0, o1 = self.ft.span(self.toks[a].start, self.toks[b - 1].end)
        return self.ft.original[o0:o1]

    def _mention(self, a: int, b: int, value, *, kind: str, unit: str = "count", qualifier: str = "exact",
                 value_max=None, qualifier_text=None, has_digits=True) -> NumberMention:
        o0, o1 = self.ft.span(self.toks[a].start, self.toks[b - 1].end)
        return NumberMention(
            value=_plain(Decimal(value)), start=o0, end=o1, text=self.ft.original[o0:o1], qualifier=qualifier,
            value_max=None if value_max is None else _plain(Decimal(value_max)), unit=unit, kind=kind,
            qualifier_text=qualifier_text, has_digits=has_digits)


def _scale_of(value: Decimal, toks, a: int, b: int, lex: NumberLexicon) -> Decimal | None:
    """The product of the scale words in toks[a:b] after the first number (for shared range scales)."""
    scale = Decimal(1)
    seen = False
    for t in toks[a:b]:
        if t.kind == "word" and t.key in lex.scales:
            scale *= Decimal(lex.scales[t.key])
            seen = True
    return scale if seen else None


def _is_abbrev_scale(key: str) -> bool:
    # "k", "cr", "mn", "bn", "lk" only count right after digits ("10k", "500 cr")
    return key in ("k", "cr", "mn", "bn", "lk")


def _looks_like_year(text: str) -> bool:
    return len(text) == 4 and text.isdigit() and YEAR_RANGE[0] <= int(text) < YEAR_RANGE[1]


def _first_number(text: str) -> Decimal:
    m = regex.search(r"[0-9]+", text)
    return Decimal(m.group()) if m else Decimal(0)


def parse_numbers(text: str) -> list[NumberMention]:
    """Every number mention in `text`, in text order. Offsets are into `text` as given."""
    if not text:
        return []
    reader = _Reader(fold(text), number_lexicon())
    return reader.read()


def parse_indian_number(text: str) -> int | float | None:
    """The value of a text that is one number ("1.45 करोड़", "ढाई लाख", "1,45,00,000"), else None."""
    found = [m for m in parse_numbers(text) if m.kind in ("number", "year")]
    if len(found) != 1:
        return None
    return found[0].value
