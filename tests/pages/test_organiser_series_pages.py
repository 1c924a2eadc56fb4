"""An organiser's pages: a weekly booking once with all its dates, cancelling dates only after a page that lists
them, reasons shown, and the listing residents see, given on the /book form or edited from My bookings."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import httpx

from scheduling.bookings.workflow import BookingDraft, decline_booking, request_booking
from scheduling.models import Activity, Booking, Series
from scheduling.recurrence.rules import parse_rrule
from scheduling.series.changes import cancel_occurrence
from scheduling.series.create import SeriesDraft, create_series
from tests.factories import Account, Factory
from tests.pages.support import days_ahead, form_token, next_weekday, post_form, sign_in
from venues.models import Space


@dataclass
class Club:
    organiser: Account
    manager: Account
    space: Space
    series_id: int
    monday: date


async def club(factory: Factory, rule: str = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;COUNT=15", **fields: object) -> Club:
    """A group's weekday mornings from next Monday, confirmed straight away."""
    manager = await factory.account("manager")
    organiser = await factory.account("organiser")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue, requires_approval=False, horizon_days=400)
    group = await factory.group(organiser, name="Marsh Holiday Club")
    monday = next_weekday(0)
    draft = SeriesDraft(
        space.id, parse_rrule(rule), monday, time(10), time(12), title="Holiday club", group_id=group.id, **fields
    )
    made = await create_series(organiser.user, draft)
    return Club(organiser, manager, space, made.series.id, monday)


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour))


def date_rows(html: str) -> list[tuple[str, str]]:
    """Each date row's local date and status, as the table shows them."""
    return re.findall(r'<tr id="date-\d+" data-date="([\d-]+)" data-status="(\w+)">', html)


async def statuses_by_date(series_id: int) -> dict[str, str]:
    rows = await Booking.select(Booking.starts_at, Booking.status).where(Booking.series == series_id)
    return {row["starts_at"].date().isoformat(): row["status"] for row in rows}


