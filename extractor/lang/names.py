"""States and metrics as people type them, to the names the database stores.

    canonical_state("bihar") == canonical_state("बिहार") == canonical_state(" BIHAR ") == "Bihar"
    canonical_metric("Registered users") == canonical_metric("पंजीकृत उपयोगकर्ता") == "registered_users"

A filter on `state` or `metric` (the review queue and claims browser, the JSON API, `extract export --state/--metric`)
goes through these, so English names match whatever the case and Hindi names match too: a state by any name
places.toml gives it (English, Hindi, short forms; nukta and case folded as the extractor folds text), a metric by
its id, its English label or its Hindi label (metrics.toml). Text that names nothing known comes back trimmed and
otherwise as typed (it then matches nothing, as before).

Language knowledge (the names come from places.toml and metrics.toml), so it lives in lang/: the store, the CLI and
the review app all use it.
"""
from __future__ import annotations

from functools import lru_cache

from . import NATIONAL

NATIONAL_NAMES = ("India", "भारत", "national", "राष्ट्रीय", "all-india", "अखिल भारतीय")


def _key(text: str) -> str:
    from ..text.normalize import fold_key

    return fold_key(" ".join(str(text).split()))


@lru_cache(maxsize=1)
def _states() -> dict[str, str]:
    from ..lang import places

    out = dict(places().state_names)  # already folded phrase → canonical state
    for state in set(out.values()):
        out.setdefault(_key(state), state)
    for name in NATIONAL_NAMES:
        out[_key(name)] = NATIONAL
    return out


@lru_cache(maxsize=1)
def _metrics() -> dict[str, str]:
    from ..lang import metrics

    out: dict[str, str] = {"other": "other"}
    for mid, m in metrics().items():
        for name in (m.label_en, m.label_hi):
            if name:
                out.setdefault(_key(name), mid)
    for mid in metrics():  # an id always means itself
        out[_key(mid)] = mid
        out[_key(mid.replace("_", " "))] = mid
    return out


def canonical_state(text: str | None) -> str:
    """The stored name of the state (or "India") that `text` names; else `text` trimmed ("" for None)."""
    raw = " ".join(str(text or "").split())
    return _states().get(_key(raw), raw) if raw else ""


def canonical_metric(text: str | None) -> str:
    """The metric id that `text` names (id, English or Hindi label, any case); else `text` trimmed."""
    raw = " ".join(str(text or "").split())
    return _metrics().get(_key(raw), raw) if raw else ""


def known_state(text: str | None) -> str | None:
    """The stored name `text` names, or None when it names no state of places.toml (nor India)."""
    raw = " ".join(str(text or "").split())
    return _states().get(_key(raw)) if raw else None
