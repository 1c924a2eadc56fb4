"""The demo data includes bookings: confirmed ones and a request waiting for the hall's manager."""

from __future__ import annotations

from datetime import date, timedelta

import httpx

from api.demo import DEMO_BOOKINGS, seed_demo
from scheduling.models import Booking


async def test_the_demo_has_confirmed_bookings_and_one_request() -> None:
    await seed_demo()
    titles = [title for *_, title, _ in DEMO_BOOKINGS]
    rows = await Booking.select(Booking.title, Booking.status).where(Booking.title.is_in(titles))
    assert sorted(row["status"] for row in rows) == ["confirmed"] * 4 + ["requested"]
    assert next(row for row in rows if row["status"] == "requested")["title"] == "Village quiz night"


async def test_the_demo_fills_whats_on_with_series_and_activities(client: httpx.AsyncClient) -> None:
    await seed_demo()
    listed = (
        await client.get("/api/v1/whats-on", params={"to": (date.today() + timedelta(days=30)).isoformat()})
    ).json()
    titles = {item["activity"]["title"] for item in listed["items"]}
    assert {"Marsh coffee morning", "Five-a-side", "Knit and natter", "Open mic"} <= titles
    assert "Village quiz night" not in titles  # still a request, not yet confirmed
    coffee = next(item for item in listed["items"] if item["activity"]["title"] == "Marsh coffee morning")
    assert coffee["series_id"] is not None and coffee["group"]["name"] == "Marsh Coffee Morning"
    await seed_demo()  # a second run changes nothing
    assert (
        await client.get("/api/v1/whats-on", params={"to": (date.today() + timedelta(days=30)).isoformat()})
    ).json()["total"] == listed["total"]
