"""After "this and following", an activity's page and its "every date" calendar follow its series on to the
dates of the new series, which carries a listing that names the one it continues."""

from __future__ import annotations

from datetime import timedelta

import httpx

from scheduling.models import Booking, Series
from tests.api.test_public_feeds import START_OF_TODAY, whats_on
from tests.api.test_series_changes import running_series
from tests.factories import Factory
from tests.feed_readers import assert_readers_agree


async def test_an_activity_calendar_and_page_follow_the_series_across_a_split(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    running = await running_series(factory)
    await Series.update({Series.is_public: True}).where(Series.id == running.series_id)
    await Booking.update({Booking.is_public: True}).where(Booking.series == running.series_id)
    listing = await factory.activity(series=running.series_id, title="Pilates for all", category="exercise")
    split = await client.post(
        f"/api/v1/series/{running.series_id}/split",
        json={"from_date": running.days[5].isoformat(), "start_time": "18:00", "end_time": "19:30"},
        headers=running.organiser.headers,
    )
    assert split.status_code == 201, split.text
    successor = split.json()["series"]["id"]

    start, end = START_OF_TODAY - timedelta(days=25), START_OF_TODAY + timedelta(days=120)
    every_date = await whats_on(client, start, end, venue_id=split.json()["series"]["venue_id"])
    assert len(every_date) == 10 and sum(1 for s, _ in every_date if s.date() >= running.days[5]) == 5
    calendar = await client.get(f"/activities/{listing.id}/calendar.ics")
    assert calendar.status_code == 200, calendar.text
    assert_readers_agree(calendar.content, start, end, every_date)

    page = await client.get(f"/activities/{listing.id}")
    assert page.status_code == 200
    assert "18:00" in page.text  # the later dates, at their new time

    carried = (await client.get(f"/api/v1/series/{successor}")).json()
    split_day = f"{running.days[5].isoformat()}T00:00:00Z"
    items = (
        await client.get(
            "/api/v1/whats-on",
            params={"from": split_day, "to": (START_OF_TODAY + timedelta(days=80)).isoformat(), "limit": 200},
        )
    ).json()["items"]
    assert len(items) == 5
    later_ids = {item["activity"]["id"] for item in items}
    assert len(later_ids) == 1 and carried["id"] == successor
    (later_id,) = later_ids
    assert later_id != listing.id
    follower = (await client.get(f"/api/v1/activities/{later_id}")).json()
    assert (follower["series_id"], follower["continues_id"]) == (successor, listing.id)
    assert (await client.get(f"/api/v1/activities/{listing.id}")).json()["continues_id"] is None
