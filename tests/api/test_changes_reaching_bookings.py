"""Closures and shorter opening hours that reach bookings already made: listed first, then cancelled or kept, all at once."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import httpx

from scheduling.models import Booking
from tests.factories import Account, Factory
from tests.feed_readers import assert_readers_agree
from tests.series_support import next_weekday, post_series
from venues.core.timezones import local_datetime
from venues.models import Closure, Space, Venue


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """Wall-clock time in London (the venues' zone) as an aware instant."""
    return local_datetime(day, time(hour, minute), "Europe/London")


async def hall(factory: Factory) -> tuple[Account, Venue, Space]:
    manager = await factory.account()
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue, name="Main hall", requires_approval=False)
    return manager, venue, space


def closure(first: date, last: date, **fields: Any) -> dict[str, Any]:
    return {"starts_on": first.isoformat(), "ends_on": last.isoformat(), "reason": "Christmas", **fields}


async def closures_of(client: httpx.AsyncClient, venue: Venue) -> int:
    return int((await client.get(f"/api/v1/venues/{venue.id}/closures")).json()["total"])


async def history(client: httpx.AsyncClient, who: Account, booking_id: int) -> list[dict[str, Any]]:
    response = await client.get(f"/api/v1/bookings/{booking_id}/history", headers=who.headers)
    assert response.status_code == 200, response.text
    return list(response.json()["items"])


