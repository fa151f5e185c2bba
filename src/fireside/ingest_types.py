"""Small types shared by fireside.ingest and its callers, without importing Polars."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Who:
    """Who is who in a chat, as a person answered it."""

    me: str
    partner: str
