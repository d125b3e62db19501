"""Language knowledge, loaded from the data files beside this module and checked as it loads.

- `hi.toml`, `en.toml`: number words, scales, fractions, qualifiers, percent and currency words, months, … —
  one file per language, the same keys in each (a new language is a new file, never an `if lang ==` in the engine);
- `metrics.toml`: the metric vocabulary with Hindi and English synonyms;
- `places.toml`: states, their names and cues, national and anaphoric markers;
- `furniture.toml`: page-furniture markers (read by the ingest stage).

Every phrase is folded with `extractor.text.fold_key`, the same fold the text path uses. Mistakes in the data
(an unknown key, an empty phrase, one phrase meaning two different numbers) raise `LexiconError` at load time.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..text.datafiles import LexiconError, load_toml  # noqa: F401  (re-exported: the loader of this folder's files)
from ..text.normalize import fold_key

LANG_DIR = Path(__file__).resolve().parent
NATIONAL = "India"  # the scope of a national figure: every claim's `state` is this or a state of places.toml
NUMBER_LANGUAGES = ("hi", "en")

_NUMBER_KEYS = {
    "language", "number_words", "scales", "scale_abbreviations", "bound_scales", "fractions", "fraction_prefixes",
    "percent", "currency", "units", "unit_suffixes", "qualifiers", "ranges", "connectors", "months", "weekdays",
    "ordinals", "time", "weak_number_words", "fraction_words", "not_numbers",
}
# the tables whose entries are lists of phrases: the names each may hold (a misspelt name would load nothing)
_LIST_TABLE_KEYS = {
    "percent": {"words"}, "currency": {"before", "after", "hundredths"},
    "ranges": {"joiners", "paired_joiners", "openers"}, "connectors": {"and", "point", "minus"},
    "ordinals": {"suffixes"}, "time": {"words"}, "not_numbers": {"phrases"},
}
_FRACTION_KEYS = {"denominators", "over", "of", "of_after_words", "out_of", "ordinal_suffixes", "mixed"}
_QUALIFIER_KEYS = {"at_least_before", "at_least_after", "at_most_before", "at_most_after", "approx_before",
                   "approx_after"}


def _phrases(where: str, items) -> list[str]:
    if not isinstance(items, list):
        raise LexiconError(f"{where}: expected a list of phrases")
    out = []
    for item in items:
        if not isinstance(item, str) or not fold_key(item):
            raise LexiconError(f"{where}: empty or non-text phrase {item!r}")
        out.append(fold_key(item))
    return out


def _raw_phrases(where: str, items) -> list[str]:
    """The phrases of a list as written (checked like `_phrases`, not folded)."""
    _phrases(where, items)
    return [item.strip() for item in items]


def _numeric_table(where: str, table: dict, into: dict[str, float]) -> None:
    for number, words in table.items():
        try:
            value = float(number)
        except ValueError:
            raise LexiconError(f"{where}: key {number!r} is not a number") from None
        value = int(value) if value.is_integer() else value
        for key in _phrases(f"{where}.{number}", words):
            if key in into and into[key] != value:
                raise LexiconError(f"{where}: {key!r} means both {into[key]} and {value}")
            into[key] = value


@dataclass
class NumberLexicon:
    """All languages' number knowledge merged: mixed Hindi-English text is the normal case."""

    number_words: dict[str, int] = field(default_factory=dict)
    scales: dict[str, int] = field(default_factory=dict)  # every scale word, abbreviations included
    # "k", "cr", "lk": scales only right after digits ("10k", "500 cr"), never on their own
    abbreviated_scales: set[str] = field(default_factory=set)
    # abbreviations written with a capital match only as written ("45L" is lakh, "5 l" is not): spelling → value
    cased_scales: dict[str, int] = field(default_factory=dict)
    # scales that are also ordinary words (नील, पद्म, शंख): a scale only after a number, never on their own
    bound_scales: set[str] = field(default_factory=set)
    fractions: dict[str, float] = field(default_factory=dict)
    fraction_prefixes: dict[str, float] = field(default_factory=dict)
    percent: set[str] = field(default_factory=set)
    currency_before: set[str] = field(default_factory=set)
    currency_after: set[str] = field(default_factory=set)
    currency_hundredths: set[str] = field(default_factory=set)  # "पैसे", "paise"
    units: dict[str, str] = field(default_factory=dict)  # word → unit name
    unit_suffixes: dict[str, str] = field(default_factory=dict)  # glued to a number word ("tenfold") → unit name
    qualifiers: dict[str, dict[str, str]] = field(default_factory=dict)  # position → phrase → qualifier
    range_words: set[str] = field(default_factory=set)  # "10 से 12", "8 to 10", and the paired words below
    # "between 8 and 10 lakh": a paired word joins a range only after an opener a few tokens before it
    range_paired_words: set[str] = field(default_factory=set)
    range_openers: set[str] = field(default_factory=set)
    and_words: set[str] = field(default_factory=set)
    point_words: set[str] = field(default_factory=set)
    minus_words: set[str] = field(default_factory=set)
    months: dict[str, int] = field(default_factory=dict)
    weekdays: dict[str, int] = field(default_factory=dict)
    ordinal_suffixes: set[str] = field(default_factory=set)
    time_words: set[str] = field(default_factory=set)
    # numbers only inside a longer number phrase ("माइनस वन", "फ़िफ़्टी टू"): alone they are ordinary words
    weak_number_words: dict[str, int] = field(default_factory=dict)
    # fractions: "दो तिहाई" (denominators), "पांच बटा आठ" (over), "एक का पाँचवाँ" (of + ordinal suffix),
    # "बीस में पच्चीसवां" (of_after_words: only after a number in words), "तीन में से एक" (out_of)
    denominators: dict[str, int] = field(default_factory=dict)
    over_words: set[str] = field(default_factory=set)
    of_words: set[str] = field(default_factory=set)
    of_after_words: set[str] = field(default_factory=set)
    out_of_words: set[str] = field(default_factory=set)
    fraction_ordinal_suffixes: tuple[str, ...] = ()
    mixed_fraction_words: set[str] = field(default_factory=set)  # "तीन सही एक बटा दो" = 3.5
    # names in which a number word is no number ("पद्म श्री", "वड़ा पाव"), and the number words they hold
    not_number_phrases: set[str] = field(default_factory=set)
    not_number_words: set[str] = field(default_factory=set)
    # number words with a character that is no letter ("छ:", the visarga typed as a colon): the tokenizer keeps
    # each whole
    punctuated_words: tuple[str, ...] = ()
    # every word a number may start with (number words, fractions, fraction prefixes, scales that may stand alone,
    # weak number words): one look-up for the many words that are none of these
    number_starters: set[str] = field(default_factory=set)

    def add(self, lang: str, data: dict) -> None:
        unknown = set(data) - _NUMBER_KEYS
        if unknown:
            raise LexiconError(f"{lang}.toml: unknown keys {sorted(unknown)}")
        for table, names in _LIST_TABLE_KEYS.items():
            unknown = set(data.get(table, {})) - names
            if unknown:
                raise LexiconError(f"{lang}.{table}: unknown keys {sorted(unknown)}")
        _numeric_table(f"{lang}.number_words", data.get("number_words", {}), self.number_words)
        _numeric_table(f"{lang}.scales", data.get("scales", {}), self.scales)
        self._add_scales(lang, "scale_abbreviations", data, self.abbreviated_scales)
        self._add_scales(lang, "bound_scales", data, self.bound_scales)
        _numeric_table(f"{lang}.fractions", data.get("fractions", {}), self.fractions)
        _numeric_table(f"{lang}.fraction_prefixes", data.get("fraction_prefixes", {}), self.fraction_prefixes)
        _numeric_table(f"{lang}.months", data.get("months", {}), self.months)
        _numeric_table(f"{lang}.weekdays", data.get("weekdays", {}), self.weekdays)
        self.percent.update(_phrases(f"{lang}.percent.words", data.get("percent", {}).get("words", [])))
        cur = data.get("currency", {})
        self.currency_before.update(_phrases(f"{lang}.currency.before", cur.get("before", [])))
        self.currency_after.update(_phrases(f"{lang}.currency.after", cur.get("after", [])))
        self.currency_hundredths.update(_phrases(f"{lang}.currency.hundredths", cur.get("hundredths", [])))
        for table, into in (("units", self.units), ("unit_suffixes", self.unit_suffixes)):
            for unit, words in data.get(table, {}).items():
                for key in _phrases(f"{lang}.{table}.{unit}", words):
                    into[key] = unit
        quals = data.get("qualifiers", {})
        if set(quals) - _QUALIFIER_KEYS:
            raise LexiconError(f"{lang}.qualifiers: unknown keys {sorted(set(quals) - _QUALIFIER_KEYS)}")
        for name, words in quals.items():
            qualifier, position = name.rsplit("_", 1)
            for key in _phrases(f"{lang}.qualifiers.{name}", words):
                self.qualifiers.setdefault(position, {})[key] = qualifier
        ranges = data.get("ranges", {})
        paired = _phrases(f"{lang}.ranges.paired_joiners", ranges.get("paired_joiners", []))
        self.range_words.update(_phrases(f"{lang}.ranges.joiners", ranges.get("joiners", [])), paired)
        self.range_paired_words.update(paired)
        self.range_openers.update(_phrases(f"{lang}.ranges.openers", ranges.get("openers", [])))
        conn = data.get("connectors", {})
        self.and_words.update(_phrases(f"{lang}.connectors.and", conn.get("and", [])))
        self.point_words.update(_phrases(f"{lang}.connectors.point", conn.get("point", [])))
        self.minus_words.update(_phrases(f"{lang}.connectors.minus", conn.get("minus", [])))
        ords = data.get("ordinals", {})
        self.ordinal_suffixes.update(_phrases(f"{lang}.ordinals.suffixes", ords.get("suffixes", [])))
        self.time_words.update(_phrases(f"{lang}.time.words", data.get("time", {}).get("words", [])))
        _numeric_table(f"{lang}.weak_number_words", data.get("weak_number_words", {}), self.weak_number_words)
        frac = data.get("fraction_words", {})
        if set(frac) - _FRACTION_KEYS:
            raise LexiconError(f"{lang}.fraction_words: unknown keys {sorted(set(frac) - _FRACTION_KEYS)}")
        _numeric_table(f"{lang}.fraction_words.denominators", frac.get("denominators", {}), self.denominators)
        self.over_words.update(_phrases(f"{lang}.fraction_words.over", frac.get("over", [])))
        self.of_words.update(_phrases(f"{lang}.fraction_words.of", frac.get("of", [])))
        self.of_after_words.update(_phrases(f"{lang}.fraction_words.of_after_words", frac.get("of_after_words", [])))
        self.out_of_words.update(_phrases(f"{lang}.fraction_words.out_of", frac.get("out_of", [])))
        suffixes = set(self.fraction_ordinal_suffixes) | set(
            _phrases(f"{lang}.fraction_words.ordinal_suffixes", frac.get("ordinal_suffixes", [])))
        self.fraction_ordinal_suffixes = tuple(sorted(suffixes, key=len, reverse=True))
        self.mixed_fraction_words.update(_phrases(f"{lang}.fraction_words.mixed", frac.get("mixed", [])))
        self.not_number_phrases.update(
            _phrases(f"{lang}.not_numbers.phrases", data.get("not_numbers", {}).get("phrases", [])))
        self._derive()

    def _add_scales(self, lang: str, table: str, data: dict, kind: set[str]) -> None:
        """Scales that never start a number (abbreviations, bound scales): into `scales` and into `kind`; an
        abbreviation written with a capital letter into `cased_scales` instead, as written."""
        folded: dict[str, float] = {}
        for number, words in data.get(table, {}).items():
            raw = _raw_phrases(f"{lang}.{table}.{number}", words)
            _numeric_table(f"{lang}.{table}", {number: [w for w in raw if w == w.lower()]}, folded)
            for word in (w for w in raw if w != w.lower()):
                one: dict[str, float] = {}
                _numeric_table(f"{lang}.{table}", {number: [word]}, one)  # checks that the key is a number
                (value,) = one.values()
                if self.cased_scales.get(word, value) != value:
                    raise LexiconError(f"{lang}.{table}: {word!r} means both {self.cased_scales[word]} and {value}")
                self.cased_scales[word] = value
        for key, value in folded.items():
            if key in self.scales and self.scales[key] != value:
                raise LexiconError(f"{lang}.{table}: {key!r} means both {self.scales[key]} and {value}")
            self.scales[key] = value
        kind.update(folded)

    def _derive(self) -> None:
        """The tables computed from the others (after every `add`)."""
        readable = self.number_words.keys() | self.scales.keys() | self.fractions.keys() | self.fraction_prefixes.keys()
        self.not_number_words = {w for phrase in self.not_number_phrases for w in phrase.split() if w in readable}
        self.number_starters = (self.number_words.keys() | self.fractions.keys() | self.fraction_prefixes.keys()
                                | self.weak_number_words.keys()
                                | (self.scales.keys() - self.abbreviated_scales - self.bound_scales))
        self.punctuated_words = tuple(sorted(
            (w for w in readable if " " not in w and not all(unicodedata.category(c)[0] in "LM" for c in w)),
            key=len, reverse=True))

    def check(self) -> None:
        clash = set(self.number_words) & set(self.scales)
        if clash:
            raise LexiconError(f"words that are both a number and a scale: {sorted(clash)}")
        clash = set(self.weak_number_words) & (set(self.number_words) | set(self.scales))
        if clash:
            raise LexiconError(f"weak number words that are also numbers or scales: {sorted(clash)}")


