"""The manager desk: the API's permission rules, the request queue, the week view, closures, hours, rates, feed."""

from __future__ import annotations

import re
from datetime import datetime, time

import httpx
import pytest

from scheduling.bookings.workflow import BookingDraft, request_booking
from scheduling.models import Booking, Occupancy
from tests.factories import Account, Factory
from tests.pages.support import days_ahead, post_form, sign_in
from venues.models import Closure, OpeningHours, Space, SpacePart, SpaceRate, Venue
from venues.opening.closures import add_closure


@pytest.fixture
async def hall(factory: Factory) -> tuple[Venue, list[Space], Account]:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager, name="Little Marsh Village Hall")
    main = await factory.space(venue, name="Main hall", setup_buffer_minutes=15, cleanup_buffer_minutes=15)
    small = await factory.space(venue, name="Small hall")
    whole = await factory.space(venue, name="Whole hall")
    await SpacePart.insert(SpacePart(combined=whole.id, part=main.id), SpacePart(combined=whole.id, part=small.id))
    return venue, [main, small, whole], manager


def at(days: int, hour: int) -> datetime:
    return datetime.combine(days_ahead(days), time(hour))


async def test_the_desk_keeps_the_api_rules_on_who_may_see_a_venue(
    client: httpx.AsyncClient, factory: Factory, hall: tuple[Venue, list[Space], Account]
) -> None:
    venue, _, _ = hall
    assert (await client.get(f"/desk/venues/{venue.id}")).headers["location"].startswith("/sign-in?next=")
    await sign_in(client, await factory.account("other-manager"))
    for path in ("", "/week", "/closures", "/hours", "/rates", "/spaces"):
        assert (await client.get(f"/desk/venues/{venue.id}{path}")).status_code == 403
    assert (await client.get("/desk/venues/987654")).status_code == 404
    assert "You don't manage a venue" in (await client.get("/desk")).text


async def test_a_request_is_confirmed_from_the_queue_with_a_note(
    client: httpx.AsyncClient, factory: Factory, hall: tuple[Venue, list[Space], Account]
) -> None:
    venue, (main, _, _), manager = hall
    resident = await factory.account("resident")
    booking = await request_booking(
        resident.user, BookingDraft(main.id, at(5, 10), at(5, 12), title="Choir", booker_phone="0123")
    )
    await sign_in(client, manager)
    queue = (await client.get(f"/desk/venues/{venue.id}")).text
    assert "Choir" in queue and resident.user.email in queue and "0123" in queue
    response = await post_form(
        client, f"/desk/bookings/{booking.id}/confirm", {"reason": "See you then"}, f"/desk/venues/{venue.id}"
    )
    assert (
        response.status_code == 303
        and response.headers["location"] == f"/desk/venues/{venue.id}?done=confirmed-{booking.id}"
    )
    stored = await Booking.objects().where(Booking.id == booking.id).first()
    assert (stored.status, stored.status_reason) == ("confirmed", "See you then")
    assert "No requests are waiting" in (await client.get(f"/desk/venues/{venue.id}")).text


async def test_the_done_message_names_only_this_venues_bookings_never_another_venues_private_one(
    client: httpx.AsyncClient, factory: Factory, hall: tuple[Venue, list[Space], Account]
) -> None:
    venue, (main, _, _), manager = hall
    own = await request_booking(manager.user, BookingDraft(main.id, at(5, 10), at(5, 12), title="Our jumble sale"))
    elsewhere_manager = await factory.account("elsewhere")
    elsewhere = await factory.venue(manager=elsewhere_manager, name="Far Hall")
    far_space = await factory.space(elsewhere, name="Far room")
    secret = await request_booking(
        elsewhere_manager.user, BookingDraft(far_space.id, at(5, 10), at(5, 12), title="PRIVATE-MARKER divorce talk")
    )
    await sign_in(client, manager)
    shown = (await client.get(f"/desk/venues/{venue.id}", params={"done": f"confirmed-{own.id}"})).text
    assert "Our jumble sale" in shown
    probed = await client.get(f"/desk/venues/{venue.id}", params={"done": f"confirmed-{secret.id}"})
    assert probed.status_code == 200 and "PRIVATE-MARKER" not in probed.text


