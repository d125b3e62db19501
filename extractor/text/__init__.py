"""Text stage: fold a text for matching while keeping a map back to the original offsets; split sentences."""
from .normalize import FoldedText, fold, fold_key

__all__ = ["FoldedText", "fold", "fold_key"]