async def test_a_series_shows_once_with_its_rule_in_words_and_every_date_a_page_at_a_time(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    weekly = await club(factory, "FREQ=WEEKLY;BYDAY=TU;COUNT=25")
    await sign_in(client, weekly.organiser)
    mine = (await client.get("/my/bookings")).text
    assert mine.count('<section class="series"') == 1
    assert "Every week on Tuesday, 25 times in all, 10:00–12:00" in mine
    first_page = date_rows(mine)
    assert len(first_page) == 20 and "Page 1 of 2" in mine
    booking_ids = re.findall(r'<tr id="date-(\d+)"', mine)
    assert all(f'<a href="/bookings/{booking_id}">' in mine for booking_id in booking_ids)

    second = (await client.get(f"/my/series/{weekly.series_id}?page=2")).text
    assert len(date_rows(second)) == 5 and "Page 2 of 2" in second
    every_date = sorted(day for day, _ in first_page + date_rows(second))
    assert every_date == sorted(await statuses_by_date(weekly.series_id))


async def test_cancelling_a_range_lists_exactly_its_dates_first_and_only_the_yes_cancels_them(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    weekdays = await club(factory)
    await sign_in(client, weekdays.organiser)
    first, last = weekdays.monday + timedelta(weeks=1), weekdays.monday + timedelta(weeks=1, days=4)
    confirm = await client.get(f"/my/series/{weekdays.series_id}/cancel", params={"from": str(first), "to": str(last)})
    assert confirm.status_code == 200
    listed = re.findall(r"<li>(Holiday club, [^<]+)</li>", confirm.text.split('class="to-cancel"')[1])
    expected = [f"{day:%a} {day.day} {day:%b}" for day in (first + timedelta(days=n) for n in range(5))]
    assert [name.split(", ")[1] for name in listed] == expected
    assert "Yes, cancel these 5 dates" in confirm.text
    assert set((await statuses_by_date(weekdays.series_id)).values()) == {"confirmed"}

    done = await post_form(
        client,
        f"/my/series/{weekdays.series_id}/cancel",
        {"from": str(first), "to": str(last), "reason": "Half term"},
        f"/my/series/{weekdays.series_id}/cancel?from={first}&to={last}",
    )
    assert done.status_code == 303
    cancelled = sorted(
        day for day, status in (await statuses_by_date(weekdays.series_id)).items() if status == "cancelled"
    )
    assert cancelled == [str(first + timedelta(days=n)) for n in range(5)]
    after = (await client.get(done.headers["location"])).text
    assert "5 dates are cancelled" in after and all(f"Holiday club, {name}" in after for name in expected)
    assert after.count('Cancelled</strong>: <span class="reason">“Half term”</span>') == 5
    assert (
        "<dd>Every week on Monday, Tuesday, Wednesday, Thursday and Friday, 15 times in all, 10:00–12:00 (5 cancelled)</dd>"
        in after
    )
    assert not re.search(r"Booking \d", after)


async def test_decline_and_cancel_reasons_show_on_my_bookings(client: httpx.AsyncClient, factory: Factory) -> None:
    weekdays = await club(factory)
    await cancel_occurrence(weekdays.organiser.user, weekdays.series_id, str(weekdays.monday), "Boiler repair")
    needs_approval = await factory.space(await factory.venue(manager=weekdays.manager), requires_approval=True)
    day = days_ahead(9)
    asked = await request_booking(
        weekdays.organiser.user,
        BookingDraft(needs_approval.id, _at(day, 18), _at(day, 20), title="Quiz night"),
    )
    await decline_booking(weekdays.manager.user, asked.id, "The hall is set for the election")
    await sign_in(client, weekdays.organiser)
    mine = (await client.get("/my/bookings")).text
    assert 'Cancelled</strong>: <span class="reason">“Boiler repair”</span>' in mine
    assert "Declined</strong>: “The hall is set for the election”" in mine


async def test_a_one_off_cancel_asks_first_and_the_message_names_the_booking(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    resident = await factory.account("resident")
    space = await factory.space(await factory.venue(), requires_approval=False)
    day = days_ahead(9)
    booking = await request_booking(resident.user, BookingDraft(space.id, _at(day, 10), _at(day, 11), title="Oops"))
    await sign_in(client, resident)
    assert f'href="/my/bookings/{booking.id}/cancel"' in (await client.get("/my/bookings")).text
    confirm = await client.get(f"/my/bookings/{booking.id}/cancel")
    assert "Yes, cancel this date" in confirm.text
    assert (await Booking.select(Booking.status).where(Booking.id == booking.id).first())["status"] == "confirmed"
    done = await post_form(client, f"/my/bookings/{booking.id}/cancel", {}, f"/my/bookings/{booking.id}/cancel")
    page = (await client.get(done.headers["location"])).text
    assert f"Cancelled: Oops, {day:%a} {day.day} {day:%b}, 10:00–11:00" in page
    assert f"Booking {booking.id}" not in page


async def test_a_listing_given_on_the_book_form_shows_on_whats_on_with_its_public_contact_only(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    organiser = await factory.account("organiser")
    venue = await factory.venue()
    space = await factory.space(venue, requires_approval=False, horizon_days=400)
    group = await factory.group(organiser, name="Marsh Toddlers")
    await sign_in(client, organiser)
    day = days_ahead(2)
    form = {
        "date": str(day),
        "start": "10:00",
        "end": "11:00",
        "repeat": "weekly",
        "until": str(day + timedelta(weeks=3)),
        "group_id": str(group.id),
        "title": "Toddler group",
        "attendance": "12",
        "purpose": "Private note: key from Mrs Smith",
        "is_public": "on",
        "listing_title": "Toddler Tuesdays",
        "listing_category": "family",
        "listing_audience": "families",
        "listing_cost": "priced",
        "listing_price": "2.50",
        "listing_description": "Songs and play for under-fives.",
        "listing_accessibility_notes": "Step-free from the car park.",
        "listing_email": "toddlers@example.org",
    }
    sent = await post_form(client, f"/book/spaces/{space.id}", form, f"/book/spaces/{space.id}?date={day}")
    assert sent.status_code == 303, sent.text
    shown = (await client.get(sent.headers["location"])).text
    # Its dates are confirmed already: the listing is live, not waiting for the venue.
    assert "It is live: residents see it on What's on now as “Toddler Tuesdays”." in shown
    assert "once the venue confirms" not in shown
    activity = await Activity.objects().first()
    assert activity is not None and activity.series is not None
    assert (activity.title, activity.category, activity.audience, activity.price_minor) == (
        "Toddler Tuesdays",
        "family",
        "families",
        250,
    )
    whats_on = await client.get("/")
    assert "Toddler Tuesdays" in whats_on.text and "£2.50" in whats_on.text and "For: Families" in whats_on.text
    listing = await client.get(f"/activities/{activity.id}")
    assert "toddlers@example.org" in listing.text and "Step-free from the car park." in listing.text
    for private in (organiser.user.email, "Mrs Smith"):
        assert private not in whats_on.text and private not in listing.text


async def test_the_listing_page_says_a_listing_is_live_once_confirmed_and_waiting_before(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    resident = await factory.account("resident")
    space = await factory.space(await factory.venue(), requires_approval=True)
    await sign_in(client, resident)
    day = days_ahead(3)
    form = {
        **{"date": str(day), "start": "10:00", "end": "11:00", "title": "Bake sale", "attendance": "10"},
        **{"is_public": "on", "listing_title": "Cake stall", "listing_cost": "free"},
    }
    sent = await post_form(client, f"/book/spaces/{space.id}", form, f"/book/spaces/{space.id}?date={day}")
    assert sent.status_code == 303, sent.text
    waiting = (await client.get(sent.headers["location"])).text
    assert "as “Cake stall” once the venue confirms it." in waiting and "It is live" not in waiting
    booking = await Booking.objects().first()
    assert booking is not None
    listing_page = f"/my/bookings/{booking.id}/listing"
    before = (await client.get(listing_page)).text
    assert "for the booking, once the venue confirms." in before and "it is live" not in before

    booking.status = "confirmed"
    await booking.save()
    after = (await client.get(listing_page)).text
    assert "Residents see this on What's on now for the booking: it is live." in after
    assert "once the venue confirms" not in after
    assert "It is live" in (await client.get(sent.headers["location"])).text


async def test_a_refused_listing_on_the_book_form_books_nothing_and_comes_back_filled_in(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    resident = await factory.account("resident")
    space = await factory.space(await factory.venue(), requires_approval=False)
    await sign_in(client, resident)
    day = days_ahead(3)
    form = {
        "date": str(day),
        "start": "10:00",
        "end": "11:00",
        "title": "Bake sale",
        "attendance": "10",
        "is_public": "on",
        "listing_cost": "priced",
        "listing_price": "",
        "listing_description": "Cakes",
    }
    refused = await post_form(client, f"/book/spaces/{space.id}", form, f"/book/spaces/{space.id}?date={day}")
    assert refused.status_code == 400
    assert "A priced activity needs a price" in refused.text and ">Cakes</textarea>" in refused.text
    assert await Booking.count() == 0 and await Activity.count() == 0


async def test_only_those_running_the_series_edit_its_listing(client: httpx.AsyncClient, factory: Factory) -> None:
    weekdays = await club(factory, is_public=True)
    intruder = await factory.account("other-organiser")
    await factory.group(intruder)
    await sign_in(client, intruder)
    assert (await client.get(f"/my/series/{weekdays.series_id}/listing")).status_code == 403
    token = await form_token(client, "/my/bookings")
    refused = await client.post(
        f"/my/series/{weekdays.series_id}/listing", data={"listing_title": "Hijacked", "_csrf_token": token}
    )
    assert refused.status_code == 403 and await Activity.count() == 0
    assert (await client.get(f"/my/series/{weekdays.series_id}")).status_code == 403
    denied = await client.post(
        f"/my/series/{weekdays.series_id}/cancel",
        data={"from": str(weekdays.monday), "to": str(weekdays.monday), "_csrf_token": token},
    )
    assert denied.status_code == 403
    assert set((await statuses_by_date(weekdays.series_id)).values()) == {"confirmed"}

    await sign_in(client, weekdays.organiser)
    saved = await post_form(
        client,
        f"/my/series/{weekdays.series_id}/listing",
        {"listing_title": "Holiday club", "listing_audience": "children"},
        f"/my/series/{weekdays.series_id}/listing",
    )
    assert saved.status_code == 303
    changed = await post_form(
        client,
        f"/my/series/{weekdays.series_id}/listing",
        {"listing_title": "Summer holiday club", "listing_audience": "children"},
        f"/my/series/{weekdays.series_id}/listing",
    )
    assert changed.status_code == 303
    assert [(a.title, a.series) for a in await Activity.objects()] == [("Summer holiday club", weekdays.series_id)]
    assert "Summer holiday club" in (await client.get("/")).text
    assert await Series.count() == 1


async def test_a_series_counts_its_dates_by_status_never_a_cancelled_date_as_booked(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    weekly = await club(factory, "FREQ=WEEKLY;BYDAY=MO;COUNT=4")
    await sign_in(client, weekly.organiser)
    assert "<dd>4 dates so far, all confirmed" in (await client.get(f"/my/series/{weekly.series_id}")).text

    await cancel_occurrence(weekly.organiser.user, weekly.series_id, str(weekly.monday), "Bank holiday")
    after = (await client.get(f"/my/series/{weekly.series_id}")).text
    assert "<dd>4 dates so far: 3 confirmed, 1 cancelled" in after
    assert "booked so far" not in after and "4 booked" not in after