async def test_declining_needs_a_reason_and_other_managers_cannot(
    client: httpx.AsyncClient, factory: Factory, hall: tuple[Venue, list[Space], Account]
) -> None:
    venue, (main, _, _), manager = hall
    booking = await request_booking(
        (await factory.account()).user, BookingDraft(main.id, at(5, 10), at(5, 12), title="Disco")
    )
    await sign_in(client, await factory.account("elsewhere"))
    refused = await post_form(client, f"/desk/bookings/{booking.id}/decline", {"reason": "no"}, "/desk")
    assert refused.status_code == 403
    await sign_in(client, manager)
    blank = await post_form(
        client, f"/desk/bookings/{booking.id}/decline", {"reason": "  "}, f"/desk/venues/{venue.id}"
    )
    assert blank.status_code == 400 and "Say why you are declining" in blank.text
    done = await post_form(
        client, f"/desk/bookings/{booking.id}/decline", {"reason": "Too loud"}, f"/desk/venues/{venue.id}"
    )
    assert done.status_code == 303
    assert (await Booking.objects().where(Booking.id == booking.id).first()).status == "declined"


async def test_the_week_view_shows_bookings_requests_held_parts_buffers_and_closures(
    client: httpx.AsyncClient, factory: Factory, hall: tuple[Venue, list[Space], Account]
) -> None:
    venue, (main, small, whole), manager = hall
    await request_booking(manager.user, BookingDraft(whole.id, at(8, 18), at(8, 20), title="Harvest supper"))
    await request_booking((await factory.account()).user, BookingDraft(main.id, at(9, 10), at(9, 12), title="Choir"))
    await add_closure(venue.id, days_ahead(10), days_ahead(10), "Polling day", small.id)
    await sign_in(client, manager)
    html = (await client.get(f"/desk/venues/{venue.id}/week", params={"week": days_ahead(8).isoformat()})).text
    rows = dict(re.findall(r'<tr>\s*<th scope="row">([A-Z][a-z]+ hall).*?</th>(.*?)</tr>', html, re.S))
    assert re.search(
        r'class="item confirmed"><a href="/bookings/\d+">18:00–20:00 .*?Harvest supper', rows["Whole hall"]
    )
    assert 'class="item held">18:00–20:00 Harvest supper<span class="buffer">held by Whole hall' in rows["Main hall"]
    assert re.search(
        r'class="item requested"><a href="/bookings/\d+"><span class="tag">Request</span> 10:00–12:00 .*?Choir.*?'
        r'<span class="buffer">set-up from 09:45, cleared by 12:15',
        rows["Main hall"],
    )
    assert "Main hall is booked" in rows["Whole hall"]
    assert "Closed: Polling day" in rows["Small hall"] and "Closed: Polling day" in rows["Whole hall"]
    assert "Closed: Polling day" not in rows["Main hall"]


async def test_closures_are_added_and_removed(
    client: httpx.AsyncClient, hall: tuple[Venue, list[Space], Account]
) -> None:
    venue, (main, _, _), manager = hall
    await sign_in(client, manager)
    page = f"/desk/venues/{venue.id}/closures"
    bad = await post_form(
        client,
        page,
        {"starts_on": days_ahead(5).isoformat(), "ends_on": days_ahead(4).isoformat(), "reason": "Oops"},
        page,
    )
    first, last = days_ahead(5), days_ahead(4)
    assert bad.status_code == 400 and "is before starts_on" not in bad.text and await Closure.count() == 0
    assert (
        f"The last day closed ({last:%a} {last.day} {last:%b}) is before the first day closed "
        f"({first:%a} {first.day} {first:%b})" in bad.text
    )
    added = await post_form(
        client, page, {"starts_on": days_ahead(5).isoformat(), "reason": "Boiler", "space_id": str(main.id)}, page
    )
    assert added.status_code == 303
    closure = await Closure.objects().first()
    assert (closure.space, closure.starts_on, closure.ends_on) == (main.id, days_ahead(5), days_ahead(5))
    assert "Boiler" in (await client.get(page)).text
    removed = await post_form(client, f"{page}/{closure.id}/remove", {}, page)
    assert removed.status_code == 303 and await Closure.count() == 0


