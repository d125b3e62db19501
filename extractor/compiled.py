"""The finder of the compiled copies of the hot modules: a listed module is imported from a compiled copy only
when one was made from exactly the source Python would import (found by that source's hash). Imported by
`extractor/__init__.py` at every start, so it is small and imports nothing heavy (hashlib only once a listed module
is imported). Building the copies, and why: extractor/speedups.py and docs/speedups.md."""
from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import sys
from pathlib import Path
from types import FunctionType

# The modules an article passes through between its bytes and its claims (ingest, numbers, claims, and records/made.py,
# which makes each claim's records and id): those that import cleanly as compiled code. Left out: pydantic models
# (their class bodies must stay Python for pydantic to read their annotations), modules that find data files by their
# own `__file__`, and everything after extraction.
MODULES = (
    "extractor.claims.build",
    "extractor.claims.dates",
    "extractor.claims.period",
    "extractor.claims.phrases",
    "extractor.ingest.annotate",
    "extractor.ingest.decode",
    "extractor.ingest.furniture",
    "extractor.ingest.language",
    "extractor.ingest.lines",
    "extractor.ingest.published",
    "extractor.ingest.txt",
    "extractor.lang.cues",
    "extractor.lang.names",
    "extractor.numbers.grammar",
    "extractor.numbers.quantity",
    "extractor.numbers.scanner",
    "extractor.numbers.tokens",
    "extractor.records.made",
    "extractor.text.normalize",
    "extractor.text.sentences",
)
PURE_ENV = "KARMAYOGI_PURE_PYTHON"
PACKAGE_ROOT = Path(__file__).resolve().parent.parent  # the directory that holds the `extractor` package
_LISTED = frozenset(MODULES)


def build_dir() -> Path:
    """Where this interpreter's compiled copies live: beside it, one folder per Python version (ABI)."""
    return Path(sys.prefix) / "lib" / "karmayogi-speedups" / sys.implementation.cache_tag


def source_path(module: str, root: Path = PACKAGE_ROOT) -> Path:
    return root.joinpath(*module.split(".")).with_suffix(".py")


def source_digest(module: str, root: Path = PACKAGE_ROOT) -> str | None:
    """The SHA-1 a compiled copy of `module` is kept by: of its source, or, when a `.pxd` stands beside it (the types
    Cython reads for it: docs/speedups.md), of its source, its `.pxd`, and the source and `.pxd` of each module that
    `.pxd` cimports — a copy compiled against another module's types must never run beside another version of that
    module. None when any of them cannot be read."""
    import hashlib  # here, not at the top: `extract --help` imports this module and never hashes

    digest = hashlib.sha1()
    return digest.hexdigest() if _hash_into(digest, module, root, set()) else None


def _hash_into(digest, module: str, root: Path, seen: set[str]) -> bool:
    seen.add(module)
    path = source_path(module, root)
    try:
        digest.update(path.read_bytes())
        declarations = path.with_suffix(".pxd").read_bytes()
    except FileNotFoundError:
        return path.is_file()  # no `.pxd`: the source's hash alone
    except OSError:
        return False
    digest.update(b"\0" + module.encode() + b".pxd\0" + declarations)
    return all(_hash_into(digest, other, root, seen) for other in cimported(module, declarations)
               if other not in seen)


def cimported(module: str, declarations: bytes) -> list[str]:
    """The modules of its own package that `module`'s `.pxd` cimports ("from extractor.numbers.scanner cimport
    Scanner"); "cimport cython", "from libc.math cimport …" need no copy of ours."""
    import re

    package = re.escape(module.partition(".")[0]).encode()
    found = re.findall(rb"^[ \t]*from[ \t]+(" + package + rb"(?:\.\w+)+)[ \t]+cimport\b", declarations, flags=re.M)
    return [name.decode() for name in found]


def copy_path(module: str, digest: str, where: Path) -> Path | None:
    """The compiled copy of `module` made from the source whose SHA-1 is `digest`, if one was built: copies are
    kept by the hash of their source (`where/<sha1>/<name><suffix>`), so a copy can only ever be found for the very
    source it was compiled from."""
    return extension_file(where / digest, module)


def extension_file(folder: Path, module: str) -> Path | None:
    """The compiled module file of `module` (its last name) in `folder`, with any of this Python's suffixes."""
    name = module.rpartition(".")[2]
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        candidate = folder / (name + suffix)
        if candidate.is_file():
            return candidate
    return None


class CompiledFinder:
    """A meta path finder (`find_spec` is all the import system asks of one): for a listed module, the compiled
    copy of the source file Python would import, found by that file's hash; None when there is none (never built,
    or edited since), and Python's own finders import the source as usual."""

    def __init__(self, where: Path):
        self.where = where

    def find_spec(self, name, path=None, target=None):
        if name not in _LISTED or not path:
            return None
        root = Path(next(iter(path))).parents[name.count(".") - 1]  # what holds the package imported
        compiled = self._copy(name, root)
        if compiled is None:
            return None
        loader = importlib.machinery.ExtensionFileLoader(name, str(compiled))
        return importlib.util.spec_from_file_location(name, str(compiled), loader=loader)

    def _copy(self, name: str, root: Path, asked: frozenset[str] = frozenset()) -> Path | None:
        """The copy of `name` made from its source as it is under `root`, when it and every module its `.pxd`
        cimports have one (a copy that cimports a module running as Python would fail to import)."""
        digest = source_digest(name, root)
        compiled = copy_path(name, digest, self.where) if digest else None
        if compiled is None:
            return None
        try:
            declarations = source_path(name, root).with_suffix(".pxd").read_bytes()
        except OSError:
            return compiled
        asked = asked | {name}
        for other in cimported(name, declarations):
            if other not in asked and (other not in _LISTED or self._copy(other, root, asked) is None):
                return None
        return compiled


def pure_python() -> bool:
    return os.environ.get(PURE_ENV, "").strip() not in ("", "0")


def runs_compiled(function) -> bool:
    """Whether the module that defines `function` runs as its compiled copy: a compiled function is no Python
    function. For the few places where a loop that is cheap compiled would be slow as Python, and the module takes
    another way when it runs as Python (docs/speedups.md)."""
    return not isinstance(function, FunctionType)


def install_finder() -> CompiledFinder | None:
    """Put the finder first on `sys.meta_path`, once, unless turned off or nothing was ever built here."""
    if pure_python():
        return None
    for finder in sys.meta_path:
        if isinstance(finder, CompiledFinder):
            return finder
    where = build_dir()
    if not where.is_dir():
        return None
    finder = CompiledFinder(where)
    sys.meta_path.insert(0, finder)
    return finder
