"""Opening hours past midnight on the pages: the hours editor, the venue page, the booking form and grid, the desk week."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

import httpx
import pytest

from scheduling.bookings.workflow import BookingDraft, request_booking
from scheduling.models import Booking
from tests.factories import Account, Factory
from tests.pages.support import london, next_weekday, post_form, sign_in
from venues.models import OpeningHours, Space, Venue
from venues.opening.hours import Interval, replace_weekly_hours

SATURDAY = 5


@pytest.fixture
async def late_hall(factory: Factory) -> tuple[Venue, Space, Account]:
    """A hall open on Saturdays only, 18:00 – 01:00 (next day)."""
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager, name="Little Marsh Village Hall")
    await replace_weekly_hours(venue.id, None, [Interval(SATURDAY, time(18), time(1))])
    space = await factory.space(venue, open_all_week=False, name="Main hall")
    return venue, space, manager


def grid(html: str) -> dict[str, list[str]]:
    """Each hour row's cell states, from the grid's first day to its seventh."""
    table = html.split('<table class="grid">')[1].split("</table>")[0]
    rows = re.findall(r'<tr><th scope="row">(\d\d:\d\d)</th>(.*?)</tr>', table, re.S)
    return {hour: re.findall(r'<td class="(\w+)"', cells) for hour, cells in rows}


def saturday() -> date:
    return next_weekday(SATURDAY, weeks_ahead=2)


async def test_the_hours_editor_takes_a_closing_time_after_midnight_and_says_next_day(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    await sign_in(client, manager)
    page = f"/desk/venues/{venue.id}/hours"
    saved = await post_form(client, page, {"opens-5-0": "18:00", "closes-5-0": "01:00"}, page)
    assert saved.status_code == 303, saved.text
    rows = await OpeningHours.select(OpeningHours.weekday, OpeningHours.opens, OpeningHours.closes).where(
        OpeningHours.venue == venue.id
    )
    assert [(r["weekday"], r["opens"], r["closes"]) for r in rows] == [(SATURDAY, time(18), time(1))]
    html = (await client.get(page)).text
    assert re.search(r'<label for="closes-5-0">Closes \(next day\)</label><input[^>]*value="01:00"', html)
    assert '<label for="closes-5-1">Closes</label>' in html
    public = (await client.get(f"/venues/{venue.id}")).text
    assert "18:00–01:00 (next day)" in public

    overlapping = await post_form(
        client, page, {"opens-5-0": "18:00", "closes-5-0": "01:00", "opens-6-0": "00:30", "closes-6-0": "09:00"}, page
    )
    assert overlapping.status_code == 400
    assert "Sunday 00:30 – 09:00 overlaps Saturday 18:00 – 01:00 (next day)" in overlapping.text
    assert '<label for="closes-5-0">Closes (next day)</label>' in overlapping.text
    assert await OpeningHours.count().where(OpeningHours.venue == venue.id) == 1


async def test_the_booking_form_books_a_party_that_ends_after_midnight(
    client: httpx.AsyncClient, factory: Factory, late_hall: tuple[Venue, Space, Account]
) -> None:
    _, space, _ = late_hall
    await sign_in(client, await factory.account("resident"))
    day = saturday()
    page = f"/book/spaces/{space.id}"
    form = {"date": day.isoformat(), "start": "22:00", "end": "00:45", "title": "Late party", "attendance": "20"}
    response = await post_form(client, page, form, page)
    assert response.status_code == 303, response.text
    assert "<h1>Request sent</h1>" in (await client.get(response.headers["location"])).text
    booking = await Booking.objects().where(Booking.title == "Late party").first()
    assert (booking.starts_at, booking.ends_at) == (london(day, 22), london(day + timedelta(days=1), 0, 45))

    past_closing = {**form, "start": "23:00", "end": "01:30", "title": "Too late"}
    refused = await post_form(client, page, past_closing, page)
    assert refused.status_code == 422 and "18:00–01:00 (next day)" in refused.text
    weekly = await post_form(client, page, {**form, "repeat": "weekly", "title": "Weekly disco"}, page)
    assert weekly.status_code == 400 and "A weekly booking must end on the day it starts" in weekly.text


async def test_the_grid_shows_a_late_finish_and_a_late_booking_on_both_days(
    client: httpx.AsyncClient, late_hall: tuple[Venue, Space, Account]
) -> None:
    _, space, manager = late_hall
    day = saturday()
    sunday = day + timedelta(days=1)
    await request_booking(
        manager.user,
        BookingDraft(space.id, datetime.combine(day, time(22)), datetime.combine(sunday, time(0, 45)), title="Disco"),
    )
    # The grid's seven days start on the day asked for: Saturday is the first column, Sunday the second.
    html = (await client.get(f"/book/spaces/{space.id}", params={"week": day.isoformat()})).text
    states = grid(html)
    assert list(states) == [f"{hour:02d}:00" for hour in range(24)]
    assert [states[hour][0] for hour in ("17:00", "18:00", "21:00", "22:00", "23:00")] == [
        "closed",
        "free",
        "free",
        "booked",
        "booked",
    ]
    assert [states[hour][1] for hour in ("00:00", "01:00")] == ["booked", "closed"]
    assert states["00:00"][0] == "closed"


async def test_the_week_view_shows_a_late_finish_and_a_late_booking_on_both_days(
    client: httpx.AsyncClient, late_hall: tuple[Venue, Space, Account]
) -> None:
    venue, space, manager = late_hall
    day = saturday()
    sunday = day + timedelta(days=1)
    await request_booking(
        manager.user,
        BookingDraft(space.id, datetime.combine(day, time(22)), datetime.combine(sunday, time(0, 45)), title="Disco"),
    )
    await sign_in(client, manager)
    html = (await client.get(f"/desk/venues/{venue.id}/week", params={"week": day.isoformat()})).text
    row = re.search(r'<th scope="row">Main hall.*?</th>(.*?)</tr>', html, re.S)
    assert row is not None
    cells = re.findall(r"<td>(.*?)</td>", row.group(1), re.S)
    text = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cell)).strip() for cell in cells]
    assert "Open 18:00–01:00 (next day)" in text[SATURDAY]
    assert "22:00–00:45 (next day) Disco (confirmed)" in text[SATURDAY]
    assert "Open 00:00–01:00" in text[SATURDAY + 1]
    assert "00:00–00:45 Disco (confirmed) Manager continued from Sat 22:00" in text[SATURDAY + 1]
    assert "Closed" in text[SATURDAY - 1] and "Disco" not in text[SATURDAY - 1]
