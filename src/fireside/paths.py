"""Where fireside keeps its data. One function decides; every test redirects it.

``FIRESIDE_HOME`` overrides the platform's user data directory. A folder fireside creates
gets mode 0700 because it holds private material. A folder that already exists is never
changed: it may be shared on purpose (a 1777 folder would lose its sticky bit), so
``open_to_others`` lets the CLI warn instead.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import platformdirs

from fireside.errors import StoreError
from fireside.files import make_private_dirs

HOME_ENV = "FIRESIDE_HOME"


def data_dir(*, create: bool = True) -> Path:
    """The directory that holds fireside's database, settings and exports."""
    override = os.environ.get(HOME_ENV)
    path = Path(override).expanduser() if override else Path(platformdirs.user_data_dir("fireside"))
    if create:
        ensure_private_dir(path)
    return path


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` and any missing parents, each 0700, unless it is there; never change it."""
    try:
        make_private_dirs(path)
    except (FileExistsError, NotADirectoryError) as exc:
        raise StoreError(
            f"fireside's data folder {path} can't be made: "
            f"{'it' if path.exists() else 'a part of its path'} is a file, not a folder.",
            hint=f"Point {HOME_ENV} at a folder (or leave it unset), or move that file aside.",
        ) from exc
    except OSError as exc:
        raise StoreError(
            f"fireside's data folder {path} can't be made ({exc.strerror}).",
            hint=f"Check that you may write there, or point {HOME_ENV} at another folder.",
        ) from exc
    return path


def open_to_others(path: Path) -> str | None:
    """How others can reach into ``path`` (e.g. ``"1777"``), or None when only you can.

    Read or write permission for the group or for everyone counts; being allowed only to
    pass through (x) does not, since fireside's own files in it are readable by you alone.
    """
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    if not stat.S_ISDIR(mode) or not mode & 0o066:
        return None
    return f"{stat.S_IMODE(mode):04o}"


def default_database_path(*, create_dir: bool = True) -> Path:
    return data_dir(create=create_dir) / "fireside.db"


def settings_path() -> Path:
    return data_dir() / "settings.json"
