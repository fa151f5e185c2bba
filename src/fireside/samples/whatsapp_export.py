"""Write realistic WhatsApp exports with their ground truth, for tests, benchmarks and the demo.

Several platforms and locales (date order, separators, 12/24-hour clocks, the narrow no-break
space before AM/PM, seconds on iOS), multi-line messages, media, stickers, deleted and edited
markers, emoji and the system lines both platforms write. Deterministic for a given seed.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TextIO

LRM = "\u200e"
NNBSP = "\u202f"


@dataclass(frozen=True)
class Locale:
    name: str
    platform: str  # android | ios
    date: str  # strftime-like pattern with {d} {m} {y} {yy} {dd} {mm}
    clock: str  # "24" | "12" | "12es"
    comma: bool = True
    media: str = "<Media omitted>"
    deleted: str = "This message was deleted"
    edited: str = "<This message was edited>"
    e2e: str = (
        "Messages and calls are end-to-end encrypted. No one outside of this chat, not even "
        "WhatsApp, can read or listen to them."
    )
    image: str = "image omitted"
    sticker: str = "sticker omitted"


LOCALES: dict[str, Locale] = {
    loc.name: loc
    for loc in (
        Locale("android-en-gb", "android", "{dd}/{mm}/{y}", "24"),
        Locale("android-en-us", "android", "{m}/{d}/{yy}", "12"),
        Locale(
            "android-de",
            "android",
            "{dd}.{mm}.{yy}",
            "24",
            media="<Medien ausgeschlossen>",
            deleted="Diese Nachricht wurde gelöscht",
            edited="<Diese Nachricht wurde bearbeitet>",
            e2e="Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt. Niemand außerhalb "
            "dieses Chats kann sie lesen oder anhören.",
        ),
        Locale(
            "android-es",
            "android",
            "{d}/{m}/{y}",
            "12es",
            comma=False,
            media="<Multimedia omitido>",
            deleted="Se eliminó este mensaje",
            e2e="Los mensajes y las llamadas están cifrados de extremo a extremo.",
        ),
        Locale("android-ymd", "android", "{y}/{mm}/{dd}", "24"),
        Locale("android-iso", "android", "{y}-{mm}-{dd}", "24"),
        Locale("ios-en-gb", "ios", "{dd}/{mm}/{y}", "24"),
        Locale("ios-en-us", "ios", "{m}/{d}/{yy}", "12"),
        Locale(
            "ios-de",
            "ios",
            "{dd}.{mm}.{yy}",
            "24",
            image="Bild weggelassen",
            sticker="Sticker weggelassen",
            deleted="Diese Nachricht wurde gelöscht.",
            e2e="Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt.",
        ),
        Locale(
            "ios-fr",
            "ios",
            "{dd}/{mm}/{y}",
            "24",
            comma=False,
            image="image absente",
            deleted="Ce message a été supprimé.",
            e2e="Les messages et les appels sont chiffrés de bout en bout.",
        ),
        Locale("ios-nl", "ios", "{dd}-{mm}-{y}", "24", image="afbeelding weggelaten"),
    )
}

WORDS = [
    "hey",
    "hi",
    "love",
    "you",
    "miss",
    "dinner",
    "tonight",
    "tomorrow",
    "work",
    "home",
    "soon",
    "ok",
    "okay",
    "yes",
    "no",
    "maybe",
    "coffee",
    "movie",
    "walk",
    "train",
    "late",
    "early",
    "weekend",
    "plans",
    "call",
    "later",
    "sleep",
    "good",
    "morning",
    "night",
    "haha",
    "lol",
    "really",
    "nice",
    "cute",
    "funny",
    "busy",
    "tired",
    "happy",
    "great",
    "thanks",
    "sorry",
    "wait",
    "coming",
]
EMOJI = ["😂", "❤️", "😘", "👍", "🙈", "🎉", "😴", "🌙", "☕", "🍕"]


@dataclass(frozen=True)
class TrueMessage:
    """What the export holds, as the parser should read it back."""

    local: datetime
    sender: str
    kind: str  # text | media | sticker | deleted
    edited: bool
    text: str


def _stamp(moment: datetime, loc: Locale) -> str:
    day = loc.date.format(
        d=moment.day,
        m=moment.month,
        y=moment.year,
        yy=f"{moment.year % 100:02d}",
        dd=f"{moment.day:02d}",
        mm=f"{moment.month:02d}",
    )
    seconds = loc.platform == "ios"
    if loc.clock == "24":
        clock = f"{moment:%H:%M:%S}" if seconds else f"{moment:%H:%M}"
    else:
        hour = moment.hour % 12 or 12
        clock = f"{hour}:{moment:%M:%S}" if seconds else f"{hour}:{moment:%M}"
        if loc.clock == "12":
            clock += NNBSP + ("PM" if moment.hour >= 12 else "AM")
        else:
            clock += NNBSP + ("p. m." if moment.hour >= 12 else "a. m.")
    separator = ", " if loc.comma else " "
    if loc.platform == "ios":
        return f"[{day}{separator}{clock}] "
    return f"{day}{separator}{clock} - "


def header(moment: datetime, loc: Locale, author: str | None) -> str:
    stamp = _stamp(moment, loc)
    return stamp + (f"{author}: " if author is not None else "")


def format_message(message: TrueMessage, loc: Locale) -> str:
    """One message as the export writes it (without the final newline)."""
    if message.kind == "media":
        body = loc.media if loc.platform == "android" else LRM + loc.image
    elif message.kind == "sticker":
        body = LRM + loc.sticker if loc.platform == "ios" else loc.media
    elif message.kind == "deleted":
        body = (LRM if loc.platform == "ios" else "") + loc.deleted
    else:
        body = message.text + (f" {loc.edited}" if message.edited else "")
    prefix = LRM if loc.platform == "ios" and message.kind != "text" else ""
    return prefix + header(message.local, loc, message.sender) + body


def system_line(moment: datetime, loc: Locale, chat_name: str) -> str:
    if loc.platform == "ios":  # iOS gives system lines the chat's name as author
        return f"{LRM}{header(moment, loc, chat_name)}{LRM}{loc.e2e}"
    return header(moment, loc, None) + loc.e2e


def conversation(
    count: int,
    *,
    seed: int = 7,
    me: str = "Maya",
    partner: str = "Sam",
    start: datetime = datetime(2023, 1, 16, 8, 0),
    seconds: bool = False,
) -> Iterator[TrueMessage]:
    """A two-person chat: sessions of back-and-forth, replies minutes apart, quiet hours."""
    rng = random.Random(seed)
    moment = start
    speaker = me
    for _ in range(count):
        # About five minutes between messages on average: a million messages is about ten
        # years of a close couple's chat, as in the benchmark's target.
        if rng.random() < 0.01:  # a new conversation hours later
            moment += timedelta(hours=rng.uniform(2, 10))
        else:
            moment += timedelta(minutes=rng.expovariate(1 / 1.5))
        if not seconds:
            moment = moment.replace(second=0, microsecond=0)
        else:
            moment = moment.replace(microsecond=0)
        if rng.random() < 0.55:
            speaker = partner if speaker == me else me
        roll = rng.random()
        if roll < 0.05:
            yield TrueMessage(moment, speaker, "media", False, "")
        elif roll < 0.06:
            yield TrueMessage(moment, speaker, "deleted", False, "")
        else:
            words = rng.choices(WORDS, k=rng.randint(1, 14))
            if rng.random() < 0.2:
                words.append(rng.choice(EMOJI))
            text = " ".join(words)
            if rng.random() < 0.03:
                text += "\n" + " ".join(rng.choices(WORDS, k=rng.randint(1, 6)))
            yield TrueMessage(moment, speaker, "text", rng.random() < 0.01, text)


def write_export(
    target: TextIO,
    messages: Iterator[TrueMessage] | list[TrueMessage],
    loc: Locale,
    *,
    chat_name: str = "Sam",
    crlf: bool = False,
    bom: bool = False,
) -> int:
    """Write an export; returns how many messages were written (system lines excluded)."""
    newline = "\r\n" if crlf else "\n"
    if bom:
        target.write("\ufeff")
    written = 0
    first = True
    for message in messages:
        if first:
            target.write(system_line(message.local, loc, chat_name) + newline)
            first = False
        target.write(format_message(message, loc).replace("\n", newline) + newline)
        written += 1
    return written


def write_file(
    path: Path,
    count: int,
    locale: str = "android-en-gb",
    *,
    seed: int = 7,
    start: datetime = datetime(2023, 1, 16, 8, 0),
) -> list[TrueMessage]:
    """Write a sample export to ``path`` and return its ground truth."""
    loc = LOCALES[locale]
    truth = list(conversation(count, seed=seed, start=start, seconds=loc.platform == "ios"))
    with path.open("w", encoding="utf-8", newline="") as handle:
        write_export(handle, truth, loc)
    return truth
