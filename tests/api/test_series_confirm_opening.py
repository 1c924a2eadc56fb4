"""Confirming a series request never silently contradicts the venue's own hours or closures.

Dates the venue is closed on (or outside its hours) are refused together, named in
venue time with why, and nothing is written; ``override`` confirms them with the
override in each such date's history; a date kept as an exception when the
closure was added needs no override.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import httpx

from scheduling.models import Booking, BookingEvent, Occupancy
from tests.api.test_series_decisions import Request, requested_series, statuses
from tests.factories import Factory
from venues.models import Closure


async def closed_on(asked: Request, day: date, reason: str, space: bool = False) -> None:
    """A closure written straight to the table, as one made before the series was asked would be."""
    await Closure(
        venue=asked.venue_id, space=asked.space_id if space else None, starts_on=day, ends_on=day, reason=reason
    ).save()


async def confirm(client: httpx.AsyncClient, asked: Request, **body: Any) -> httpx.Response:
    return await client.post(f"/api/v1/series/{asked.series_id}/confirm", json=body, headers=asked.manager.headers)


async def overridden_by_day(asked: Request) -> dict[date, Any]:
    rows = await Booking.select(Booking.id, Booking.starts_at, Booking.rules_overridden).where(
        Booking.series == asked.series_id
    )
    found: dict[date, Any] = {}
    for row, day in zip(sorted(rows, key=lambda r: r["starts_at"]), asked.dates, strict=True):
        events = await BookingEvent.select(BookingEvent.changes).where(
            (BookingEvent.booking == row["id"]) & (BookingEvent.action == "confirmed")
        )
        changes = events[0]["changes"] if events else {}
        if isinstance(changes, str):
            changes = json.loads(changes)
        found[day] = (bool(row["rules_overridden"]), changes.get("overridden_rules"))
    return found


async def test_series_dates_the_venue_is_closed_on_are_refused_together_in_venue_time_and_nothing_is_written(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    asked = await requested_series(factory, client)
    await closed_on(asked, asked.dates[1], "Christmas")
    await closed_on(asked, asked.dates[3], "Floor works", space=True)

    refused = await confirm(client, asked, reason="See you")

    assert refused.status_code == 422, refused.text
    problem = refused.json()
    assert problem["rule"] == "closure" and problem["overridable"] is True and problem["total"] == 2
    assert [item["date"] for item in problem["dates"]] == [asked.dates[1].isoformat(), asked.dates[3].isoformat()]
    assert [item["starts_local"][11:16] for item in problem["dates"]] == ["10:00", "10:00"]
    assert "Christmas" in problem["dates"][0]["why"] and "Floor works" in problem["dates"][1]["why"]
    assert "Christmas" in problem["detail"] and "override" in problem["detail"]
    assert await statuses(asked.series_id) == ["requested"] * 4
    assert await BookingEvent.count().where(BookingEvent.action == "confirmed") == 0


async def test_confirming_a_series_anyway_records_the_override_on_each_date_left_out_and_only_there(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    asked = await requested_series(factory, client)
    await closed_on(asked, asked.dates[2], "Polling station")

    confirmed = await confirm(client, asked, override=True)

    assert confirmed.status_code == 200, confirmed.text
    assert await statuses(asked.series_id) == ["confirmed"] * 4
    found = await overridden_by_day(asked)
    assert found[asked.dates[2]] == (True, [[], ["closure"]])
    assert [found[day] for day in asked.dates if day != asked.dates[2]] == [(False, None)] * 3


async def test_confirming_only_the_dates_the_venue_is_open_needs_no_override(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    asked = await requested_series(factory, client)
    await closed_on(asked, asked.dates[2], "Polling station")

    confirmed = await confirm(client, asked, dates=[asked.dates[0].isoformat(), asked.dates[3].isoformat()])

    assert confirmed.status_code == 200, confirmed.text
    assert await statuses(asked.series_id) == ["confirmed", "requested", "requested", "confirmed"]


async def test_a_series_date_kept_when_its_closure_was_added_is_confirmed_without_an_override(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    asked = await requested_series(factory, client)
    day = asked.dates[1].isoformat()
    closure = await client.post(
        f"/api/v1/venues/{asked.venue_id}/closures",
        json={"starts_on": day, "ends_on": day, "reason": "Boiler", "resolve": {"all": "keep", "reason": "Annexe"}},
        headers=asked.manager.headers,
    )
    assert closure.status_code == 201, closure.text

    confirmed = await confirm(client, asked)

    assert confirmed.status_code == 200, confirmed.text
    assert await statuses(asked.series_id) == ["confirmed"] * 4
    assert all(value == (False, None) for value in (await overridden_by_day(asked)).values())


async def test_only_the_venues_managers_may_confirm_a_series_anyway(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    asked = await requested_series(factory, client)
    await closed_on(asked, asked.dates[0], "Christmas")
    other = await factory.account("other")
    await factory.venue(manager=other)

    by_organiser = await client.post(
        f"/api/v1/series/{asked.series_id}/confirm", json={"override": True}, headers=asked.organiser.headers
    )
    by_other = await client.post(
        f"/api/v1/series/{asked.series_id}/confirm", json={"override": True}, headers=other.headers
    )

    assert by_organiser.status_code == 403 and by_other.status_code == 403
    assert await statuses(asked.series_id) == ["requested"] * 4


async def test_confirming_a_series_anyway_costs_the_same_queries_for_four_dates_as_for_fifty_two(
    client: httpx.AsyncClient, factory: Factory, query_log: list[str]
) -> None:
    counts: dict[tuple[str, int], int] = {}
    for weeks in (4, 52):
        for answer in ("refused", "overridden"):
            asked = await requested_series(factory, client, weeks=weeks)
            for day in asked.dates[1::3]:  # a third of the dates closed, each its own closure
                await closed_on(asked, day, "Hall hired out")
            query_log.clear()
            response = await confirm(client, asked, override=answer == "overridden")
            assert response.status_code == (200 if answer == "overridden" else 422), response.text
            counts[(answer, weeks)] = len(query_log)
            await Occupancy.delete(force=True)
    assert counts[("refused", 4)] == counts[("refused", 52)]
    assert counts[("overridden", 4)] == counts[("overridden", 52)]
