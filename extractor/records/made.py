"""Records made from values that are valid by construction, and a claim's id: what the claim builder makes for each
of an article's claims (about 41 in a 12 KB bench article), so this module is compiled with the hot modules
(extractor/compiled.py, docs/speedups.md); records/claim.py, whose pydantic models must stay Python, makes its
records and ids here too, so there is one way of each."""
from __future__ import annotations

from hashlib import sha1

from pydantic import BaseModel

# The four slots of a pydantic model, each set through its own descriptor: `object.__setattr__` first walks the
# model's classes to check it may bypass their `__setattr__` (~1,000 machine instructions a slot).
_set_dict = BaseModel.__dict__["__dict__"].__set__
_set_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__
_new_object = object.__new__  # what a model's `__new__` is: a model defines none


def record_as_given(cls: type[BaseModel], values: dict, fields_set: set[str]) -> BaseModel:
    """An instance of the model `cls` holding `values` as they are, with `fields_set` as its set of fields given (the
    record's own set: never shared with another record). Set up as pydantic's `model_construct` sets it up, but
    without its loop over the fields, which made it slower than validating (9.5 µs against 5 µs). For values valid by
    construction, every field in field order and of the type validation would give it (`Claim.as_given`;
    tests/test_claims_records_fast.py compares with validation)."""
    made = _new_object(cls)
    _set_dict(made, values)
    _set_fields_set(made, fields_set)
    _set_extra(made, None)
    _set_private(made, None)
    return made


def claim_id(source_key: str, start: int, end: int, value: float, metric: str) -> str:
    """Same article text, same span, same reading → same id (sqlite-utils' hash_id idea)."""
    raw = f"{source_key}\x1f{start}\x1f{end}\x1f{value!r}\x1f{metric}".encode()
    return sha1(raw).hexdigest()[:16]
