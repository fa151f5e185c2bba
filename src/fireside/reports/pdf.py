"""The report as a PDF: WeasyPrint prints the same HTML (A4, a footer on every page).

WeasyPrint is imported on first use (about a second), never at start-up.
"""

from __future__ import annotations

from fireside.errors import FiresideError
from fireside.reports.html import render_html
from fireside.reports.model import Report


def render_pdf(report: Report) -> bytes:
    """The PDF bytes of ``report``. Fonts come from this machine; nothing is fetched."""
    try:
        from weasyprint import HTML
        from weasyprint.urls import URLFetcher
    except (ImportError, OSError) as exc:  # OSError: pango missing
        raise FiresideError(
            "Making a PDF needs WeasyPrint and the Pango library, which are missing here.",
            hint="Write the report as .html instead (it prints well from a browser), or "
            "install them: pip install weasyprint (and apt-get install libpango-1.0-0).",
        ) from exc

    # The page is self-contained: nothing to fetch, and nothing may be (not even a file).
    offline = URLFetcher(allowed_protocols=("data",))
    document = HTML(string=render_html(report, for_print=True), url_fetcher=offline)
    return bytes(document.write_pdf())
