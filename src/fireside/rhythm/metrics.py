"""The rhythm of contact, measured exactly as docs/rhythm.md defines it.

Pure functions over a Polars frame with columns ``ts`` (UTC datetime), ``role`` (``me`` |
``partner`` | ``other``), ``kind`` and ``words``. Only ``me`` and ``partner`` count; every
kind of message (media, calls, stickers, deleted notices) is contact. No I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl

ROLES = ("me", "partner")
LATE_FROM_HOUR, LATE_UNTIL_HOUR = 23, 5  # 23:00-04:59 local


@dataclass(frozen=True)
class Settings:
    gap: timedelta = timedelta(hours=6)  # a new conversation after this much silence
    followup: timedelta = timedelta(minutes=30)  # a second text at least this late is a follow-up
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))
    period_days: int | None = (
        None  # days in a requested period (--since/--until); else first to last message
    )


@dataclass(frozen=True)
class Replies:
    count: int
    median_minutes: float | None
    p90_minutes: float | None

    def as_json(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "median_minutes": self.median_minutes,
            "p90_minutes": self.p90_minutes,
        }


@dataclass(frozen=True)
class Metrics:
    messages: dict[str, int]
    words: dict[str, int]
    conversations: int
    initiations: dict[str, int]
    initiation_share_me: float | None
    replies: dict[str, Replies]
    followup_rate: dict[str, float | None]
    message_share_me: float | None
    word_share_me: float | None
    longest_silence_hours: float | None
    silences_over_48h: int
    contact_days_per_week: float | None
    late_night_share: dict[str, float | None]
    first: datetime | None
    last: datetime | None
    days: int  # calendar days in the period, first to last message

    def as_json(self) -> dict[str, Any]:
        return {
            "messages": self.messages,
            "words": self.words,
            "conversations": self.conversations,
            "initiations": self.initiations,
            "initiation_share_me": self.initiation_share_me,
            "replies": {role: r.as_json() for role, r in self.replies.items()},
            "followup_rate": self.followup_rate,
            "message_share_me": self.message_share_me,
            "word_share_me": self.word_share_me,
            "longest_silence_hours": self.longest_silence_hours,
            "silences_over_48h": self.silences_over_48h,
            "contact_days_per_week": self.contact_days_per_week,
            "late_night_share": self.late_night_share,
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
        }


def prepare(frame: pl.DataFrame, settings: Settings) -> pl.DataFrame:
    """Messages of me and the partner in time order, with the columns every measure uses."""
    previous_role = pl.col("role").shift(1)
    delta = pl.col("ts").diff()
    return (
        frame.lazy()
        .filter(pl.col("role").is_in(ROLES))
        .select("ts", "role", pl.col("words").fill_null(0).cast(pl.Int64))
        .sort("ts", maintain_order=True)
        .with_columns(
            delta=delta,
            previous_role=previous_role,
            local=pl.col("ts").dt.convert_time_zone(settings.tz.key),
        )
        .with_columns(
            starts=pl.col("delta").is_null() | (pl.col("delta") >= settings.gap),
            same_sender=pl.col("previous_role") == pl.col("role"),
        )
        .with_columns(
            conversation=pl.col("starts").cum_sum(),
            is_reply=~pl.col("starts") & (pl.col("previous_role") != pl.col("role")),
            is_followup=pl.col("same_sender").fill_null(False)
            & (pl.col("delta") >= settings.followup),
            run=(~pl.col("same_sender").fill_null(False)).cum_sum(),
        )
        .collect()
    )


def _share(mine: float, total: float) -> float | None:
    return mine / total if total else None


def compute(frame: pl.DataFrame, settings: Settings | None = None) -> Metrics:
    """Every figure of the rhythm over the messages given (already limited to a period)."""
    settings = settings or Settings()
    return compute_prepared(prepare(frame, settings), settings.period_days)


def compute_prepared(data: pl.DataFrame, period_days: int | None = None) -> Metrics:
    """``compute`` on a frame that ``prepare`` already made (to share it between measures)."""
    messages = dict.fromkeys(ROLES, 0)
    words = dict.fromkeys(ROLES, 0)
    for role, count, total_words in (
        data.group_by("role").agg(pl.len(), pl.col("words").sum()).iter_rows()
    ):
        messages[role], words[role] = int(count), int(total_words)
    starts = data.filter(pl.col("starts"))
    initiations = {role: int(starts.filter(pl.col("role") == role).height) for role in ROLES}
    replies = {}
    for role in ROLES:
        minutes = (
            data.filter(pl.col("is_reply") & (pl.col("role") == role))
            .get_column("delta")
            .dt.total_seconds()
            / 60
        )
        replies[role] = Replies(
            count=minutes.len(),
            median_minutes=_round(minutes.median()) if minutes.len() else None,
            p90_minutes=_round(minutes.quantile(0.9, "nearest")) if minutes.len() else None,
        )
    runs = data.group_by("run").agg(pl.col("role").first(), pl.col("is_followup").any())
    followup_rate: dict[str, float | None] = {}
    for role in ROLES:
        mine = runs.filter(pl.col("role") == role)
        followup_rate[role] = _share(float(mine.get_column("is_followup").sum()), mine.height)
    gaps = data.get_column("delta").drop_nulls()
    longest_hours = gaps.dt.total_seconds().max() / 3600 if gaps.len() else None  # type: ignore[operator]
    first = data.item(0, "ts") if data.height else None
    last = data.item(-1, "ts") if data.height else None
    local_days = data.get_column("local").dt.date()
    days = (local_days.max() - local_days.min()).days + 1 if data.height else 0  # type: ignore[operator,union-attr]
    if period_days is not None:
        days = period_days
    contact_days = local_days.n_unique() if data.height else 0
    hour = pl.col("local").dt.hour()
    late = data.with_columns(late=(hour >= LATE_FROM_HOUR) | (hour < LATE_UNTIL_HOUR))
    late_share = {
        role: _share(
            float(late.filter((pl.col("role") == role) & pl.col("late")).height), messages[role]
        )
        for role in ROLES
    }
    total_messages = messages["me"] + messages["partner"]
    return Metrics(
        messages=messages,
        words=words,
        conversations=starts.height,
        initiations=initiations,
        initiation_share_me=_share(initiations["me"], starts.height),
        replies=replies,
        followup_rate=followup_rate,
        message_share_me=_share(messages["me"], total_messages),
        word_share_me=_share(words["me"], words["me"] + words["partner"]),
        longest_silence_hours=_round(longest_hours),
        silences_over_48h=int((gaps >= timedelta(hours=48)).sum()) if gaps.len() else 0,
        contact_days_per_week=_round(contact_days / days * 7) if days else None,
        late_night_share=late_share,
        first=first,
        last=last,
        days=days,
    )


def weekly(frame: pl.DataFrame, settings: Settings | None = None) -> pl.DataFrame:
    """Per ISO week (local) and person: messages, initiations, median reply minutes, follow-ups."""
    return weekly_prepared(prepare(frame, settings or Settings()))


def weekly_prepared(data: pl.DataFrame) -> pl.DataFrame:
    """``weekly`` on a frame that ``prepare`` already made."""
    data = data.with_columns(
        week=pl.col("local").dt.truncate("1w").dt.date(),
        reply_minutes=pl.when(pl.col("is_reply")).then(pl.col("delta").dt.total_seconds() / 60),
    )
    return (
        data.group_by("week", "role")
        .agg(
            messages=pl.len(),
            initiations=pl.col("starts").sum(),
            median_reply_minutes=pl.col("reply_minutes").median(),
            followups=pl.col("is_followup").sum(),
        )
        .sort("week", "role")
    )


def _round(value: Any) -> float | None:
    return None if value is None else round(float(value), 2)
