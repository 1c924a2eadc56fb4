"""Asking to book: the week's free times as a grid, the quote, one-off and weekly requests, and their status."""

from __future__ import annotations

import html
import re
from datetime import date, datetime, time, timedelta

import httpx
import pytest

from scheduling.bookings.workflow import BookingDraft, request_booking
from scheduling.models import Booking, Series
from tests.factories import PASSWORD, Account, Factory
from tests.pages.support import days_ahead, post_form, sign_in
from venues.models import Space, Venue
from venues.opening.hours import Interval, replace_weekly_hours


@pytest.fixture
async def place(factory: Factory) -> tuple[Venue, Space, Account]:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager, name="Little Marsh Village Hall")
    await replace_weekly_hours(venue.id, None, [Interval(day, time(9), time(17)) for day in range(7)])
    space = await factory.space(venue, name="Main hall", setup_buffer_minutes=15, cleanup_buffer_minutes=15)
    await factory.rate(space, "standard", 1800)
    return venue, space, manager


def grid(html: str) -> dict[str, list[str]]:
    """Each hour row's cell states, from the grid's first day to its seventh."""
    rows = re.findall(r'<tr><th scope="row">(\d\d:\d\d)</th>(.*?)</tr>', html, re.S)
    return {hour: re.findall(r'<td class="(\w+)"', cells) for hour, cells in rows}


def day_at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour))


async def test_the_grid_shows_free_booked_and_closed_hours_in_venue_time(
    client: httpx.AsyncClient, place: tuple[Venue, Space, Account]
) -> None:
    venue, space, manager = place
    day = days_ahead(8)
    await request_booking(manager.user, BookingDraft(space.id, day_at(day, 12), day_at(day, 13), title="Lunch"))
    html = (await client.get(f"/book/spaces/{space.id}", params={"week": day.isoformat()})).text
    states = grid(html)
    column = 0  # the grid starts on the day asked for
    assert list(states) == [f"{hour:02d}:00" for hour in range(9, 17)]
    assert states["10:00"][column] == "free"
    assert states["11:00"][column] == "part"
    assert states["12:00"][column] == "booked"
    assert states["13:00"][column] == "part"
    assert (
        f"/book/spaces/{space.id}?week=" in html
        and f"date={day.isoformat()}&amp;start=10%3A00&amp;end=11%3A00#request" in html
    )


async def test_a_chosen_time_shows_its_price_for_the_tier(
    client: httpx.AsyncClient, place: tuple[Venue, Space, Account]
) -> None:
    _, space, _ = place
    day = days_ahead(8)
    html = (
        await client.get(f"/book/spaces/{space.id}", params={"date": day.isoformat(), "start": "13:00", "end": "15:00"})
    ).text
    assert "Price: £36.00" in html and "2 h at £18.00 an hour: £36.00" in html
    assert "Sign in to send the request" in html


async def test_sending_needs_an_account(client: httpx.AsyncClient, place: tuple[Venue, Space, Account]) -> None:
    _, space, _ = place
    response = await post_form(client, f"/book/spaces/{space.id}", {"date": days_ahead(8).isoformat()}, "/sign-in")
    assert response.status_code == 303 and response.headers["location"].startswith("/sign-in")


async def test_a_one_off_request_waits_for_the_venue_and_shows_on_my_bookings(
    client: httpx.AsyncClient, factory: Factory, place: tuple[Venue, Space, Account]
) -> None:
    _, space, _ = place
    resident = await factory.account("resident")
    await sign_in(client, resident)
    day = days_ahead(8)
    form = {"date": day.isoformat(), "start": "10:00", "end": "12:00", "title": "Birthday tea", "attendance": "20"}
    response = await post_form(client, f"/book/spaces/{space.id}", form, f"/book/spaces/{space.id}")
    assert response.status_code == 303
    assert "<h1>Request sent</h1>" in (await client.get(response.headers["location"])).text
    mine = (await client.get("/my/bookings")).text
    assert "Birthday tea" in mine and "Waiting for the venue" in mine


