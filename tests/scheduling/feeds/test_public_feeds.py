"""Public feeds are found and assembled in the domain: who may see them (venues.visibility) and what they hold."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from scheduling.feeds.public_feeds import public_feed_calendar, space_feed, venue_feed
from scheduling.models import Occupancy
from tests.factories import Factory
from venues.core.errors import NotFound
from venues.models import Space, Venue

SOON = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=3)
BASE = "https://feeds.example"


async def test_a_space_feed_holds_its_activities_in_full_and_other_bookings_as_anonymous_blocks(
    factory: Factory,
) -> None:
    venue = await factory.venue()
    space = await factory.space(venue)
    listed = await factory.booking(space, SOON, SOON + timedelta(hours=2), title="Repair cafe")
    await factory.activity(booking=listed, title="Repair cafe")
    private = await factory.booking(
        space, SOON + timedelta(hours=3), SOON + timedelta(hours=4), title="Private party", is_public=False
    )
    await Occupancy.insert(
        Occupancy(
            booking=private.id,
            space=space.id,
            starts_ts=int(private.starts_at.timestamp()),
            ends_ts=int(private.ends_at.timestamp()),
        )
    )

    feed = await space_feed(space.id)
    calendar = await public_feed_calendar(feed, BASE, datetime.now(UTC))

    assert (feed.filename, calendar.url) == (
        f"{venue.slug}-space-{space.id}.ics",
        f"{BASE}/feeds/spaces/{space.id}.ics",
    )
    assert [event.summary for event in calendar.events] == ["Repair cafe", "Booked"]
    assert all("Private party" not in (event.description or "") for event in calendar.events)


@pytest.mark.parametrize("archived", ["venue", "space"])
async def test_a_feed_of_an_archived_venue_or_space_is_not_found(factory: Factory, archived: str) -> None:
    venue = await factory.venue()
    space = await factory.space(venue)
    if archived == "venue":
        await Venue.update({Venue.archived: True}).where(Venue.id == venue.id)
    else:
        await Space.update({Space.archived: True}).where(Space.id == space.id)

    with pytest.raises(NotFound, match=f"no space with id {space.id}"):
        await space_feed(space.id)
    if archived == "venue":
        with pytest.raises(NotFound, match=f"no venue with id {venue.id}"):
            await venue_feed(venue.id)
    else:
        assert (await venue_feed(venue.id)).name == venue.name
