"""Plain words for the ids the service layer returns (labels, verdicts, readings).

Kept in the presentation layer until the coach's own plain-words names land; swap the
lookups then. The JSON API keeps the ids.
"""

from __future__ import annotations

LABELS = {
    "spotlight_question": "a question that puts them on the spot",
    "accusation": "sounds like blame",
    "reassurance_seeking": "asking for reassurance out of worry",
    "demand_pressure": "a demand or pressure",
    "petty_harping": "going back over small things",
    "contempt": "could feel belittling",
    "anger_intensity": "a lot of anger at once",
    "heavy_topic": "a heavy topic for a text",
    "i_statement": "speaks from your side",
    "appreciation": "appreciation",
    "humor": "lightness and humour",
    "encouragement": "encouragement",
    "vulnerability": "open about how you feel",
}
VERDICTS = {
    "send": "This reads kindly. Send it when it feels right.",
    "soften": "A gentler wording is offered below, if you'd like it.",
    "pause": "Maybe take a moment first: the grounding minute below can help.",
}
SPACE = {
    "smothering": "too little air",
    "healthy": "healthy space",
    "drifting": "too much air",
    "not_enough_data": "not enough history yet",
}
RECIPROCITY = {
    "balanced": "the effort goes both ways",
    "you_carry": "you carry more of the effort",
    "partner_carries": "your partner carries more of the effort",
    "not_enough_data": "not enough history yet",
}
MOODS = ["calm", "a little stirred", "unsettled", "upset", "very upset"]


def label(value: str) -> str:
    return LABELS.get(value, value.replace("_", " "))
