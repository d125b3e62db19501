"""Shared plumbing of the fuzz targets: seed corpus made at run time from corpus/, libFuzzer arguments.

A target is run as `python fuzz/fuzz_X.py [libFuzzer flags] [CORPUS_DIR ...]`. Without a corpus directory the
target uses `fuzz/work/<name>/corpus` (git-ignored), filled with seeds from corpus/ and tests/fixtures/ on the first
run; libFuzzer adds the inputs it finds interesting there, so a second run continues where the first stopped.
Crash, timeout and out-of-memory inputs go to `fuzz/work/<name>/artifacts/` unless `-artifact_prefix=` is given.
A crash that is kept as a regression input is copied into `fuzz/regressions/<name>/` by hand (committed) and turned
into a test in tests/test_fuzz_regressions.py.
"""
from __future__ import annotations

import hashlib
import sys
from pathlib import Path

FUZZ = Path(__file__).resolve().parent
ROOT = FUZZ.parent
sys.path.insert(0, str(ROOT))


def _write(dir_: Path, data: bytes) -> None:
    (dir_ / hashlib.sha1(data).hexdigest()).write_bytes(data)


def seed_corpus(name: str, seeds, dir_: Path | None = None) -> Path:
    """The corpus directory (default fuzz/work/<name>/corpus), created and filled with `seeds` (an iterable of
    bytes) when it is empty; committed regression inputs (fuzz/regressions/<name>/) are always added."""
    dir_ = dir_ or FUZZ / "work" / name / "corpus"
    dir_.mkdir(parents=True, exist_ok=True)
    if not any(dir_.iterdir()):
        for data in seeds:
            if data:
                _write(dir_, data)
    regressions = FUZZ / "regressions" / name
    if regressions.is_dir():
        for p in regressions.iterdir():
            if p.is_file():
                _write(dir_, p.read_bytes())
    return dir_


def articles() -> list[Path]:
    corpus = ROOT / "corpus"
    return sorted(p for p in corpus.rglob("*") if p.suffix in (".txt", ".html") and "gold" not in p.parts)


def corpus_dirs() -> list[Path]:
    """Corpus directories named on the command line (libFuzzer's positional arguments)."""
    return [Path(a) for a in sys.argv[1:] if not a.startswith("-")]


def libfuzzer_args(name: str, seeds, defaults: dict[str, str]) -> list[str]:
    """sys.argv plus our defaults for the flags the caller did not give. The first corpus directory named (else
    fuzz/work/<name>/corpus, then added to the arguments) is seeded when empty."""
    argv = list(sys.argv)
    given = {a.split("=", 1)[0] for a in argv[1:] if a.startswith("-")}
    dirs = corpus_dirs()
    if any(d.is_file() for d in dirs):  # inputs to re-run (a crash file): no corpus, no seeding
        return argv + [f"{k}={v}" for k, v in defaults.items() if k not in given]
    corpus = seed_corpus(name, seeds, dirs[0] if dirs else None)
    artifacts = FUZZ / "work" / name / "artifacts"
    flags = dict(defaults)
    if "-artifact_prefix" not in given:
        artifacts.mkdir(parents=True, exist_ok=True)
        flags["-artifact_prefix"] = str(artifacts) + "/"
    for flag, value in flags.items():
        if flag not in given:
            argv.append(f"{flag}={value}")
    if not dirs:
        argv.append(str(corpus))
    return argv


def dict_entry(word: str | bytes) -> str:
    """One libFuzzer dictionary line: printable ASCII as is, every other byte as \\xNN."""
    raw = word if isinstance(word, bytes) else word.encode("utf-8")
    return '"' + "".join(chr(b) if 32 <= b < 127 and chr(b) not in '"\\' else f"\\x{b:02x}" for b in raw) + '"'


def lexicon_dict(name: str, extra=()) -> Path:
    """A libFuzzer dictionary (fuzz/work/<name>/words.dict) of every word the number lexicons know, so mutations
    insert "करोड़" whole instead of discovering it byte by byte."""
    from extractor.lang import number_lexicon

    lex = number_lexicon()
    words: set[str] = set(extra)
    for attr in ("and_words", "currency_after", "currency_before", "denominators", "fraction_prefixes", "fractions",
                 "minus_words", "months", "number_words", "ordinal_suffixes", "percent", "range_words", "scales",
                 "time_words", "units", "weak_number_words", "weekdays", "of_words", "over_words", "point_words"):
        table = getattr(lex, attr, None)
        if table:
            words.update(w for w in table if isinstance(w, str))
    for table in (lex.qualifiers or {}).values():
        words.update(table)
    path = FUZZ / "work" / name / "words.dict"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(dict_entry(w) for w in sorted(words) if w) + "\n", encoding="ascii")
    return path
