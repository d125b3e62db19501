"""The compiled copies of the hot modules (extractor/compiled.py, extractor/speedups.py, docs/speedups.md): a copy
runs only while it matches its source, and the claims are the same compiled or not."""
from __future__ import annotations

import hashlib
import importlib.machinery
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extractor import compiled, speedups

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _built() -> bool:
    return any(state == "compiled" for state in speedups.status().values())


def _require_built():
    """The CI machine has Cython and a C compiler (scripts/venv.sh builds the copies): there, a missing build is a
    failure, not a skip."""
    if not _built():
        if IN_CI:
            pytest.fail("no compiled module: scripts/venv.sh should have run `python -m extractor.speedups build`")
        pytest.skip("the speedups are not built here (python -m extractor.speedups build)")


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k != compiled.PURE_ENV}
    env.update(extra)
    return env


def _fake_build(tmp_path: Path, source_text: str) -> tuple[Path, Path]:
    """A package `pkg` with module `mod` in tmp_path/src, and a 'compiled copy' of it as written (an empty file with
    this Python's extension suffix) kept by its source's hash in tmp_path/build."""
    src = tmp_path / "src" / "pkg"
    src.mkdir(parents=True)
    (src / "mod.py").write_text(source_text, encoding="utf-8")
    folder = tmp_path / "build" / hashlib.sha1(source_text.encode()).hexdigest()
    folder.mkdir(parents=True)
    copy = folder / ("mod" + importlib.machinery.EXTENSION_SUFFIXES[0])
    copy.write_bytes(b"")
    return src, copy


@pytest.fixture
def listed_pkg_mod(monkeypatch):
    """`pkg.mod` counted among the modules that have compiled copies, for the finder's tests."""
    monkeypatch.setattr(compiled, "_LISTED", compiled._LISTED | {"pkg.mod"})


def test_finder_hands_out_the_copy_of_the_source_as_it_is(tmp_path, listed_pkg_mod):
    src, copy = _fake_build(tmp_path, "X = 1\n")
    spec = compiled.CompiledFinder(tmp_path / "build").find_spec("pkg.mod", [str(src)])
    assert spec is not None
    assert spec.origin == str(copy)
    assert isinstance(spec.loader, importlib.machinery.ExtensionFileLoader)


def test_finder_leaves_an_edited_module_to_its_source(tmp_path, listed_pkg_mod):
    src, _ = _fake_build(tmp_path, "X = 1\n")
    (src / "mod.py").write_text("X = 2\n", encoding="utf-8")
    assert compiled.CompiledFinder(tmp_path / "build").find_spec("pkg.mod", [str(src)]) is None


def test_copies_of_two_versions_are_each_found_for_their_own_source(tmp_path, listed_pkg_mod):
    src, first = _fake_build(tmp_path, "X = 1\n")
    second_folder = tmp_path / "build" / hashlib.sha1(b"X = 2\n").hexdigest()
    second_folder.mkdir()
    second = second_folder / first.name
    second.write_bytes(b"")
    finder = compiled.CompiledFinder(tmp_path / "build")
    assert finder.find_spec("pkg.mod", [str(src)]).origin == str(first)
    (src / "mod.py").write_text("X = 2\n", encoding="utf-8")
    assert finder.find_spec("pkg.mod", [str(src)]).origin == str(second)


def test_finder_leaves_alone_what_it_has_no_copy_of(tmp_path, listed_pkg_mod):
    src, copy = _fake_build(tmp_path, "X = 1\n")
    finder = compiled.CompiledFinder(tmp_path / "build")
    assert finder.find_spec("pkg.other", [str(src)]) is None  # not a listed module
    assert finder.find_spec("pkg.mod", None) is None  # no package path: not an import of ours
    copy.unlink()
    assert finder.find_spec("pkg.mod", [str(src)]) is None  # never built, or its copy removed
    (src / "mod.py").unlink()
    assert finder.find_spec("pkg.mod", [str(src)]) is None  # no source to hash: Python's finders answer