async def test_a_sent_request_is_shown_by_a_get_so_reloading_it_never_sends_it_again(
    client: httpx.AsyncClient, factory: Factory, place: tuple[Venue, Space, Account]
) -> None:
    venue, space, _ = place
    space.requires_approval = False
    await space.save()
    resident = await factory.account("resident")
    await sign_in(client, resident)
    day = days_ahead(8)
    form = {"date": day.isoformat(), "start": "10:00", "end": "12:00", "title": "Birthday tea", "attendance": "20"}
    sent = await post_form(client, f"/book/spaces/{space.id}", form, f"/book/spaces/{space.id}")
    assert sent.status_code == 303
    booking = await Booking.objects().where(Booking.title == "Birthday tea").first()
    assert booking is not None and sent.headers["location"] == f"/book/sent/{booking.id}"
    for _ in range(2):  # the page, and the page reloaded
        shown = await client.get(sent.headers["location"])
        assert shown.status_code == 200 and "<h1>Booked</h1>" in shown.text
        assert f"{venue.name} has confirmed “Birthday tea” straight away" in html.unescape(shown.text)
    assert await Booking.count() == 1

    await sign_in(client, await factory.account("someone else"))
    assert (await client.get(sent.headers["location"])).status_code == 404


async def test_a_refused_request_comes_back_filled_in_with_the_reason(
    client: httpx.AsyncClient, factory: Factory, place: tuple[Venue, Space, Account]
) -> None:
    _, space, _ = place
    await sign_in(client, await factory.account())
    form = {
        "date": days_ahead(8).isoformat(),
        "start": "12:00",
        "end": "12:00",
        "title": "Backwards",
        "attendance": "5",
    }
    response = await post_form(client, f"/book/spaces/{space.id}", form, f"/book/spaces/{space.id}")
    assert response.status_code == 400
    assert response.text.count("The end time must differ from the start time") == 1
    assert 'value="Backwards"' in response.text


async def test_a_request_for_a_day_gone_by_is_refused_as_passed_not_as_too_little_notice(
    client: httpx.AsyncClient, factory: Factory, place: tuple[Venue, Space, Account]
) -> None:
    _, space, _ = place
    await sign_in(client, await factory.account())
    yesterday = days_ahead(-1)
    form = {"date": yesterday.isoformat(), "start": "10:00", "end": "12:00", "title": "Too late", "attendance": "5"}
    response = await post_form(client, f"/book/spaces/{space.id}", form, f"/book/spaces/{space.id}")
    assert response.status_code == 422
    said = html.unescape(response.text)
    assert said.count(f"{yesterday:%a} {yesterday.day} {yesterday:%b %Y} 10:00 has already passed") == 1
    assert " notice: the earliest start" not in said
    assert await Booking.count() == 0


async def test_a_weekly_request_ending_before_it_starts_is_refused_in_the_form_words(
    client: httpx.AsyncClient, factory: Factory, place: tuple[Venue, Space, Account]
) -> None:
    _, space, _ = place
    organiser = await factory.account("organiser")
    group = await factory.group(organiser, name="Marsh Mums")
    await sign_in(client, organiser)
    first, last = days_ahead(15), days_ahead(8)
    form = {
        **{"date": first.isoformat(), "start": "10:00", "end": "12:00", "repeat": "weekly"},
        **{"until": last.isoformat(), "group_id": str(group.id), "title": "Mums", "attendance": "5"},
    }
    response = await post_form(client, f"/book/spaces/{space.id}", form, f"/book/spaces/{space.id}")
    assert response.status_code == 400
    said = html.unescape(response.text)
    assert (
        f"The last date for the weekly booking ({last:%a} {last.day} {last:%b}) is before its first date "
        f"({first:%a} {first.day} {first:%b})" in said
    )
    assert "dtstart" not in said and "until (" not in said
    assert await Booking.count() == 0


