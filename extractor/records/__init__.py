"""The record shapes every stage passes on: defined once, used by the CLI, the store and the exports.

`Document` and `NumberMention` are internal values (plain dataclasses: cheap to make by the thousand);
`Claim` and its parts are the public record (pydantic v2), exported as JSON Schema to `schemas/claim.schema.json`.
"""
from .document import Document, ExcludedSpan, DocumentMeta
from .mention import NumberMention
from .claim import Claim, Source, Evidence

__all__ = ["Document", "DocumentMeta", "ExcludedSpan", "NumberMention", "Claim", "Source", "Evidence"]