def _typed_pair(tmp_path: Path) -> tuple[Path, compiled.CompiledFinder]:
    """`pkg.user`, whose `.pxd` cimports `pkg.base`'s class, and `pkg.base` with a `.pxd` of its own, under
    tmp_path/src; a 'compiled copy' of each (an empty file) kept in tmp_path/build by its `source_digest`."""
    src = tmp_path / "src" / "pkg"
    src.mkdir(parents=True)
    (src / "base.py").write_text("class Base:\n    pass\n", encoding="utf-8")
    (src / "base.pxd").write_text("cdef class Base:\n    pass\n", encoding="utf-8")
    (src / "user.py").write_text("from .base import Base\n", encoding="utf-8")
    (src / "user.pxd").write_text("cimport cython\nfrom pkg.base cimport Base\nfrom libc.math cimport sqrt\n",
                                  encoding="utf-8")
    for module in ("pkg.base", "pkg.user"):
        folder = tmp_path / "build" / compiled.source_digest(module, tmp_path / "src")
        folder.mkdir(parents=True)
        (folder / (module.rpartition(".")[2] + importlib.machinery.EXTENSION_SUFFIXES[0])).write_bytes(b"")
    return src, compiled.CompiledFinder(tmp_path / "build")


def test_a_pxd_cimports_only_its_own_package_s_modules_that_need_a_copy():
    declarations = b"cimport cython\nfrom extractor.numbers.scanner cimport Scanner\nfrom libc.math cimport sqrt\n"
    assert compiled.cimported("extractor.numbers.grammar", declarations) == ["extractor.numbers.scanner"]


def test_a_copy_is_kept_by_its_source_its_pxd_and_the_modules_that_pxd_cimports(tmp_path, monkeypatch):
    monkeypatch.setattr(compiled, "_LISTED", compiled._LISTED | {"pkg.base", "pkg.user"})
    src, finder = _typed_pair(tmp_path)
    root = tmp_path / "src"
    plain = compiled.source_digest("pkg.base", root)
    (src / "base.pxd").unlink()
    assert compiled.source_digest("pkg.base", root) == hashlib.sha1(b"class Base:\n    pass\n").hexdigest()
    (src / "base.pxd").write_text("cdef class Base:\n    pass\n", encoding="utf-8")
    assert compiled.source_digest("pkg.base", root) == plain
    assert finder.find_spec("pkg.user", [str(src)]) is not None
    assert finder.find_spec("pkg.base", [str(src)]) is not None
    # each file the copy of pkg.user was compiled from, edited, leaves it to its source
    for edited in ("user.pxd", "base.py", "base.pxd"):
        before = (src / edited).read_text(encoding="utf-8")
        (src / edited).write_text(before + "# edited\n", encoding="utf-8")
        assert finder.find_spec("pkg.user", [str(src)]) is None, edited
        (src / edited).write_text(before, encoding="utf-8")
        assert finder.find_spec("pkg.user", [str(src)]) is not None


def test_a_copy_that_cimports_a_module_without_a_copy_is_left_to_its_source(tmp_path, monkeypatch):
    """pkg.base running as Python would make the compiled pkg.user fail to import (its type is not an extension
    type): the finder hands out neither copy rather than one."""
    monkeypatch.setattr(compiled, "_LISTED", compiled._LISTED | {"pkg.base", "pkg.user"})
    src, finder = _typed_pair(tmp_path)
    base_copy = compiled.copy_path("pkg.base", compiled.source_digest("pkg.base", tmp_path / "src"),
                                   tmp_path / "build")
    base_copy.unlink()
    assert finder.find_spec("pkg.user", [str(src)]) is None
    monkeypatch.setattr(compiled, "_LISTED", compiled._LISTED - {"pkg.base"})  # not a module that is ever compiled
    base_copy.write_bytes(b"")
    assert finder.find_spec("pkg.user", [str(src)]) is None


