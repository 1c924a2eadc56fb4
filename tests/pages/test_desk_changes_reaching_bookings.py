"""The desk's closures and hours tabs list the bookings a change reaches and apply the manager's choices; confirming anyway."""

from __future__ import annotations

from datetime import time, timedelta

import httpx

from scheduling.models import Booking, BookingEvent
from tests.factories import Account, Factory
from tests.pages.support import london, next_weekday, post_form, sign_in
from venues.models import Closure, OpeningHours, Space, Venue


async def hall(factory: Factory) -> tuple[Venue, Space, Account, Account]:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager, name="Little Marsh Village Hall")
    space = await factory.space(venue, name="Main hall")
    return venue, space, manager, await factory.account("resident")


async def test_a_closure_over_bookings_lists_them_by_name_and_adds_nothing_until_the_manager_chooses(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    venue, space, manager, resident = await hall(factory)
    day = next_weekday(4, weeks_ahead=3)
    coffee = await factory.booking(
        space, london(day, 10), london(day, 12), title="Coffee morning", booked_by=resident.id, booker_name="Ann Booker"
    )
    craft = await factory.booking(space, london(day, 14), london(day, 16), title="Craft club", status="requested")
    await sign_in(client, manager)
    page = f"/desk/venues/{venue.id}/closures"
    form = {"starts_on": day.isoformat(), "ends_on": day.isoformat(), "reason": "Christmas"}

    listed = await post_form(client, page, form, page)

    assert listed.status_code == 409, listed.text
    text = listed.text
    assert "Nothing is saved yet" in text and "Coffee morning, " in text and "10:00–12:00" in text
    assert "Ann Booker" in text and "Request, not yet confirmed" in text and "Craft club" in text
    assert f'name="fate-{coffee.id}"' in text and f'name="fate-{craft.id}"' in text
    assert 'name="resolving" value="1"' in text and 'value="Christmas"' in text
    assert f"Booking {coffee.id}" not in text
    assert await Closure.count() == 0

    applied = await post_form(
        client,
        page,
        {
            **form,
            "resolving": "1",
            f"fate-{coffee.id}": "keep",
            "fate-all": "cancel",
            "resolve_reason": "The hall is shut for Christmas.\nSorry!",
        },
        page,
    )

    assert applied.status_code == 303, applied.text
    assert await Closure.count() == 1
    rows = {row["id"]: row for row in await Booking.select(Booking.id, Booking.status, Booking.status_reason)}
    assert rows[coffee.id]["status"] == "confirmed"
    assert rows[craft.id]["status"] == "cancelled"
    assert rows[craft.id]["status_reason"] == "The hall is shut for Christmas.\nSorry!"
    assert await BookingEvent.count().where((BookingEvent.booking == coffee.id) & (BookingEvent.action == "kept")) == 1
    notice = (await client.get(applied.headers["location"])).text
    assert "The closure was added. 1 booking was cancelled; the booker sees your reason; 1 booking was kept" in notice


async def test_a_closure_of_the_whole_venue_says_the_hall_is_closed_and_a_spaces_closure_names_the_space(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    venue, space, manager, _ = await hall(factory)
    day = next_weekday(4, weeks_ahead=3)
    await factory.booking(space, london(day, 10), london(day, 12), title="Coffee morning")
    await sign_in(client, manager)
    page = f"/desk/venues/{venue.id}/closures"
    on_day = f"on {day:%a} {day.day} {day:%b %Y}: Christmas."

    whole = await post_form(
        client, page, {"starts_on": day.isoformat(), "ends_on": day.isoformat(), "reason": "Christmas"}, page
    )
    assert whole.status_code == 409
    assert f'<p class="hint">The hall is closed {on_day}</p>' in whole.text
    assert "Main hall is closed" not in whole.text

    form = {"starts_on": day.isoformat(), "ends_on": day.isoformat(), "reason": "Christmas", "space_id": str(space.id)}
    one_space = await post_form(client, page, form, page)
    assert one_space.status_code == 409
    assert f'<p class="hint">Main hall is closed {on_day}</p>' in one_space.text
    assert await Closure.count() == 0


async def test_cancelling_without_a_reason_keeps_the_list_and_saves_nothing(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    venue, space, manager, _ = await hall(factory)
    day = next_weekday(2, weeks_ahead=3)
    booking = await factory.booking(space, london(day, 10), london(day, 12), title="Yoga")
    await sign_in(client, manager)
    page = f"/desk/venues/{venue.id}/closures"
    form = {"starts_on": day.isoformat(), "reason": "Boiler", "resolving": "1", f"fate-{booking.id}": "cancel"}

    refused = await post_form(client, page, form, page)

    assert refused.status_code == 400 and "their bookers see the reason" in refused.text
    assert await Closure.count() == 0
    assert (await Booking.select(Booking.status).first())["status"] == "confirmed"


async def test_shorter_hours_list_the_bookings_past_closing_and_save_with_the_choices(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    venue, space, manager, _ = await hall(factory)
    friday = next_weekday(4, weeks_ahead=2)
    quiz = await factory.booking(space, london(friday, 19), london(friday, 21, 30), title="Quiz night")
    await sign_in(client, manager)
    page = f"/desk/venues/{venue.id}/hours"
    week = {f"opens-{d}-0": "09:00" for d in range(7)} | {f"closes-{d}-0": "21:00" for d in range(7)}

    listed = await post_form(client, page, week, page)

    assert listed.status_code == 409, listed.text
    assert "Quiz night, " in listed.text and "19:00–21:30" in listed.text and "21:00" in listed.text
    assert 'value="21:00"' in listed.text  # the hours sent stay on the form
    assert await OpeningHours.count().where(OpeningHours.closes == time(21)) == 0

    saved = await post_form(
        client, page, {**week, "resolving": "1", "fate-all": "cancel", "resolve_reason": "We close at nine now"}, page
    )

    assert saved.status_code == 303, saved.text
    assert await OpeningHours.count().where(OpeningHours.closes == time(21)) == 7
    row = await Booking.select(Booking.status, Booking.status_reason).where(Booking.id == quiz.id).first()
    assert row == {"status": "cancelled", "status_reason": "We close at nine now"}
    assert "1 booking was cancelled" in (await client.get(saved.headers["location"])).text


async def test_the_booker_sees_why_the_closure_cancelled_their_booking(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    venue, space, manager, resident = await hall(factory)
    day = next_weekday(3, weeks_ahead=3)
    await factory.booking(space, london(day, 10), london(day, 12), title="Choir", booked_by=resident.id)
    await sign_in(client, manager)
    page = f"/desk/venues/{venue.id}/closures"
    form = {"starts_on": day.isoformat(), "reason": "Flood", "resolving": "1", "fate-all": "cancel"}
    await post_form(client, page, {**form, "resolve_reason": "The hall flooded"}, page)

    await sign_in(client, resident)
    mine = (await client.get("/my/bookings")).text

    assert "Choir" in mine and "The hall flooded" in mine


async def test_confirming_a_request_the_venue_is_closed_for_offers_confirm_anyway(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    venue, space, manager, _ = await hall(factory)
    day = next_weekday(4, weeks_ahead=3)
    request = await factory.booking(space, london(day, 10), london(day, 12), title="Craft club", status="requested")
    await Closure(venue=venue.id, starts_on=day, ends_on=day + timedelta(days=1), reason="Christmas").save()
    await sign_in(client, manager)
    queue = f"/desk/venues/{venue.id}"

    refused = await post_form(client, f"/desk/bookings/{request.id}/confirm", {"reason": "See you"}, queue)

    assert refused.status_code == 422, refused.text
    assert "Craft club, " in refused.text and "Christmas" in refused.text and "Confirm anyway" in refused.text
    assert 'name="override" value="1"' in refused.text and 'value="See you"' in refused.text
    assert (await Booking.select(Booking.status).first())["status"] == "requested"

    confirmed = await post_form(
        client, f"/desk/bookings/{request.id}/confirm", {"reason": "See you", "override": "1"}, queue
    )

    assert confirmed.status_code == 303, confirmed.text
    assert (await Booking.select(Booking.status).first())["status"] == "confirmed"
    events = await BookingEvent.select(BookingEvent.action, BookingEvent.changes).where(
        BookingEvent.booking == request.id
    )
    assert any("overridden_rules" in str(event["changes"]) for event in events)


async def test_another_venues_manager_cannot_add_a_closure_over_its_bookings(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    venue, space, _, _ = await hall(factory)
    day = next_weekday(4, weeks_ahead=3)
    await factory.booking(space, london(day, 10), london(day, 12))
    other = await factory.account("other-manager")
    await factory.venue(manager=other)
    await sign_in(client, other)

    response = await post_form(
        client,
        f"/desk/venues/{venue.id}/closures",
        {"starts_on": day.isoformat(), "reason": "x", "resolving": "1", "fate-all": "cancel", "resolve_reason": "x"},
        "/desk",
    )

    assert response.status_code == 403
    assert await Closure.count() == 0


async def test_archiving_a_space_with_bookings_offers_to_cancel_them_all_with_a_reason(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    venue, space, manager, _ = await hall(factory)
    day = next_weekday(2, weeks_ahead=2)
    from scheduling.bookings.workflow import BookingDraft, request_booking

    booking = await request_booking(
        manager.user, BookingDraft(space.id, london(day, 10), london(day, 12), title="Jumble sale")
    )
    await sign_in(client, manager)
    page = f"/desk/venues/{venue.id}/spaces"

    refused = await post_form(client, f"{page}/{space.id}", {"archive": "1"}, page)

    assert refused.status_code == 409
    assert "Cancel them and archive Main hall" in refused.text and 'name="fate-all" value="cancel"' in refused.text

    archived = await post_form(
        client,
        f"{page}/{space.id}",
        {"archive": "1", "resolving": "1", "fate-all": "cancel", "resolve_reason": "The hall is closing for good"},
        page,
    )

    assert archived.status_code == 303, archived.text
    assert (await Space.select(Space.archived).where(Space.id == space.id).first())["archived"] is True
    row = await Booking.select(Booking.status, Booking.status_reason).where(Booking.id == booking.id).first()
    assert row == {"status": "cancelled", "status_reason": "The hall is closing for good"}


async def test_choices_for_bookings_the_edited_closure_no_longer_reaches_bring_back_the_current_list(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    venue, space, manager, _ = await hall(factory)
    day = next_weekday(2, weeks_ahead=3)
    first = await factory.booking(space, london(day, 10), london(day, 12), title="Yoga")
    later = await factory.booking(
        space, london(day + timedelta(days=2), 10), london(day + timedelta(days=2), 12), title="Bridge club"
    )
    await sign_in(client, manager)
    page = f"/desk/venues/{venue.id}/closures"
    moved = {
        "starts_on": (day + timedelta(days=2)).isoformat(),
        "reason": "Boiler",
        "resolving": "1",
        f"fate-{first.id}": "cancel",
        "resolve_reason": "Boiler",
    }

    response = await post_form(client, page, moved, page)

    assert response.status_code == 409, response.text
    assert "Bridge club, " in response.text and f'name="fate-{later.id}"' in response.text
    assert f"Booking {first.id}" not in response.text
    assert await Closure.count() == 0
    assert {row["status"] for row in await Booking.select(Booking.status)} == {"confirmed"}
