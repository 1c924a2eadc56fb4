"""The desk's spaces tab: every setting the API changes, stricter rules listing the bookings they break with
cancel/keep choices, the bookings in the way named by title, and a space's own opening hours."""

from __future__ import annotations

from datetime import time

import httpx

from api.pages.support.wording import booking_named
from scheduling.bookings.workflow import BookingDraft, request_booking
from scheduling.models import Booking, BookingEvent
from tests.factories import Account, Factory
from tests.pages.support import london, next_weekday, post_form, sign_in
from venues.models import OpeningHours, Space, SpacePart, Venue
from venues.opening.hours import Interval, weekly_hours

LONDON = "Europe/London"


async def hall(factory: Factory) -> tuple[Venue, Space, Account]:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager, name="Little Marsh Village Hall")
    space = await factory.space(venue, name="Main hall", capacity=100, max_booking_minutes=480)
    return venue, space, manager


def full_form(**changes: str) -> dict[str, str]:
    """A space's whole form, as the page sends it."""
    return {
        "flags": "1",
        "lists": "1",
        "parts": "1",
        "name": "Main hall",
        "kind": "hall",
        "description": "",
        "capacity": "100",
        "min_booking_minutes": "30",
        "max_booking_minutes": "480",
        "setup_buffer_minutes": "0",
        "cleanup_buffer_minutes": "0",
        "min_notice_minutes": "0",
        "horizon_days": "365",
        "bookable": "1",
        "requires_approval": "1",
        **changes,
    }


