"""Sample data for the tour (`fireside demo`) and the web's marked sample."""

from __future__ import annotations

from pathlib import Path

from fireside.samples import sample_drafts, sample_profile

SAMPLE_MESSAGES = 6_000


def write_sample_export(path: Path, messages: int = SAMPLE_MESSAGES) -> Path:
    """A WhatsApp export of Maya and Sam (British English, Android) at ``path``."""
    from fireside.samples.whatsapp_export import write_file

    write_file(path, messages, "android-en-gb")
    return path


__all__ = ["sample_drafts", "sample_profile", "write_sample_export"]
