"""fireside: a local-first, private coach for healthy space in a romantic relationship.

The Python API, usable without the CLI or the web app::

    import fireside

    store = fireside.open_store()              # SQLite in your data folder, migrated
    profile = store.profile_or_default()
    catalogue = fireside.load_catalogue(profile.partner_pronouns, profile.partner_name)
    for hit in fireside.search_practices(catalogue, "text him")[:3]:
        print(hit.practice.id, hit.practice.title)

    result = fireside.check_message("Don't you miss me?", profile=profile)
    print(result.verdict, result.suggested_rewrite)      # soften  I miss you.
"""

from __future__ import annotations

__version__ = "0.1.0"

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fireside.coach import CheckResult, History, Verdict, check_message
    from fireside.errors import (
        ExitCode,
        FiresideError,
        InvalidValueError,
        NotFoundError,
        StoreError,
    )
    from fireside.paths import data_dir
    from fireside.practices import Catalogue, Expert, Practice, load_catalogue
    from fireside.practices import search as search_practices
    from fireside.profile import Profile
    from fireside.profile_text import Weekday
    from fireside.pronouns import PronounSet
    from fireside.settings import Settings, load_settings
    from fireside.store import Store, open_store

# Each public name and the module it lives in. They load on first use (PEP 562), so a
# command that needs only the importers does not pay for the coach, and the reverse.
_HOMES = {
    "CheckResult": "fireside.coach",
    "History": "fireside.coach",
    "Verdict": "fireside.coach",
    "check_message": "fireside.coach",
    "ExitCode": "fireside.errors",
    "FiresideError": "fireside.errors",
    "InvalidValueError": "fireside.errors",
    "NotFoundError": "fireside.errors",
    "StoreError": "fireside.errors",
    "data_dir": "fireside.paths",
    "Catalogue": "fireside.practices",
    "Expert": "fireside.practices",
    "Practice": "fireside.practices",
    "load_catalogue": "fireside.practices",
    "search_practices": "fireside.practices",
    "Profile": "fireside.profile",
    "Weekday": "fireside.profile_text",
    "PronounSet": "fireside.pronouns",
    "Settings": "fireside.settings",
    "load_settings": "fireside.settings",
    "Store": "fireside.store",
    "open_store": "fireside.store",
}
_RENAMED = {"search_practices": "search"}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'fireside' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), _RENAMED.get(name, name))
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "Catalogue",
    "CheckResult",
    "ExitCode",
    "Expert",
    "FiresideError",
    "History",
    "InvalidValueError",
    "NotFoundError",
    "Practice",
    "Profile",
    "PronounSet",
    "Settings",
    "Store",
    "StoreError",
    "Verdict",
    "Weekday",
    "__version__",
    "check_message",
    "data_dir",
    "load_catalogue",
    "load_settings",
    "open_store",
    "search_practices",
]
