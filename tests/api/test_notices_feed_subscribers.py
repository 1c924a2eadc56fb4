"""A person whose private feed already carries a booking never gets it twice: no invitation, a line instead.

Calendar apps show a subscribed feed as a calendar of its own, so an invitation added to the main calendar
would show the same booking a second time even with the feed's UID. Everyone else gets the invitation, with
the feed's UID and SEQUENCE for a one-off booking.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import httpx

from scheduling.feeds.tokens import revoke_group_token
from scheduling.models import FeedToken, GroupOrganiser, Series
from scheduling.notices.messages import IN_FEED
from tests.api.test_notices_bookings import DAY, email, group_feed, request, scene
from tests.api.test_series_decisions import requested_series
from tests.bookings_support import local
from tests.factories import Factory
from tests.mail_support import sent_to, single_event
from venues.core import clock


async def hold_feed_links(client: httpx.AsyncClient, headers: dict[str, str]) -> None:
    """Subscribe as a calendar app does: open the list of one's private feeds (which issues their links,
    as the account page does), then fetch each feed."""
    links = await client.get("/api/v1/feeds/private", headers=headers)
    assert links.status_code == 200, links.text
    for feed in links.json():
        fetched = await client.get(urlsplit(feed["links"]["url"]).path)
        assert fetched.status_code == 200, fetched.text


async def with_co_organiser(factory: Factory, s: dict[str, Any]) -> dict[str, Any]:
    co = await factory.account("co_organiser")
    await GroupOrganiser(group=s["group"].id, user=co.id).save()
    return {**s, "co": co}


async def test_a_confirmation_leaves_out_the_invitation_for_whoever_subscribes_to_the_feed_carrying_it(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    s = await with_co_organiser(factory, await scene(factory))
    await hold_feed_links(client, s["organiser"].headers)
    booking_id = await request(client, s)
    confirmed = await client.post(f"/api/v1/bookings/{booking_id}/confirm", json={}, headers=s["manager"].headers)
    assert confirmed.status_code == 200, confirmed.text

    (subscriber,) = [m for m in await sent_to(email(s["organiser"])) if m.kind == "confirmed"]
    assert not subscriber.has_calendar()
    assert not [p for p in subscriber.message.walk() if p.get_filename() == "invite.ics"]
    assert IN_FEED in subscriber.text and IN_FEED in subscriber.html
    assert "invitation attached" not in subscriber.text

    # The co-organiser holds no link: the invitation, with the feed's own UID and SEQUENCE.
    (invited,) = [m for m in await sent_to(email(s["co"])) if m.kind == "confirmed"]
    assert IN_FEED not in invited.text
    event = single_event(invited.calendar())
    feed_event = single_event(await group_feed(client, s))
    assert (str(event["UID"]), int(event["SEQUENCE"])) == (str(feed_event["UID"]), int(feed_event["SEQUENCE"]))


async def test_once_the_feed_link_is_revoked_the_next_change_carries_the_invitation_again(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    s = await scene(factory)
    await hold_feed_links(client, s["organiser"].headers)
    booking_id = await request(client, s)
    await client.post(f"/api/v1/bookings/{booking_id}/confirm", json={}, headers=s["manager"].headers)
    async with GroupOrganiser._meta.db.transaction():
        await revoke_group_token(s["organiser"].id, s["group"].id)

    moved = await client.patch(
        f"/api/v1/bookings/{booking_id}",
        json={"starts_at": local(DAY, "19:00"), "ends_at": local(DAY, "21:00")},
        headers=s["manager"].headers,
    )
    assert moved.status_code == 200, moved.text
    mine = {m.kind: m for m in await sent_to(email(s["organiser"]))}
    assert not mine["confirmed"].has_calendar()
    assert IN_FEED not in mine["moved"].text
    update = single_event(mine["moved"].calendar())
    feed_event = single_event(await group_feed(client, s))  # a new link, read after the move
    assert (str(update["UID"]), int(update["SEQUENCE"])) == (str(feed_event["UID"]), int(feed_event["SEQUENCE"]))


async def test_a_manager_holding_the_venues_feed_gets_no_invitation_for_a_booking_of_their_own(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    s = await scene(factory)
    await hold_feed_links(client, s["manager"].headers)
    booking_id = await request(client, s, who="manager", group_id=None)
    await client.post(f"/api/v1/bookings/{booking_id}/confirm", json={}, headers=s["deputy"].headers)
    (told,) = [m for m in await sent_to(email(s["manager"])) if m.kind == "confirmed"]
    assert not told.has_calendar() and IN_FEED in told.text


async def test_a_series_confirmation_goes_without_its_recurring_invitation_to_a_feed_subscriber_only(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    asked = await requested_series(factory, client, weeks=3)
    series = await Series.objects().where(Series.id == asked.series_id).first()
    assert series is not None
    co = await factory.account("co_organiser")
    await GroupOrganiser(group=series.group, user=co.id).save()
    await hold_feed_links(client, asked.organiser.headers)
    confirmed = await client.post(f"/api/v1/series/{asked.series_id}/confirm", json={}, headers=asked.manager.headers)
    assert confirmed.status_code == 200, confirmed.text

    (subscriber,) = [m for m in await sent_to(asked.organiser.user.email) if m.kind == "confirmed"]
    assert not subscriber.has_calendar() and IN_FEED in subscriber.text
    (invited,) = [m for m in await sent_to(co.user.email) if m.kind == "confirmed"]
    assert str(single_event(invited.calendar())["UID"]) == f"series-{series.uid}@testserver"


async def test_a_link_only_shown_or_not_fetched_for_a_fortnight_still_gets_the_invitation(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    s = await scene(factory)
    shown = await client.get("/api/v1/feeds/private", headers=s["organiser"].headers)
    assert shown.status_code == 200  # the link exists, but no calendar app has fetched it
    first = await request(client, s)
    assert (await client.post(f"/api/v1/bookings/{first}/confirm", json={}, headers=s["manager"].headers)).is_success
    (message,) = [m for m in await sent_to(email(s["organiser"])) if m.kind == "confirmed"]
    assert message.has_calendar() and IN_FEED not in message.text

    # Fetched once, long ago: the subscription has lapsed, so the invitation comes again.
    await hold_feed_links(client, s["organiser"].headers)
    await FeedToken.update({FeedToken.fetched_on: clock.now().date() - timedelta(days=15)}).where(
        FeedToken.owner == s["organiser"].id
    )
    cancelled = await client.post(
        f"/api/v1/bookings/{first}/cancel", json={"reason": "Boiler repairs"}, headers=s["manager"].headers
    )
    assert cancelled.is_success, cancelled.text
    (cancellation,) = [m for m in await sent_to(email(s["organiser"])) if m.kind == "cancelled"]
    assert cancellation.has_calendar() and IN_FEED not in cancellation.text
