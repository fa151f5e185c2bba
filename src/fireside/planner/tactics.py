"""The guardrail's vocabulary: the tactics an intention can name."""

from __future__ import annotations

TACTICS = (
    "jealousy",
    "silence_as_punishment",
    "test",
    "hard_to_get",
    "strategic_delay",
    "fake_busy",
    "provoking_posts",
    "guilt_trip",
    "snooping",
    "hot_then_cold",
    "no_contact_to_win_back",
    "other",
)
