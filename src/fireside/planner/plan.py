"""The weekly plan: a stance from the evidence, with why, and three to five offers.

P36 (Natalie Garcia): overwhelmed → give space, lonely → close the distance. The rhythm's
space reading and reciprocity (P20, P24, P26) and the balance of own and together time
(P23) lean the same way or the other. Offers rotate (never the same offer two weeks
running), "not for me" is never offered again, and when own time is low one offer is always
for a life of one's own. Pure: facts and history in, a plan out.
"""

from __future__ import annotations

import tomllib
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from fireside.journal.model import HeSeems
from fireside.journal.readings import CLOSE_STATES, SPACE_STATES
from fireside.planner.model import Facts, History, Offer, Plan, PlannedOffer, Stance
from fireside.pronouns import PronounSet, render
from fireside.wording import hours

MIN_OFFERS, OFFERS, MAX_OFFERS = 3, 4, 5
OWN_LOW_HOURS = 3.0  # fewer hours of own time a week than this, logged, is "low"
TOGETHER_LOW_HOURS = 1.0
LEAN = 2  # the stance leans one way when that side's weight is ahead by this much

# How he seems in a check-in: which way each leans (P36), as the journal reads it.
SPACE_SIGNS = tuple(s.value for s in HeSeems if s in SPACE_STATES)
CLOSE_SIGNS = tuple(s.value for s in HeSeems if s in CLOSE_STATES)

# The weight of each sign: how he seems now counts most, then the chats, then the rest.
WEIGHT_SEEMS, WEIGHT_SPACE, WEIGHT_RECIPROCITY, WEIGHT_BALANCE = 4, 2, 1, 1


@dataclass(frozen=True)
class Sign:
    leans: Stance | None  # give_space, close_distance, or None (evidence that leans neither)
    weight: int
    sentence: str


@cache
def _wording() -> dict[str, Any]:
    text = resources.files("fireside.planner").joinpath("wording.toml").read_text("utf-8")
    return tomllib.loads(text)


@cache
def load_offers() -> tuple[Offer, ...]:
    """The offers of ``offers.toml``, in file order."""
    text = resources.files("fireside.planner").joinpath("offers.toml").read_text("utf-8")
    return tuple(
        Offer(
            id=item["id"],
            text=item["text"],
            practices=tuple(item["practices"]),
            stances=frozenset(Stance(s) for s in item["stances"]),
            own_life=bool(item.get("own_life", False)),
        )
        for item in tomllib.loads(text)["offer"]
    )


def stance_words(stance: Stance | str) -> str:
    return str(_wording()["stance"][str(stance)])


def signs(facts: Facts, pronouns: PronounSet, partner: str | None) -> list[Sign]:
    """Every sign in the facts, with the sentence that says it."""
    why = _wording()["why"]

    def say(key: str, **values: str) -> str:
        return (
            render(why[key], pronouns, partner).format(**values)
            if values
            else render(why[key], pronouns, partner)
        )

    found: list[Sign] = []
    seems_space = [s for s in SPACE_SIGNS if s in facts.he_seems]
    if seems_space:
        states = " and ".join(seems_space)
        found.append(
            Sign(
                Stance.GIVE_SPACE,
                WEIGHT_SEEMS,
                render(why["seems_space"].replace("{states}", states), pronouns, partner),
            )
        )
    if any(s in facts.he_seems for s in CLOSE_SIGNS):
        found.append(Sign(Stance.CLOSE_DISTANCE, WEIGHT_SEEMS, say("seems_lonely")))
    if facts.checkins and not found:
        found.append(Sign(None, 0, say("seems_neither")))
    if facts.space == "smothering":
        found.append(Sign(Stance.GIVE_SPACE, WEIGHT_SPACE, say("smothering")))
    elif facts.space == "drifting":
        found.append(Sign(Stance.CLOSE_DISTANCE, WEIGHT_SPACE, say("drifting")))
    elif facts.space == "healthy":
        found.append(Sign(None, 0, say("healthy")))
    if facts.reciprocity == "you_carry":
        found.append(Sign(Stance.GIVE_SPACE, WEIGHT_RECIPROCITY, say("you_carry")))
    elif facts.reciprocity == "partner_carries":
        found.append(Sign(Stance.CLOSE_DISTANCE, WEIGHT_RECIPROCITY, say("partner_carries")))
    own, together = facts.own_hours_per_week, facts.together_hours_per_week
    if own is not None and together is not None:
        if own < OWN_LOW_HOURS:
            text = render(why["own_low"].replace("{own}", hours(own)), pronouns, partner)
            found.append(Sign(Stance.GIVE_SPACE, WEIGHT_BALANCE, text))
        elif together < TOGETHER_LOW_HOURS:
            text = render(
                why["together_low"].replace("{together}", hours(together)), pronouns, partner
            )
            found.append(Sign(Stance.CLOSE_DISTANCE, WEIGHT_BALANCE, text))
        else:
            found.append(Sign(None, 0, say("balanced_time")))
    return found


