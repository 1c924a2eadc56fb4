"""A listing as OpenActive items: its SessionSeries and the ScheduledSession of each date still to end, only while
the public sees it and it is a physical activity on the Activity List, read in a fixed number of queries, with
nothing private in any item, and items the OpenActive validator passes."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest

from scheduling.models import Activity, Booking, OpenActiveItem, Series
from scheduling.openactive.activity_list import by_label
from scheduling.openactive.feeds import Feed, Item, data_text
from scheduling.openactive.sessions import activity_items
from scheduling.openactive.stamping import refresh
from tests.factories import Factory
from tests.scheduling.openactive.validation import failures
from venues.models import Space, Venue

BASE = "http://testserver"
YOGA = by_label("Yoga")
# A Tuesday in March 2027, before the clocks go forward (London is on UTC).
FIRST_TUESDAY = date(2027, 3, 2)
NOW = datetime(2027, 3, 5, 12, tzinfo=UTC)
MARKERS = (
    "BOOKER-NAME-MARK",
    "booker-mark@example.org",
    "07000 111222",
    "PURPOSE-MARK",
    "BILLING-MARK",
    "GROUP-PRIVATE-MARK",
    "group-private@example.org",
    "07000 333444",
    "VENUE-PRIVATE-MARK",
    "venue-private@example.org",
    "07000 555666",
    "PRIVATE-DATE-TITLE",
)
BOOKER = {
    "booker_name": "BOOKER-NAME-MARK",
    "booker_email": "booker-mark@example.org",
    "booker_phone": "07000 111222",
    "purpose": "PURPOSE-MARK",
}


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


async def hall(factory: Factory) -> tuple[Venue, Space]:
    venue = await factory.venue(
        address="1 Church Lane\nLittle Wick",
        locality="Little Wick",
        region="Wessex",
        latitude=51.1,
        longitude=-1.2,
        private_contact_name="VENUE-PRIVATE-MARK",
        private_email="venue-private@example.org",
        private_phone="07000 555666",
    )
    return venue, await factory.space(venue, name="Main hall")


async def one_off(factory: Factory, space: Space, **fields: Any) -> tuple[Booking, Activity]:
    """Yoga on Thursday 10 June 2027, 10:00–11:30 London (summer time), £4.50 for adults."""
    booking = await factory.booking(
        space, datetime(2027, 6, 10, 9, tzinfo=UTC), datetime(2027, 6, 10, 10, 30, tzinfo=UTC), **BOOKER
    )
    listing = {
        "title": "Yoga for beginners",
        "description": "Gentle stretching.",
        "cost_kind": "priced",
        "price_minor": 450,
        "audience": "adults",
        "accessibility_notes": "Chairs available for seated poses.",
        **fields,
    }
    return booking, await factory.activity(booking=booking, **listing)


async def weekly(factory: Factory, space: Space, **fields: Any) -> tuple[Series, Activity, dict[str, Booking]]:
    """Walking football every Tuesday 10:00–11:00 for a group, pay what you can; dates: one over before ``NOW``,
    one to come, one cancelled (confirmed and published first: only what was published is told as cancelled),
    one private, one only requested."""
    group = await factory.group(
        name="Wick Walkers",
        website="https://walkers.example.org",
        public_phone="01234 567890",
        private_contact_name="GROUP-PRIVATE-MARK",
        private_email="group-private@example.org",
        private_phone="07000 333444",
        billing_name="BILLING-MARK",
        billing_address="BILLING-MARK",
    )
    series = await factory.series(
        space,
        FIRST_TUESDAY,
        time(10),
        time(11),
        rrule="FREQ=WEEKLY;BYDAY=TU",
        group=group.id,
        **BOOKER,
    )
    dates: dict[str, Booking] = {}
    kinds = [
        ("over", {}),
        ("next", {}),
        ("cancelled", {}),
        ("private", {"is_public": False, "title": "PRIVATE-DATE-TITLE"}),
        ("requested", {"status": "requested"}),
    ]
    for week, (kind, extra) in enumerate(kinds):
        day = FIRST_TUESDAY + timedelta(weeks=week)
        dates[kind] = await factory.booking(
            space,
            at(day, 10),
            at(day, 11),
            series=series.id,
            recurrence_id=at(day, 10),
            group=group.id,
            billing_address="BILLING-MARK",
            **{**BOOKER, **extra},
        )
    listing = {"title": "Walking football", "cost_kind": "pay_what_you_can", "audience": "older_people", **fields}
    activity = await factory.activity(series=series, **listing)
    await refresh(now=NOW)
    await Booking.update({Booking.status: "cancelled"}).where(Booking.id == dates["cancelled"].id)
    return series, activity, dates


def by_feed(items: list[Item]) -> dict[Feed, dict[str, Item]]:
    found: dict[Feed, dict[str, Item]] = {}
    for item in items:
        found.setdefault(item.feed, {})[item.item_id] = item
    return found


async def test_a_one_off_is_a_series_of_one_with_its_date_as_a_sub_event_and_a_session_in_local_time(
    factory: Factory,
) -> None:
    venue, space = await hall(factory)
    booking, activity = await one_off(factory, space)

    owned = (await activity_items([activity.id], NOW))[activity.id]

    assert owned.owner == f"activity:{activity.id}" and owned.venue_id == venue.id
    items = by_feed(owned.items)
    page = f"{BASE}/activities/{activity.id}"
    series = items[Feed.session_series][str(activity.id)].data
    assert series["@type"] == "SessionSeries" and series["@id"] == page and series["url"] == page
    assert series["@context"] == "https://openactive.io/"
    assert series["activity"] == [
        {"@type": "Concept", "@id": YOGA.id, "prefLabel": "Yoga", "inScheme": "https://openactive.io/activity-list"}
    ]
    assert series["offers"] == [{"@type": "Offer", "@id": f"{page}#offer", "price": 4.5, "priceCurrency": "GBP"}]
    assert series["isAccessibleForFree"] is False
    assert series["ageRange"] == {"@type": "QuantitativeValue", "minValue": 18}
    assert series["accessibilityInformation"] == "Chairs available for seated poses."
    assert series["organizer"]["@id"] == f"{BASE}/venues/{venue.id}#organization"
    assert series["location"]["address"]["addressLocality"] == "Little Wick"
    assert "eventSchedule" not in series
    [sub_event] = series["subEvent"]
    assert sub_event["startDate"] == "2027-06-10T10:00:00+01:00"
    assert sub_event["endDate"] == "2027-06-10T11:30:00+01:00"
    assert sub_event["duration"] == "PT1H30M"

    session = items[Feed.scheduled_sessions][str(booking.id)]
    assert session.ends_at == booking.ends_at
    assert session.data["superEvent"] == page
    assert session.data["@id"] == f"{page}#session-{booking.id}"
    assert session.data["eventStatus"] == "https://schema.org/EventScheduled"
    assert (session.data["startDate"], session.data["duration"]) == ("2027-06-10T10:00:00+01:00", "PT1H30M")
    assert items[Feed.session_series][str(activity.id)].ends_at == booking.ends_at

    after = (await activity_items([activity.id], booking.ends_at))[activity.id]
    assert [item.feed for item in after.items] == [Feed.session_series], "a date that has ended is no session"


async def test_a_weekly_series_has_its_rule_and_a_session_for_each_public_date_still_to_end_cancelled_ones_kept(
    factory: Factory,
) -> None:
    venue, space = await hall(factory)
    series, activity, dates = await weekly(factory, space)

    owned = (await activity_items([activity.id], NOW))[activity.id]

    items = by_feed(owned.items)
    assert set(items[Feed.scheduled_sessions]) == {str(dates["next"].id), str(dates["cancelled"].id)}
    status = {item_id: item.data["eventStatus"] for item_id, item in items[Feed.scheduled_sessions].items()}
    assert status == {
        str(dates["next"].id): "https://schema.org/EventScheduled",
        str(dates["cancelled"].id): "https://schema.org/EventCancelled",
    }
    assert items[Feed.scheduled_sessions][str(dates["next"].id)].data["startDate"] == "2027-03-09T10:00:00+00:00"
    data = items[Feed.session_series][str(activity.id)].data
    assert items[Feed.session_series][str(activity.id)].ends_at is None
    assert "subEvent" not in data
    assert data["eventSchedule"] == [
        {
            "@type": "PartialSchedule",
            "repeatFrequency": "P1W",
            "byDay": ["https://schema.org/Tuesday"],
            "startTime": "10:00",
            "endTime": "11:00",
            "duration": "PT1H",
            "scheduleTimezone": "Europe/London",
            "startDate": "2027-03-02",
        }
    ]
    assert data["activity"][0]["prefLabel"] == "Walking Football"
    assert data["organizer"] == {
        "@type": "Organization",
        "@id": f"{BASE}/groups/{series.group}",
        "name": "Wick Walkers",
        "url": "https://walkers.example.org",
        "telephone": "01234 567890",
    }
    [offer] = data["offers"]
    assert (offer["price"], offer["name"], data["isAccessibleForFree"]) == (0, "Pay what you can", True)
    assert data["ageRange"] == {"@type": "QuantitativeValue", "minValue": 50}


async def test_listings_the_public_does_not_see_or_that_are_not_physical_activities_have_no_items(
    factory: Factory,
) -> None:
    venue, space = await hall(factory)
    _, coffee = await one_off(factory, space, title="Coffee morning", cost_kind="free", price_minor=0)
    _, chosen = await one_off(factory, space, title="Coffee and stretch", cost_kind="free", price_minor=0)
    await Activity.update({Activity.openactive_activity: YOGA.id}).where(Activity.id == chosen.id)
    private, hidden = await one_off(factory, space)
    await Booking.update({Booking.is_public: False}).where(Booking.id == private.id)
    requested, waiting = await one_off(factory, space)
    await Booking.update({Booking.status: "requested"}).where(Booking.id == requested.id)
    _, only_requested, dates = await weekly(factory, space)
    await Booking.update({Booking.status: "requested"}).where(Booking.id.is_in([dates["over"].id, dates["next"].id]))
    cancelled_series, called_off, called_off_dates = await weekly(factory, space)
    await Series.update({Series.status: "cancelled"}).where(Series.id == cancelled_series.id)
    # Called off before any date to come was cancelled with it: nothing cancelled to tell, so nothing shown.
    await Booking.update({Booking.status: "confirmed"}).where(Booking.id == called_off_dates["cancelled"].id)
    elsewhere, elsewhere_space = await hall(factory)
    _, archived = await one_off(factory, elsewhere_space)
    await Venue.update({Venue.archived: True}).where(Venue.id == elsewhere.id)

    asked = [coffee.id, chosen.id, hidden.id, waiting.id, only_requested.id, called_off.id, archived.id, 987654]
    found = await activity_items(asked, NOW)

    assert set(found) == set(asked)
    published = {activity_id for activity_id, owned in found.items() if owned.items}
    assert published == {chosen.id}, "the organiser's choice wins over a title that matches nothing"
    assert found[coffee.id].venue_id == venue.id and found[archived.id].venue_id == elsewhere.id
    assert found[987654].venue_id is None and found[987654].owner == "activity:987654"


async def test_a_one_off_or_series_called_off_stays_with_its_dates_cancelled_until_they_are_over(
    factory: Factory,
) -> None:
    _, space = await hall(factory)
    booking, one = await one_off(factory, space)
    series, weekly_listing, dates = await weekly(factory, space)
    await Booking.update({Booking.status: "cancelled"}).where(Booking.id == booking.id)
    await Series.update({Series.status: "cancelled"}).where(Series.id == series.id)
    await Booking.update({Booking.status: "cancelled"}).where(
        (Booking.series == series.id) & (Booking.status == "confirmed")
    )

    found = await activity_items([one.id, weekly_listing.id], NOW)

    one_items = by_feed(found[one.id].items)
    assert (
        one_items[Feed.scheduled_sessions][str(booking.id)].data["eventStatus"] == "https://schema.org/EventCancelled"
    )
    assert str(one.id) in one_items[Feed.session_series]
    series_items = by_feed(found[weekly_listing.id].items)
    assert set(series_items[Feed.scheduled_sessions]) == {str(dates["next"].id), str(dates["cancelled"].id)}
    assert {item.data["eventStatus"] for item in series_items[Feed.scheduled_sessions].values()} == {
        "https://schema.org/EventCancelled"
    }
    last = max(dates["next"].ends_at, dates["cancelled"].ends_at)
    assert series_items[Feed.session_series][str(weekly_listing.id)].ends_at == last, "ends with its last date"
    over = await activity_items([one.id, weekly_listing.id], booking.ends_at + timedelta(weeks=10))
    assert [item.feed for item in over[one.id].items] == [Feed.session_series]
    assert over[one.id].items[0].ends_at == booking.ends_at, "over: the stamper ends it"
    assert [item.feed for item in over[weekly_listing.id].items] == [], "once every date is over, nothing to tell"


async def test_a_series_with_only_past_confirmed_dates_is_still_its_series_without_sessions(factory: Factory) -> None:
    _, space = await hall(factory)
    _, activity, dates = await weekly(factory, space)
    await Booking.update({Booking.status: "requested"}).where(Booking.id == dates["next"].id)
    await Booking.update({Booking.status: "declined"}).where(Booking.id == dates["cancelled"].id)

    owned = (await activity_items([activity.id], NOW))[activity.id]

    assert [item.feed for item in owned.items] == [Feed.session_series]


async def test_the_reads_are_as_many_for_twenty_listings_as_for_one(factory: Factory, query_log: list[str]) -> None:
    listings = []
    for _ in range(10):
        _, space = await hall(factory)
        _, series_listing, _ = await weekly(factory, space)
        _, one_off_listing = await one_off(factory, space)
        listings += [series_listing.id, one_off_listing.id]

    query_log.clear()
    one = await activity_items(listings[:2], NOW)
    few = len(query_log)
    query_log.clear()
    many = await activity_items(listings, NOW)

    assert len(query_log) == few <= 8
    assert all(owned.items for owned in one.values()) and all(owned.items for owned in many.values())
    assert sum(len(owned.items) for owned in many.values()) == 10 * (1 + 2) + 10 * 2


async def test_no_private_field_reaches_any_item(factory: Factory) -> None:
    _, space = await hall(factory)
    _, single = await one_off(factory, space)
    _, series_listing, _ = await weekly(factory, space)

    found = await activity_items([single.id, series_listing.id], NOW)

    texts = [data_text(item.data) for owned in found.values() for item in owned.items]
    assert len(texts) == 2 + 3
    for marker in MARKERS:
        assert not any(marker.lower() in text.lower() for text in texts), marker


async def test_the_openactive_validator_finds_no_failure_in_any_item(
    factory: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The validator wants URLs on a real domain name (the test server's bare host name is not one).
    monkeypatch.setenv("COMMONROOM_PUBLIC_URL", "https://hall.example.org")
    _, space = await hall(factory)
    _, priced = await one_off(factory, space)
    _, free = await one_off(factory, space, cost_kind="free", price_minor=0, audience="children", description="")
    _, series_listing, _ = await weekly(factory, space)
    monthly = await factory.series(space, FIRST_TUESDAY, time(19), time(21), rrule="FREQ=MONTHLY;BYDAY=1TU;COUNT=6")
    await factory.booking(space, at(date(2027, 4, 6), 18), at(date(2027, 4, 6), 20), series=monthly.id)
    monthly_listing = await factory.activity(series=monthly, title="Line dancing", audience="young_people")

    found = await activity_items([priced.id, free.id, series_listing.id, monthly_listing.id], NOW)

    models = [item.data for owned in found.values() for item in owned.items]
    assert {model["@type"] for model in models} == {"SessionSeries", "ScheduledSession"}
    assert len(models) == 2 * 2 + 3 + 2
    monthly_schedule = found[monthly_listing.id].items[0].data["eventSchedule"][0]
    assert (monthly_schedule["byDay"], monthly_schedule["repeatCount"]) == (["+1TU"], 6)
    assert failures(models) == []


async def stored(activity_id: int) -> dict[tuple[str, str], dict[str, Any]]:
    """The listing's items as the stamper stored them, by (feed, item id)."""
    rows = await OpenActiveItem.select(
        OpenActiveItem.feed, OpenActiveItem.item_id, OpenActiveItem.state, OpenActiveItem.data
    ).where(OpenActiveItem.owner == f"activity:{activity_id}")
    return {(row["feed"], row["item_id"]): row for row in rows}