def test_no_compiled_module_finds_files_by_its_own_path():
    """A compiled copy's `__file__` is the copy's, outside the package: a listed module must not find data by it."""
    for module in compiled.MODULES:
        text = compiled.source_path(module).read_text(encoding="utf-8")
        assert "__file__" not in text, module


def test_the_pxd_files_ship_with_the_package():
    """An installed package builds its copies from the files installed (docs/speedups.md): without its `.pxd`, a
    module would be compiled without its types."""
    import tomllib
    from fnmatch import fnmatch

    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-data"]["extractor"]
    declarations = [p.relative_to(ROOT / "extractor").as_posix() for p in (ROOT / "extractor").rglob("*.pxd")]
    assert "numbers/grammar.pxd" in declarations
    assert all(any(fnmatch(name, pattern) for pattern in patterns) for name in declarations)
    for name in declarations:  # and each stands beside a listed module's source
        assert "extractor." + name.removesuffix(".pxd").replace("/", ".") in compiled.MODULES, name


def test_status_names_every_listed_module():
    states = speedups.status()
    assert list(states) == list(compiled.MODULES)
    assert set(states.values()) <= {"compiled", "stale", "not built", "off"}


def test_pure_python_setting_turns_the_copies_off():
    code = ("import sys, extractor, extractor.claims.build as b; "
            "print(any(type(f).__name__ == 'CompiledFinder' for f in sys.meta_path), b.__file__.endswith('.py'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True,
                         env=_env(**{compiled.PURE_ENV: "1"})).stdout.split()
    assert out == ["False", "True"]
    states = subprocess.run([sys.executable, "-m", "extractor.speedups", "status"], capture_output=True, text=True,
                            cwd=ROOT, check=True, env=_env(**{compiled.PURE_ENV: "1"})).stdout
    assert states.count("off ") == len(compiled.MODULES)


_CLAIMS = r"""
import json, sys
sys.path.insert(0, "bench")
import extractor.claims.build as b
from extractor.claims import extract_claims
from extractor.ingest import read_bytes, read_document
import run
docs = [read_document(p) for p in run.corpus_files()]
out = [json.dumps([c.model_dump(mode="json") for c in extract_claims(d)], ensure_ascii=False) for d in docs]
for i, data in enumerate(run.twelve_kb_articles(docs, 16)):
    out.append(json.dumps([c.model_dump(mode="json") for c in extract_claims(read_bytes(data, f"bench-{i}.txt", kind="txt"))], ensure_ascii=False))
print(json.dumps({"file": b.__file__, "claims": out}))
"""


def test_compiled_and_pure_python_give_the_same_claims():
    _require_built()
    runs = {}
    for pure in ("0", "1"):
        done = subprocess.run([sys.executable, "-c", _CLAIMS], capture_output=True, text=True, cwd=ROOT,
                              env=_env(**{compiled.PURE_ENV: pure}))
        assert done.returncode == 0, done.stderr[-2000:]
        runs[pure] = json.loads(done.stdout)
    assert not runs["0"]["file"].endswith(".py")  # the claims builder really ran compiled …
    assert runs["1"]["file"].endswith(".py")  # … and really from source
    assert sum(len(json.loads(x)) for x in runs["1"]["claims"]) > 500
    assert runs["0"]["claims"] == runs["1"]["claims"]


