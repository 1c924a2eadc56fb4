"""No private field reaches any OpenActive feed: markers planted in every private column of a venue, a group, a
listed series' dates and a private booking at the same space are searched for in every page of every feed."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import httpx

from scheduling.openactive.feeds import Feed
from scheduling.openactive.stamping import refresh
from tests.factories import Factory
from venues.core import clock

NOW = datetime(2027, 2, 1, 8, tzinfo=UTC)
MARKERS = {
    "venue_contact": "Marker Venue Contact Ermintrude",
    "venue_email": "venue-private-marker@example.org",
    "venue_phone": "07700 900111",
    "group_contact": "Marker Group Contact Barnabas",
    "group_email": "group-private-marker@example.org",
    "group_phone": "07700 900222",
    "group_billing": "Marker billing name Treasurer Tilly",
    "booker_name": "Marker Booker Quentin",
    "booker_email": "booker-private-marker@example.org",
    "booker_phone": "07700 900333",
    "purpose": "Marker purpose: bereavement support",
    "billing_address": "Marker billing address, 1 Hidden Lane",
    "private_title": "Marker private party for Ottoline",
}


async def test_no_feed_page_holds_any_private_marker(client: httpx.AsyncClient, factory: Factory) -> None:
    with clock.frozen_at(NOW):
        venue = await factory.venue(
            private_contact_name=MARKERS["venue_contact"],
            private_email=MARKERS["venue_email"],
            private_phone=MARKERS["venue_phone"],
        )
        space = await factory.space(venue, name="Main hall", min_notice_minutes=0)
        await factory.rate(space, "standard", 2000)
        group = await factory.group(
            private_contact_name=MARKERS["group_contact"],
            private_email=MARKERS["group_email"],
            private_phone=MARKERS["group_phone"],
            billing_name=MARKERS["group_billing"],
        )
        private_fields = {
            "booker_name": MARKERS["booker_name"],
            "booker_email": MARKERS["booker_email"],
            "booker_phone": MARKERS["booker_phone"],
            "purpose": MARKERS["purpose"],
            "billing_address": MARKERS["billing_address"],
        }
        series = await factory.series(
            space,
            date(2027, 2, 2),
            time(10),
            time(11),
            group=group.id,
            title="Walking football",
            **{key: value for key, value in private_fields.items() if key != "billing_address"},
        )
        for week in range(3):
            starts = datetime(2027, 2, 2, 10, tzinfo=UTC) + timedelta(weeks=week)
            await factory.booking(
                space,
                starts,
                starts + timedelta(hours=1),
                series=series.id,
                recurrence_id=starts,
                group=group.id,
                title="Walking football",
                status="cancelled" if week == 2 else "confirmed",
                **private_fields,
            )
        await factory.activity(series=series, title="Walking football")
        private = await factory.booking(
            space,
            datetime(2027, 2, 3, 14, tzinfo=UTC),
            datetime(2027, 2, 3, 16, tzinfo=UTC),
            is_public=False,
            title=MARKERS["private_title"],
            **private_fields,
        )
        await factory.activity(booking=private, title="Yoga " + MARKERS["private_title"])
        await refresh()

        bodies: dict[Feed, str] = {}
        for feed in Feed:
            url: str | None = f"/openactive/{feed.value}"
            text = ""
            while url is not None:
                response = await client.get(url)
                assert response.status_code == 200
                text += response.text
                page = response.json()
                url = page["next"] if page["items"] else None
            bodies[feed] = text

    assert all('"state":"updated"' in body for body in bodies.values()), "every feed must hold items to search"
    for feed, body in bodies.items():
        for name, marker in MARKERS.items():
            assert marker not in body, f"{name} reached {feed.value}"
