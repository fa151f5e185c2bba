"""Settings, declared as data.

Sources, highest first: explicit arguments, environment variables (``FIRESIDE_*``), the
``settings.json`` file in the data directory, then the defaults declared here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError
from pydantic_settings import (
    BaseSettings,
    JsonConfigSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from fireside import paths
from fireside.errors import FiresideError
from fireside.files import write_private_file


class Settings(BaseSettings):
    """Install-wide settings. Everything about the two people lives in the profile instead."""

    model_config = SettingsConfigDict(env_prefix="FIRESIDE_", extra="ignore")

    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL of the database; empty means the SQLite file in the data dir.",
    )
    web_host: str = Field(default="127.0.0.1", description="Address the web app listens on.")
    web_port: int = Field(default=8737, ge=1, le=65535, description="Port of the web app.")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,  # noqa: ARG003 (not used: no .env files)
        file_secret_settings: PydanticBaseSettingsSource,  # noqa: ARG003
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (
            init_settings,
            env_settings,
            JsonConfigSettingsSource(settings_cls, json_file=paths.settings_path()),
        )


def load_settings(**overrides: Any) -> Settings:
    """Read the settings; a broken settings file is explained, not dumped as a traceback."""
    try:
        return Settings(**{k: v for k, v in overrides.items() if v is not None})
    except json.JSONDecodeError as exc:
        raise FiresideError(
            f"{paths.settings_path()}: line {exc.lineno}: not valid JSON ({exc.msg}).",
            hint="Fix the file or delete it to go back to the defaults.",
        ) from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise FiresideError(
            f"Setting {field!r}: {first['msg']}.",
            hint=f"Check FIRESIDE_{field.upper()} or {paths.settings_path()}.",
        ) from exc


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write the settings file atomically, readable only by you (a new file, renamed in)."""
    target = path or paths.settings_path()
    text = json.dumps(settings.model_dump(exclude_defaults=True), indent=2) + "\n"
    return write_private_file(target, text)
