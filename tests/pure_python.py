"""A module run from its `.py` source, for tests that replace a class's methods to compare a fast path with the
general one: a class that a `.pxd` declares is, once compiled, an extension type whose methods cannot be replaced
(docs/speedups.md)."""
from __future__ import annotations

import importlib.util
from types import ModuleType

from extractor.compiled import source_path


def pure_copy(name: str) -> ModuleType:
    """A fresh module object for `name`, executed from its source and never from a compiled copy; its imports
    resolve to the modules already loaded (compiled or not), and it is not put in `sys.modules`."""
    spec = importlib.util.spec_from_file_location(name, source_path(name))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
