"""The fact-check review queue: a small server-rendered web app over the claims database.

    create_app(db_path, *, secret=None)     the Starlette app (extractor.review.app)
    decisions                               every review action as a library call (the pages are shells over it)
    cli                                     `extract review` and `extract reviewer …` (registered by extractor.cli)

Imports are lazy: `import extractor.review.decisions` does not load Starlette or Jinja2.
"""
from __future__ import annotations


def create_app(db_path, *, secret=None):
    from .app import create_app as _create

    return _create(db_path, secret=secret)


__all__ = ["create_app"]
