"""UTF-16 WhatsApp exports (some phones write them): by byte order mark or by shape, streamed."""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path
from zoneinfo import ZoneInfo

import polars as pl
import pytest

from fireside.importers import ParseOptions, open_export
from fireside.samples.whatsapp_export import write_file

UTC = ZoneInfo("UTC")


def _read(path: Path, **options: object) -> pl.DataFrame:
    parsed = open_export(path, ParseOptions(tz=UTC, **options))  # type: ignore[arg-type]
    return pl.concat(list(parsed.frames)).drop("line")


@pytest.mark.parametrize(
    "codec, bom",
    [
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-16-le", b""),
        ("utf-16-be", b""),
    ],
)
@pytest.mark.parametrize("locale", ["android-en-gb", "ios-en-gb"])
def test_utf16_reads_like_utf8(
    tmp_path: Path, codec: str, bom: bytes, locale: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("fireside.importers.whatsapp.CHUNK_BYTES", 8192)  # many blocks
    plain = tmp_path / "chat.txt"
    write_file(plain, 1500, locale)
    wide = tmp_path / "wide.txt"
    wide.write_bytes(bom + plain.read_text(encoding="utf-8").encode(codec))
    assert _read(wide).equals(_read(plain))


def test_utf16_named_with_encoding_and_inside_a_zip(tmp_path: Path) -> None:
    plain = tmp_path / "chat.txt"
    write_file(plain, 500, "ios-en-gb")
    data = codecs.BOM_UTF16_LE + plain.read_text(encoding="utf-8").encode("utf-16-le")
    wide = tmp_path / "wide.txt"
    wide.write_bytes(data)
    assert _read(wide, encoding="utf-16").equals(_read(plain))
    packed = tmp_path / "chat.zip"
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("_chat.txt", data)
    assert _read(packed).equals(_read(plain))


def test_utf16_has_the_same_message_limit_as_utf8(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # UTF-16's newline is two bytes: blocks were cut inside it, no header was ever found,
    # and every UTF-16 file over the one-message limit (64 MB) was refused.
    monkeypatch.setattr("fireside.importers.whatsapp.CHUNK_BYTES", 4096)
    monkeypatch.setattr("fireside.importers.whatsapp.MAX_MESSAGE_BYTES", 64 << 10)
    plain = tmp_path / "chat.txt"
    write_file(plain, 3000, "android-en-gb")
    wide = tmp_path / "wide.txt"
    wide.write_bytes(plain.read_text(encoding="utf-8").encode("utf-16"))
    assert wide.stat().st_size > 4 * (64 << 10)
    assert _read(wide).equals(_read(plain))
