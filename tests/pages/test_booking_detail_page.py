"""/bookings/{id}: who sees a booking's page, moving it under the overlap guard, cancelling after a confirm step,
and the desk's week view linking to it."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta

import httpx
import pytest

from scheduling.bookings.workflow import BookingDraft, request_booking
from scheduling.models import Booking, BookingEvent, Group, Occupancy
from tests.factories import Account, Factory
from tests.pages.support import days_ahead, form_token, london, post_form, sign_in
from tests.pages.test_desk_answer_refused import one_off
from tests.pages.test_desk_series_pages import weekly_request
from tests.series_support import next_weekday, post_series
from venues.models import OpeningHours, Space, Venue


@dataclass
class Hall:
    venue: Venue
    main: Space
    small: Space
    manager: Account
    organiser: Account
    group: Group
    booking: Booking


def at(days: int, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(days_ahead(days), time(hour, minute))


@pytest.fixture
async def hall(factory: Factory) -> Hall:
    manager = await factory.account("manager")
    organiser = await factory.account("organiser")
    venue = await factory.venue(manager=manager, name="Little Marsh Village Hall")
    main = await factory.space(venue, name="Main hall")
    small = await factory.space(venue, name="Small hall")
    group = await factory.group(organiser, name="Marsh Choir")
    booking = await request_booking(
        organiser.user,
        BookingDraft(
            main.id,
            at(8, 10),
            at(8, 12),
            title="Choir practice",
            purpose="Rehearsing for the spring concert",
            group_id=group.id,
            booker_phone="01234 567890",
        ),
    )
    return Hall(venue, main, small, manager, organiser, group, booking)


async def stored(booking_id: int) -> Booking:
    found = await Booking.objects().where(Booking.id == booking_id).first()
    assert found is not None
    return found


async def test_a_manager_sees_the_booker_their_contact_the_group_and_the_history(
    client: httpx.AsyncClient, hall: Hall
) -> None:
    await sign_in(client, hall.manager)
    response = await client.get(f"/bookings/{hall.booking.id}")
    assert response.status_code == 200
    html = response.text
    assert "<h1>Choir practice</h1>" in html
    assert hall.organiser.user.email in html and "01234 567890" in html and "Organiser" in html
    assert "Marsh Choir" in html and "Rehearsing for the spring concert" in html
    assert "Main hall" in html and "Waiting for the venue" in html
    history = html.split('id="history-heading"')[1]
    assert "Booked" in history and "by Organiser" in history


async def test_the_page_is_a_404_to_strangers_and_organisers_of_other_groups_and_shows_nothing_private(
    client: httpx.AsyncClient, factory: Factory, hall: Hall
) -> None:
    anonymous = await client.get(f"/bookings/{hall.booking.id}")
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/sign-in?next=")
    other_organiser = await factory.account("other-organiser")
    await factory.group(other_organiser, name="Marsh Morris")
    other_manager = await factory.account("other-manager")
    await factory.venue(manager=other_manager)
    for account in (await factory.account("stranger"), other_organiser, other_manager):
        await sign_in(client, account)
        for path in (f"/bookings/{hall.booking.id}", f"/bookings/{hall.booking.id}/cancel"):
            response = await client.get(path)
            assert response.status_code == 404
            for private in ("Rehearsing", "01234 567890", hall.organiser.user.email, "Choir practice"):
                assert private not in response.text
        # The answer is the one an unknown id gets: nothing says the booking exists.
        assert (await client.get("/bookings/987654")).status_code == 404
        token = await form_token(client, "/my/bookings")
        move = await client.post(
            f"/bookings/{hall.booking.id}/move",
            data={"date": days_ahead(9).isoformat(), "start": "10:00", "end": "12:00", "_csrf_token": token},
        )
        cancel = await client.post(
            f"/bookings/{hall.booking.id}/cancel", data={"confirm": "yes", "reason": "mine now", "_csrf_token": token}
        )
        assert (move.status_code, cancel.status_code) == (404, 404)
    after = await stored(hall.booking.id)
    assert (after.status, after.starts_at, after.sequence) == ("requested", hall.booking.starts_at, 0)


async def test_the_organiser_sees_their_own_booking_and_may_move_it_but_not_to_another_space(
    client: httpx.AsyncClient, hall: Hall
) -> None:
    await sign_in(client, hall.organiser)
    html = (await client.get(f"/bookings/{hall.booking.id}")).text
    assert "Rehearsing for the spring concert" in html and "01234 567890" in html
    assert 'name="space_id" value' in html and '<select id="space_id"' not in html
    page = f"/bookings/{hall.booking.id}"
    refused = await post_form(
        client,
        f"{page}/move",
        {"space_id": str(hall.small.id), "date": days_ahead(8).isoformat(), "start": "10:00", "end": "12:00"},
        page,
    )
    assert refused.status_code == 403 and "another space" in refused.text
    assert (await stored(hall.booking.id)).space == hall.main.id
    moved = await post_form(
        client,
        f"{page}/move",
        {"space_id": str(hall.main.id), "date": days_ahead(8).isoformat(), "start": "13:00", "end": "15:00"},
        page,
    )
    assert moved.status_code == 303 and moved.headers["location"] == f"{page}?done=moved"
    after = await stored(hall.booking.id)
    assert (after.starts_at, after.ends_at) == (london(days_ahead(8), 13), london(days_ahead(8), 15))


async def test_a_move_into_a_clash_names_the_clashing_booking_keeps_the_form_and_writes_nothing(
    client: httpx.AsyncClient, hall: Hall
) -> None:
    other = await request_booking(hall.manager.user, BookingDraft(hall.small.id, at(9, 14), at(9, 16), title="Yoga"))
    await sign_in(client, hall.manager)
    page = f"/bookings/{hall.booking.id}"
    events_before = await BookingEvent.count()
    occupancy_before = await Occupancy.select(Occupancy.space, Occupancy.starts_ts).where(
        Occupancy.booking == hall.booking.id
    )
    response = await post_form(
        client,
        f"{page}/move",
        {"space_id": str(hall.small.id), "date": days_ahead(9).isoformat(), "start": "15:00", "end": "17:30"},
        page,
    )
    assert response.status_code == 409
    html = response.text
    named = f"Yoga, {days_ahead(9):%a} {days_ahead(9).day} {days_ahead(9):%b}, 14:00–16:00"
    assert f"That time clashes with {named} (Small hall)" in html
    assert f'href="/bookings/{other.id}"' in html and f"booking {other.id}" not in html.lower()
    assert f'value="{days_ahead(9).isoformat()}"' in html and 'value="15:00"' in html and 'value="17:30"' in html
    assert re.search(rf'<option value="{hall.small.id}" selected>', html)
    after = await stored(hall.booking.id)
    assert (after.space, after.starts_at, after.sequence) == (hall.main.id, hall.booking.starts_at, 0)
    assert await BookingEvent.count() == events_before
    assert (
        await Occupancy.select(Occupancy.space, Occupancy.starts_ts).where(Occupancy.booking == hall.booking.id)
        == occupancy_before
    )


async def test_a_manager_moves_a_booking_to_another_space_and_day_and_the_week_view_shows_it_there(
    client: httpx.AsyncClient, hall: Hall
) -> None:
    await sign_in(client, hall.manager)
    page = f"/bookings/{hall.booking.id}"
    moved = await post_form(
        client,
        f"{page}/move",
        {
            "space_id": str(hall.small.id),
            "date": days_ahead(9).isoformat(),
            "start": "18:30",
            "end": "20:00",
            "reason": "Main hall floor is being sanded",
        },
        page,
    )
    assert moved.status_code == 303
    after = await stored(hall.booking.id)
    assert after.space == hall.small.id
    assert set(await Occupancy.select(Occupancy.space).where(Occupancy.booking == after.id).output(as_list=True)) == {
        hall.small.id
    }
    shown = (await client.get(moved.headers["location"])).text
    assert "is now booked in Small hall" in shown
    history = shown.split('id="history-heading"')[1]
    assert "space from Main hall to Small hall" in history and "Main hall floor is being sanded" in history
    week = (await client.get(f"/desk/venues/{hall.venue.id}/week", params={"week": days_ahead(9).isoformat()})).text
    rows = dict(re.findall(r'<tr>\s*<th scope="row">([A-Z][a-z]+ hall).*?</th>(.*?)</tr>', week, re.S))
    assert f'href="/bookings/{after.id}"' in rows["Small hall"] and "18:30–20:00" in rows["Small hall"]
    assert "Choir practice" not in rows["Main hall"]


async def test_cancelling_takes_a_confirm_step_and_records_the_reason(client: httpx.AsyncClient, hall: Hall) -> None:
    await sign_in(client, hall.manager)
    page = f"/bookings/{hall.booking.id}"
    assert f'href="{page}/cancel"' in (await client.get(page)).text
    skipped = await post_form(client, f"{page}/cancel", {"reason": "Hall flooded"}, page)
    assert skipped.status_code == 303 and skipped.headers["location"] == f"{page}/cancel"
    assert (await stored(hall.booking.id)).status == "requested"
    confirm = (await client.get(f"{page}/cancel")).text
    day = days_ahead(8)
    assert f"Cancel Choir practice, {day:%a} {day.day} {day:%b}, 10:00–12:00?" in confirm
    assert "Yes, cancel it" in confirm
    done = await post_form(client, f"{page}/cancel", {"confirm": "yes", "reason": "Hall flooded"}, f"{page}/cancel")
    assert done.status_code == 303 and done.headers["location"] == f"{page}?done=cancelled"
    after = await stored(hall.booking.id)
    assert (after.status, after.status_reason) == ("cancelled", "Hall flooded")
    assert await Occupancy.count().where(Occupancy.booking == after.id) == 0
    event = (
        await BookingEvent.objects()
        .where(BookingEvent.booking == after.id)
        .order_by(BookingEvent.id, ascending=False)
        .first()
    )
    assert (event.action, event.reason, event.actor) == ("cancelled", "Hall flooded", hall.manager.user.id)
    shown = (await client.get(done.headers["location"])).text
    assert f"Choir practice, {day:%a} {day.day} {day:%b}, 10:00–12:00 is cancelled" in shown
    assert "Reason for cancelling" in shown and "Move this booking" not in shown


async def test_the_week_view_names_bookers_marks_requests_in_words_and_says_closed_days_are_closed(
    client: httpx.AsyncClient, factory: Factory, hall: Hall
) -> None:
    resident = await factory.account("resident")
    await request_booking(resident.user, BookingDraft(hall.small.id, at(8, 9), at(8, 10), title="Piano lesson"))
    await request_booking(hall.manager.user, BookingDraft(hall.small.id, at(8, 14), at(8, 15), title="Meeting"))
    closed_day = days_ahead(8).weekday()
    await OpeningHours.delete().where((OpeningHours.venue == hall.venue.id) & (OpeningHours.weekday == closed_day))
    await sign_in(client, hall.manager)
    week = (await client.get(f"/desk/venues/{hall.venue.id}/week", params={"week": days_ahead(8).isoformat()})).text
    assert "open closed" not in week.lower()
    assert week.count(">Closed</span>") == 2  # the day with no opening hours, for each space
    choir = re.search(rf'<li class="item requested"><a href="/bookings/{hall.booking.id}">(.*?)</li>', week, re.S)
    assert choir is not None
    assert '<span class="tag">Request</span>' in choir.group(1) and "(waiting for a decision)" in choir.group(1)
    assert '<span class="booker">Marsh Choir</span>' in choir.group(1)
    assert '<span class="booker">Resident</span>' in week
    meeting = re.search(r'<li class="item confirmed"><a href="/bookings/\d+">(.*?)</li>', week, re.S)
    assert meeting is not None and "Meeting" in meeting.group(1) and "(confirmed)" in meeting.group(1)
    assert "Request</span>" not in meeting.group(1)


async def test_each_day_to_come_of_a_bookable_space_in_the_week_view_links_to_its_booking_page_with_that_date(
    client: httpx.AsyncClient, hall: Hall
) -> None:
    hall.small.bookable = False
    await hall.small.save()
    await sign_in(client, hall.manager)
    today = days_ahead(0)
    monday = today - timedelta(days=today.weekday())
    week = (await client.get(f"/desk/venues/{hall.venue.id}/week", params={"week": today.isoformat()})).text
    links = re.findall(r'<a class="book-cell" href="([^"]+)">Book<span class="visually-hidden"> (.*?)</span></a>', week)
    days = [monday + timedelta(days=offset) for offset in range(7) if monday + timedelta(days=offset) >= today]
    assert [(html.unescape(href), name) for href, name in links] == [
        (f"/book/spaces/{hall.main.id}?week={day}&date={day}#request", f"Main hall on {day:%a} {day.day} {day:%b}")
        for day in days
    ]  # none for days gone, none for a space that takes no bookings
    next_week = (
        await client.get(
            f"/desk/venues/{hall.venue.id}/week", params={"week": (monday + timedelta(days=7)).isoformat()}
        )
    ).text
    assert next_week.count('class="book-cell"') == 7

    target = await client.get(html.unescape(links[-1][0]))
    assert target.status_code == 200
    assert f'name="date" type="date" value="{days[-1].isoformat()}"' in target.text


async def test_a_date_of_a_weekly_booking_says_its_rule_and_cancelling_it_leaves_the_other_dates(
    client: httpx.AsyncClient, hall: Hall
) -> None:
    tuesday = next_weekday(1, days_ahead=3)
    made = await post_series(
        client, hall.organiser, hall.small.id, "FREQ=WEEKLY;BYDAY=TU;COUNT=3", tuesday, group_id=hall.group.id
    )
    assert made.status_code == 201, made.text
    dates = await Booking.objects().where(Booking.series == made.json()["series"]["id"]).order_by(Booking.starts_at)
    assert len(dates) == 3
    await sign_in(client, hall.organiser)
    page = f"/bookings/{dates[0].id}"
    html = (await client.get(page)).text
    assert "Every week on Tuesday, 3 times in all" in html and "Cancel this date" in html
    confirm = (await client.get(f"{page}/cancel")).text
    assert "this date only; the other dates stay booked" in confirm
    done = await post_form(client, f"{page}/cancel", {"confirm": "yes", "reason": "Half term"}, f"{page}/cancel")
    assert done.status_code == 303
    statuses = [
        row.status
        for row in await Booking.objects()
        .where(Booking.series == made.json()["series"]["id"])
        .order_by(Booking.starts_at)
    ]
    assert statuses[0] == "cancelled" and statuses[1:] == [dates[1].status, dates[2].status]
    assert dates[1].status in ("requested", "confirmed")
    # The rule now says how many of its dates will not happen, to those who run it.
    other = (await client.get(f"/bookings/{dates[1].id}")).text
    assert "Every week on Tuesday, 3 times in all (1 cancelled)" in other
    await sign_in(client, hall.manager)
    assert "3 times in all (1 cancelled)" in (await client.get(f"/bookings/{dates[1].id}")).text


async def test_a_move_the_rules_refuse_says_why_and_a_manager_may_override_the_notice_rule(
    client: httpx.AsyncClient, hall: Hall
) -> None:
    await Space.update({Space.min_notice_minutes: 60 * 24 * 14}).where(Space.id == hall.main.id)
    await sign_in(client, hall.manager)
    page = f"/bookings/{hall.booking.id}"
    move = {"space_id": str(hall.main.id), "date": days_ahead(9).isoformat(), "start": "10:00", "end": "12:00"}
    unreadable = await post_form(client, f"{page}/move", {**move, "date": "next week"}, page)
    assert unreadable.status_code == 400 and "is not a date such as" in unreadable.text
    refused = await post_form(client, f"{page}/move", move, page)
    assert refused.status_code == 422 and "notice" in refused.text
    assert (await stored(hall.booking.id)).starts_at == hall.booking.starts_at
    overridden = await post_form(client, f"{page}/move", {**move, "override_rules": "on"}, page)
    assert overridden.status_code == 303
    after = await stored(hall.booking.id)
    assert after.starts_at == london(days_ahead(9), 10) and after.rules_overridden


async def test_an_end_before_the_start_is_read_as_the_next_day_and_the_rules_refuse_what_does_not_fit(
    client: httpx.AsyncClient, hall: Hall
) -> None:
    await sign_in(client, hall.manager)
    page = f"/bookings/{hall.booking.id}"
    move = {"space_id": str(hall.main.id), "date": days_ahead(9).isoformat()}
    slip = await post_form(client, f"{page}/move", {**move, "start": "14:00", "end": "12:00"}, page)
    assert slip.status_code == 422 and "last at most 8 h" in slip.text
    # Read as 22:00 to 00:30 the next morning: refused only because this hall closes at 23:59.
    late = await post_form(client, f"{page}/move", {**move, "start": "22:00", "end": "00:30"}, page)
    assert late.status_code == 422 and "must fit inside one opening period" in late.text
    assert "must end after it starts" not in late.text
    assert 'value="22:00"' in late.text and 'value="00:30"' in late.text
    assert (await stored(hall.booking.id)).starts_at == hall.booking.starts_at


async def test_a_manager_opening_a_waiting_request_is_shown_where_to_answer_it(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    asked = await weekly_request(factory, weeks=2)
    booking = await one_off(asked, factory)
    first_date = await Booking.objects().where(Booking.series == asked.series_id).order_by(Booking.starts_at).first()
    assert first_date is not None
    desk = f"/desk/venues/{asked.venue.id}"

    await sign_in(client, asked.organiser)
    assert "confirm or decline it" not in (await client.get(f"/bookings/{first_date.id}")).text

    await sign_in(client, asked.manager)
    assert (
        f'href="{desk}#request-{booking.id}">confirm or decline it'
        in (await client.get(f"/bookings/{booking.id}")).text
    )
    series_page = (await client.get(f"/bookings/{first_date.id}")).text
    assert f'href="{desk}#series-{asked.series_id}">confirm or decline it' in series_page
    assert "with the other dates of this weekly booking" in series_page
    assert f'id="series-{asked.series_id}"' in (await client.get(desk)).text

    assert (await post_form(client, f"/desk/bookings/{booking.id}/confirm", {}, desk)).status_code == 303
    assert "confirm or decline it" not in (await client.get(f"/bookings/{booking.id}")).text
