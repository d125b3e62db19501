"""Which sources are official (primary): a government body's own release, reply or page, from
`extractor/lang/sources.toml` (web hosts and publisher names). The contradiction rules prefer an official source's
value as the supported one, and flags name the official claims (`Flag.official_claims`)."""
from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

from ..lang import _phrases, load_toml
from ..text.normalize import fold_key


@lru_cache(maxsize=1)
def _sources() -> tuple[tuple[str, ...], frozenset[str]]:
    data = load_toml("sources.toml")
    hosts = tuple(h.lower().lstrip(".") for h in data.get("hosts", []))
    return hosts, frozenset(_phrases("sources.toml publishers", data.get("publishers", [])))


@lru_cache(maxsize=4096)
def is_official(url: str | None, publisher: str | None) -> bool:
    hosts, names = _sources()
    if url:
        try:
            host = (urlsplit(url if "//" in url else "//" + url).hostname or "").lower()
        except ValueError:
            host = ""
        if any(host == h or host.endswith("." + h) for h in hosts):
            return True
    return bool(publisher) and fold_key(publisher) in names
