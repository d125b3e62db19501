"""The record shapes every stage passes on: defined once, used by the CLI, the store and the exports.

`Document` and `NumberMention` are internal values (plain dataclasses: cheap to make by the thousand);
`Claim` (with its parts) and `Flag` are the public records (pydantic v2), exported as JSON Schema to `schemas/`.
"""
from .document import Document, ExcludedSpan, DocumentMeta
from .mention import NumberMention
from .claim import Claim, Source, Evidence
from .flag import Flag, FLAG_STATUSES

__all__ = ["Document", "DocumentMeta", "ExcludedSpan", "NumberMention", "Claim", "Source", "Evidence", "Flag", "FLAG_STATUSES"]
