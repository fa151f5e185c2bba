"""Reading and writing the profile table."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

from sqlalchemy import Connection, insert, select, update

from fireside.profile import Profile
from fireside.profile_text import Weekday
from fireside.store.schema import profile as profile_table


def read_profile(connection: Connection, owner_id: str) -> Profile | None:
    row = (
        connection.execute(select(profile_table).where(profile_table.c.owner_id == owner_id))
        .mappings()
        .first()
    )
    if row is None:
        return None
    return Profile(
        my_names=list(row["my_names"]),
        partner_name=row["partner_name"],
        partner_pronouns=row["partner_pronouns"],
        workdays=[Weekday(d) for d in row["workdays"].split(",") if d],
        work_end=time.fromisoformat(row["work_end"]),
        commute_minutes=row["commute_minutes"],
        bedtime=time.fromisoformat(row["bedtime"]),
        timezone=row["timezone"],
        keep_partner_text=row["keep_partner_text"],
    )


def write_profile(connection: Connection, owner_id: str, profile: Profile) -> None:
    values: dict[str, Any] = {
        "my_names": list(profile.my_names),
        "partner_name": profile.partner_name,
        "partner_pronouns": profile.partner_pronouns.value,
        "workdays": ",".join(d.value for d in profile.workdays),
        "work_end": profile.work_end.strftime("%H:%M"),
        "commute_minutes": profile.commute_minutes,
        "bedtime": profile.bedtime.strftime("%H:%M"),
        "timezone": profile.timezone,
        "keep_partner_text": profile.keep_partner_text,
        "updated_at": datetime.now(UTC),
    }
    changed = connection.execute(
        update(profile_table).where(profile_table.c.owner_id == owner_id).values(**values)
    ).rowcount
    if not changed:
        connection.execute(insert(profile_table).values(owner_id=owner_id, **values))
