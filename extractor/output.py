"""Writing claims as table, JSON, JSON Lines or CSV. One record shape: `Claim.model_dump(mode="json")`."""
from __future__ import annotations

import csv
import json
import unicodedata
from typing import Iterable, Sequence, TextIO

from .records import Claim

FORMATS = ("table", "json", "jsonl", "csv")
CSV_COLUMNS = ["id", "metric", "metric_text", "value", "value_max", "qualifier", "unit", "state", "entity", "period",
               "event", "confidence", "as_of", "published", "language", "source_path", "source_url", "source_publisher", "source_title",
               "quote", "start", "end", "sentence"]
_QUALIFIER_SIGN = {"exact": "", "at_least": "≥ ", "at_most": "≤ ", "approx": "≈ ", "range": ""}


def claim_row(c: Claim) -> dict:
    """Flat row for CSV: nested source/evidence fields become columns."""
    d = c.model_dump(mode="json")
    src, ev = d.pop("source"), d.pop("evidence")
    d.update({f"source_{k}": v for k, v in src.items()})
    d.update({"quote": ev["quote"], "start": ev["start"], "end": ev["end"], "sentence": ev["sentence"]})
    return {k: d.get(k) for k in CSV_COLUMNS}


def indian_grouping(value: float | int) -> str:
    """14500000 → "1,45,00,000"; decimals kept."""
    if isinstance(value, float) and not value.is_integer():
        whole, frac = f"{value:.6f}".rstrip("0").split(".")
        return indian_grouping(int(whole)) + "." + frac
    n = int(value)
    sign = "-" if n < 0 else ""
    s = str(abs(n))
    if len(s) <= 3:
        return sign + s
    head, tail = s[:-3], s[-3:]
    groups = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    if head:
        groups.insert(0, head)
    return sign + ",".join(groups + [tail])


def display_width(s: str) -> int:
    """Terminal columns: combining marks and format characters take none, wide characters two."""
    w = 0
    for ch in s:
        cat = unicodedata.category(ch)
        if cat in ("Mn", "Me", "Cf"):
            continue
        w += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return w


def _fit(s: str, width: int) -> str:
    s = " ".join(str(s).split())
    if display_width(s) > width:
        out = ""
        for ch in s:
            if display_width(out + ch) > width - 1:
                break
            out += ch
        s = out + "…"
    return s + " " * (width - display_width(s))


def format_value(c: Claim) -> str:
    unit = "%" if c.unit == "percent" else (" ₹" if c.unit == "inr" else "")
    v = indian_grouping(c.value)
    if c.value_max is not None:
        v += "–" + indian_grouping(c.value_max)
    return _QUALIFIER_SIGN.get(c.qualifier, "") + v + unit


def write_table(claims: list[Claim], out: TextIO, show_path: bool = False) -> None:
    cols = [("quote", 16), ("value", 18), ("metric", 30), ("state", 14), ("as_of", 10), ("metric_text", 26)]
    if show_path:
        cols.insert(0, ("file", 22))
    out.write("  ".join(_fit(name, w) for name, w in cols).rstrip() + "\n")
    out.write("  ".join("-" * w for _, w in cols) + "\n")
    for c in claims:
        cells = {"file": (c.source.path or "").rsplit("/", 1)[-1], "quote": c.evidence.quote,
                 "value": format_value(c), "metric": c.metric, "state": c.state, "as_of": c.as_of or "",
                 "metric_text": c.metric_text or ""}
        out.write("  ".join(_fit(cells[name], w) for name, w in cols).rstrip() + "\n")
    out.write(f"{len(claims)} claim{'s' if len(claims) != 1 else ''}\n")


# -- CSV: one writer for the CLI and the review app's exports, so both give the same bytes ----------------------------

