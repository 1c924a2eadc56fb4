"""A drop-in listing ("come along any time" rather than a session with a start): set by whoever may change the
listing through the API and the listing form, false unless set, shown to the public on the activity page, What's
on (page and API) and the public feed, and a change to it moves the listing's revision like any other field."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx

from scheduling.models import Activity
from tests.factories import Account, Factory
from tests.pages.support import days_ahead, london, post_form, sign_in
from venues.models import Space

DAY = days_ahead(2)


async def hall(factory: Factory) -> tuple[Account, Space, int]:
    """A booker's confirmed public booking on ``DAY``, 10:00–12:00 London, and its id."""
    booker = await factory.account("booker")
    venue = await factory.venue()
    space = await factory.space(venue, name="Main hall")
    booking = await factory.booking(
        space, london(DAY, 10), london(DAY, 12), booked_by=booker.id, title="Coffee", venue=venue.id
    )
    return booker, space, booking.id


async def stored(activity_id: int) -> dict[str, Any]:
    row = await Activity.select(Activity.drop_in, Activity.revision).where(Activity.id == activity_id).first()
    assert row is not None
    return row


async def test_drop_in_is_false_unless_set_and_a_change_to_it_moves_the_listings_revision(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    booker, _, booking_id = await hall(factory)
    made = await client.post(
        f"/api/v1/bookings/{booking_id}/activity", json={"title": "Coffee morning"}, headers=booker.headers
    )
    assert made.status_code == 201, made.text
    activity = made.json()
    assert activity["drop_in"] is False
    before = await stored(activity["id"])

    changed = await client.patch(f"/api/v1/activities/{activity['id']}", json={"drop_in": True}, headers=booker.headers)
    assert changed.status_code == 200 and changed.json()["drop_in"] is True, changed.text
    after = await stored(activity["id"])
    assert after["drop_in"] is True and after["revision"] > before["revision"]
    assert (await client.get(f"/api/v1/activities/{activity['id']}")).json()["drop_in"] is True

    refused = await client.patch(
        f"/api/v1/activities/{activity['id']}", json={"drop_in": "yes"}, headers=booker.headers
    )
    assert refused.status_code == 400, refused.text
    assert (await stored(activity["id"]))["drop_in"] is True


async def test_a_drop_in_listing_says_so_on_its_page_whats_on_and_the_public_feed(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    booker, space, booking_id = await hall(factory)
    made = await client.post(
        f"/api/v1/bookings/{booking_id}/activity",
        json={"title": "Coffee morning", "drop_in": True},
        headers=booker.headers,
    )
    assert made.status_code == 201 and made.json()["drop_in"] is True, made.text
    activity_id = made.json()["id"]
    other = await factory.booking(space, london(DAY, 14), london(DAY, 16), title="Choir")
    await factory.activity(other, title="Choir practice")

    page = (await client.get(f"/activities/{activity_id}")).text
    assert "Drop in any time" in page
    window = {"from": DAY.isoformat(), "to": (DAY + timedelta(days=1)).isoformat()}
    items = (await client.get("/api/v1/whats-on", params=window)).json()["items"]
    assert {item["activity"]["title"]: item["activity"]["drop_in"] for item in items} == {
        "Coffee morning": True,
        "Choir practice": False,
    }
    cards = (await client.get("/", params={"from": DAY.isoformat(), "to": DAY.isoformat()})).text
    assert cards.count("Drop in any time") == 1
    feed = (await client.get(f"/feeds/venues/{space.venue}.ics")).text
    assert "Drop in any time" in feed.replace("\r\n ", "")


async def test_the_listing_form_sets_and_clears_drop_in(client: httpx.AsyncClient, factory: Factory) -> None:
    booker, _, booking_id = await hall(factory)
    await sign_in(client, booker)
    form_page = f"/my/bookings/{booking_id}/listing"
    shown = (await client.get(form_page)).text
    assert 'name="listing_drop_in"' in shown and "Drop in any time (no fixed start)" in shown

    listed = await post_form(client, form_page, {"listing_title": "Coffee morning", "listing_drop_in": "on"}, form_page)
    assert listed.status_code == 303, listed.text
    activity = await Activity.objects().where(Activity.booking == booking_id).first()
    assert activity is not None and activity.drop_in is True
    again = (await client.get(form_page)).text
    assert 'name="listing_drop_in" type="checkbox" value="on" checked' in again

    cleared = await post_form(client, form_page, {"listing_title": "Coffee morning"}, form_page)
    assert cleared.status_code == 303, cleared.text
    assert (await stored(activity.id))["drop_in"] is False