async def test_a_weekly_request_lists_every_date_that_clashes_then_books_the_rest(
    client: httpx.AsyncClient, factory: Factory, place: tuple[Venue, Space, Account]
) -> None:
    _, space, manager = place
    organiser = await factory.account("organiser")
    group = await factory.group(organiser, name="Marsh Coffee Morning")
    first = days_ahead(8)
    await request_booking(
        manager.user,
        BookingDraft(
            space.id, day_at(first + timedelta(days=7), 11), day_at(first + timedelta(days=7), 12), title="Taken"
        ),
    )
    await sign_in(client, organiser)
    form = {
        "date": first.isoformat(),
        "start": "10:00",
        "end": "12:00",
        "repeat": "weekly",
        "until": (first + timedelta(days=21)).isoformat(),
        "group_id": str(group.id),
        "title": "Coffee",
        "attendance": "12",
    }
    refused = await post_form(client, f"/book/spaces/{space.id}", form, f"/book/spaces/{space.id}")
    assert refused.status_code == 409
    page = refused.text
    report = page.split('id="conflicts"')[1].split("</section>")[0]
    clash_day = first + timedelta(days=7)
    # Plain words, first on the page: before the grid and the form, and never the API's advice.
    assert "1 of your 4 dates clashes with another booking" in report
    assert f"<strong>{clash_day:%a} {clash_day.day} {clash_day:%b}, 10:00–12:00</strong>: Booked." in report
    assert "Book the other 3 dates" in report
    assert page.index('id="conflicts"') < page.index('id="grid-heading"') < page.index('id="request"')
    assert "skip_conflicts=true" not in page
    # An organiser is not told what another person's private booking is called.
    assert "“Taken”" not in page

    # The report's button sends the same request again, booking the other dates.
    button_form = report.split("<form")[1].split("</form>")[0]
    resend = [(name, html.unescape(value)) for name, value in re.findall(r'name="(\w+)" value="([^"]*)"', button_form)]
    assert ("skip_conflicts", "on") in resend and ("title", "Coffee") in resend
    sent = await client.post(f"/book/spaces/{space.id}", data=dict(resend))
    assert sent.status_code == 303
    booked = await client.get(sent.headers["location"])
    assert "<h1>Weekly request sent</h1>" in booked.text and "3 dates sent for the venue to confirm" in booked.text
    skipped = booked.text.split('<ul class="skipped-dates">')[1].split("</ul>")[0]
    assert skipped == f"<li>{clash_day:%a} {clash_day.day} {clash_day:%b}</li>"

    mine = (await client.get("/my/bookings")).text
    assert mine.count('<section class="series"') == 1 and mine.count('<tr id="date-') == 3
    first_date = int(re.search(r'<tr id="date-(\d+)"', mine).group(1))
    cancelled = await post_form(client, f"/my/bookings/{first_date}/cancel", {}, "/my/bookings")
    assert cancelled.status_code == 303
    statuses = [
        b.status for b in await Booking.objects().where(Booking.series.is_not_null()).order_by(Booking.starts_at)
    ]
    assert statuses == ["cancelled", "requested", "requested"]


async def test_a_sent_weekly_request_is_shown_by_a_get_so_reloading_it_never_makes_a_second_series(
    client: httpx.AsyncClient, factory: Factory, place: tuple[Venue, Space, Account]
) -> None:
    venue, space, manager = place
    organiser = await factory.account("organiser")
    group = await factory.group(organiser, name="Marsh Choir")
    first = days_ahead(8)
    taken = first + timedelta(days=14)
    await request_booking(manager.user, BookingDraft(space.id, day_at(taken, 15), day_at(taken, 16), title="Taken"))
    await sign_in(client, organiser)
    form = {
        **{"date": first.isoformat(), "start": "13:00", "end": "15:00", "repeat": "weekly"},
        **{"until": (first + timedelta(days=21)).isoformat(), "group_id": str(group.id), "title": "Choir"},
        **{"attendance": "12", "skip_conflicts": "on"},
    }
    sent = await post_form(client, f"/book/spaces/{space.id}", form, f"/book/spaces/{space.id}")
    assert sent.status_code == 303
    series = await Series.objects().first()
    assert series is not None and sent.headers["location"] == f"/book/sent/series/{series.id}"
    for _ in range(2):  # the page, and the page reloaded
        shown = await client.get(sent.headers["location"])
        assert shown.status_code == 200 and "<h1>Weekly request sent</h1>" in shown.text
        said = html.unescape(shown.text)
        assert f"“Choir” at {venue.name}, 13:00–15:00: 3 dates sent for the venue to confirm" in said
        booked = said.split('<ul class="booked-dates">')[1].split("</ul>")[0]
        days = [first, first + timedelta(days=7), first + timedelta(days=21)]
        assert booked == "".join(f"<li>{d:%a} {d.day} {d:%b}: Waiting for the venue</li>" for d in days)
        skipped = said.split('<ul class="skipped-dates">')[1].split("</ul>")[0]
        assert skipped == f"<li>{taken:%a} {taken.day} {taken:%b}</li>"
    assert await Series.count() == 1 and await Booking.count().where(Booking.series == series.id) == 3

    # The venue's managers see it too; anyone else, and the signed-out, do not.
    await sign_in(client, manager)
    assert (await client.get(sent.headers["location"])).status_code == 200
    series.is_public = True
    await series.save()
    await sign_in(client, await factory.account("stranger"))
    assert (await client.get(sent.headers["location"])).status_code == 404
    assert (await client.get("/book/sent/series/999999")).status_code == 404


async def test_a_weekly_request_without_a_group_is_refused_as_the_api_refuses_it(
    client: httpx.AsyncClient, factory: Factory, place: tuple[Venue, Space, Account]
) -> None:
    _, space, _ = place
    await sign_in(client, await factory.account())
    form = {
        "date": days_ahead(8).isoformat(),
        "start": "10:00",
        "end": "11:00",
        "repeat": "weekly",
        "title": "Solo",
        "attendance": "1",
    }
    response = await post_form(client, f"/book/spaces/{space.id}", form, f"/book/spaces/{space.id}")
    assert response.status_code == 403
    assert "A series is booked by a group&#39;s organisers" in response.text


