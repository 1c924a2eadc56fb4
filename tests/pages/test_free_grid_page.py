"""The booking page's grid of free times: it starts today, and each hour says in words why it can or cannot be asked
for (free, part free, booked, too soon, too far ahead, closed, past), with a legend."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

import httpx

from scheduling.bookings.workflow import BookingDraft, request_booking
from tests.factories import Factory
from venues.core import clock
from venues.opening.closures import add_closure
from venues.opening.hours import Interval, replace_weekly_hours

SUNDAY = date(2026, 11, 29)
# Sunday 29 November 2026, 10:30 in London (GMT in winter).
NOW = datetime(2026, 11, 29, 10, 30, tzinfo=UTC)


def grid(html: str) -> tuple[list[str], dict[str, list[str]]]:
    """The grid's day headings, and each hour row's cell kinds from its first day to its seventh."""
    table = html.split('<table class="grid">')[1].split("</table>")[0]
    days = re.findall(r'<th scope="col">([^<]+)</th>', table)[1:]
    rows = re.findall(r'<tr><th scope="row">(\d\d:\d\d)</th>(.*?)</tr>', table, re.S)
    return days, {hour: re.findall(r'<td class="(\w+)"', cells) for hour, cells in rows}


def words(html: str) -> dict[str, list[str]]:
    """Each hour row's visible words, so a kind is never told apart by colour alone."""
    table = html.split('<table class="grid">')[1].split("</table>")[0]
    rows = re.findall(r'<tr><th scope="row">(\d\d:\d\d)</th>(.*?)</tr>', table, re.S)
    return {
        hour: [
            re.sub(r"<span class=\"visually-hidden\">.*?</span>|<[^>]+>", "", cell)
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", cells)
        ]
        for hour, cells in rows
    }


async def test_on_a_sunday_the_grid_starts_today_and_shows_no_past_day(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    venue = await factory.venue()
    space = await factory.space(venue, name="Main hall")
    with clock.frozen_at(NOW):
        opened = await client.get(f"/book/spaces/{space.id}")
        asked_for_last_week = await client.get(f"/book/spaces/{space.id}", params={"week": "2026-11-23"})
        next_week = await client.get(f"/book/spaces/{space.id}", params={"week": "2026-12-06"})
    for response in (opened, asked_for_last_week):
        assert response.status_code == 200
        days, states = grid(response.text)
        assert days[0] == "Sun 29 Nov" and days[-1] == "Sat 5 Dec"
        assert "Previous 7 days" not in response.text
        assert "week=2026-12-06" in response.text
        assert all(kind != "booked" for row in states.values() for kind in row)
    days, _ = grid(next_week.text)
    assert days[0] == "Sun 6 Dec"
    # Back again, but no earlier than today.
    assert re.search(r'href="/book/spaces/\d+\?week=2026-11-29[^"]*">Previous 7 days', next_week.text)


async def test_a_chosen_date_opens_the_seven_days_from_today_that_hold_it(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    space = await factory.space(await factory.venue())
    with clock.frozen_at(NOW):
        response = await client.get(
            f"/book/spaces/{space.id}", params={"date": "2026-12-09", "start": "10:00", "end": "11:00"}
        )
    days, _ = grid(response.text)
    assert days[0] == "Sun 6 Dec" and "Wed 9 Dec" in days


async def test_each_kind_of_hour_shows_where_the_clock_hours_closures_and_bookings_put_it(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    # 09:00–17:00 every day but Thursday, which closes at 12:00.
    await replace_weekly_hours(
        venue.id, None, [Interval(day, time(9), time(12) if day == 3 else time(17)) for day in range(7)]
    )
    space = await factory.space(venue, name="Main hall", min_notice_minutes=24 * 60, horizon_days=5)
    await add_closure(venue.id, date(2026, 12, 2), date(2026, 12, 2), "Floor repairs", None)
    with clock.frozen_at(NOW):
        tuesday = date(2026, 12, 1)
        await request_booking(
            manager.user,
            BookingDraft(
                space.id, datetime.combine(tuesday, time(12)), datetime.combine(tuesday, time(13)), title="Lunch"
            ),
        )
        response = await client.get(f"/book/spaces/{space.id}")
    days, states = grid(response.text)
    assert days == ["Sun 29 Nov", "Mon 30 Nov", "Tue 1 Dec", "Wed 2 Dec", "Thu 3 Dec", "Fri 4 Dec", "Sat 5 Dec"]
    sunday, monday, tuesday_, wednesday, thursday, friday, saturday = range(7)
    assert states["09:00"][sunday] == "past"  # 09:00–10:00 is over
    assert states["10:00"][sunday] == "past"  # 10:00–11:00 has begun
    assert states["11:00"][sunday] == "soon"  # inside the 24 hours' notice
    assert states["09:00"][monday] == "soon"  # notice runs to Monday 10:30
    assert states["10:00"][monday] == "part"  # free from 10:30
    assert states["11:00"][monday] == "free"
    assert states["12:00"][tuesday_] == "booked"
    assert states["11:00"][tuesday_] == "free"
    assert set(states[hour][wednesday] for hour in states) == {"closed"}  # the closure
    assert (states["11:00"][thursday], states["13:00"][thursday]) == ("free", "closed")  # after Thursday's hours
    assert states["10:00"][friday] == "part"  # the horizon ends Friday 10:30
    assert states["11:00"][friday] == "later"
    assert set(states[hour][saturday] for hour in states) == {"later"}

    shown = words(response.text)
    assert shown["09:00"][sunday] == "Past" and shown["11:00"][sunday] == "Too soon"
    assert shown["12:00"][tuesday_] == "Booked" and shown["13:00"][thursday] == "Closed"
    assert shown["11:00"][friday] == "Too far ahead" and shown["11:00"][monday] == "Free"
    legend = response.text.split('<ul class="legend"')[1].split("</ul>")[0]
    for word in ("Free", "Part free", "Booked", "Too soon", "Too far ahead", "Closed", "Past"):
        assert f"<strong>{word}</strong>" in legend
    assert "Taken" not in response.text
