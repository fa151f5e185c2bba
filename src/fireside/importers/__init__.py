"""Chat exports in, streams of message frames out. Pure: nothing here writes to the store."""

from fireside.importers.model import (
    FRAME_SCHEMA,
    AmbiguousDateOrder,
    DateOrder,
    ImportError_,
    Parsed,
    ParseOptions,
    Problem,
)
from fireside.importers.registry import FORMATS, detect, open_export

__all__ = [
    "FORMATS",
    "FRAME_SCHEMA",
    "AmbiguousDateOrder",
    "DateOrder",
    "ImportError_",
    "ParseOptions",
    "Parsed",
    "Problem",
    "detect",
    "open_export",
]
