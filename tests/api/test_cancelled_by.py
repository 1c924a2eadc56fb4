"""Who called a booking off, set in the same write by every path that cancels: the hirer (the booker or the
group's organisers) or the venue (a manager, a closure, new hours, a space's change); a declined request was
never cancelled and says nobody. The booking's API response and page say it to those who see the booking."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx

from scheduling.models import Booking
from tests.bookings_support import book, future_day, local
from tests.factories import Account, Factory
from tests.pages.support import sign_in
from tests.series_support import next_weekday, post_series
from venues.models import Space, Venue

DAY = future_day()


async def hall(factory: Factory) -> tuple[Account, Account, Venue, Space]:
    manager, organiser = await factory.account("manager"), await factory.account("organiser")
    venue = await factory.venue(manager=manager)
    return manager, organiser, venue, await factory.space(venue, name="Main hall")


async def cancelled_by(booking_id: int) -> tuple[str, str]:
    row = await Booking.select(Booking.status, Booking.cancelled_by).where(Booking.id == booking_id).first()
    assert row is not None
    return row["status"], row["cancelled_by"]


async def booked(client: httpx.AsyncClient, who: Account, space: Space, start: str, **fields: Any) -> dict[str, Any]:
    end = f"{int(start[:2]) + 1:02d}{start[2:]}"
    made = await book(client, who, space.id, local(DAY, start), local(DAY, end), **fields)
    assert made.status_code == 201, made.text
    return dict(made.json())


async def test_the_booker_cancelling_is_the_hirer_and_a_manager_cancelling_is_the_venue(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager, organiser, _, space = await hall(factory)
    booker = await factory.account("booker")
    group = await factory.group(organiser)
    own = await booked(client, booker, space, "09:00")
    grouped = await booked(client, manager, space, "11:00", group_id=group.id)
    theirs = await booked(client, booker, space, "13:00")
    assert own["cancelled_by"] is None

    for booking, who in ((own, booker), (grouped, organiser), (theirs, manager)):
        done = await client.post(f"/api/v1/bookings/{booking['id']}/cancel", json={}, headers=who.headers)
        assert done.status_code == 200, done.text
    assert await cancelled_by(own["id"]) == ("cancelled", "hirer")
    assert await cancelled_by(grouped["id"]) == ("cancelled", "hirer")  # the group's organiser, for the hirer
    assert await cancelled_by(theirs["id"]) == ("cancelled", "venue")

    seen = await client.get(f"/api/v1/bookings/{theirs['id']}", headers=booker.headers)
    assert seen.json()["cancelled_by"] == "venue"
    seen = await client.get(f"/api/v1/bookings/{own['id']}", headers=manager.headers)
    assert seen.json()["cancelled_by"] == "hirer"


async def test_a_declined_request_is_not_cancelled_by_anyone(client: httpx.AsyncClient, factory: Factory) -> None:
    manager, _, _, space = await hall(factory)
    booker = await factory.account("booker")
    space.requires_approval = True
    await space.save()
    asked = await booked(client, booker, space, "09:00")
    declined = await client.post(
        f"/api/v1/bookings/{asked['id']}/decline", json={"reason": "Full"}, headers=manager.headers
    )
    assert declined.status_code == 200, declined.text
    assert await cancelled_by(asked["id"]) == ("declined", "")
    assert declined.json()["cancelled_by"] is None


async def test_a_closure_cancelling_bookings_is_the_venue(client: httpx.AsyncClient, factory: Factory) -> None:
    manager, _, venue, space = await hall(factory)
    booker = await factory.account("booker")
    mine = await booked(client, booker, space, "09:00")
    closure = {
        "starts_on": DAY.isoformat(),
        "ends_on": DAY.isoformat(),
        "reason": "Boiler",
        "resolve": {"all": "cancel", "reason": "The boiler is being replaced"},
    }
    closed = await client.post(f"/api/v1/venues/{venue.id}/closures", json=closure, headers=manager.headers)
    assert closed.status_code == 201, closed.text
    assert await cancelled_by(mine["id"]) == ("cancelled", "venue")


async def test_a_space_change_cancelling_bookings_is_the_venue(client: httpx.AsyncClient, factory: Factory) -> None:
    manager, _, _, space = await hall(factory)
    booker = await factory.account("booker")
    mine = await booked(client, booker, space, "09:00", attendance=40)
    changed = await client.patch(
        f"/api/v1/spaces/{space.id}",
        json={"capacity": 20, "resolve": {"all": "cancel", "reason": "Half the hall is closed"}},
        headers=manager.headers,
    )
    assert changed.status_code == 200, changed.text
    assert await cancelled_by(mine["id"]) == ("cancelled", "venue")


async def series_dates(series_id: int) -> list[tuple[str, str]]:
    rows = (
        await Booking.select(Booking.status, Booking.cancelled_by)
        .where(Booking.series == series_id)
        .order_by(Booking.starts_at)
    )
    return [(row["status"], row["cancelled_by"]) for row in rows]


async def test_series_dates_cancelled_by_the_organisers_are_the_hirer_and_by_a_manager_the_venue(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager, organiser, _, space = await hall(factory)
    group = await factory.group(organiser)
    friday: date = next_weekday(4, days_ahead=14)
    made = await post_series(
        client, organiser, space.id, {"freq": "WEEKLY", "count": 6}, friday, "10:00", "12:00", group_id=group.id
    )
    assert made.status_code == 201, made.text
    series_id = made.json()["series"]["id"]
    url = f"/api/v1/series/{series_id}"

    holiday = {"from": friday.isoformat(), "to": friday.isoformat(), "reason": "Half term"}
    assert (await client.post(f"{url}/cancel", json=holiday, headers=organiser.headers)).status_code == 200
    second = (friday + timedelta(days=7)).isoformat()
    closed = {"from": second, "to": second, "reason": "Hall needed"}
    assert (await client.post(f"{url}/cancel", json=closed, headers=manager.headers)).status_code == 200
    third = (friday + timedelta(days=14)).isoformat()
    one = await client.post(f"{url}/occurrences/{third}/cancel", json={}, headers=organiser.headers)
    assert one.status_code == 200, one.text
    fourth = (friday + timedelta(days=21)).isoformat()
    one = await client.post(f"{url}/occurrences/{fourth}/cancel", json={}, headers=manager.headers)
    assert one.status_code == 200, one.text
    ended = await client.post(f"{url}/end", json={"last_date": fourth}, headers=manager.headers)
    assert ended.status_code == 200, ended.text

    assert await series_dates(series_id) == [
        ("cancelled", "hirer"),
        ("cancelled", "venue"),
        ("cancelled", "hirer"),
        ("cancelled", "venue"),
        ("cancelled", "venue"),
        ("cancelled", "venue"),
    ]


async def test_the_booking_page_says_who_cancelled(client: httpx.AsyncClient, factory: Factory) -> None:
    manager, organiser, _, space = await hall(factory)
    group = await factory.group(organiser)
    by_venue = await booked(client, organiser, space, "09:00", group_id=group.id)
    by_hirer = await booked(client, organiser, space, "11:00", group_id=group.id)
    live = await booked(client, organiser, space, "13:00", group_id=group.id)
    await client.post(f"/api/v1/bookings/{by_venue['id']}/cancel", json={}, headers=manager.headers)
    await client.post(f"/api/v1/bookings/{by_hirer['id']}/cancel", json={}, headers=organiser.headers)

    await sign_in(client, organiser)
    assert "Cancelled by the venue" in (await client.get(f"/bookings/{by_venue['id']}")).text
    assert "Cancelled by the hirer" in (await client.get(f"/bookings/{by_hirer['id']}")).text
    shown = (await client.get(f"/bookings/{live['id']}")).text
    assert "Cancelled by" not in shown
