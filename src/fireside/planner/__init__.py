"""The planner: the weekly plan (stance, why, offers), the reminders calendar and the
guardrail for intentions (``planner.guardrail``).

Pure: ``Facts`` and ``History`` in, a ``Plan`` out; offers and sentences are data files
(``offers.toml``, ``wording.toml``) in our own words. The service gathers the facts.
"""

from fireside.planner.model import Facts, History, Mark, Offer, Plan, PlannedOffer, Stance
from fireside.planner.plan import load_offers, stance_words, weekly_plan

__all__ = [
    "Facts",
    "History",
    "Mark",
    "Offer",
    "Plan",
    "PlannedOffer",
    "Stance",
    "load_offers",
    "stance_words",
    "weekly_plan",
]