BOM = "\ufeff"  # spreadsheet programs read a CSV as UTF-8 (Devanagari intact) only after a byte-order mark
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> object:
    """A spreadsheet must not run a cell as a formula: text starting with = + - @ (or a tab/CR) gets a leading
    apostrophe. Numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_csv(rows: Iterable[dict], columns: Sequence[str], out: TextIO) -> None:
    """UTF-8 CSV as Excel reads it: a byte-order mark, CRLF line ends, formula-like cells made inert; rows are
    written as they come."""
    out.write(BOM)
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(columns)
    for row in rows:
        w.writerow([csv_cell(row.get(c)) for c in columns])


def write_records(records: Iterable, fmt: str, out: TextIO, columns: list[str], row) -> bool:
    """JSON Lines and CSV written as the records come (a database can hold millions), JSON as one array of the
    public records (`model_dump(mode="json")`), CSV flattened by `row`. False for "table": the caller draws it."""
    if fmt == "jsonl":
        for r in records:
            out.write(json.dumps(r.model_dump(mode="json"), ensure_ascii=False) + "\n")
    elif fmt == "json":
        json.dump([r.model_dump(mode="json") for r in records], out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "csv":
        write_csv((row(r) for r in records), columns, out)
    elif fmt == "table":
        return False
    else:  # pragma: no cover - click restricts the choice
        raise ValueError(f"unknown format {fmt!r}")
    return True


def write_claims(claims: Iterable[Claim], fmt: str, out: TextIO, show_path: bool = False) -> None:
    if not write_records(claims, fmt, out, CSV_COLUMNS, claim_row):
        write_table(list(claims), out, show_path)


def write_claims_stream(claims: Iterable[Claim], fmt: str, out: TextIO) -> None:
    """`extract export`: like `write_claims`, with the source path shown in a table."""
    write_claims(claims, fmt, out, show_path=True)


def files_per_second(rate: float) -> str:
    """"0.4 files/s", "1.5 files/s", "38 files/s", "1,250 files/s": as a person writes a rate."""
    return f"{rate:,.1f} files/s" if rate < 10 else f"{rate:,.0f} files/s"


def batch_summary(report) -> str:
    """The end-of-run table of `extract batch`: what happened to the files, and what the store now holds."""
    c = report.counts
    rows = [
        ("files seen", c["files"]), ("new", c["new"]), ("changed", c["changed"]), ("unchanged (skipped)", c["unchanged"]),
        *([("unchanged, re-extracted (--force)", c.forced)] if getattr(c, "forced", 0) else []),
        ("same content as another path", c["duplicates"]),
        ("articles stored", c["ok"]), ("off topic (no claims)", c["off_topic"]),
        ("unreadable (recorded)", c["unreadable"]), ("too large (recorded)", c["too_large"]),
        ("not read (pipes, devices, links out)", c["skipped"]),
        ("could not be read (errors)", c["error"]),
        ("claims added", c["claims_added"]), ("claims removed", c["claims_removed"]),
        ("documents in database", c["documents"]),
    ]
    if report.stories:
        rows.append(("syndicated story groups", report.stories.get("syndicated_groups", 0)))
    if report.flags:
        rows.append(("flags: new", report.flags.get("new", 0)))
        rows.append(("flags: open in total", report.flags.get("open", 0)))
    width = max(len(k) for k, _ in rows)
    lines = [f"{k.ljust(width)}  {v:>10,}" for k, v in rows]
    rate = (c["ok"] + c["off_topic"] + c["unreadable"]) / report.seconds if report.seconds else 0
    lines.append(f"{'time'.ljust(width)}  {report.seconds:>9.1f}s  ({files_per_second(rate)} overall, run {report.run_id})")
    return "\n".join(lines) + "\n"


FLAG_CSV_COLUMNS = ["id", "kind", "severity", "confidence", "status", "metric", "state", "values", "sources", "explanation_en",
                    "explanation_hi", "likely_slip", "supported_value", "claim_ids"]


def flag_row(f) -> dict:
    return {"id": f.id, "kind": f.kind, "severity": f.severity, "confidence": f.confidence, "status": f.status,
            "metric": f.metric, "state": f.state, "values": " | ".join(_value_text(c) for c in f.claims),
            "sources": " | ".join(c.source.outlet() or c.source.path or "" for c in f.claims),
            "explanation_en": f.explanation_en, "explanation_hi": f.explanation_hi, "likely_slip": f.likely_slip,
            "supported_value": f.supported_value, "claim_ids": " ".join(c.id for c in f.claims)}


def _value_text(c) -> str:
    return _QUALIFIER_SIGN.get(c.qualifier, "") + indian_grouping(c.value)


def write_flags(flags, fmt: str, out: TextIO) -> None:
    """Flags as table, JSON, JSON Lines or CSV; JSON is the public Flag record (claims in full)."""
    flags = list(flags)
    if not write_records(flags, fmt, out, FLAG_CSV_COLUMNS, flag_row):
        if not flags:
            out.write("no contradictions\n")
        for f in flags:
            out.write(f"[{f.severity}] {f.kind} · {f.metric} · {f.state} · {f.status} · confidence {f.confidence:.2f}"
                      f" · {f.id}\n")
            for c in f.claims:
                src = c.source.outlet() or c.source.path or "?"
                out.write(f"    {_value_text(c):>16}  {src}  {c.published or ''}  «{' '.join(c.evidence.quote.split())}»\n")
            out.write(f"    {f.explanation_en}\n    {f.explanation_hi}\n\n")


def write_check(result, fmt: str, out: TextIO) -> None:
    """`extract check`: the flags that hold a draft figure against the consensus, then every figure's verdict."""
    flags = result.disagreements
    if fmt in ("json", "jsonl"):
        records = [f.model_dump(mode="json") for f in flags] + [v.record() for v in result.verdicts]
        if fmt == "json":
            out.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
        else:
            for r in records:
                out.write(json.dumps(r, ensure_ascii=False) + "\n")
        return
    if fmt == "csv":
        write_flags(flags, fmt, out)
        return
    if flags:
        write_flags(flags, fmt, out)
    for v in result.verdicts:
        c = v.claim
        line = f"{v.verdict.upper():<10} {_value_text(c):>16}  {c.metric} · {c.state}  «{' '.join(c.evidence.quote.split())}»"
        if v.sources:
            line += f"  with {v.sources} source{'s' if v.sources != 1 else ''}: {', '.join(v.named)}"
        if v.verdict == "agrees" and v.flags:
            line += f"  (an outlier among them is flagged: {', '.join(v.flags)})"
        out.write(line + "\n")
