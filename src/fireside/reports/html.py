"""The report as one self-contained HTML page: the styles inline, the charts inline as SVG,
no links to anything outside the file (it opens the same on a counsellor's laptop offline).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from xml.etree import ElementTree

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from fireside.reports.model import Report

TEMPLATES = Path(__file__).parent / "templates"
_ID = re.compile(r'\bid="([^"]+)"')
_ACTIVE = {"script", "foreignobject", "iframe", "object", "embed", "handler"}


def _runs_script(svg: str) -> bool:
    """Whether the SVG has an element or attribute that could run script. Read as XML, so
    a name in a label ("Q &lt;img onerror=…&gt;") is only words, as it is in a browser."""
    try:
        root = ElementTree.fromstring(svg)
    except ElementTree.ParseError:
        return True
    for element in root.iter():
        if element.tag.rsplit("}", 1)[-1].lower() in _ACTIVE:
            return True
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            if local.startswith("on") or value.strip().lower().startswith("javascript:"):
                return True
    return False


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
    if _runs_script(svg):
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
