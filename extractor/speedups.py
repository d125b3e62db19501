"""Compiled copies of the hot modules, used only while each still matches its source (docs/speedups.md).

Issue 17 asks for a 12 KB article read and its claims made in about 15 times the time of one `regex` `\\w+` pass
over it. The pure-Python stages were trimmed over many rounds (28× → 21×) and their profile is now flat: no one
function holds more than a few per cent. Cython compiles the same `.py` files unchanged (no `.pyx`, no annotations
read as types; a `.pxd` beside a module may declare its classes' and hot methods' types), which takes the
interpreter's dispatch out of every line: −13% machine instructions a bench article (callgrind at 066fa99: 26.5 M as
pure Python, 23.1 M compiled; docs/speedups.md has the counts with the `.pxd` files), claims byte-identical. We use
Cython rather than write C ourselves; mypyc was not chosen because it compiles only code that passes mypy's checks
and enforces the annotations as types at run time.

How it is kept safe:

- The copies live outside the source tree, beside the interpreter that built them
  (`<sys.prefix>/lib/karmayogi-speedups/<cache tag>/`), each in a folder named by the SHA-1 of the source it was
  compiled from.
- `install_finder` (called by `extractor/__init__.py`) puts a finder before Python's own: for a listed module it
  hashes the source file that would be imported (with the `.pxd` beside it and what that cimports:
  `source_digest`) and hands out the copy kept under that hash, if there is one. An edited module is read from its
  source at once — a stale copy can never run — and the others stay compiled.
- Without Cython or a C compiler, or with `KARMAYOGI_PURE_PYTHON=1`, every module is the plain source: as correct,
  slower. tests/test_speedups.py compares the claims of both on the corpus.
- `python -m extractor.speedups build` compiles what is missing or stale (scripts/venv.sh runs it after installing);
  `python -m extractor.speedups status` says which modules run compiled.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
from pathlib import Path

from .compiled import (MODULES, PACKAGE_ROOT, build_dir, cimported, copy_path, extension_file, pure_python,
                       source_digest, source_path)


def status(root: Path = PACKAGE_ROOT) -> dict[str, str]:
    """Each listed module: "compiled" (a copy of its source as it is now), "stale" (copies of other versions only:
    the source changed since the last build), "not built", or "off" (KARMAYOGI_PURE_PYTHON is set)."""
    if pure_python():
        return dict.fromkeys(MODULES, "off")
    where = build_dir()
    folders = _copy_dirs(where)
    out = {}
    for module, digest in _digests(MODULES, root).items():
        if digest and copy_path(module, digest, where) is not None:
            out[module] = "compiled"
        elif any(extension_file(folder, module) for folder in folders):
            out[module] = "stale"
        else:
            out[module] = "not built"
    return out


def _digests(modules, root: Path) -> dict[str, str | None]:
    """Each module's source hash (None when the file cannot be read)."""
    return {module: source_digest(module, root) for module in modules}


def _copy_dirs(where: Path) -> list[Path]:
    """The folders of copies, one per source hash."""
    try:
        return [d for d in where.iterdir() if d.is_dir() and len(d.name) == 40 and not d.name.startswith(".")]
    except OSError:
        return []


def build(modules=MODULES, root: Path = PACKAGE_ROOT, where: Path | None = None, jobs: int | None = None,
          quiet: bool = True, prune: bool = True) -> dict[str, str]:
    """Compile each listed module that has no copy of its present source into `where`; returns module → "built",
    "current" or why it was not built. With `prune`, copies of sources that are no longer these modules' are
    removed (each is ~1–3 MB). Raises ImportError when Cython (or setuptools) is not installed.

    A copy is compiled in a staging folder and renamed into place, so a process that has an older copy loaded keeps
    it intact, and one importing at that moment sees a whole file or none."""
    where = where or build_dir()
    digests = _digests(dict.fromkeys((*modules, *MODULES)), root)  # those built, and those whose copies are kept
    result: dict[str, str] = {}
    todo = []
    for module in modules:
        digest = digests[module]
        if digest is None:
            result[module] = "no source file"
        elif copy_path(module, digest, where) is not None:
            result[module] = "current"
        else:
            todo.append((module, digest))
    if todo:
        result.update(_compile(todo, root, where, jobs, quiet))
    if prune:
        keep = {digests[m] for m in MODULES}
        for folder in _copy_dirs(where):
            if folder.name not in keep:
                shutil.rmtree(folder, ignore_errors=True)
        for folder in _abandoned_staging(where):
            shutil.rmtree(folder, ignore_errors=True)
    return result


_STAGING_KEPT_SECONDS = 24 * 3600  # a staging folder older than this belongs to no build still running


def _abandoned_staging(where: Path) -> list[Path]:
    """Staging folders left by builds that were killed half-way (a running build's is younger than a day)."""
    import time

    try:
        folders = [d for d in where.glob(".building-*") if d.is_dir()]
        return [d for d in folders if time.time() - d.stat().st_mtime > _STAGING_KEPT_SECONDS]
    except OSError:
        return []


