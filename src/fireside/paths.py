"""Where fireside keeps its data. One function decides; every test redirects it.

``FIRESIDE_HOME`` overrides the platform's user data directory. Directories are created
with mode 0700 because they hold private material.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

HOME_ENV = "FIRESIDE_HOME"
PRIVATE_DIR_MODE = 0o700


def data_dir(*, create: bool = True) -> Path:
    """The directory that holds fireside's database, settings and exports."""
    override = os.environ.get(HOME_ENV)
    path = Path(override).expanduser() if override else Path(platformdirs.user_data_dir("fireside"))
    if create:
        ensure_private_dir(path)
    return path


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) if needed and make sure only the owner can read it."""
    path.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    if path.stat().st_mode & 0o077:
        path.chmod(PRIVATE_DIR_MODE)
    return path


def default_database_path(*, create_dir: bool = True) -> Path:
    return data_dir(create=create_dir) / "fireside.db"


def settings_path() -> Path:
    return data_dir() / "settings.json"
