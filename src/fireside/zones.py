"""Time zone names: is this one real, and which one is this machine in."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def is_zone(name: str) -> bool:
    """True for a name the IANA database knows (``Europe/Berlin``, ``UTC``)."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def system_timezone() -> str:
    """The machine's IANA time zone name, or UTC when it cannot be told."""
    timezone_file = Path("/etc/timezone")
    if timezone_file.is_file():
        name = timezone_file.read_text().strip()
        if is_zone(name):
            return name
    localtime = Path("/etc/localtime")
    if localtime.is_symlink():
        target = str(localtime.resolve())
        if "zoneinfo/" in target:
            name = target.split("zoneinfo/", 1)[1]
            if is_zone(name):
                return name
    return "UTC"


# Abbreviations people type, to the place whose clocks they name (with its summer time).
ABBREVIATIONS = {
    "gmt": "Europe/London",
    "bst": "Europe/London",
    "cet": "Europe/Berlin",
    "cest": "Europe/Berlin",
    "eet": "Europe/Athens",
    "eest": "Europe/Athens",
    "wet": "Europe/Lisbon",
    "est": "America/New_York",
    "edt": "America/New_York",
    "cst": "America/Chicago",
    "cdt": "America/Chicago",
    "mst": "America/Denver",
    "mdt": "America/Denver",
    "pst": "America/Los_Angeles",
    "pdt": "America/Los_Angeles",
    "akst": "America/Anchorage",
    "hst": "Pacific/Honolulu",
    "ist": "Asia/Kolkata",
    "jst": "Asia/Tokyo",
    "kst": "Asia/Seoul",
    "aest": "Australia/Sydney",
    "aedt": "Australia/Sydney",
    "nzst": "Pacific/Auckland",
    "nzdt": "Pacific/Auckland",
    "utc": "UTC",
    "z": "UTC",
}
_LEGACY = ("Etc/", "SystemV/", "posix/", "right/")


def _key(text: str) -> str:
    return " ".join(text.strip().replace("_", " ").replace("-", " ").casefold().split())


def _zone_names() -> list[str]:
    from zoneinfo import available_timezones

    return sorted(
        z for z in available_timezones() if not z.startswith(_LEGACY) and z != "localtime"
    )


def find_timezones(query: str, *, limit: int = 20) -> list[str]:
    """Time zones a person may mean by ``query``, best first: ``london``, ``new york``,
    ``Europe/london``, ``est`` (for a picker, or to resolve what was typed)."""
    key = _key(query)
    if not key:
        return []
    names = _zone_names()
    found: list[str] = []
    if key in ABBREVIATIONS:
        found.append(ABBREVIATIONS[key])
    by_full = {_key(n): n for n in names}
    if key in by_full:
        found.append(by_full[key])
    found += [n for n in names if _key(n.rsplit("/", 1)[-1]) == key]  # the city alone
    found += [n for n in names if _key(n.rsplit("/", 1)[-1]).startswith(key)]
    found += [n for n in names if key in _key(n)]
    return list(dict.fromkeys(found))[:limit]


def resolve_timezone(text: str) -> str:
    """The IANA name for what was typed; ValueError when nothing, or more than one place,
    fits (the message lists up to five candidates)."""
    stripped = text.strip()
    if stripped == "UTC" or ("/" in stripped and is_zone(stripped)):
        return stripped
    key = _key(text)
    names = _zone_names()
    exact = [n for n in names if _key(n) == key]
    if key in ABBREVIATIONS:
        return ABBREVIATIONS[key]
    if exact:
        return exact[0]
    cities = [n for n in names if _key(n.rsplit("/", 1)[-1]) == key]
    if len(cities) >= 1:
        # "london" is Europe/London; when a city name is shared, the canonical area wins.
        return sorted(cities, key=lambda n: (n.startswith(("US/", "Canada/")), n.count("/")))[0]
    candidates = find_timezones(text, limit=5)
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        raise ValueError(f"{text!r} could be {', '.join(candidates)}")
    raise ValueError(f"no time zone matches {text!r}")
