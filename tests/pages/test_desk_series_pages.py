"""The desk answers a series request as one thing, and shows the money before the manager says yes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time, timedelta

import httpx

from scheduling.bookings.workflow import BookingDraft, request_booking
from scheduling.models import Booking, GroupVenueTier
from scheduling.recurrence.rules import parse_rrule
from scheduling.series.create import SeriesDraft, create_series
from tests.factories import Account, Factory
from tests.pages.support import post_form, sign_in
from tests.series_support import next_weekday
from venues.models import Closure, PriceTier, Space, Venue


@dataclass
class Asked:
    venue: Venue
    space: Space
    manager: Account
    organiser: Account
    group_id: int
    series_id: int
    dates: list[date]


async def tier(venue_id: int, kind: str) -> int:
    row = await PriceTier.select(PriceTier.id).where((PriceTier.venue == venue_id) & (PriceTier.kind == kind)).first()
    return int(row["id"])


async def weekly_request(factory: Factory, weeks: int = 6) -> Asked:
    """A group asks for a weekly 'Birthday party' at the free tier; the hall charges £24 an hour standard."""
    manager, organiser = await factory.account("manager"), await factory.account("organiser")
    venue = await factory.venue(manager=manager, name="Little Marsh Village Hall")
    space = await factory.space(venue, name="Main hall", requires_approval=True, horizon_days=400)
    await factory.rate(space, "standard", 2400)
    group = await factory.group(organiser, name="Marsh Mums")
    first = next_weekday(1)
    draft = SeriesDraft(
        space.id,
        parse_rrule(f"FREQ=WEEKLY;BYDAY=TU;COUNT={weeks}"),
        first,
        time(10),
        time(12),
        title="Birthday party",
        group_id=group.id,
        tier_id=await tier(venue.id, "free"),
    )
    made = await create_series(organiser.user, draft)
    return Asked(
        venue, space, manager, organiser, group.id, made.series.id, [first + timedelta(weeks=n) for n in range(weeks)]
    )


async def statuses(series_id: int) -> list[str]:
    rows = await Booking.select(Booking.status).where(Booking.series == series_id).order_by(Booking.starts_at)
    return [row["status"] for row in rows]


async def test_a_series_request_shows_once_with_its_rule_dates_quote_and_a_cheaper_tier_warning(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    asked = await weekly_request(factory)
    await sign_in(client, asked.manager)
    text = (await client.get(f"/desk/venues/{asked.venue.id}")).text
    assert text.count('class="series-request"') == 1 and text.count(">Birthday party</a>") == 1
    assert "1 request is waiting" in text
    assert "Every week on Tuesday, 6 times in all" in text
    first = asked.dates[0]
    # The time once, the first date on its own.
    assert f"<dd>10:00–12:00, 6 dates waiting from {first:%a} {first.day} {first:%b}</dd>" in text
    assert len(re.findall(r'name="date" value="\d{4}-\d\d-\d\d" checked', text)) == 6
    for day in asked.dates:
        assert f'value="{day.isoformat()}"' in text
    assert "Free: £0.00 for 6 dates" in text and "Standard: £288.00 for 6 dates" in text
    assert "Cheaper tier asked for" in text and "Marsh Mums asked for the Free tier" in text


async def test_a_series_requests_rule_says_how_many_of_its_dates_are_cancelled(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    asked = await weekly_request(factory)
    await sign_in(client, asked.manager)
    desk = f"/desk/venues/{asked.venue.id}"
    assert "<dd>Every week on Tuesday, 6 times in all</dd>" in (await client.get(desk)).text
    dates = await Booking.objects().where(Booking.series == asked.series_id).order_by(Booking.starts_at)
    await Booking.update({Booking.status: "cancelled"}).where(Booking.id.is_in([dates[1].id, dates[2].id]))
    assert "<dd>Every week on Tuesday, 6 times in all (2 cancelled)</dd>" in (await client.get(desk)).text


async def test_no_warning_when_the_tier_asked_for_is_the_one_agreed_for_the_group(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    asked = await weekly_request(factory)
    await GroupVenueTier(group=asked.group_id, venue=asked.venue.id, tier=await tier(asked.venue.id, "free")).save()
    await sign_in(client, asked.manager)
    text = (await client.get(f"/desk/venues/{asked.venue.id}")).text
    assert "Free: £0.00 for 6 dates" in text and "Cheaper tier asked for" not in text


async def test_ticked_dates_are_confirmed_in_one_submit_and_the_unticked_one_declined_with_a_reason(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    asked = await weekly_request(factory)
    await sign_in(client, asked.manager)
    desk = f"/desk/venues/{asked.venue.id}"
    kept_back = asked.dates[2]
    ticked = [day.isoformat() for day in asked.dates if day != kept_back]
    standard = await tier(asked.venue.id, "standard")
    response = await post_form(
        client, f"/desk/series/{asked.series_id}/confirm", {"date": ticked, "tier_id": str(standard)}, desk
    )
    assert response.status_code == 303, response.text
    assert await statuses(asked.series_id) == ["confirmed"] * 2 + ["requested"] + ["confirmed"] * 3
    rows = await Booking.select(Booking.price_minor).where(Booking.status == "confirmed")
    assert {row["price_minor"] for row in rows} == {4800}
    shown = (await client.get(response.headers["location"])).text
    assert "Birthday party, every week on Tuesday, 6 times in all: 5 dates confirmed." in shown
    assert "Series " + str(asked.series_id) not in shown
    assert len(re.findall(r'name="date" value="[^"]+" checked', shown)) == 1

    no_reason = await post_form(
        client, f"/desk/series/{asked.series_id}/decline", {"date": kept_back.isoformat()}, desk
    )
    assert no_reason.status_code == 400 and "Say why you are declining" in no_reason.text
    declined = await post_form(
        client,
        f"/desk/series/{asked.series_id}/decline",
        {"date": kept_back.isoformat(), "reason": "The hall is booked for the fete"},
        desk,
    )
    assert declined.status_code == 303
    assert await statuses(asked.series_id) == ["confirmed"] * 2 + ["declined"] + ["confirmed"] * 3
    after = (await client.get(declined.headers["location"])).text
    assert "1 date declined." in after and "No requests are waiting" in after


async def test_nothing_ticked_or_a_date_not_in_the_series_changes_nothing(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    asked = await weekly_request(factory)
    await sign_in(client, asked.manager)
    desk = f"/desk/venues/{asked.venue.id}"
    none_ticked = await post_form(client, f"/desk/series/{asked.series_id}/confirm", {}, desk)
    assert none_ticked.status_code == 400 and "Tick at least one date" in none_ticked.text
    stray = (asked.dates[0] + timedelta(days=1)).isoformat()
    wrong = await post_form(
        client, f"/desk/series/{asked.series_id}/confirm", {"date": [asked.dates[0].isoformat(), stray]}, desk
    )
    assert wrong.status_code == 400 and stray in wrong.text
    assert await statuses(asked.series_id) == ["requested"] * 6


async def test_other_venues_managers_and_the_organiser_cannot_answer_a_series(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    asked = await weekly_request(factory)
    other = await factory.account("other")
    await factory.venue(manager=other)
    for who in (other, asked.organiser):
        await sign_in(client, who)
        refused = await post_form(
            client, f"/desk/series/{asked.series_id}/confirm", {"date": asked.dates[0].isoformat()}, "/desk"
        )
        assert refused.status_code == 403
    assert await statuses(asked.series_id) == ["requested"] * 6


async def test_a_date_the_venue_has_since_closed_is_marked_as_a_conflict(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    asked = await weekly_request(factory)
    await Closure(venue=asked.venue.id, starts_on=asked.dates[1], ends_on=asked.dates[1], reason="Floor works").save()
    await sign_in(client, asked.manager)
    text = (await client.get(f"/desk/venues/{asked.venue.id}")).text
    assert "1 date breaks the venue" in text and text.count("Conflict:") == 1


async def test_a_one_off_request_shows_its_quote_and_is_confirmed_at_a_changed_tier(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    asked = await weekly_request(factory, weeks=1)
    resident = await factory.account("resident")
    day = asked.dates[0] + timedelta(days=2)
    from tests.pages.support import london

    booking = await request_booking(
        resident.user,
        BookingDraft(
            asked.space.id,
            london(day, 18).replace(tzinfo=None),
            london(day, 21).replace(tzinfo=None),
            title="Choir",
            tier_id=await tier(asked.venue.id, "free"),
        ),
    )
    await sign_in(client, asked.manager)
    desk = f"/desk/venues/{asked.venue.id}"
    text = (await client.get(desk)).text
    assert f'<a href="/bookings/{booking.id}">Choir</a>' in text
    assert "Free: £0.00" in text and "Standard: £72.00" in text and "Resident asked for the Free tier" in text
    standard = await tier(asked.venue.id, "standard")
    done = await post_form(client, f"/desk/bookings/{booking.id}/confirm", {"tier_id": str(standard)}, desk)
    assert done.status_code == 303
    stored = await Booking.objects().where(Booking.id == booking.id).first()
    assert (stored.status, stored.tier, stored.price_minor) == ("confirmed", standard, 7200)
    assert "Choir, " in (await client.get(done.headers["location"])).text


async def test_the_groups_tab_lists_groups_that_booked_and_sets_and_clears_their_tier(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    asked = await weekly_request(factory, weeks=1)
    other = await factory.account("other")
    await factory.venue(manager=other)
    await sign_in(client, other)
    assert (await client.get(f"/desk/venues/{asked.venue.id}/groups")).status_code == 403
    await sign_in(client, asked.manager)
    page = f"/desk/venues/{asked.venue.id}/groups"
    text = (await client.get(page)).text
    assert "Marsh Mums" in text and "none (usual rate)" in text
    low = await tier(asked.venue.id, "low_cost")
    saved = await post_form(client, f"{page}/{asked.group_id}", {"tier_id": str(low)}, page)
    assert saved.status_code == 303
    agreed = await GroupVenueTier.select(GroupVenueTier.tier).where(GroupVenueTier.group == asked.group_id)
    assert agreed == [{"tier": low}]
    assert "<strong>Community</strong>" in (await client.get(page)).text
    elsewhere = await tier((await factory.venue()).id, "standard")
    refused = await post_form(client, f"{page}/{asked.group_id}", {"tier_id": str(elsewhere)}, page)
    assert refused.status_code == 400 and "not one of this venue" in refused.text
    cleared = await post_form(client, f"{page}/{asked.group_id}", {"tier_id": ""}, page)
    assert cleared.status_code == 303
    assert await GroupVenueTier.count().where(GroupVenueTier.group == asked.group_id) == 0


async def test_confirming_series_dates_the_venue_is_closed_on_offers_confirm_anyway_for_the_ticked_dates(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    asked = await weekly_request(factory, weeks=4)
    closed = asked.dates[1]
    await Closure(venue=asked.venue.id, starts_on=closed, ends_on=closed, reason="Polling station").save()
    await sign_in(client, asked.manager)
    desk = f"/desk/venues/{asked.venue.id}"
    ticked = [day.isoformat() for day in asked.dates[:3]]
    standard = await tier(asked.venue.id, "standard")
    form = {"date": ticked, "reason": "See you", "tier_id": str(standard)}

    refused = await post_form(client, f"/desk/series/{asked.series_id}/confirm", form, desk)

    assert refused.status_code == 422, refused.text
    assert "Birthday party" in refused.text and "Polling station" in refused.text
    assert "Confirm anyway" in refused.text and 'name="override" value="1"' in refused.text
    assert f'action="/desk/series/{asked.series_id}/confirm"' in refused.text
    assert all(f'name="date" value="{day}"' in refused.text for day in ticked)
    assert f'name="tier_id" value="{standard}"' in refused.text and 'value="See you"' in refused.text
    assert {row["status"] for row in await Booking.select(Booking.status)} == {"requested"}

    confirmed = await post_form(client, f"/desk/series/{asked.series_id}/confirm", {**form, "override": "1"}, desk)

    assert confirmed.status_code == 303, confirmed.text
    rows = await Booking.select(Booking.status, Booking.rules_overridden, Booking.tier).order_by(Booking.starts_at)
    assert [row["status"] for row in rows] == ["confirmed"] * 3 + ["requested"]
    assert [bool(row["rules_overridden"]) for row in rows] == [False, True, False, False]
    assert {row["tier"] for row in rows[:3]} == {standard}
