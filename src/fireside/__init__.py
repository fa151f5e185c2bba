"""fireside: a local-first, private coach for healthy space in a romantic relationship.

The Python API, usable without the CLI or the web app::

    import fireside

    store = fireside.open_store()              # SQLite in your data folder, migrated
    profile = store.profile_or_default()
    catalogue = fireside.load_catalogue(profile.partner_pronouns, profile.partner_name)
    for hit in fireside.search_practices(catalogue, "text him")[:3]:
        print(hit.practice.id, hit.practice.title)
"""

from __future__ import annotations

__version__ = "0.1.0"

from fireside.errors import ExitCode, FiresideError, InvalidValueError, NotFoundError, StoreError
from fireside.paths import data_dir
from fireside.practices import Catalogue, Expert, Practice, load_catalogue
from fireside.practices import search as search_practices
from fireside.profile import Profile, Weekday
from fireside.pronouns import PronounSet
from fireside.settings import Settings, load_settings
from fireside.store import Store, open_store

__all__ = [
    "Catalogue",
    "ExitCode",
    "Expert",
    "FiresideError",
    "InvalidValueError",
    "NotFoundError",
    "Practice",
    "Profile",
    "PronounSet",
    "Settings",
    "Store",
    "StoreError",
    "Weekday",
    "__version__",
    "data_dir",
    "load_catalogue",
    "load_settings",
    "open_store",
    "search_practices",
]