def test_an_edited_module_runs_from_source_and_the_rest_stay_compiled(tmp_path):
    _require_built()
    package = tmp_path / "extractor"
    shutil.copytree(ROOT / "extractor", package, ignore=shutil.ignore_patterns("__pycache__"))
    edited = package / "numbers" / "tokens.py"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nEDITED_AFTER_THE_BUILD = True\n", encoding="utf-8")
    code = ("import extractor.numbers.tokens as t, extractor.numbers.grammar as g; "
            "print(t.__file__, g.__file__, t.EDITED_AFTER_THE_BUILD)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env=_env())
    assert done.returncode == 0, done.stderr[-2000:]
    tokens_file, grammar_file, flag = done.stdout.split()
    assert tokens_file == str(edited) and flag == "True"
    assert not grammar_file.endswith(".py")  # unchanged, so still the compiled copy


def test_an_edited_module_runs_from_source_with_the_modules_compiled_against_its_types(tmp_path):
    """grammar.pxd cimports scanner.pxd's `Scanner`: scanner.py edited, both run from source, tokens stays compiled;
    unedited, the classes the `.pxd` files declare are compiled as extension types (not heap types)."""
    _require_built()
    package = tmp_path / "extractor"
    shutil.copytree(ROOT / "extractor", package, ignore=shutil.ignore_patterns("__pycache__"))
    code = ("import extractor.numbers.tokens as t, extractor.numbers.scanner as s, extractor.numbers.grammar as g; "
            "print(t.__file__, s.__file__, g.__file__, bool(g._Reader.__flags__ & (1 << 9)), "
            "bool(s.Scanner.__flags__ & (1 << 9)), g.parse_numbers('कुल 1.6 लाख से अधिक')[0].value)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env=_env())
    assert done.returncode == 0, done.stderr[-2000:]
    tokens_file, scanner_file, grammar_file, reader_heap, scanner_heap, value = done.stdout.split()
    assert not any(f.endswith(".py") for f in (tokens_file, scanner_file, grammar_file))
    assert (reader_heap, scanner_heap, value) == ("False", "False", "160000")
    edited = package / "numbers" / "scanner.py"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n# edited after the build\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env=_env())
    assert done.returncode == 0, done.stderr[-2000:]
    tokens_file, scanner_file, grammar_file, reader_heap, scanner_heap, value = done.stdout.split()
    assert scanner_file == str(edited) and grammar_file == str(package / "numbers" / "grammar.py")
    assert not tokens_file.endswith(".py")
    assert (reader_heap, scanner_heap, value) == ("True", "True", "160000")


def test_a_build_copies_the_declarations_of_the_modules_a_pxd_cimports(tmp_path):
    module = "extractor.numbers.grammar"
    copy = speedups._copy_sources(module, compiled.PACKAGE_ROOT, tmp_path)
    assert copy == tmp_path / "extractor" / "numbers" / "grammar.py"
    assert sorted(p.name for p in copy.parent.iterdir()) == ["grammar.pxd", "grammar.py", "scanner.pxd", "scanner.py"]
    assert compiled.source_digest(module, tmp_path) == compiled.source_digest(module)


def test_build_compiles_a_module_once_keeps_it_by_hash_and_prunes_old_copies(tmp_path):
    pytest.importorskip("Cython")
    module = "extractor.lang.names"
    digest = compiled.source_digest(module)
    old = tmp_path / ("0" * 40)  # a copy of a source that is no longer any module's
    old.mkdir()
    killed = tmp_path / ".building-killed"  # left by a build killed half-way, two days ago
    killed.mkdir()
    os.utime(killed, (time.time() - 2 * 86400,) * 2)
    running = tmp_path / ".building-running"  # another build's, under way
    running.mkdir()
    first = speedups.build((module,), where=tmp_path, jobs=1)
    assert first == {module: "built"}
    assert compiled.copy_path(module, digest, tmp_path) is not None
    assert not old.exists() and not killed.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".building-running", digest]  # and no staging of its own
    assert speedups.build((module,), where=tmp_path, jobs=1) == {module: "current"}


@pytest.mark.parametrize("error, said", [(ImportError("No module named 'Cython'"), "install Cython"),
                                         (RuntimeError("gcc failed"), "RuntimeError: gcc failed")])
def test_a_build_that_cannot_compile_says_why_and_that_the_program_runs_as_pure_python(monkeypatch, capfd, error,
                                                                                         said):
    def failing_build(**_):
        print("compiler chatter")
        raise error

    monkeypatch.setattr(speedups, "build", failing_build)
    assert speedups.main(["build"]) == 1
    err = capfd.readouterr().err
    assert said in err and "runs as pure Python" in err
