"""A bookable space as an OpenActive FacilityUse: published while bookable at a venue that publishes, from public
columns only, priced at the standard tier."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import time

import pytest

from scheduling.openactive.facilities import facility_items
from scheduling.openactive.feeds import Feed, data_text, price_number
from tests.factories import Factory
from tests.openactive_validator import assert_no_failures
from tests.scheduling.openactive.support import PRIVATE_MARKERS, PUBLIC_URL, at_public_url, published_hall, utc
from venues.models import ChargeRule, PriceTier, Space, Venue
from venues.open_data.settings import OpenDataSettings, save_open_data_settings
from venues.opening.hours import Interval, replace_weekly_hours
from venues.vocabulary import ChargeKind

NOW = utc(2027, 3, 9, 12)


@pytest.fixture(autouse=True)
def public_url(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    yield from at_public_url(monkeypatch, PUBLIC_URL)


async def test_a_bookable_space_is_a_facility_use_booked_on_its_public_page(factory: Factory) -> None:
    venue, space = await published_hall(factory)
    owned = (await facility_items([space.id], NOW))[space.id]
    assert (owned.owner, owned.venue_id, owned.space_id) == (f"space:{space.id}", venue.id, space.id)
    (item,) = owned.items
    assert (item.feed, item.item_id, item.ends_at) == (Feed.facility_uses, str(space.id), None)
    data = item.data
    url = f"{PUBLIC_URL}/book/spaces/{space.id}"
    assert (data["@context"], data["@type"], data["@id"], data["url"]) == (
        "https://openactive.io/",
        "FacilityUse",
        url,
        url,
    )
    assert data["name"] == "Main hall at Little Marsh Village Hall"
    assert data["description"].startswith("A sprung floor and a stage.")
    assert data["facilityType"][0]["prefLabel"] == "Multi Purpose Room"
    assert data["provider"]["name"] == "Little Marsh Village Hall"
    assert data["location"]["address"]["addressLocality"] == "Little Marsh"
    assert data["location"]["address"]["addressRegion"] == "Norfolk"
    (offer,) = data["offers"]
    assert (offer["price"], offer["priceCurrency"]) == (12.5, "GBP")
    assert "£12.50 an hour" in offer["description"]
    assert data["hoursAvailable"] == [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": [
                f"https://schema.org/{day}"
                for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
            ],
            "opens": "09:00",
            "closes": "17:00",
        }
    ]


async def test_a_space_with_its_own_hours_is_available_where_both_say_open(factory: Factory) -> None:
    venue, space = await published_hall(factory)
    await replace_weekly_hours(venue.id, space.id, [Interval(0, time(16), time(22)), Interval(5, time(8), time(10))])
    data = (await facility_items([space.id], NOW))[space.id].items[0].data
    assert data["hoursAvailable"] == [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": ["https://schema.org/Monday"],
            "opens": "16:00",
            "closes": "17:00",
        },
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": ["https://schema.org/Saturday"],
            "opens": "09:00",
            "closes": "10:00",
        },
    ]


async def test_a_fixed_price_is_offered_per_booking(factory: Factory) -> None:
    venue, space = await published_hall(factory)
    standard = await PriceTier.objects().where((PriceTier.venue == venue.id) & (PriceTier.kind == "standard")).first()
    await ChargeRule(space=space.id, tier=standard.id, kind=str(ChargeKind.fixed), amount_minor=4000, position=0).save()
    (offer,) = (await facility_items([space.id], NOW))[space.id].items[0].data["offers"]
    assert offer["price"] == 40 and "per booking" in offer["description"]


async def test_a_space_without_a_standard_rate_says_the_price_is_on_request(factory: Factory) -> None:
    venue, _ = await published_hall(factory)
    kitchen = await factory.space(venue, name="Kitchen", kind="kitchen")
    data = (await facility_items([kitchen.id], NOW))[kitchen.id].items[0].data
    assert "offers" not in data
    assert "ask it for a quote" in data["description"]
    assert data["facilityType"][0]["prefLabel"] == "Kitchen"


async def test_spaces_not_open_for_booking_or_at_a_venue_not_publishing_have_no_items(
    factory: Factory,
) -> None:
    manager = await factory.account("manager")
    venue, space = await published_hall(factory, manager)
    archived = await factory.space(venue, archived=True)
    closed = await factory.space(venue, bookable=False)
    other_venue, other_space = await published_hall(factory)
    await Venue.update({Venue.archived: True}).where(Venue.id == other_venue.id)
    found = await facility_items([space.id, archived.id, closed.id, other_space.id, 999_999], NOW)
    assert [bool(found[each].items) for each in (space.id, archived.id, closed.id, other_space.id, 999_999)] == [
        True,
        False,
        False,
        False,
        False,
    ]
    assert found[999_999].venue_id is None and found[archived.id].venue_id == venue.id
    await save_open_data_settings(manager.user, venue.id, OpenDataSettings(False, 60, 14))
    assert (await facility_items([space.id], NOW))[space.id].items == []


async def test_facility_uses_cost_the_same_queries_for_one_space_as_for_ten(
    factory: Factory, query_log: list[str]
) -> None:
    _, space = await published_hall(factory)
    others = [(await published_hall(factory))[1] for _ in range(9)]
    query_log.clear()
    await facility_items([space.id], NOW)
    one = len(query_log)
    query_log.clear()
    await facility_items([space.id, *(other.id for other in others)], NOW)
    assert len(query_log) == one, "\n".join(query_log)


def test_a_price_is_written_from_whole_pence() -> None:
    assert [price_number(pence) for pence in (0, 5, 1250, 1200, 1999, 123456)] == [0, 0.05, 12.5, 12, 19.99, 1234.56]


async def test_no_private_field_reaches_a_facility_use_and_it_passes_the_openactive_validator(
    factory: Factory,
) -> None:
    venue, space = await published_hall(factory)
    kitchen = await factory.space(venue, name="Kitchen", kind="kitchen")
    found = await facility_items([space.id, kitchen.id], NOW)
    items = [item for owned in found.values() for item in owned.items]
    text = " ".join(data_text(item.data) for item in items)
    for marker in PRIVATE_MARKERS:
        assert marker not in text
    assert_no_failures([item.data for item in items])


async def test_a_deleted_space_has_an_empty_owner(factory: Factory) -> None:
    _, space = await published_hall(factory)
    await Space.delete().where(Space.id == space.id)
    assert (await facility_items([space.id], NOW))[space.id].items == []
