"""The report as one self-contained HTML page: the styles inline, the charts inline as SVG,
no links to anything outside the file (it opens the same on a counsellor's laptop offline).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from fireside.reports.model import Report

TEMPLATES = Path(__file__).parent / "templates"
_ID = re.compile(r'\bid="([^"]+)"')
_DANGEROUS = re.compile(r"<\s*(script|foreignObject|iframe)|\son\w+\s*=|javascript:", re.I)

environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def day(value: date) -> str:
    """1 March 2026"""
    return f"{value.day} {value:%B %Y}"


def short_day(value: date) -> str:
    """1 Mar"""
    return f"{value.day} {value:%b}"


def moment(value: datetime) -> str:
    return f"{day(value.date())}, {value:%H:%M}"


def hours(value: float) -> str:
    return f"{value:.1f} h" if value < 10 else f"{value:.0f} h"


def score(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def inline_svg(svg: str, prefix: str) -> Markup:
    """One chart's SVG for inlining: its ids made unique to the chart (several SVGs share
    one page), and refused if it could carry script (it never should: we draw it)."""
    if _DANGEROUS.search(svg):
        raise ValueError("a chart's SVG holds script; refusing to inline it")
    ids = set(_ID.findall(svg))
    for name in sorted(ids, key=len, reverse=True):
        svg = svg.replace(f'id="{name}"', f'id="{prefix}-{name}"')
        svg = svg.replace(f"url(#{name})", f"url(#{prefix}-{name})")
        svg = svg.replace(f'href="#{name}"', f'href="#{prefix}-{name}"')
    return Markup(svg)


environment.filters.update(day=day, short_day=short_day, moment=moment, hours=hours, score=score)
environment.globals.update(inline_svg=inline_svg)


def render_html(report: Report, *, for_print: bool = False) -> str:
    """The page; ``for_print`` adds the page rules WeasyPrint uses (size, footer)."""
    return environment.get_template("report.html").render(report=report, for_print=for_print)
