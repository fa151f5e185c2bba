"""Install settings: declared as data, stored in the data folder, overridden by FIRESIDE_*."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from fireside.errors import FiresideError
from fireside.settings import Settings, load_settings, save_settings


def test_defaults_listen_on_loopback_only() -> None:
    settings = load_settings()
    assert settings.web_host == "127.0.0.1" and settings.database_url is None


def test_saved_settings_round_trip_privately(fireside_home: Path) -> None:
    path = save_settings(Settings(web_port=9000))
    assert path == fireside_home / "settings.json"
    assert json.loads(path.read_text()) == {"web_port": 9000}  # only what differs from defaults
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_settings().web_port == 9000


def test_environment_overrides_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    save_settings(Settings(web_port=9000))
    monkeypatch.setenv("FIRESIDE_WEB_PORT", "9100")
    assert load_settings().web_port == 9100


def test_a_bad_value_names_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIRESIDE_WEB_PORT", "99999")
    with pytest.raises(FiresideError, match="web_port"):
        load_settings()