@lru_cache(maxsize=1)
def number_lexicon() -> NumberLexicon:
    lex = NumberLexicon()
    for lang in NUMBER_LANGUAGES:
        data = load_toml(f"{lang}.toml")
        if data.get("language") != lang:
            raise LexiconError(f"{lang}.toml: 'language' must be {lang!r}")
        lex.add(lang, data)
    lex.check()
    return lex


@dataclass(frozen=True)
class Metric:
    id: str
    label_en: str
    label_hi: str
    cumulative: bool
    unit: str
    scope: str | None
    phrases: tuple[tuple[str, ...], ...]  # each phrase: folded parts that must appear in order ("A … B")
    # read by the contradiction rules (extractor/contradictions/): see the header of metrics.toml
    headline: bool = False
    subgroups: bool = False
    share_of: str | None = None
    parts: tuple[tuple[str, ...], ...] = ()
    period: str | None = None  # the period its figures have when their text gives none ("target", "event")
    population: bool = False  # the size of a workforce: reports of it are compared whatever their dates


_METRIC_KEYS = {"label_en", "label_hi", "cumulative", "unit", "scope", "hi", "en", "headline", "subgroups", "share_of",
                "parts", "period", "population"}
_DEFAULT_PERIODS = {"target", "event"}


@lru_cache(maxsize=1)
def metrics() -> dict[str, Metric]:
    data = load_toml("metrics.toml")
    out: dict[str, Metric] = {}
    for metric_id, spec in data.items():
        unknown = set(spec) - _METRIC_KEYS
        if unknown:
            raise LexiconError(f"metrics.toml [{metric_id}]: unknown keys {sorted(unknown)}")
        for required in ("label_en", "label_hi", "unit"):
            if not spec.get(required):
                raise LexiconError(f"metrics.toml [{metric_id}]: missing {required}")
        phrases = []
        seen = set()
        for lang in ("hi", "en"):
            for raw in spec.get(lang, []):
                parts = tuple(fold_key(p) for p in raw.split("…"))
                if not all(parts):
                    raise LexiconError(f"metrics.toml [{metric_id}].{lang}: empty part in {raw!r}")
                if parts in seen:
                    raise LexiconError(f"metrics.toml [{metric_id}]: duplicate phrase {raw!r}")
                seen.add(parts)
                phrases.append(parts)
        if not phrases:
            raise LexiconError(f"metrics.toml [{metric_id}]: no phrases")
        if spec.get("period") not in _DEFAULT_PERIODS | {None}:
            raise LexiconError(f"metrics.toml [{metric_id}].period: one of {sorted(_DEFAULT_PERIODS)}")
        parts = spec.get("parts", [])
        if not isinstance(parts, list) or not all(isinstance(p, list) and p and all(isinstance(m, str) for m in p)
                                                  for p in parts):
            raise LexiconError(f"metrics.toml [{metric_id}].parts: expected a list of non-empty lists of metric ids")
        out[metric_id] = Metric(metric_id, spec["label_en"], spec["label_hi"], bool(spec.get("cumulative", False)),
                                spec["unit"], spec.get("scope"), tuple(phrases),
                                headline=bool(spec.get("headline", False)), subgroups=bool(spec.get("subgroups", False)),
                                share_of=spec.get("share_of"), parts=tuple(tuple(p) for p in parts),
                                period=spec.get("period"), population=bool(spec.get("population", False)))
    for m in out.values():
        for ref in ([m.share_of] if m.share_of else []) + [x for p in m.parts for x in p]:
            if ref not in out:
                raise LexiconError(f"metrics.toml [{m.id}]: {ref!r} is not a metric id")
    return out


