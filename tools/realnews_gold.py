#!/usr/bin/env python3
"""Build and check the offset-based gold of published news (corpus/gold/realnews/, format in its README.md).

    python tools/realnews_gold.py tokens ARTICLE
        print every number-like token of the article with its offsets (an annotator's aid)
    python tools/realnews_gold.py build DRAFT.json --articles DIR
        turn a draft (entries located by a `context` snippet and `occurrence`, as in corpus/gold/*.json) into
        corpus/gold/realnews/<stem>.json with offsets only: the snippets stay out of the repository
    python tools/realnews_gold.py check --articles DIR [GOLD.json ...]
        check every gold file against its article (exit 1 on any problem)

The articles themselves are never copied into the repository; the gold holds offsets, the number as written and
the fields.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from check_gold import (AS_OF, QUALIFIERS, _is_iso_date, _is_number, find_all, metric_ids, number_word_pattern,
                        plain_value, state_names)

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "corpus" / "gold" / "realnews"
UNITS = {"count", "percent", "inr", "hours", "days", "times"}
PERIODS = {"cumulative", "event", "year", "daily_average", "target", "earlier"}
TOP_KEYS = {"article", "language", "published", "notes", "claims", "not_claims"}
CLAIM_KEYS = {"start", "end", "quote", "value", "value_max", "qualifier", "unit", "metric", "state", "entity",
              "period", "event", "as_of", "note"}
NOT_CLAIM_KEYS = {"start", "end", "quote", "reason"}


def article_text(path: Path) -> str:
    return path.read_bytes().decode("utf-8-sig")


def _locate(text: str, quote: str, context: str, occurrence: int) -> tuple[int, int]:
    starts = find_all(text, context)
    if len(starts) < occurrence:
        raise ValueError(f"context {context!r} occurs {len(starts)} times, fewer than {occurrence}")
    inner = find_all(context, quote)
    if len(inner) != 1:
        raise ValueError(f"quote {quote!r} occurs {len(inner)} times in its context {context!r} (needs 1)")
    a = starts[occurrence - 1] + inner[0]
    return a, a + len(quote)


def build(draft_path: Path, articles: Path) -> Path:
    draft = json.loads(draft_path.read_text(encoding="utf-8"))
    text = article_text(articles / draft["article"])
    out = {k: draft.get(k) for k in ("article", "language", "published", "notes")}
    for section, keys in (("claims", CLAIM_KEYS), ("not_claims", NOT_CLAIM_KEYS)):
        rows = []
        for e in draft.get(section, []):
            a, b = _locate(text, e["quote"], e["context"], e.get("occurrence", 1))
            row = {"start": a, "end": b, "quote": e["quote"]}
            row.update({k: e[k] for k in sorted(keys - {"start", "end", "quote"}) if k in e})
            rows.append(row)
        out[section] = sorted(rows, key=lambda r: r["start"])
    target = GOLD / (Path(draft["article"]).stem + ".json")
    target.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return target


def check(gold_path: Path, articles: Path) -> list[str]:
    problems: list[str] = []

    def bad(msg: str) -> None:
        problems.append(f"{gold_path.name}: {msg}")

    data = json.loads(gold_path.read_text(encoding="utf-8"))
    if set(data) != TOP_KEYS:
        bad(f"top-level keys {sorted(set(data) ^ TOP_KEYS)} differ from the format")
    path = articles / data.get("article", "")
    if not path.is_file():
        return problems + [f"{gold_path.name}: article {data.get('article')!r} not found under {articles}"]
    text = article_text(path)
    metrics, states = metric_ids() | {"other"}, state_names()
    spans = []
    for section, keys in (("claims", CLAIM_KEYS), ("not_claims", NOT_CLAIM_KEYS)):
        for e in data.get(section, []):
            where = f"{section} {e.get('quote')!r}@{e.get('start')}"
            if not set(e) <= keys or not {"start", "end", "quote"} <= set(e):
                bad(f"{where}: keys {sorted(set(e))}")
                continue
            if text[e["start"]:e["end"]] != e["quote"]:
                bad(f"{where}: text there is {text[e['start']:e['end']]!r}")
            spans.append((e["start"], e["end"], where))
            if section == "not_claims":
                if not e.get("reason"):
                    bad(f"{where}: no reason")
                continue
            missing = keys - {"note"} - set(e)
            if missing:
                bad(f"{where}: missing {sorted(missing)}")
                continue
            if not _is_number(e["value"]) or (e["value_max"] is not None and not _is_number(e["value_max"])):
                bad(f"{where}: value/value_max not numbers")
            plain = plain_value(e["quote"])
            if plain is not None and e["unit"] != "times" and abs(plain - e["value"]) > 1e-6 * max(1, abs(plain)):
                bad(f"{where}: value {e['value']} but the quote reads {plain:g}")
            for field, allowed in (("qualifier", QUALIFIERS), ("unit", UNITS), ("period", PERIODS),
                                   ("metric", metrics), ("state", states)):
                if e[field] not in allowed:
                    bad(f"{where}: {field} {e[field]!r} is not one of the allowed values")
            if e["metric"] == "other" and not e.get("note"):
                bad(f"{where}: metric 'other' needs a note")
            if (e["period"] == "event") != bool(e["event"]):
                bad(f"{where}: `event` names the event exactly when period is 'event'")
            if e["as_of"] is not None and not (AS_OF.match(e["as_of"]) and _is_iso_date(e["as_of"], False)):
                bad(f"{where}: as_of {e['as_of']!r}")
    spans.sort()
    for (a1, b1, w1), (a2, b2, w2) in zip(spans, spans[1:]):
        if a2 < b1:
            bad(f"{w1} overlaps {w2}")
    body = text.split("\n\n", 1)[0]
    head = len(body) + 2 if "\n\n" in text else 0
    for m in number_word_pattern().finditer(text, head):
        if not any(a <= m.start() and m.end() <= b for a, b, _ in spans):
            bad(f"token {m.group()!r}@{m.start()} is in no entry (annotate it as a claim or a not_claim)")
    return problems


def tokens(path: Path) -> None:
    text = article_text(path)
    for m in number_word_pattern().finditer(text):
        snippet = " ".join(text[max(0, m.start() - 40):m.end() + 40].split())
        print(f"{m.start():6d}-{m.end():<6d} {m.group()!r:14} …{snippet}…")


def main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[0] == "tokens":
        for name in argv[1:]:
            tokens(Path(name))
        return 0
    if "--articles" not in argv:
        print(__doc__, file=sys.stderr)
        return 2
    i = argv.index("--articles")
    articles = Path(argv[i + 1])
    rest = argv[:i] + argv[i + 2:]
    if rest[:1] == ["build"]:
        for d in rest[1:]:
            print(build(Path(d), articles))
        return 0
    if rest[:1] == ["check"]:
        golds = [Path(g) for g in rest[1:]] or sorted(g for g in GOLD.glob("*.json") if g.name != "contradictions.json")
        problems = [p for g in golds for p in check(g, articles)]
        print("\n".join(problems) or f"{len(golds)} gold files OK")
        return 1 if problems else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