async def test_a_request_withdrawn_before_it_was_approved_never_reaches_the_feeds(factory: Factory) -> None:
    _, space = await hall(factory)
    waiting, withdrawn = await one_off(factory, space)
    await Booking.update({Booking.status: "requested"}).where(Booking.id == waiting.id)
    series, series_request, dates = await weekly(factory, space)
    await Booking.update({Booking.status: "requested"}).where(Booking.series == series.id)
    live_series, live_listing, live_dates = await weekly(factory, space)
    await refresh(now=NOW)
    assert await stored(withdrawn.id) == {} and await stored(series_request.id) != {}

    # The bookers withdraw: a one-off request, a whole series request, one requested date of a live series.
    await Booking.update({Booking.status: "cancelled"}).where(Booking.id == waiting.id)
    await Series.update({Series.status: "cancelled"}).where(Series.id == series.id)
    await Booking.update({Booking.status: "cancelled"}).where(Booking.series == series.id)
    await Booking.update({Booking.status: "cancelled"}).where(Booking.id == live_dates["requested"].id)
    found = await activity_items([withdrawn.id, series_request.id, live_listing.id], NOW)
    await refresh(now=NOW)

    assert found[withdrawn.id].items == [] and await stored(withdrawn.id) == {}
    assert found[series_request.id].items == [], "a series request withdrawn has no dates to call off"
    assert {row["state"] for row in (await stored(series_request.id)).values()} == {"deleted"}, (
        "its series, shown while it waited, is taken back"
    )
    live_sessions = {item.item_id for item in found[live_listing.id].items if item.feed == Feed.scheduled_sessions}
    assert live_sessions == {str(live_dates["next"].id), str(live_dates["cancelled"].id)}
    assert (Feed.scheduled_sessions, str(live_dates["requested"].id)) not in await stored(live_listing.id)