def _compile(todo: list[tuple[str, str]], root: Path, where: Path, jobs: int | None, quiet: bool) -> dict[str, str]:
    from Cython.Build import cythonize  # only here: a build with nothing to do needs neither Cython nor setuptools
    from setuptools import Distribution, Extension

    result = {}
    where.mkdir(parents=True, exist_ok=True)
    # in `where`, so that the finished copies are renamed into place on the same file system
    staging = Path(tempfile.mkdtemp(prefix=".building-", dir=where))
    try:
        extensions = []
        for module, digest in todo:
            # compile a copy of the source, so that the hash a copy is kept by is that of exactly what was compiled
            copy = _copy_sources(module, root, staging / "src")
            if source_digest(module, staging / "src") != digest:  # of the `.py` and `.pxd` files copied
                result[module] = "changed while building: build again"
                continue
            extensions.append(Extension(module, [str(copy)]))
        # annotation_typing=False: annotations stay documentation, as in Python (Cython would otherwise read a
        # `float` parameter as a C double and turn an int passed to it into a float); binding=True: compiled
        # functions keep their names, signatures and pickling by reference (dask, spaCy)
        compiled = cythonize(extensions, build_dir=str(staging / "c"), quiet=quiet, language_level=3,
                             include_path=[str(staging / "src")],
                             compiler_directives={"binding": True, "annotation_typing": False})
        dist = Distribution({"name": "karmayogi-speedups", "ext_modules": compiled})
        command = dist.get_command_obj("build_ext")
        command.build_lib, command.build_temp = str(staging / "lib"), str(staging / "o")
        command.parallel = jobs or os.cpu_count() or 1
        command.ensure_finalized()
        command.run()
        built = {e.name for e in extensions}
        for module, digest in todo:
            if module not in built:
                continue
            made = extension_file(staging.joinpath("lib", *module.split(".")[:-1]), module)
            if made is None:
                result[module] = "the compiler made no file"
                continue
            (where / digest).mkdir(exist_ok=True)
            os.replace(made, where / digest / made.name)
            result[module] = "built"
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return result


def _copy_sources(module: str, root: Path, to: Path) -> Path:
    """Copy `module`'s source into `to`, with its `.pxd` and those of the modules it cimports, which Cython reads
    (their sources too: a copy's hash covers them, `source_digest`); returns the source's copy."""
    copy = source_path(module, to)
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source_path(module, root), copy)
    declarations = source_path(module, root).with_suffix(".pxd")
    if declarations.is_file():
        shutil.copyfile(declarations, copy.with_suffix(".pxd"))
        for other in cimported(module, copy.with_suffix(".pxd").read_bytes()):
            if not source_path(other, to).is_file():
                _copy_sources(other, root, to)
    return copy


@contextlib.contextmanager
def _output_to(file):
    """Standard output and error of this process and the compilers it starts, into `file` (at the descriptor level:
    gcc writes to the descriptors it inherits, not to `sys.stderr`)."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    try:
        os.dup2(file.fileno(), 1)
        os.dup2(file.fileno(), 2)
        yield
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        os.close(saved[0])
        os.close(saved[1])


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m extractor.speedups",
        description="Compiled copies of the hot modules (Cython): build them, or see which run compiled. "
                    "A module whose source changed since its build runs from source until built again.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("status", help="each module: compiled, stale, not built or off")
    b = sub.add_parser("build", help="compile each module that has no copy of its present source")
    b.add_argument("--jobs", type=int, default=None, help="compilers run at once (default: the CPU count)")
    b.add_argument("--keep-old", action="store_true", help="keep the copies of earlier versions of the sources")
    args = parser.parse_args(argv)
    if args.command == "status":
        states = status()
        for module, state in states.items():
            print(f"{state:9} {module}")
        print(f"{sum(s == 'compiled' for s in states.values())} of {len(states)} compiled ({build_dir()})")
        return 0
    log = tempfile.TemporaryFile()
    try:
        with _output_to(log):  # the compiler's warnings, kept for an error
            result = build(jobs=args.jobs, prune=not args.keep_old)
    except ImportError as exc:
        print(f"speedups not built: {exc} (install Cython: pip install 'cython>=3'); the program runs as pure "
              "Python", file=sys.stderr)
        return 1
    except Exception as exc:  # a compiler error: the program still runs, from source
        log.seek(0)
        tail = log.read().decode("utf-8", "replace")[-3000:]
        print(f"{tail}\nspeedups not built: {type(exc).__name__}: {exc}; the program runs as pure Python",
              file=sys.stderr)
        return 1
    finally:
        log.close()
    changed = [m for m, r in result.items() if r == "built"]
    print(f"speedups: {len(changed)} built, {sum(r == 'current' for r in result.values())} current "
          f"({build_dir()})")
    bad = {m: r for m, r in result.items() if r not in ("built", "current")}
    for module, reason in bad.items():
        print(f"  {module}: {reason}", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # `… status | head`: the reader stopped reading, which is no error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
