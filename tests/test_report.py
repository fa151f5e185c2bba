"""The report for a counsellor: HTML self-contained, PDF pages counted and looked at,
incognito without names, bad input exit 4 with nothing written."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fireside.cli import app
from fireside.errors import ExitCode
from fireside.reports.html import inline_svg
from fireside.service.report import build_report, render_report, write_report
from tests.reports_data import ME, PARTNER, filled_store

NOW = datetime(2024, 3, 20, 12, 0, tzinfo=UTC)
POPPLER = shutil.which("pdfinfo") and shutil.which("pdftoppm")


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    store = filled_store(f"sqlite:///{tmp_path / 'r.db'}", tmp_path)
    yield store
    store.close()


def test_the_html_report_is_one_self_contained_file_with_inline_charts(
    store, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "report.html"
    written = write_report(store, target, now=NOW)
    html = target.read_text(encoding="utf-8")
    assert written.kind == "html" and target.stat().st_mode & 0o777 == 0o600
    assert html.count("<svg") == 4  # the four rhythm charts, inline
    # nothing outside the file: no links, scripts, stylesheets or images to fetch
    assert not re.search(r"""(src|href)\s*=\s*["'](?!#)""", html)
    assert "<script" not in html and "http://" not in html.replace(
        'xmlns="http://www.w3.org/2000/svg"', ""
    ).replace('xmlns:xlink="http://www.w3.org/1999/xlink"', "")
    for part in (
        "The rhythm of the chats",
        "Check-ins, week by week",
        "Talks held",
        "Practices tried",
        "stance, week by week",
        ME,
        PARTNER,
    ):
        assert part in html
    # the period defaults to the twelve weeks up to the last message
    last = written.report.until
    assert last < NOW.date() and (last - written.report.since).days == 83


def test_chart_ids_are_made_unique_and_script_is_refused() -> None:
    svg = '<svg><defs><linearGradient id="gradient_0"/></defs><rect fill="url(#gradient_0)"/></svg>'
    assert 'id="c2-gradient_0"' in inline_svg(svg, "c2")
    assert "url(#c2-gradient_0)" in inline_svg(svg, "c2")
    for bad in (
        "<svg><script>alert(1)</script></svg>",
        '<svg><rect onload="x()"/></svg>',
        '<svg><a href="javascript:x()"><text>hi</text></a></svg>',
        "<svg><foreignObject><div/></foreignObject></svg>",
        "<svg><rect",  # not even XML
    ):
        with pytest.raises(ValueError):
            inline_svg(bad, "c1")
    # a name in a label is only words, however it reads
    named = '<svg><text aria-label="Q &lt;img src=x onerror=alert(1)&gt;">Q &lt;b&gt;</text></svg>'
    assert "onerror" in inline_svg(named, "c1")


@pytest.mark.skipif(not POPPLER, reason="pdfinfo/pdftoppm (apt poppler-utils) missing")
def test_the_pdf_has_pages_a_footer_and_a_first_page_to_look_at(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "report.pdf"
    write_report(store, target, now=NOW)
    assert target.read_bytes().startswith(b"%PDF-")
    info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"Pages:\s+(\d+)", info.stdout)[1])  # type: ignore[index]
    assert 2 <= pages <= 6
    assert "A4" in info.stdout or "595" in info.stdout
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True).stdout
    assert f"page 1 of {pages}" in text and "The rhythm of the chats" in text
    fonts = subprocess.run(["pdffonts", str(target)], capture_output=True, text=True).stdout
    assert "DejaVu" in fonts  # the footer's font is set explicitly, like the body's
    shots = Path(__file__).parent / "screenshots"
    shots.mkdir(exist_ok=True)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(target),
            str(shots / "report-page-1"),
        ],
        check=True,
    )
    png = shots / "report-page-1.png"
    assert png.read_bytes().startswith(b"\x89PNG") and png.stat().st_size > 10_000


def test_an_incognito_report_holds_no_names(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for suffix in ("html", "pdf"):
        report = build_report(store, incognito=True, now=NOW)
        data = render_report(report, suffix).data
        text = data.decode("utf-8") if suffix == "html" else _pdf_text(data, tmp_path)
        assert "Incognito" in text
        for name in (ME, PARTNER, ME.lower(), PARTNER.lower()):
            assert name not in text, (suffix, name)
    named = render_report(build_report(store, now=NOW), "html").data.decode()
    assert ME in named and PARTNER in named


def _pdf_text(data: bytes, tmp_path: Path) -> str:
    if not POPPLER:
        return data.decode("latin-1")
    path = tmp_path / "x.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout


def _cli(runner: CliRunner, tmp_path: Path, *args: str):  # type: ignore[no-untyped-def]
    database = f"sqlite:///{tmp_path / 'r.db'}"
    return runner.invoke(app, ["--database-url", database, "report", *args])


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--out", "{tmp}/missing/report.pdf"], "does not exist"),
        (["--out", "{tmp}"], "is a folder"),
        (["--out", "{tmp}/report.docx"], ".html or .pdf"),
        (["--since", "2024-02-01", "--until", "2024-01-01", "--out", "{tmp}/r.html"], "--until"),
        (
            ["--since", "2020-01-01", "--until", "2020-02-01", "--out", "{tmp}/r.html"],
            "nothing to report",
        ),
        (["--since", "2024-02-30", "--out", "{tmp}/r.html"], "--since"),
    ],
)
@pytest.mark.usefixtures("store")
def test_bad_input_exits_4_naming_what_is_wrong_and_writes_nothing(
    runner: CliRunner,
    tmp_path: Path,
    args: list[str],
    says: str,  # type: ignore[no-untyped-def]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    result = _cli(runner, tmp_path, *[a.replace("{tmp}", str(out)) for a in args])
    assert result.exit_code == ExitCode.INVALID_INPUT, result.output
    assert says in result.output
    assert list(out.iterdir()) == []  # nothing half-written, no temporary file left


@pytest.mark.usefixtures("store")
def test_a_folder_that_cannot_be_written_is_named(runner: CliRunner, tmp_path: Path) -> None:
    import os

    if os.geteuid() == 0:
        folder = Path("/sys/kernel")  # even root may not create files here
        if not folder.is_dir():
            pytest.skip("no read-only folder to try")
    else:
        folder = tmp_path / "locked"
        folder.mkdir()
        folder.chmod(0o500)
    result = _cli(runner, tmp_path, "--out", str(folder / "report.html"))
    assert result.exit_code == ExitCode.INVALID_INPUT, result.output
    assert "may not write" in result.output
    assert not (folder / "report.html").exists()


@pytest.mark.usefixtures("store")
def test_cli_writes_and_prints_json(runner: CliRunner, tmp_path: Path) -> None:
    result = _cli(runner, tmp_path, "--out", str(tmp_path / "r.html"), "--incognito", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["format"] == "html" and data["report"]["incognito"] is True
    assert data["report"]["rhythm"]["charts"] and data["report"]["stances"]