async def test_a_one_off_confirmed_and_published_then_cancelled_stays_as_cancelled_linking_to_a_public_page(
    factory: Factory,
) -> None:
    venue, space = await hall(factory)
    group = await factory.group(name="Wick Yoga")
    booking, listing = await one_off(factory, space)
    await Booking.update({Booking.group: group.id}).where(Booking.id == booking.id)
    no_group, no_group_listing = await one_off(factory, space)
    await refresh(now=NOW)
    assert (await stored(listing.id))[(Feed.scheduled_sessions, str(booking.id))]["state"] == "updated"

    await Booking.update({Booking.status: "cancelled"}).where(Booking.id.is_in([booking.id, no_group.id]))
    await refresh(now=NOW)

    page = f"{BASE}/activities/{listing.id}"
    items = await stored(listing.id)
    session = items[(Feed.scheduled_sessions, str(booking.id))]
    series = items[(Feed.session_series, str(listing.id))]
    assert (session["state"], series["state"]) == ("updated", "updated")
    session_data, series_data = json.loads(session["data"]), json.loads(series["data"])
    assert session_data["eventStatus"] == "https://schema.org/EventCancelled"
    assert (series_data["@id"], session_data["superEvent"]) == (page, page), "its identity stays"
    assert series_data["url"] == session_data["url"] == f"{BASE}/groups/{group.id}", (
        "its page is not shown any more: the link leads to the group's page"
    )
    assert series_data["subEvent"][0]["url"] == f"{BASE}/groups/{group.id}"
    no_group_series = json.loads(
        (await stored(no_group_listing.id))[(Feed.session_series, str(no_group_listing.id))]["data"]
    )
    assert no_group_series["url"] == f"{BASE}/venues/{venue.id}", "without a group, the venue's page"


async def test_a_series_called_off_links_to_its_groups_page_and_a_live_one_to_its_own(factory: Factory) -> None:
    _, space = await hall(factory)
    series, listing, _ = await weekly(factory, space)
    page = f"{BASE}/activities/{listing.id}"
    live = by_feed((await activity_items([listing.id], NOW))[listing.id].items)
    assert {item.data["url"] for feed in live.values() for item in feed.values()} == {page}

    await Series.update({Series.status: "cancelled"}).where(Series.id == series.id)
    await Booking.update({Booking.status: "cancelled"}).where(Booking.series == series.id)
    called_off = (await activity_items([listing.id], NOW))[listing.id].items

    assert called_off and {item.data["url"] for item in called_off} == {f"{BASE}/groups/{series.group}"}
    assert {item.data.get("superEvent", item.data["@id"]) for item in called_off} == {page}
