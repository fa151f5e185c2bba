"""``/rhythm``: the reading and its evidence in sentences, the four charts, a period picker."""

from __future__ import annotations

from datetime import date, timedelta

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.exceptions import HTTPException

from fireside.errors import InvalidValueError
from fireside.service import cache
from fireside.web import pages

router = APIRouter()
PERIODS = {"all": None, "12w": 84, "4w": 28}
CHARTS = {
    "weekly-messages.svg": "Messages per week, for each of you.",
    "weekly-initiation-share.svg": "The share of conversations you started, week by week; the dashed line is half.",
    "reply-times.svg": "How long replies take, for each of you.",
    "hour-by-weekday.svg": "When you write: messages by hour of the day and weekday.",
}


def _period(period: str, since: str | None, until: str | None) -> tuple[date | None, date | None]:
    try:
        start = date.fromisoformat(since) if since else None
        end = date.fromisoformat(until) if until else None
    except ValueError:
        raise InvalidValueError(
            "since/until", f"{since} {until}", "dates such as 2024-03-01"
        ) from None
    if start or end:
        return start, end
    if period not in PERIODS:
        raise InvalidValueError("period", period, ", ".join(PERIODS))
    days = PERIODS[period]
    if days is None:
        return None, None
    end = date.today()
    return end - timedelta(days=days - 1), end


@router.get("/rhythm", response_class=HTMLResponse)
def rhythm_page(
    request: Request, period: str = "all", since: str | None = None, until: str | None = None
) -> HTMLResponse:
    state = pages.state_of(request)
    start, end = _period(period, since, until)
    store = state.reading_store()
    reading = cache.space_reading(state.cache, store, since=start, until=end)
    query = (
        f"period={period}"
        + (f"&since={since}" if since else "")
        + (f"&until={until}" if until else "")
    )
    return pages.render(
        request,
        "rhythm.html",
        {
            "reading": reading,
            "period": period,
            "periods": PERIODS,
            "since": since or "",
            "until": until or "",
            "charts": CHARTS if reading.messages else {},
            "query": query,
        },
    )


@router.get("/rhythm/charts/{name}")
def chart(
    request: Request,
    name: str,
    period: str = "all",
    since: str | None = None,
    until: str | None = None,
) -> Response:
    if name not in CHARTS:
        raise HTTPException(404, "There is no such chart.")
    state = pages.state_of(request)
    start, end = _period(period, since, until)
    drawn = cache.chart_svgs(state.cache, state.reading_store(), since=start, until=end)
    if name not in drawn:
        raise HTTPException(404, "There are no messages to draw in this period.")
    return Response(
        drawn[name],
        media_type="image/svg+xml",
        headers={"cache-control": "private, max-age=60"},
    )
