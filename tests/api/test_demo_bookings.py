"""The demo data includes bookings: confirmed ones and a request waiting for the hall's manager."""

from __future__ import annotations

from api.demo import DEMO_BOOKINGS, seed_demo
from scheduling.models import Booking


async def test_the_demo_has_confirmed_bookings_and_one_request() -> None:
    await seed_demo()
    titles = [title for *_, title, _ in DEMO_BOOKINGS]
    rows = await Booking.select(Booking.title, Booking.status).where(Booking.title.is_in(titles))
    assert sorted(row["status"] for row in rows) == ["confirmed"] * 4 + ["requested"]
    assert next(row for row in rows if row["status"] == "requested")["title"] == "Village quiz night"