@dataclass(frozen=True)
class Places:
    state_names: dict[str, str]  # folded phrase → canonical state
    state_cues: dict[str, str]
    national_strong: frozenset[str]
    national_weak: frozenset[str]
    anaphora: frozenset[str]
    department: frozenset[str]
    # abbreviations written in capitals ("UP", "MP", "TN") match only in capitals: "up to" is not Uttar Pradesh
    abbreviations: dict[str, str] = field(default_factory=dict)  # exact spelling → canonical state
    hindi: dict[str, str] = field(default_factory=dict)  # canonical state → its first Devanagari name (as written)


@lru_cache(maxsize=1)
def places() -> Places:
    data = load_toml("places.toml")
    unknown = set(data) - {"national", "anaphora", "department", "states"}
    if unknown:
        raise LexiconError(f"places.toml: unknown keys {sorted(unknown)}")
    names: dict[str, str] = {}
    cues: dict[str, str] = {}
    abbreviations: dict[str, str] = {}
    for state, spec in data["states"].items():
        for raw in spec.get("names", []):
            if _is_abbreviation(raw):
                abbreviations[raw] = state
        for table, key in ((names, "names"), (cues, "cues")):
            for phrase in _phrases(f"places.toml [{state}].{key}", spec.get(key, [])):
                if phrase in names or phrase in cues:
                    other = names.get(phrase) or cues.get(phrase)
                    if other != state:
                        raise LexiconError(f"places.toml: {phrase!r} names both {other} and {state}")
                table[phrase] = state
    for raw in abbreviations:
        names.pop(fold_key(raw), None)
    return Places(
        names, cues,
        frozenset(_phrases("places.toml national.strong", data["national"]["strong"])),
        frozenset(_phrases("places.toml national.weak", data["national"]["weak"])),
        frozenset(_phrases("places.toml anaphora.words", data["anaphora"]["words"])),
        frozenset(_phrases("places.toml department.words", data["department"]["words"])),
        abbreviations,
        {state: hindi[0] for state, spec in data["states"].items()
         if (hindi := [n for n in spec.get("names", []) if any("\u0900" <= ch <= "\u097f" for ch in n)])},
    )


def _is_abbreviation(raw: str) -> bool:
    letters = [c for c in raw if c.isalpha()]
    return raw.isascii() and len(letters) <= 3 and all(c.isupper() for c in letters)


@lru_cache(maxsize=1)
def entities() -> dict[str, str]:
    """Folded phrase → canonical organisation name (entities.toml)."""
    data = load_toml("entities.toml")
    out: dict[str, str] = {}
    for name, spec in data.get("entities", {}).items():
        for phrase in _phrases(f"entities.toml [{name}].phrases", spec.get("phrases", [])):
            if phrase in out and out[phrase] != name:
                raise LexiconError(f"entities.toml: {phrase!r} names both {out[phrase]} and {name}")
            out[phrase] = name
    return out