async def test_the_booker_can_cancel_from_my_bookings(
    client: httpx.AsyncClient, factory: Factory, place: tuple[Venue, Space, Account]
) -> None:
    _, space, _ = place
    resident = await factory.account()
    booking = await request_booking(
        resident.user, BookingDraft(space.id, day_at(days_ahead(8), 10), day_at(days_ahead(8), 11), title="Oops")
    )
    await sign_in(client, resident)
    response = await post_form(client, f"/my/bookings/{booking.id}/cancel", {}, "/my/bookings")
    assert response.status_code == 303
    assert "Cancelled" in (await client.get("/my/bookings")).text
    stranger = await factory.account()
    other = await request_booking(
        resident.user, BookingDraft(space.id, day_at(days_ahead(9), 10), day_at(days_ahead(9), 11))
    )
    await sign_in(client, stranger)
    refused = await post_form(client, f"/my/bookings/{other.id}/cancel", {}, "/my/bookings")
    assert refused.status_code == 403


async def test_the_request_step_names_the_chosen_days_in_words_not_as_typed(
    client: httpx.AsyncClient, place: tuple[Venue, Space, Account]
) -> None:
    _, space, manager = place
    day, until = days_ahead(8), days_ahead(8 + 21)
    await sign_in(client, manager)
    params = {"date": day.isoformat(), "start": "13:00", "end": "15:00", "repeat": "weekly", "until": until.isoformat()}
    text = html.unescape((await client.get(f"/book/spaces/{space.id}", params=params)).text)
    said = re.search(r"You are asking for ([^<]*)\.</p>", text)
    assert said is not None and day.isoformat() not in said.group(1)
    assert said.group(1).startswith(f"{day:%A} {day.day} {day:%B}")
    assert ", 13:00–15:00, every week until " in said.group(1)
    assert f"{until:%A} {until.day} {until:%B}" in said.group(1)


async def test_signing_in_to_send_a_request_returns_to_the_form_with_the_chosen_time(
    client: httpx.AsyncClient, place: tuple[Venue, Space, Account], factory: Factory
) -> None:
    _, space, _ = place
    resident = await factory.account("resident")
    day = days_ahead(8)
    chosen = {"date": day.isoformat(), "start": "13:00", "end": "15:00"}
    text = (await client.get(f"/book/spaces/{space.id}", params=chosen)).text
    link = re.search(r'href="(/sign-in\?next=[^"]+)">Sign in to send the request', text)
    assert link is not None
    sign_in_page = (await client.get(html.unescape(link.group(1)))).text
    target = re.search(r'name="next" value="([^"]+)"', sign_in_page)
    assert target is not None
    token = re.search(r'name="_csrf_token" value="([^"]+)"', sign_in_page)
    assert token is not None
    signed_in = await client.post(
        "/sign-in",
        data={
            "email": resident.user.email,
            "password": PASSWORD,
            "next": html.unescape(target.group(1)),
            "_csrf_token": token.group(1),
        },
    )
    assert signed_in.status_code == 303
    back = signed_in.headers["location"]
    assert back.startswith(f"/book/spaces/{space.id}?") and back.endswith("#request")
    assert f"date={day.isoformat()}" in back and "start=13%3A00" in back


async def test_the_cancel_step_of_a_series_date_tells_a_stranger_nothing_about_its_series(
    client: httpx.AsyncClient, factory: Factory, place: tuple[Venue, Space, Account]
) -> None:
    _, space, _ = place
    resident = await factory.account()
    day = days_ahead(8)
    series = await factory.series(space, day, time(10), time(11), is_public=False, booked_by=resident.id)
    booking = await factory.booking(
        space,
        day_at(day, 10),
        day_at(day, 11),
        is_public=False,
        booked_by=resident.id,
        series=series.id,
        recurrence_id=day_at(day, 10),
    )
    stranger = await factory.account()
    await sign_in(client, stranger)
    refused = await client.get(f"/my/bookings/{booking.id}/cancel")
    assert refused.status_code == 404
    assert f"/my/series/{series.id}" not in refused.text and "location" not in refused.headers
    await sign_in(client, resident)
    sent_on = await client.get(f"/my/bookings/{booking.id}/cancel")
    assert sent_on.status_code == 303
    assert sent_on.headers["location"].startswith(f"/my/series/{series.id}/cancel?from=")
