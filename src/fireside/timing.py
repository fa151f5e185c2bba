"""What kind of moment a time is for the partner: late at night, the decompress window after
work, probably at work, or free. One place for the coach's timing gate and the talk planner.

Pure: a time and the profile in, a ``Moment`` out.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fireside.profile import Profile

LATE_FROM, LATE_UNTIL = time(23, 0), time(6, 0)
DECOMPRESS_MARGIN = timedelta(minutes=30)  # a little longer than the commute, to unwind
WORK_HOURS = timedelta(hours=8)  # the profile knows when work ends, not when it starts
BEDTIME_MARGIN = 30  # minutes before an evening bedtime that already count as late


class Moment(StrEnum):
    LATE = "late"  # late at night or close to the partner's bedtime
    DECOMPRESS = "decompress"  # a workday, between the end of work and having unwound
    AT_WORK = "at_work"  # a workday, probably still at work
    FREE = "free"  # none of those


def local_time(at: datetime, profile: Profile) -> datetime:
    """``at`` on the profile's clock; a time without a zone is read as the profile's."""
    return at.astimezone(profile.zone) if at.tzinfo else at.replace(tzinfo=profile.zone)


def moment(at: datetime, profile: Profile) -> Moment:
    """Which kind of moment ``at`` is, from the partner's routine in the profile."""
    local = local_time(at, profile)
    clock = local.time()
    if clock >= LATE_FROM or clock < LATE_UNTIL or _after_bedtime(clock, profile.bedtime):
        return Moment.LATE
    if local.weekday() in {d.ordinal for d in profile.workdays}:
        work_end = datetime.combine(local.date(), profile.work_end, local.tzinfo)
        unwound = datetime.combine(local.date(), profile.decompress_until, local.tzinfo)
        if work_end <= local < unwound + DECOMPRESS_MARGIN:
            return Moment.DECOMPRESS
        if work_end - WORK_HOURS <= local < work_end:
            return Moment.AT_WORK
    return Moment.FREE


def _after_bedtime(clock: time, bedtime: time) -> bool:
    """Within half an hour of the partner's bedtime or after it (evening bedtimes only)."""
    if bedtime < time(18, 0):
        return False
    minutes = bedtime.hour * 60 + bedtime.minute - BEDTIME_MARGIN
    return clock >= time(minutes // 60, minutes % 60)
