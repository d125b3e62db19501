"""Labels of the review pages in English and Hindi, from the data file `labels.toml` beside this module.

Each language is one table with the same keys (nested tables flatten to dotted keys: `[en.status] open = …` is
`status.open`). The file is checked when loaded: both languages must have exactly the same keys, no label may be
empty, and `{placeholders}` must match between languages. A missing key is an error, never a silent fallback.

Metric names come from `extractor/lang/metrics.toml` (label_en / label_hi) and state names from
`extractor/lang/places.toml` (the first Devanagari name), so there is one place for each.
"""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup, escape

from ..lang import LexiconError

LABELS_FILE = Path(__file__).parent / "labels.toml"
LANGUAGES = ("en", "hi")
DEFAULT_LANGUAGE = "en"
LANG_COOKIE = "lang"
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


class LabelsError(LexiconError):
    """labels.toml is malformed."""


def _flatten(prefix: str, table: dict, out: dict[str, str]) -> None:
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            _flatten(name + ".", value, out)
        elif isinstance(value, str):
            if not value.strip():
                raise LabelsError(f"labels.toml: {name} is empty")
            out[name] = value
        else:
            raise LabelsError(f"labels.toml: {name} must be text")


@lru_cache(maxsize=1)
def labels() -> dict[str, dict[str, str]]:
    try:
        data = tomllib.loads(LABELS_FILE.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise LabelsError(f"labels.toml: {exc}") from None
    if set(data) != set(LANGUAGES):
        raise LabelsError(f"labels.toml: languages must be exactly {LANGUAGES}, found {sorted(data)}")
    out: dict[str, dict[str, str]] = {}
    for lang in LANGUAGES:
        out[lang] = {}
        _flatten("", data[lang], out[lang])
    base = out[DEFAULT_LANGUAGE]
    for lang in LANGUAGES:
        missing, extra = set(base) - set(out[lang]), set(out[lang]) - set(base)
        if missing or extra:
            raise LabelsError(f"labels.toml [{lang}]: missing {sorted(missing)}, unknown {sorted(extra)}")
        for key, text in out[lang].items():
            if set(_PLACEHOLDER.findall(text)) != set(_PLACEHOLDER.findall(base[key])):
                raise LabelsError(f"labels.toml [{lang}] {key}: placeholders differ from [{DEFAULT_LANGUAGE}]")
    return out


class Translator:
    """`t("queue.title")`, `t("queue.count", n=3)` in one language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
        self._labels = labels()[self.lang]

    def __call__(self, key: str, **values) -> str:
        text = self._labels[key]  # KeyError on purpose: a template naming an unknown label is a bug
        if any(isinstance(v, Markup) for v in values.values()):
            # a value already made safe HTML (an isolated name, `render.bdi`): the label is escaped, plain values
            # are escaped as they go in, the safe one is kept
            return Markup(escape(text)).format(**values)
        return text.format(**values) if values else text

    def has(self, key: str) -> bool:
        return key in self._labels

    def metric(self, metric_id: str | None) -> str:
        if not metric_id:
            return ""
        m = _metric_labels().get(metric_id)
        if m is None:
            return self("metric.other") if metric_id == "other" else metric_id
        return m[1] if self.lang == "hi" else m[0]

    def state(self, state: str | None) -> str:
        if not state:
            return ""
        if state == "India":
            return self("scope.india")
        return _state_names_hi().get(state, state) if self.lang == "hi" else state

    def choice(self, group: str, value: str | None) -> str:
        """A label for a stored code ("status", "open") — the code itself when the file has no label for it."""
        if value is None:
            return ""
        key = f"{group}.{value}"
        return self(key) if key in self._labels else value


@lru_cache(maxsize=1)
def _metric_labels() -> dict[str, tuple[str, str]]:
    from ..lang import metrics

    return {mid: (m.label_en, m.label_hi) for mid, m in metrics().items()}


def _state_names_hi() -> dict[str, str]:
    from ..lang import places

    return places().hindi


def metric_ids() -> list[str]:
    return list(_metric_labels())


def pick_language(cookie: str | None, accept_language: str | None) -> str:
    """The `lang` cookie when set, else the browser's first preference between Hindi and English."""
    if cookie in LANGUAGES:
        return cookie
    for part in (accept_language or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return DEFAULT_LANGUAGE
