"""A weekly request whose dates clash: reported first on the page, in plain words, naming the booking in the way
only to those who run the venue, and offering to book the other dates only when there are some."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

import httpx

from scheduling.bookings.workflow import BookingDraft, request_booking
from tests.factories import Factory
from tests.pages.support import days_ahead, post_form, sign_in
from venues.opening.closures import add_closure


def at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour))


def report_of(page: str) -> str:
    return page.split('id="conflicts"')[1].split("</section>")[0]


async def test_a_manager_sees_what_the_clashing_booking_is_called_and_every_reason_in_words(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager, name="Little Marsh Village Hall")
    space = await factory.space(venue, name="Main hall")
    first = days_ahead(8)
    await request_booking(
        manager.user,
        BookingDraft(
            space.id, at(first + timedelta(days=7), 18), at(first + timedelta(days=7), 20), title="Choir practice"
        ),
    )
    await add_closure(venue.id, first + timedelta(days=14), first + timedelta(days=14), "Floor repairs", None)
    await sign_in(client, manager)
    form = {
        "date": first.isoformat(),
        "start": "18:00",
        "end": "20:00",
        "repeat": "weekly",
        "until": (first + timedelta(days=28)).isoformat(),
        "title": "Whist drive",
        "attendance": "10",
        "purpose": "Cards\nand tea",
    }
    refused = await post_form(client, f"/book/spaces/{space.id}", form, f"/book/spaces/{space.id}")
    assert refused.status_code == 409
    report = report_of(refused.text)
    assert "2 of your 5 dates can&#39;t be booked" in report
    clash, closed = first + timedelta(days=7), first + timedelta(days=14)
    items = re.findall(r"<li><strong>([^<]+)</strong>: ([^<]+)</li>", report)
    assert [when for when, _ in items] == [
        f"{clash:%a} {clash.day} {clash:%b}, 18:00–20:00",
        f"{closed:%a} {closed.day} {closed:%b}, 18:00–20:00",
    ]
    assert items[0][1].startswith("Booked for “Choir practice”.")
    assert "closed" in items[1][1] and "Floor repairs" in items[1][1]
    assert "Book the other 3 dates" in report
    # The purpose's line break goes back with the button, so nothing typed is lost.
    assert 'name="purpose" value="Cards\nand tea"' in report


async def test_when_no_date_can_be_booked_there_is_no_button_to_book_the_others(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue, name="Main hall")
    first = days_ahead(8)
    await add_closure(venue.id, first, first + timedelta(days=14), "Roof", None)
    await sign_in(client, manager)
    form = {
        "date": first.isoformat(),
        "start": "10:00",
        "end": "11:00",
        "repeat": "weekly",
        "until": (first + timedelta(days=14)).isoformat(),
        "title": "Nothing fits",
        "attendance": "3",
    }
    refused = await post_form(client, f"/book/spaces/{space.id}", form, f"/book/spaces/{space.id}")
    assert refused.status_code == 409
    report = report_of(refused.text)
    assert "None of your 3 dates can be booked" in report
    assert "Book the other" not in report and 'name="skip_conflicts"' not in refused.text