async def test_opening_hours_are_replaced_as_a_whole_week(
    client: httpx.AsyncClient, hall: tuple[Venue, list[Space], Account]
) -> None:
    venue, _, manager = hall
    await sign_in(client, manager)
    page = f"/desk/venues/{venue.id}/hours"
    form = {
        "opens-0-0": "09:00",
        "closes-0-0": "12:00",
        "opens-0-1": "13:00",
        "closes-0-1": "17:00",
        "opens-5-0": "10:00",
        "closes-5-0": "16:00",
    }
    saved = await post_form(client, page, form, page)
    assert saved.status_code == 303
    rows = (
        await OpeningHours.select(OpeningHours.weekday, OpeningHours.opens, OpeningHours.closes)
        .where(OpeningHours.venue == venue.id)
        .order_by(OpeningHours.weekday)
        .order_by(OpeningHours.opens)
    )
    assert [(r["weekday"], r["opens"], r["closes"]) for r in rows] == [
        (0, time(9), time(12)),
        (0, time(13), time(17)),
        (5, time(10), time(16)),
    ]
    overlapping = await post_form(
        client, page, {"opens-1-0": "09:00", "closes-1-0": "12:00", "opens-1-1": "11:00", "closes-1-1": "14:00"}, page
    )
    assert overlapping.status_code == 400 and "overlaps" in overlapping.text
    half = await post_form(client, page, {"opens-2-0": "09:00"}, page)
    assert half.status_code == 400 and "give both an opening and a closing time" in half.text
    assert await OpeningHours.count().where(OpeningHours.venue == venue.id) == 3


async def test_rates_are_set_per_space_and_tier_in_pounds(
    client: httpx.AsyncClient, hall: tuple[Venue, list[Space], Account]
) -> None:
    venue, (main, small, _), manager = hall
    await sign_in(client, manager)
    page = f"/desk/venues/{venue.id}/rates"
    html = (await client.get(page)).text
    assert re.findall(r'<th scope="col">(\w+)</th>', html) == ["Space", "Free", "Community", "Standard", "Commercial"]
    inputs = re.findall(r'name="(rate-(\d+)-(\d+))"', html)
    community = sorted({int(t) for _, _, t in inputs})[0]
    saved = await post_form(
        client, page, {f"rate-{main.id}-{community}": "8.50", f"rate-{small.id}-{community}": "£4"}, page
    )
    assert saved.status_code == 303
    rates = {(r.space, r.hourly_rate_minor) for r in await SpaceRate.objects()}
    assert rates == {(main.id, 850), (small.id, 400)}
    wrong = await post_form(client, page, {f"rate-{main.id}-{community}": "8.505"}, page)
    assert wrong.status_code == 400 and "is not an amount such as 18.50" in wrong.text
    assert 'value="8.505"' in wrong.text


async def test_the_private_feed_link_is_shown_and_rotated(
    client: httpx.AsyncClient, hall: tuple[Venue, list[Space], Account]
) -> None:
    _, _, manager = hall
    await sign_in(client, manager)
    first = re.search(
        r'<code id="private-feed-url">http://testserver(/feeds/private/[^<]+)</code>', (await client.get("/desk")).text
    ).group(1)
    assert (await client.get(first)).status_code == 200
    rotated = await post_form(client, "/desk/feed/rotate", {}, "/desk")
    assert rotated.status_code == 303
    html = (await client.get("/desk?rotated=1")).text
    second = re.search(r'<code id="private-feed-url">http://testserver(/feeds/private/[^<]+)</code>', html).group(1)
    assert second != first and "The old one has stopped working" in html
    assert (await client.get(first)).status_code == 404
    assert (await client.get(second)).status_code == 200