def own_time_low(facts: Facts) -> bool:
    own = facts.own_hours_per_week
    return own is not None and own < OWN_LOW_HOURS


def decide(found: Iterable[Sign]) -> tuple[Stance, list[str]]:
    """The stance the signs add up to, and the sentences why (strongest first)."""
    found = sorted(found, key=lambda s: -s.weight)
    if not found:
        return Stance.NOT_ENOUGH_DATA, [_wording()["why"]["nothing"]]
    space = sum(s.weight for s in found if s.leans is Stance.GIVE_SPACE)
    close = sum(s.weight for s in found if s.leans is Stance.CLOSE_DISTANCE)
    why = [s.sentence for s in found]
    if space - close >= LEAN:
        return Stance.GIVE_SPACE, why
    if close - space >= LEAN:
        return Stance.CLOSE_DISTANCE, why
    if space and close:
        why.append(_wording()["why"]["mixed"])
    return Stance.STEADY, why


def _order(week: str, offer: Offer, history: History) -> tuple[int, int]:
    """Least offered first; among equals, an order that changes from week to week."""
    return history.offered.get(offer.id, 0), zlib.crc32(f"{week}:{offer.id}".encode())


def choose(
    stance: Stance, history: History, *, own_low: bool, week: str, offers: tuple[Offer, ...]
) -> list[Offer]:
    """Three to five offers for the week (four when there are enough)."""
    allowed = [
        o for o in offers if o.id not in history.not_for_me and o.id not in history.last_week
    ]
    suited = [o for o in allowed if stance in o.stances]
    by_id = {o.id: o for o in suited}
    chosen = [by_id[i] for i in history.this_week if i in by_id][:MAX_OFFERS]
    rest = sorted((o for o in suited if o not in chosen), key=lambda o: _order(week, o, history))
    chosen += rest[: max(0, OFFERS - len(chosen))]
    if len(chosen) < MIN_OFFERS:  # many "not for me": fill from the other offers
        others = sorted(
            (o for o in allowed if o not in chosen), key=lambda o: _order(week, o, history)
        )
        chosen += others[: MIN_OFFERS - len(chosen)]
    if own_low and not any(o.own_life for o in chosen):
        own = sorted(
            (o for o in allowed if o.own_life and o not in chosen),
            key=lambda o: _order(week, o, history),
        )
        if own:
            if len(chosen) >= OFFERS:
                chosen = chosen[: OFFERS - 1]
            chosen.insert(0, own[0])
    elif own_low:  # the own-life offer first
        chosen.sort(key=lambda o: not o.own_life)
    return chosen


def weekly_plan(
    facts: Facts,
    history: History | None = None,
    *,
    pronouns: PronounSet = PronounSet.HE,
    partner: str | None = None,
    experts: dict[str, str] | None = None,
) -> Plan:
    """The plan of ``facts.week``: the stance, why, and the offers with their practices.

    ``experts``: practice id → the expert's name (from the catalogue), to credit them."""
    history = history or History()
    stance, why = decide(signs(facts, pronouns, partner))
    low = own_time_low(facts)
    # A starter plan always has one offer for a life of one's own too (P23).
    own_first = low or stance is Stance.NOT_ENOUGH_DATA
    chosen = choose(stance, history, own_low=own_first, week=str(facts.week), offers=load_offers())
    experts = experts or {}
    words = _wording()
    planned = tuple(
        PlannedOffer(
            id=o.id,
            text=render(o.text, pronouns, partner),
            practices=o.practices,
            experts=tuple(dict.fromkeys(experts[p] for p in o.practices if p in experts)),
            own_life=o.own_life,
            mark=history.marks.get(o.id),
        )
        for o in chosen
    )
    if low and any(o.own_life for o in chosen):
        why.append(words["own_time"]["note"])
    return Plan(
        week=facts.week,
        stance=stance,
        stance_words=stance_words(stance),
        headline=render(words["headline"][stance.value], pronouns, partner),
        why=tuple(why),
        offers=planned,
        own_time_low=low,
        heuristic=words["why"]["heuristic"],
    )
