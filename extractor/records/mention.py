"""One number as written in a text, read into a value."""
from __future__ import annotations

from dataclasses import asdict, dataclass

# qualifier: how the value bounds the true figure
QUALIFIERS = ("exact", "at_least", "at_most", "approx", "range")
# kind: what sort of number it is; only "number" mentions can become claims
KINDS = ("number", "year", "date", "time", "ordinal", "phone", "fraction")


@dataclass
class NumberMention:
    value: float | int
    start: int  # offsets into the caller's text: text[start:end] == self.text
    end: int
    text: str
    qualifier: str = "exact"
    value_max: float | int | None = None
    unit: str = "count"  # count | percent | inr | hours | days | ...
    kind: str = "number"
    qualifier_text: str | None = None  # the words that made the qualifier ("से अधिक", "more than", "+")
    has_digits: bool = True  # written with digits (vs. only words)

    def to_dict(self) -> dict:
        return asdict(self)
