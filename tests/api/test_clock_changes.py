"""Times on the days the clocks change: a one-off time that does not exist is refused, a repeated one is read
by the documented rule, and a series follows RFC 5545 so one change never refuses it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import httpx
import pytest

from tests.api.test_series import last_sunday, local_day
from tests.factories import Account, Factory
from tests.series_support import occurrences_of, post_series
from venues.models import Space


def next_change(month: int) -> date:
    """London's next change in ``month`` at least a week away (last Sunday of March or October)."""
    soon = datetime.now(UTC).date() + timedelta(days=7)
    return next(day for year in (soon.year, soon.year + 1) if (day := last_sunday(year, month)) >= soon)


@pytest.fixture
async def hall(factory: Factory) -> tuple[Account, Space]:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue, horizon_days=1095, requires_approval=False)
    await factory.rate(space, "standard", 1200)
    return manager, space


def spring_gap_detail(day: date) -> str:
    return (
        f"01:30 on {day.day} March {day.year} does not exist in Europe/London: clocks go forward from 01:00 to 02:00."
    )


async def test_a_quote_for_a_time_the_clocks_skip_is_a_422_saying_so(
    client: httpx.AsyncClient, hall: tuple[Account, Space]
) -> None:
    manager, space = hall
    day = next_change(3)
    body = {"space_id": space.id, "starts_at": f"{day}T01:30:00", "ends_at": f"{day}T03:00:00"}
    response = await client.post("/api/v1/quotes", json=body, headers=manager.headers)
    assert response.status_code == 422, response.text
    problem = response.json()
    assert problem["detail"] == spring_gap_detail(day)
    assert (problem["type"].rsplit("/", 1)[1], problem["field"]) == ("nonexistent-local-time", "starts_at")


async def test_a_booking_at_a_time_the_clocks_skip_is_a_422_not_a_shifted_or_empty_booking(
    client: httpx.AsyncClient, hall: tuple[Account, Space]
) -> None:
    manager, space = hall
    day = next_change(3)
    body = {"space_id": space.id, "starts_at": f"{day}T01:30:00", "ends_at": f"{day}T02:30:00"}
    response = await client.post("/api/v1/bookings", json=body, headers=manager.headers)
    assert response.status_code == 422, response.text
    assert response.json()["detail"] == spring_gap_detail(day)
    ends_in_gap = {**body, "starts_at": f"{day}T00:30:00", "ends_at": f"{day}T01:30:00"}
    response = await client.post("/api/v1/bookings", json=ends_in_gap, headers=manager.headers)
    assert response.status_code == 422 and response.json()["field"] == "ends_at", response.text


async def test_a_repeated_autumn_time_means_its_first_occurrence_unless_an_offset_chooses(
    client: httpx.AsyncClient, hall: tuple[Account, Space]
) -> None:
    manager, space = hall
    day = next_change(10)
    naive = {"space_id": space.id, "starts_at": f"{day}T01:00:00", "ends_at": f"{day}T01:30:00"}
    first = await client.post("/api/v1/bookings", json=naive, headers=manager.headers)
    assert first.status_code == 201, first.text
    assert first.json()["starts_at"].startswith(f"{day}T00:00:00")  # 01:00 BST
    chosen = {**naive, "starts_at": f"{day}T01:00:00+00:00", "ends_at": f"{day}T01:30:00+00:00"}
    second = await client.post("/api/v1/bookings", json=chosen, headers=manager.headers)
    assert second.status_code == 201, second.text
    assert second.json()["starts_at"].startswith(f"{day}T01:00:00")  # 01:00 GMT, an hour later
    quote = await client.post("/api/v1/quotes", json={**naive, "ends_at": f"{day}T02:00:00"}, headers=manager.headers)
    assert quote.status_code == 200, quote.text
    assert sum(line["minutes"] for line in quote.json()["price"]["lines"]) == 120  # 01:00 BST to 02:00 GMT


async def test_a_series_through_the_spring_gap_books_every_date_and_moves_the_gap_time_on_by_the_gap(
    client: httpx.AsyncClient, hall: tuple[Account, Space]
) -> None:
    manager, space = hall
    change = next_change(3)
    created = await post_series(
        client, manager, space.id, "FREQ=WEEKLY;BYDAY=SU;COUNT=3", change - timedelta(weeks=1), "01:30", "03:30"
    )
    assert created.status_code == 201, created.text
    assert created.json()["booked"] == 3 and created.json()["skipped"] == []
    items = {local_day(item): item for item in await occurrences_of(client, manager, created.json()["series"]["id"])}
    assert items[change]["starts_local"][11:16] == "02:30"  # RFC 5545: the offset from before the gap
    assert items[change]["starts_at"].startswith(f"{change}T01:30:00")
    assert items[change - timedelta(weeks=1)]["starts_local"][11:16] == "01:30"
    assert items[change + timedelta(weeks=1)]["starts_local"][11:16] == "01:30"