async def test_the_spaces_page_changes_parts_through_the_same_rule_and_lists_the_bookings_in_the_way(
    client: httpx.AsyncClient, hall: tuple[Venue, list[Space], Account]
) -> None:
    venue, (main, small, whole), manager = hall
    on_whole = await request_booking(manager.user, BookingDraft(whole.id, at(6, 10), at(6, 12), title="Jumble sale"))
    await request_booking(manager.user, BookingDraft(small.id, at(6, 14), at(6, 15), title="Choir"))
    await sign_in(client, manager)
    page_path = f"/desk/venues/{venue.id}/spaces"
    assert "Whole hall" in (await client.get(page_path)).text

    archive = await post_form(client, f"{page_path}/{whole.id}", {"archive": "1"}, page_path)
    assert archive.status_code == 409
    assert "Bookings in the way" in archive.text and "Jumble sale" in archive.text and str(on_whole.id) in archive.text
    assert not (await Space.objects().get(Space.id == whole.id)).archived

    # An hour's clean-up after the whole hall's 10:00-12:00 booking stops short of the small hall's 14:00 one,
    # so the change goes through and the booking now holds both parts until 13:00; four hours would not.
    saved = await post_form(
        client,
        f"{page_path}/{whole.id}",
        {
            "setup_buffer_minutes": "0",
            "cleanup_buffer_minutes": "60",
            "parts": "1",
            f"part-{main.id}": "1",
            f"part-{small.id}": "1",
        },
        page_path,
    )
    assert saved.status_code == 303, saved.text
    assert (await client.get(saved.headers["location"])).text.count("The space is saved") == 1
    held = await Occupancy.select(Occupancy.space, Occupancy.ends_ts).where(Occupancy.booking == on_whole.id)
    assert sorted(row["space"] for row in held) == sorted([main.id, small.id])
    assert {row["ends_ts"] for row in held} == {int(on_whole.ends_at.timestamp()) + 3600}

    clash = await post_form(
        client,
        f"{page_path}/{whole.id}",
        {"cleanup_buffer_minutes": "240", "parts": "1", f"part-{main.id}": "1", f"part-{small.id}": "1"},
        page_path,
    )
    assert clash.status_code == 409
    assert "Bookings in the way" in clash.text and "Jumble sale" in clash.text
    assert (await Space.objects().get(Space.id == whole.id)).cleanup_buffer_minutes == 60


async def test_the_spaces_page_refuses_buffers_out_of_range_and_changes_nothing(
    client: httpx.AsyncClient, hall: tuple[Venue, list[Space], Account]
) -> None:
    venue, (main, _, _), manager = hall
    await sign_in(client, manager)
    page_path = f"/desk/venues/{venue.id}/spaces"
    for sent in ("999", "-5", "ten"):
        refused = await post_form(client, f"{page_path}/{main.id}", {"setup_buffer_minutes": sent}, page_path)
        assert refused.status_code == 400 and "The space was not changed" in refused.text
    assert (await Space.objects().get(Space.id == main.id)).setup_buffer_minutes == 15


async def test_saving_a_combined_space_on_the_spaces_page_keeps_a_part_it_has_no_box_for(
    client: httpx.AsyncClient, hall: tuple[Venue, list[Space], Account]
) -> None:
    venue, (main, small, whole), manager = hall
    await Space.update({Space.archived: True}).where(Space.id == small.id)  # archived before parts were checked
    await sign_in(client, manager)
    page_path = f"/desk/venues/{venue.id}/spaces"
    saved = await post_form(
        client,
        f"{page_path}/{whole.id}",
        {"setup_buffer_minutes": "0", "cleanup_buffer_minutes": "30", "parts": "1", f"part-{main.id}": "1"},
        page_path,
    )
    assert saved.status_code == 303, saved.text
    parts = await SpacePart.select(SpacePart.part).where(SpacePart.combined == whole.id)
    assert sorted(row["part"] for row in parts) == sorted([main.id, small.id])
    assert (await Space.objects().get(Space.id == whole.id)).cleanup_buffer_minutes == 30