async def test_a_closure_over_bookings_is_refused_listing_each_one_and_series_date_in_venue_time(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager, venue, space = await hall(factory)
    friday = next_weekday(4, days_ahead=14)
    series = await post_series(client, manager, space.id, {"freq": "WEEKLY", "count": 4}, friday, "10:00", "12:00")
    assert series.status_code == 201, series.text
    first = friday + timedelta(days=7)
    coffee = await factory.booking(space, at(first + timedelta(days=1), 10), at(first + timedelta(days=1), 12))
    request = await factory.booking(
        space, at(first + timedelta(days=2), 19), at(first + timedelta(days=2), 21), status="requested"
    )
    await factory.booking(space, at(first, 14), at(first, 15), status="cancelled")  # not live: not listed
    await factory.booking(space, at(first - timedelta(days=1), 10), at(first - timedelta(days=1), 11))  # the day before

    refused = await client.post(
        f"/api/v1/venues/{venue.id}/closures", json=closure(first, first + timedelta(days=8)), headers=manager.headers
    )

    assert refused.status_code == 409, refused.text
    problem = refused.json()
    assert problem["type"].endswith("/affects-bookings") and problem["rule"] == "affects_bookings"
    assert problem["total"] == 4
    listed = problem["bookings"]
    series_dates = [item for item in listed if item["series_id"] == series.json()["series"]["id"]]
    assert [item["starts_local"][:16] for item in series_dates] == [
        f"{first.isoformat()}T10:00",
        f"{(first + timedelta(days=7)).isoformat()}T10:00",
    ]
    by_id = {item["id"]: item for item in listed}
    assert by_id[coffee.id]["status"] == "confirmed" and by_id[request.id]["status"] == "requested"
    assert by_id[request.id]["ends_local"][:16] == f"{(first + timedelta(days=2)).isoformat()}T21:00"
    last = first + timedelta(days=8)
    assert by_id[coffee.id]["why"] == (
        f"The hall is closed from {first:%a} {first.day} {first:%b %Y} to {last:%a} {last.day} {last:%b %Y}: Christmas."
    )
    assert await closures_of(client, venue) == 0


async def test_cancelling_what_a_closure_reaches_records_the_reason_and_drops_it_from_feed_and_whats_on(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager, venue, space = await hall(factory)
    booker = await factory.account()
    day = next_weekday(2, days_ahead=21)
    made = await client.post(
        "/api/v1/bookings",
        json={
            "space_id": space.id,
            "starts_at": f"{day.isoformat()}T10:00:00",
            "ends_at": f"{day.isoformat()}T12:00:00",
            "title": "Coffee morning",
            "is_public": True,
        },
        headers=booker.headers,
    )
    assert made.status_code == 201 and made.json()["status"] == "confirmed", made.text
    booking_id = made.json()["id"]
    await factory.activity(booking=booking_id, title="Coffee morning")
    window = {"from": (day - timedelta(days=1)).isoformat(), "to": (day + timedelta(days=1)).isoformat()}
    assert "Coffee morning" in (await client.get(f"/feeds/venues/{venue.id}.ics")).text
    assert (await client.get("/api/v1/whats-on", params=window)).json()["total"] == 1

    added = await client.post(
        f"/api/v1/venues/{venue.id}/closures",
        json=closure(day, day, resolve={"all": "cancel", "reason": "The boiler is being replaced"}),
        headers=manager.headers,
    )

    assert added.status_code == 201, added.text
    assert added.json()["cancelled"] == [booking_id] and added.json()["kept"] == []
    seen = (await client.get(f"/api/v1/bookings/{booking_id}", headers=booker.headers)).json()
    assert seen["status"] == "cancelled" and seen["status_reason"] == "The boiler is being replaced"
    last = (await history(client, booker, booking_id))[-1]
    assert last["action"] == "cancelled" and last["reason"] == "The boiler is being replaced"
    assert "Coffee morning" not in (await client.get(f"/feeds/venues/{venue.id}.ics")).text
    assert (await client.get("/api/v1/whats-on", params=window)).json()["total"] == 0
    # Its time is free again, for when the venue reopens: nothing holds it.
    assert await closures_of(client, venue) == 1


async def test_a_cancelled_series_date_stays_a_cancelled_date_of_its_series(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager, venue, space = await hall(factory)
    monday = next_weekday(0, days_ahead=14)
    series = await post_series(
        client, manager, space.id, {"freq": "WEEKLY", "count": 3}, monday, "10:00", "12:00", is_public=True
    )
    series_id = series.json()["series"]["id"]
    await factory.activity(series=series_id, title="Pilates")
    second = monday + timedelta(days=7)

    added = await client.post(
        f"/api/v1/venues/{venue.id}/closures",
        json=closure(second, second, resolve={"all": "cancel", "reason": "Polling station"}),
        headers=manager.headers,
    )

    assert added.status_code == 201, added.text
    rows = await Booking.select(Booking.status, Booking.recurrence_id).where(Booking.series == series_id)
    statuses = {row["recurrence_id"].date(): row["status"] for row in rows}
    assert statuses == {monday: "confirmed", second: "cancelled", second + timedelta(days=7): "confirmed"}
    dates = await client.get(f"/api/v1/series/{series_id}/occurrences", headers=manager.headers)
    assert [item["status"] for item in dates.json()["items"]] == ["confirmed", "cancelled", "confirmed"]
    # Every calendar reader of the venue's public feed sees the two dates left, not the cancelled one.
    feed = await client.get(f"/feeds/venues/{venue.id}.ics")
    kept = [monday, second + timedelta(days=7)]
    assert_readers_agree(
        feed.content,
        at(monday - timedelta(days=1), 0),
        at(monday + timedelta(days=28), 0),
        [(at(day, 10).astimezone(UTC), at(day, 12).astimezone(UTC)) for day in kept],
    )


async def test_keeping_a_booking_records_an_exception_that_later_changes_do_not_report_again(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager, venue, space = await hall(factory)
    day = next_weekday(3, days_ahead=21)
    wake = await factory.booking(space, at(day, 14), at(day, 16), title="Wake", is_public=False)

    kept = await client.post(
        f"/api/v1/venues/{venue.id}/closures",
        json=closure(day, day, resolve={"each": [{"booking_id": wake.id, "action": "keep"}], "reason": "Family asked"}),
        headers=manager.headers,
    )

    assert kept.status_code == 201, kept.text
    assert kept.json()["kept"] == [wake.id] and kept.json()["cancelled"] == []
    assert (await Booking.select(Booking.status).where(Booking.id == wake.id).first())["status"] == "confirmed"
    last = (await history(client, manager, wake.id))[-1]
    assert last["action"] == "kept" and last["reason"] == "Family asked"
    assert "closure" in last["changes"]["exception"][1]
    again = await client.post(
        f"/api/v1/venues/{venue.id}/closures", json=closure(day, day, reason="Decorating"), headers=manager.headers
    )
    assert again.status_code == 201, again.text


async def test_a_resolution_that_names_a_booking_the_change_does_not_reach_saves_nothing(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager, venue, space = await hall(factory)
    day = next_weekday(1, days_ahead=21)
    inside = await factory.booking(space, at(day, 10), at(day, 11))
    outside = await factory.booking(space, at(day + timedelta(days=3), 10), at(day + timedelta(days=3), 11))
    url = f"/api/v1/venues/{venue.id}/closures"
    each = [{"booking_id": inside.id, "action": "cancel"}, {"booking_id": outside.id, "action": "cancel"}]

    unknown = await client.post(
        url, json=closure(day, day, resolve={"each": each, "reason": "x"}), headers=manager.headers
    )
    no_reason = await client.post(url, json=closure(day, day, resolve={"all": "cancel"}), headers=manager.headers)
    twice = await client.post(
        url, json=closure(day, day, resolve={"each": [each[0], each[0]], "reason": "x"}), headers=manager.headers
    )

    assert unknown.status_code == 400 and unknown.json()["field"] == "resolve.each", unknown.text
    assert no_reason.status_code == 400 and no_reason.json()["field"] == "resolve.reason", no_reason.text
    assert twice.status_code == 400, twice.text
    assert await closures_of(client, venue) == 0
    statuses = await Booking.select(Booking.status).where(Booking.id.is_in([inside.id, outside.id]))
    assert [row["status"] for row in statuses] == ["confirmed", "confirmed"]


async def test_bookings_left_unresolved_are_refused_again_and_the_rest_are_not_touched(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager, venue, space = await hall(factory)
    day = next_weekday(1, days_ahead=21)
    first = await factory.booking(space, at(day, 10), at(day, 11))
    second = await factory.booking(space, at(day, 12), at(day, 13))

    partly = await client.post(
        f"/api/v1/venues/{venue.id}/closures",
        json=closure(day, day, resolve={"each": [{"booking_id": first.id, "action": "cancel"}], "reason": "x"}),
        headers=manager.headers,
    )

    assert partly.status_code == 409, partly.text
    assert [item["id"] for item in partly.json()["bookings"]] == [second.id]
    assert (await Booking.select(Booking.status).where(Booking.id == first.id).first())["status"] == "confirmed"
    assert await closures_of(client, venue) == 0


async def test_a_space_closure_reaches_that_space_and_the_combined_spaces_holding_it_only(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager, venue, space = await hall(factory)
    other = await factory.space(venue, name="Small room", requires_approval=False)
    combined = await factory.space(venue, name="Both rooms", requires_approval=False)
    parts = await client.patch(
        f"/api/v1/spaces/{combined.id}", json={"part_ids": [space.id, other.id]}, headers=manager.headers
    )
    assert parts.status_code == 200, parts.text
    day = next_weekday(1, days_ahead=21)
    on_space = await factory.booking(space, at(day, 10), at(day, 11))
    on_whole = await factory.booking(combined, at(day, 12), at(day, 13))
    await factory.booking(other, at(day, 14), at(day, 15))

    refused = await client.post(
        f"/api/v1/venues/{venue.id}/closures", json=closure(day, day, space_id=space.id), headers=manager.headers
    )

    assert refused.status_code == 409, refused.text
    assert [item["id"] for item in refused.json()["bookings"]] == [on_space.id, on_whole.id]


async def test_shorter_hours_list_what_they_leave_outside_and_keep_or_cancel_it_with_the_hours(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager, venue, space = await hall(factory)
    friday = next_weekday(4, days_ahead=14)
    quiz = await factory.booking(space, at(friday, 19), at(friday, 21, 30), title="Quiz night")
    early = await factory.booking(space, at(friday, 10), at(friday, 12), title="Toddlers")
    url = f"/api/v1/venues/{venue.id}/opening-hours"
    week = [{"weekday": d, "opens": "09:00", "closes": "21:00" if d == 4 else "23:00"} for d in range(7)]

    refused = await client.put(url, json={"hours": week}, headers=manager.headers)

    assert refused.status_code == 409, refused.text
    assert [item["id"] for item in refused.json()["bookings"]] == [quiz.id]
    assert refused.json()["bookings"][0]["ends_local"][11:16] == "21:30"
    assert "21:00" in refused.json()["bookings"][0]["why"]
    assert (
        len((await client.get(url)).json()["hours"]) == 7
        and (await client.get(url)).json()["hours"][0]["opens"] == "00:00"
    )

    saved = await client.put(
        url,
        json={"hours": week, "resolve": {"each": [{"booking_id": quiz.id, "action": "keep"}]}},
        headers=manager.headers,
    )
    assert saved.status_code == 200, saved.text
    assert saved.json()["kept"] == [quiz.id] and saved.json()["hours"][4]["closes"] == "21:00"
    assert (await history(client, manager, quiz.id))[-1]["action"] == "kept"
    assert early.id not in saved.json()["kept"]


async def test_a_spaces_shorter_hours_reach_only_that_spaces_bookings(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager, venue, space = await hall(factory)
    other = await factory.space(venue, name="Small room", requires_approval=False)
    day = next_weekday(2, days_ahead=14)
    late = await factory.booking(space, at(day, 20), at(day, 22))
    await factory.booking(other, at(day, 20), at(day, 22))
    url = f"/api/v1/spaces/{space.id}/opening-hours"
    week = [{"weekday": d, "opens": "09:00", "closes": "18:00"} for d in range(7)]

    refused = await client.put(url, json={"hours": week}, headers=manager.headers)
    cancelled = await client.put(
        url,
        json={"hours": week, "resolve": {"all": "cancel", "reason": "No heating at night"}},
        headers=manager.headers,
    )

    assert refused.status_code == 409 and [item["id"] for item in refused.json()["bookings"]] == [late.id]
    assert cancelled.status_code == 200 and cancelled.json()["cancelled"] == [late.id], cancelled.text


async def test_only_the_venues_managers_may_resolve_what_a_change_reaches(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    _, venue, space = await hall(factory)
    stranger_manager = await factory.account()
    await factory.venue(manager=stranger_manager)
    day = next_weekday(1, days_ahead=21)
    booking = await factory.booking(space, at(day, 10), at(day, 11))
    body = closure(day, day, resolve={"all": "cancel", "reason": "x"})

    other = await client.post(f"/api/v1/venues/{venue.id}/closures", json=body, headers=stranger_manager.headers)
    anonymous = await client.post(f"/api/v1/venues/{venue.id}/closures", json=body)
    hours = await client.put(
        f"/api/v1/spaces/{space.id}/opening-hours",
        json={"hours": [], "resolve": {"all": "cancel", "reason": "x"}},
        headers=stranger_manager.headers,
    )

    assert (other.status_code, anonymous.status_code, hours.status_code) == (403, 401, 403)
    assert (await Booking.select(Booking.status).where(Booking.id == booking.id).first())["status"] == "confirmed"
    assert await closures_of(client, venue) == 0


async def test_confirming_a_request_the_venue_is_closed_for_needs_an_override_that_history_records(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager, venue, space = await hall(factory)
    day = next_weekday(4, days_ahead=21)
    request = await factory.booking(space, at(day, 10), at(day, 12), title="Craft club", status="requested")
    # A closure saved before this rule existed (or straight into the table): the request now contradicts it.
    await Closure(venue=venue.id, starts_on=day, ends_on=day, reason="Christmas").save()
    url = f"/api/v1/bookings/{request.id}/confirm"

    refused = await client.post(url, json={}, headers=manager.headers)

    assert refused.status_code == 422, refused.text
    assert refused.json()["rule"] == "closure" and "Christmas" in refused.json()["detail"]
    assert (await Booking.select(Booking.status).where(Booking.id == request.id).first())["status"] == "requested"

    confirmed = await client.post(url, json={"override": True}, headers=manager.headers)
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed", confirmed.text
    last = (await history(client, manager, request.id))[-1]
    assert last["action"] == "confirmed" and last["changes"]["overridden_rules"] == [[], ["closure"]]


async def test_confirming_a_request_past_closing_time_is_refused_naming_the_hours(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager, venue, space = await hall(factory)
    friday = next_weekday(4, days_ahead=21)
    quiz = await factory.booking(space, at(friday, 19), at(friday, 21, 30), title="Quiz", status="requested")
    from venues.models import OpeningHours

    await OpeningHours.update({OpeningHours.closes: time(21, 0)}).where(
        (OpeningHours.venue == venue.id) & (OpeningHours.weekday == 4)
    )

    refused = await client.post(f"/api/v1/bookings/{quiz.id}/confirm", headers=manager.headers)

    assert refused.status_code == 422 and refused.json()["rule"] == "opening_hours", refused.text
    assert "00:00–21:00" in refused.json()["detail"]


async def test_a_request_kept_over_a_closure_is_confirmed_without_an_override(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager, venue, space = await hall(factory)
    day = next_weekday(4, days_ahead=21)
    request = await factory.booking(space, at(day, 10), at(day, 12), status="requested")
    kept = await client.post(
        f"/api/v1/venues/{venue.id}/closures", json=closure(day, day, resolve={"all": "keep"}), headers=manager.headers
    )
    assert kept.status_code == 201, kept.text

    confirmed = await client.post(f"/api/v1/bookings/{request.id}/confirm", headers=manager.headers)

    assert confirmed.status_code == 200, confirmed.text


async def test_archiving_a_space_can_cancel_its_bookings_to_come_in_the_same_transaction(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager, venue, space = await hall(factory)
    day = next_weekday(1, days_ahead=21)
    made = await client.post(
        "/api/v1/bookings",
        json={"space_id": space.id, "starts_at": f"{day}T10:00:00", "ends_at": f"{day}T12:00:00", "title": "Yoga"},
        headers=manager.headers,
    )
    assert made.status_code == 201, made.text
    url = f"/api/v1/spaces/{space.id}"

    refused = await client.patch(url, json={"archived": True}, headers=manager.headers)
    kept = await client.patch(url, json={"archived": True, "resolve": {"all": "keep"}}, headers=manager.headers)
    not_archiving = await client.patch(
        url, json={"name": "Hall", "resolve": {"all": "cancel", "reason": "x"}}, headers=manager.headers
    )
    assert refused.status_code == 409 and [item["id"] for item in refused.json()["bookings"]] == [made.json()["id"]]
    assert kept.status_code == 400 and not_archiving.status_code == 400
    assert (await client.get(url)).json()["archived"] is False

    archived = await client.patch(
        url,
        json={"archived": True, "resolve": {"all": "cancel", "reason": "The hall is being sold"}},
        headers=manager.headers,
    )

    assert archived.status_code == 200 and archived.json()["archived"] is True, archived.text
    seen = (await client.get(f"/api/v1/bookings/{made.json()['id']}", headers=manager.headers)).json()
    assert seen["status"] == "cancelled" and seen["status_reason"] == "The hall is being sold"
