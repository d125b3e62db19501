"""What an install of the package brings: the runtime's packages and each extra's on top, with their sizes.

    .venv/bin/python tools/install_sizes.py      (in a venv where the project and its extras are installed)

Sizes are the installed files each distribution lists in its RECORD (importlib.metadata), summed over the
dependency closure of the runtime requirements and, for each extra, over what the extra adds beyond the runtime.
The README's install table is this script's output.
"""
from __future__ import annotations

import importlib.metadata as md

from packaging.requirements import Requirement

DIST = "karmayogi-claims"
EXTRAS = ("speed", "spacy", "test", "bench")


def _key(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def closure(requirements: list[str]) -> dict[str, md.Distribution]:
    """Every installed distribution the requirements need, with the extras they ask for."""
    seen: dict[str, tuple[md.Distribution, set[str]]] = {}
    stack = [Requirement(r) for r in requirements]
    while stack:
        req = stack.pop()
        try:
            dist = md.distribution(req.name)
        except md.PackageNotFoundError:
            continue
        key = _key(dist.metadata["Name"])
        have = seen.get(key)
        if have is not None and set(req.extras) <= have[1]:
            continue
        extras = (have[1] if have else set()) | set(req.extras)
        seen[key] = (dist, extras)
        for raw in dist.requires or []:
            sub = Requirement(raw)
            if sub.marker and not any(sub.marker.evaluate({"extra": e}) for e in ["", *sorted(extras)]):
                continue
            stack.append(sub)
    return {k: d for k, (d, _) in seen.items()}


def size(dist: md.Distribution) -> int:
    return sum(f.size or 0 for f in dist.files or [])


def main() -> None:
    requires = md.distribution(DIST).requires or []
    runtime = closure([r for r in requires if "extra ==" not in r])
    print("| install | packages | size |")
    print("|---|---:|---:|")
    print(f"| runtime | {len(runtime)} | {sum(map(size, runtime.values())) / 1e6:,.0f} MB |")
    for extra in EXTRAS:
        wanted = [r.split(";")[0] for r in requires if f'extra == "{extra}"' in r]
        added = {k: d for k, d in closure(wanted).items() if k not in runtime}
        print(f"| [{extra}] | +{len(added)} | +{sum(map(size, added.values())) / 1e6:,.0f} MB |")


if __name__ == "__main__":
    main()
