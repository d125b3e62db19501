"""The fact-check review queue: a small server-rendered web app over the claims database.

    create_app(db_path, *, secret=None, …)  the Starlette app (extractor.review.app)
    decisions                               every review action as a library call (the pages are shells over it)
    api                                     the JSON API at /api/… (bearer tokens, keyset pages, OpenAPI)
    names                                   state and metric names as people type them → the stored ones
    claim_decisions                         claim-level decisions (not a claim; the right metric/state/period/value)
    cli                                     `extract review` and `extract reviewer …` (registered by extractor.cli)
    accounts, sessions                      the credentials file beside the database (password hashes, server-side
                                            sessions, failed sign-ins; mode 0600) and the session middleware

Imports are lazy: `import extractor.review.decisions` does not load Starlette or Jinja2.
"""
from __future__ import annotations


def create_app(db_path, *, secret=None, **options):
    from .app import create_app as _create

    return _create(db_path, secret=secret, **options)


__all__ = ["create_app"]
