"""Numbers stage: find every number in a text and read it into a value, the Indian way."""
from .grammar import parse_numbers, parse_indian_number

__all__ = ["parse_numbers", "parse_indian_number"]