async def test_every_setting_the_api_changes_is_on_the_spaces_form_and_saved_from_it(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    venue, space, manager = await hall(factory)
    await sign_in(client, manager)
    page = f"/desk/venues/{venue.id}/spaces"
    shown = (await client.get(page)).text
    for name in (
        "name",
        "kind",
        "description",
        "capacity",
        "min_booking_minutes",
        "max_booking_minutes",
        "setup_buffer_minutes",
        "cleanup_buffer_minutes",
        "min_notice_minutes",
        "horizon_days",
        "bookable",
        "requires_approval",
        "facility-kitchen",
        "access-step_free",
    ):
        assert f'name="{name}"' in shown, name

    form = full_form(
        name="Jubilee room",
        kind="meeting_room",
        description="Upstairs.\nBring slippers.",
        capacity="30",
        min_booking_minutes="60",
        max_booking_minutes="240",
        setup_buffer_minutes="10",
        cleanup_buffer_minutes="20",
        min_notice_minutes="2880",
        horizon_days="90",
        requires_approval="",
        **{"facility-kitchen": "1", "facility-wifi": "1", "access-step_free": "1"},
    )
    del form["bookable"]
    saved = await post_form(client, f"{page}/{space.id}", form, page)

    assert saved.status_code == 303, saved.text
    stored = await Space.objects().get(Space.id == space.id)
    assert (stored.name, stored.kind, stored.description) == (
        "Jubilee room",
        "meeting_room",
        "Upstairs.\nBring slippers.",
    )
    assert (stored.capacity, stored.min_booking_minutes, stored.max_booking_minutes) == (30, 60, 240)
    assert (stored.setup_buffer_minutes, stored.cleanup_buffer_minutes) == (10, 20)
    assert (stored.min_notice_minutes, stored.horizon_days) == (2880, 90)
    assert (stored.bookable, stored.requires_approval) == (False, False)
    assert sorted(stored.facilities) == ["kitchen", "wifi"] and stored.accessibility == ["step_free"]
    after = (await client.get(saved.headers["location"])).text
    assert "The space is saved" in after and "Jubilee room" in after and "Upstairs." in after


async def test_a_setting_the_api_refuses_is_refused_on_the_page_by_name_and_nothing_changes(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    venue, space, manager = await hall(factory)
    await sign_in(client, manager)
    page = f"/desk/venues/{venue.id}/spaces"
    for changes, said in (
        ({"capacity": "0"}, "Capacity"),
        ({"name": "   "}, "Name"),
        ({"kind": "ballroom"}, "Kind of space"),
        ({"min_booking_minutes": "600"}, "longer than the longest"),
        ({"horizon_days": "5000"}, "How far ahead"),
    ):
        sent = full_form(**{"name": "Renamed", "capacity": "75", **changes})
        refused = await post_form(client, f"{page}/{space.id}", sent, page)
        assert refused.status_code == 400, (changes, refused.text)
        assert "The space was not changed" in refused.text and said in refused.text
        assert f'value="{sent["capacity"]}"' in refused.text  # what was sent comes back to be corrected
    stored = await Space.objects().get(Space.id == space.id)
    assert (stored.name, stored.capacity, stored.kind) == ("Main hall", 100, "hall")


async def test_stricter_rules_list_the_bookings_they_break_by_name_and_save_with_the_managers_choices(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    venue, space, manager = await hall(factory)
    day = next_weekday(2, weeks_ahead=2)
    jumble = await factory.booking(space, london(day, 10), london(day, 14), title="Jumble sale", booker_name="Ann")
    quiz = await factory.booking(space, london(day, 17), london(day, 22), title="Quiz night", status="requested")
    choir = await factory.booking(space, london(day, 14), london(day, 15), title="Choir")
    await sign_in(client, manager)
    page = f"/desk/venues/{venue.id}/spaces"

    listed = await post_form(client, f"{page}/{space.id}", full_form(max_booking_minutes="180"), page)

    assert listed.status_code == 409, listed.text
    text = listed.text
    assert "Bookings these rules would break" in text and "Nothing is saved yet" in text
    assert booking_named("Jumble sale", jumble.starts_at, jumble.ends_at, LONDON) in text
    assert "Quiz night" in text and "Request, not yet confirmed" in text and "Choir" not in text
    assert "Bookings of Main hall would last at most 3 h." in text
    assert f'name="fate-{jumble.id}"' in text and f'href="/bookings/{jumble.id}"' in text
    assert f"Booking {jumble.id}" not in text and 'value="180"' in text
    assert (await Space.objects().get(Space.id == space.id)).max_booking_minutes == 480

    applied = await post_form(
        client,
        f"{page}/{space.id}",
        {
            **full_form(max_booking_minutes="180"),
            "resolving": "1",
            f"fate-{jumble.id}": "keep",
            "fate-all": "cancel",
            "resolve_reason": "Evening slots are three hours now.",
        },
        page,
    )

    assert applied.status_code == 303, applied.text
    assert (await Space.objects().get(Space.id == space.id)).max_booking_minutes == 180
    rows = {row["id"]: row for row in await Booking.select(Booking.id, Booking.status, Booking.status_reason)}
    assert rows[jumble.id]["status"] == "confirmed" and rows[choir.id]["status"] == "confirmed"
    assert (rows[quiz.id]["status"], rows[quiz.id]["status_reason"]) == (
        "cancelled",
        "Evening slots are three hours now.",
    )
    assert await BookingEvent.count().where(BookingEvent.booking == jumble.id) == 1
    notice = (await client.get(applied.headers["location"])).text
    assert "1 booking was cancelled" in notice and "1 booking was kept as an exception" in notice


async def test_a_space_gets_its_own_hours_on_the_desk_late_finish_included_with_the_bookings_they_reach(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    venue, space, manager = await hall(factory)
    friday = next_weekday(4, weeks_ahead=2)
    yoga = await factory.booking(space, london(friday, 10), london(friday, 11), title="Yoga")
    await sign_in(client, manager)
    spaces_page = (await client.get(f"/desk/venues/{venue.id}/spaces")).text
    page = f"/desk/venues/{venue.id}/spaces/{space.id}/hours"
    assert f'href="{page}"' in spaces_page and "follows the venue" in spaces_page
    shown = (await client.get(page)).text
    assert "Follows the venue" in shown and 'id="follows-venue" name="follows" value="venue" checked' in shown

    own = {"follows": "own", "opens-4-0": "18:00", "closes-4-0": "01:00", "opens-5-0": "18:00", "closes-5-0": "23:00"}
    listed = await post_form(client, page, own, page)

    assert listed.status_code == 409, listed.text
    assert "Bookings this would leave outside the opening" in listed.text
    assert booking_named("Yoga", yoga.starts_at, yoga.ends_at, LONDON) in listed.text
    assert await weekly_hours(venue.id, space.id) == []

    kept = await post_form(client, page, {**own, "resolving": "1", f"fate-{yoga.id}": "keep"}, page)

    assert kept.status_code == 303, kept.text
    assert await weekly_hours(venue.id, space.id) == [
        Interval(4, time(18), time(1)),
        Interval(5, time(18), time(23)),
    ]
    assert (await weekly_hours(venue.id))[0] == Interval(0, time(0), time(23, 59))  # the venue's stay
    again = (await client.get(kept.headers["location"])).text
    assert "The opening hours of Main hall are saved" in again and "1 booking was kept" in again
    assert "(next day)" in again and 'id="follows-own" name="follows" value="own" checked' in again

    follows = await post_form(client, page, {"follows": "venue", "opens-4-0": "18:00", "closes-4-0": "01:00"}, page)

    assert follows.status_code == 303, follows.text
    assert await weekly_hours(venue.id, space.id) == []
    assert (await Booking.objects().get(Booking.id == yoga.id)).status == "confirmed"


async def test_a_space_hours_page_keeps_to_the_managers_own_venue_and_its_spaces(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    venue, space, manager = await hall(factory)
    other_manager = await factory.account("other-manager")
    elsewhere = await factory.venue(manager=other_manager)
    theirs = await factory.space(elsewhere, name="Their room")
    await sign_in(client, other_manager)
    page = f"/desk/venues/{venue.id}/spaces/{space.id}/hours"

    assert (await client.get(page)).status_code == 403
    token_page = f"/desk/venues/{elsewhere.id}/spaces"
    refused = await post_form(client, page, {"follows": "own", "opens-0-0": "09:00", "closes-0-0": "10:00"}, token_page)
    assert refused.status_code == 403
    assert (await client.get(f"/desk/venues/{elsewhere.id}/spaces/{space.id}/hours")).status_code == 404
    assert (await client.get(f"/desk/venues/{elsewhere.id}/spaces/{theirs.id}/hours")).status_code == 200
    assert await OpeningHours.count().where(OpeningHours.space.is_not_null()) == 0


async def test_bookings_in_the_way_of_a_space_change_are_named_by_title_and_time_and_linked(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager, name="Little Marsh Village Hall")
    main = await factory.space(venue, name="Main hall")
    small = await factory.space(venue, name="Small hall")
    whole = await factory.space(venue, name="Whole hall")
    await SpacePart.insert(SpacePart(combined=whole.id, part=main.id), SpacePart(combined=whole.id, part=small.id))
    day = next_weekday(3, weeks_ahead=2)
    jumble = await request_booking(
        manager.user, BookingDraft(whole.id, london(day, 10), london(day, 12), title="Jumble sale")
    )
    choir = await request_booking(manager.user, BookingDraft(small.id, london(day, 13), london(day, 14), title="Choir"))
    await sign_in(client, manager)
    page = f"/desk/venues/{venue.id}/spaces"

    archive = await post_form(client, f"{page}/{small.id}", {"archive": "1"}, page)
    clash = await post_form(client, f"{page}/{whole.id}", {"cleanup_buffer_minutes": "120"}, page)

    for refused in (archive, clash):
        assert refused.status_code == 409 and "Bookings in the way" in refused.text
    named_jumble = booking_named("Jumble sale", jumble.starts_at, jumble.ends_at, LONDON)
    named_choir = booking_named("Choir", choir.starts_at, choir.ends_at, LONDON)
    assert f'<a href="/bookings/{choir.id}">{named_choir}</a>' in archive.text
    assert f'<a href="/bookings/{jumble.id}">{named_jumble}</a>' in archive.text  # holds the small hall as a part
    assert f'<a href="/bookings/{jumble.id}">{named_jumble}</a>' in clash.text
    assert f'Would clash with <a href="/bookings/{choir.id}">{named_choir}</a>' in clash.text
    assert f"<td>{jumble.id}</td>" not in clash.text
    assert (await Space.objects().get(Space.id == whole.id)).cleanup_buffer_minutes == 0
    assert not (await Space.objects().get(Space.id == small.id)).archived


async def test_choices_sent_with_a_change_edited_back_to_reach_no_booking_are_dropped_and_the_change_saved(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    venue, space, manager = await hall(factory)
    day = next_weekday(1, weeks_ahead=2)
    jumble = await factory.booking(space, london(day, 10), london(day, 14), title="Jumble sale")
    await sign_in(client, manager)
    page = f"/desk/venues/{venue.id}/spaces"
    choices = {"resolving": "1", f"fate-{jumble.id}": "cancel", "resolve_reason": "Shorter slots"}

    saved = await post_form(client, f"{page}/{space.id}", {**full_form(name="Big hall"), **choices}, page)

    assert saved.status_code == 303, saved.text
    assert (await Space.objects().get(Space.id == space.id)).name == "Big hall"
    assert (await Booking.objects().get(Booking.id == jumble.id)).status == "confirmed"
