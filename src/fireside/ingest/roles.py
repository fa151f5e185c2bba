"""Who is who in a chat: me, the partner, everyone else."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from fireside import names
from fireside.errors import ExitCode, FiresideError
from fireside.ingest_types import Who


class RoleError(FiresideError):
    """The names given don't say who is who in this chat."""

    exit_code = ExitCode.INVALID_INPUT

    def __init__(self, message: str, participants: Sequence[str], hint: str) -> None:
        super().__init__(message, hint=hint)
        self.participants = list(participants)


Chooser = Callable[[list[str]], Who]  # asks a person who is who, given the participants


def assign_roles(
    participants: Sequence[str],
    *,
    me_names: Sequence[str],
    partner: str | None,
    partner_given: bool,
    choose: Chooser | None,
) -> dict[str, str]:
    """Who is me, who is the partner; everyone else is ``other``.

    Names match as ``fireside.names.matches`` says: case, emoji and punctuation aside, and
    by first name ("Alex" is "Alex Smith", "Sammy" is "Sammy 💕"). In a chat of two where one
    side is known and the other side has no name set anywhere, the other person is the
    partner; a partner given explicitly makes the other person me. A group chat needs an
    explicit --partner. When the names match no one, ``choose`` asks, or a RoleError lists
    the participants.
    """
    mate = names.find_one(participants, partner)
    me = [p for p in names.find(participants, me_names) if p != mate]
    group = len(participants) > 2
    if group and not partner_given:
        raise RoleError(
            f"This looks like a group chat ({len(participants)} people).",
            participants,
            "fireside measures one relationship: import a group only with --partner NAME "
            "(everyone else is counted as other).",
        )
    if not group and len(participants) == 2:
        if me and mate is None and not partner:
            mate = next(p for p in participants if p not in me)
        elif mate and not me and (partner_given or not me_names):
            me = [next(p for p in participants if p != mate)]
    if (not me or mate is None or mate in me) and choose is not None and participants:
        who = choose(list(participants))
        me, mate = [who.me], who.partner
    if not me or mate is None or mate in me:
        listed = ", ".join(participants[:12]) or "nobody"
        raise RoleError(
            f"fireside can't tell who is who in this chat. Participants: {listed}.",
            participants,
            "Say it with --me NAME and --partner NAME (or set them once with `fireside init`).",
        )
    roles = dict.fromkeys(participants, "other")
    roles.update(dict.fromkeys(me, "me"))
    roles[mate] = "partner"
    return roles
