"""Loaders for the claim stage's cue data: what a figure counts (`counted.toml`), what stretch of time it totals
(`periods.toml`) and which words open a clause (`clauses.toml`). Checked as they load, like every file of this
folder: an unknown metric id, an unknown key or an empty phrase raises `LexiconError` naming the file."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from . import LexiconError, _phrases, load_toml, metrics


@dataclass(frozen=True)
class CountedNouns:
    lookahead: int  # words after the figure in which its noun may start
    classes: dict[str, frozenset[str]]  # class → metric ids it may carry (empty: "other")
    words: dict[str, str]  # folded noun phrase → class
    naming: frozenset[str]  # classes whose noun alone names their metric ("hours", "downloads")
    metric_nouns: frozenset[str]  # nouns of other classes that name their metric ("course enrolments")
    not_claims: frozenset[str]  # classes whose figures are no statistic ("five years", "7-day")
    gap_stops: frozenset[str]  # words after which a noun is not the counted one ("from all the states")
    identifier_before: frozenset[str]  # words before a number that names something ("Q. 451", "district 2137")
    vague: frozenset[str]  # a scale word alone ("Millions of personnel", "लाखों"): no figure
    population_before: frozenset[str] = frozenset()  # "India's 1.4 billion people": a country's inhabitants


@lru_cache(maxsize=1)
def counted_nouns() -> CountedNouns:
    data = load_toml("counted.toml")
    unknown = set(data) - {"lookahead", "classes", "vague", "gap_stops", "metric_nouns", "identifier_before",
                           "population_before"}
    if unknown:
        raise LexiconError(f"counted.toml: unknown keys {sorted(unknown)}")
    known = set(metrics())
    classes: dict[str, frozenset[str]] = {}
    words: dict[str, str] = {}
    for name, spec in data["classes"].items():
        if not {"metrics", "words"} <= set(spec) <= {"metrics", "words", "claim", "names_metric"}:
            raise LexiconError(f"counted.toml [classes.{name}]: needs `metrics` and `words` (and optionally `claim`)")
        bad = [m for m in spec["metrics"] if m not in known]
        if bad:
            raise LexiconError(f"counted.toml [classes.{name}]: unknown metric ids {bad}")
        classes[name] = frozenset(spec["metrics"])
        for phrase in _phrases(f"counted.toml [classes.{name}].words", spec["words"]):
            if words.get(phrase, name) != name:
                raise LexiconError(f"counted.toml: {phrase!r} is in both {words[phrase]} and {name}")
            words[phrase] = name
    not_claims = frozenset(n for n, spec in data["classes"].items() if spec.get("claim", True) is False)
    vague = frozenset(_phrases("counted.toml vague", data.get("vague", [])))
    stops = frozenset(_phrases("counted.toml gap_stops", data.get("gap_stops", [])))
    naming = frozenset(n for n, spec in data["classes"].items() if spec.get("names_metric") is True)
    metric_nouns = frozenset(_phrases("counted.toml metric_nouns", data.get("metric_nouns", [])))
    identifiers = frozenset(_phrases("counted.toml identifier_before", data.get("identifier_before", [])))
    population = frozenset(_phrases("counted.toml population_before", data.get("population_before", [])))
    return CountedNouns(int(data["lookahead"]), classes, words, naming, metric_nouns, not_claims, stops, identifiers,
                        vague, population)


@lru_cache(maxsize=1)
def national_in_clause() -> frozenset[str]:
    """places.toml national.clause: national when in the figure's own clause, whatever the article's state."""
    return frozenset(_phrases("places.toml national.clause", load_toml("places.toml")["national"].get("clause", [])))


@dataclass(frozen=True)
class PeriodCues:
    daily_average: frozenset[str]
    target: frozenset[str]
    earlier: frozenset[str]
    earlier_right_before: frozenset[str]
    earlier_right_after: frozenset[str]
    year_before: frozenset[str]
    year_after: frozenset[str]
    event_anaphors: frozenset[str]
    events: dict[str, str]  # folded phrase → canonical event name
    negation_before: frozenset[str]
    negation_after: frozenset[str]
    cumulative: frozenset[str]
    year_time_after: tuple[str, ...]  # a year followed by one of these is a time ("2025 में"), as written
    year_time_before: tuple[str, ...]  # … or preceded by one ("by 2026")


@lru_cache(maxsize=1)
def period_cues() -> PeriodCues:
    data = load_toml("periods.toml")
    expected = {"cumulative", "daily_average", "target", "earlier", "year", "as_of", "event", "events", "negation"}
    if set(data) != expected:
        raise LexiconError(f"periods.toml: keys {sorted(set(data) ^ expected)} differ from the documented ones")

    def words(table: str, key: str = "words") -> frozenset[str]:
        return frozenset(_phrases(f"periods.toml [{table}].{key}", data[table][key]))

    events: dict[str, str] = {}
    for name, spec in data["events"].items():
        for phrase in _phrases(f"periods.toml [events.{name}].words", spec["words"]):
            events[phrase] = name
    return PeriodCues(words("daily_average"), words("target"), words("earlier"), words("earlier", "right_before"),
                      words("earlier", "right_after"), words("year", "before"),
                      words("year", "after"), words("event", "anaphors"), events,
                      words("negation", "before"), words("negation", "after"), words("cumulative"),
                      tuple(data["as_of"]["year_after"]), tuple(data["as_of"]["year_before"]))


@lru_cache(maxsize=1)
def clause_words() -> tuple[str, ...]:
    """clauses.toml: words that open a clause inside a sentence, as written (NFC)."""
    data = load_toml("clauses.toml")
    if set(data) != {"words"}:
        raise LexiconError(f"clauses.toml: keys {sorted(set(data) ^ {'words'})} differ from the documented one")
    words = data["words"]
    if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
        raise LexiconError("clauses.toml words: expected a list of non-empty words")
    return tuple(unicodedata.normalize("NFC", w.strip()) for w in words)
