"""Feeds in the subscriber's language: ``?lang=cy`` words a feed in Welsh (interface words from the catalogue, content
from its ``_cy`` columns, else English), each text property says the language it is in, bodies and ETags are kept
per language, a bad ``lang`` is a 400, and the links pages show carry the page's language."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import icalendar
import pytest

from scheduling.feeds.broad import BROAD_DAYS
from tests.api.test_private_feeds import manager_feed_url, soon
from tests.api.test_public_feeds import START_OF_TODAY, weekly_series, whats_on
from tests.factories import Factory
from tests.feed_readers import assert_readers_agree


@pytest.fixture
async def neuadd(factory: Factory) -> dict[str, Any]:
    """A venue named in both languages, a space named in English only, a weekly series listed in both languages,
    and a one-off listed in English only."""
    manager = await factory.account("manager")
    venue = await factory.venue(
        manager=manager,
        name="Village Hall",
        name_cy="Neuadd y Pentref",
        address="1 Church Lane",
        latitude=52.4,
        longitude=-4.08,
    )
    space = await factory.space(venue, name="Main hall")
    group = await factory.group(name="Coffee Club", name_cy="Clwb Coffi")
    series, bookings = await weekly_series(factory, space, weeks=20, group=group.id, title="Coffee morning")
    await factory.activity(
        series=series,
        title="Coffee morning",
        title_cy="Bore coffi",
        description="Tea and cake",
        description_cy="Te a chacen",
        category="coffee_morning",
        cost_kind="free",
    )
    fair_start = START_OF_TODAY + timedelta(days=10, hours=11)
    fair = await factory.booking(space, fair_start, fair_start + timedelta(hours=3), title="Winter fair")
    await factory.activity(booking=fair, title="Winter fair", category="family")
    return {"venue": venue, "space": space, "group": group, "manager": manager, "bookings": bookings}


def _events(body: bytes) -> list[Any]:
    return list(icalendar.Calendar.from_ical(body).walk("VEVENT"))


async def test_a_welsh_venue_feed_is_worded_in_welsh_and_every_reader_reads_the_same_dates(
    client: httpx.AsyncClient, neuadd: dict[str, Any]
) -> None:
    start, end = START_OF_TODAY, START_OF_TODAY + timedelta(days=365)
    listed = await whats_on(client, start, end, venue_id=neuadd["venue"].id)
    feed = await client.get(f"/feeds/venues/{neuadd['venue'].id}.ics?lang=cy")
    assert feed.status_code == 200, feed.text
    assert_readers_agree(feed.content, start, end, listed)

    calendar = icalendar.Calendar.from_ical(feed.content)
    assert str(calendar["X-WR-CALNAME"]) == "Neuadd y Pentref" and calendar["X-WR-CALNAME"].params["LANGUAGE"] == "cy"
    assert str(calendar["NAME"]) == "Neuadd y Pentref"
    assert str(calendar["X-WR-CALDESC"]) == "Beth sydd ymlaen yn Neuadd y Pentref."
    assert calendar["X-WR-CALDESC"].params["LANGUAGE"] == "cy"
    assert str(calendar["URL"]).endswith(f"/feeds/venues/{neuadd['venue'].id}.ics?lang=cy")
    by_summary = {str(event["SUMMARY"]): event for event in _events(feed.content)}
    coffee, fair = by_summary["Bore coffi"], by_summary["Winter fair"]
    assert coffee["SUMMARY"].params["LANGUAGE"] == "cy"
    assert fair["SUMMARY"].params["LANGUAGE"] == "en"  # no Welsh title: the English one, said to be English
    assert str(coffee["DESCRIPTION"]).splitlines() == [
        "Te a chacen",
        "Am ddim",
        "Ar gyfer: pob oed",
        "Yn cael ei redeg gan Clwb Coffi",
    ]
    assert coffee["DESCRIPTION"].params["LANGUAGE"] == "cy"
    # The space has no Welsh name, the venue has: the location is mixed, so it is said in the feed's language.
    assert str(coffee["LOCATION"]).startswith("Main hall, Neuadd y Pentref, 1 Church Lane")
    assert coffee["LOCATION"].params["LANGUAGE"] == "cy"
    for event in _events(feed.content):
        for name in ("SUMMARY", "DESCRIPTION", "LOCATION"):
            if name in event:
                assert event[name].params["LANGUAGE"] in ("cy", "en"), (name, event[name])
    assert b"LANGUAGE=cy" in feed.content and b"LANGUAGE=en" in feed.content


async def test_an_english_feed_says_english_and_keeps_its_words(
    client: httpx.AsyncClient, neuadd: dict[str, Any]
) -> None:
    feed = await client.get(f"/feeds/groups/{neuadd['group'].id}.ics")
    calendar = icalendar.Calendar.from_ical(feed.content)
    assert str(calendar["X-WR-CALNAME"]) == "Coffee Club" and calendar["X-WR-CALNAME"].params["LANGUAGE"] == "en"
    (coffee,) = [e for e in _events(feed.content) if "RRULE" in e]
    assert str(coffee["SUMMARY"]) == "Coffee morning" and coffee["SUMMARY"].params["LANGUAGE"] == "en"
    assert str(coffee["DESCRIPTION"]).splitlines() == ["Tea and cake", "Free", "For: all ages", "Run by Coffee Club"]
    welsh = await client.get(f"/feeds/groups/{neuadd['group'].id}.ics?lang=cy")
    assert str(icalendar.Calendar.from_ical(welsh.content)["X-WR-CALNAME"]) == "Clwb Coffi"


async def test_the_same_version_gives_each_language_its_own_etag_and_a_304_only_for_its_own(
    client: httpx.AsyncClient, neuadd: dict[str, Any]
) -> None:
    path = f"/feeds/venues/{neuadd['venue'].id}.ics"
    english, welsh = await client.get(path), await client.get(f"{path}?lang=cy")
    assert english.status_code == welsh.status_code == 200
    assert english.headers["etag"] != welsh.headers["etag"]
    assert english.content != welsh.content
    again = await client.get(f"{path}?lang=cy", headers={"If-None-Match": welsh.headers["etag"]})
    assert again.status_code == 304
    crossed = await client.get(path, headers={"If-None-Match": welsh.headers["etag"]})
    assert crossed.status_code == 200 and crossed.content == english.content
    crossed_back = await client.get(f"{path}?lang=cy", headers={"If-None-Match": english.headers["etag"]})
    assert crossed_back.status_code == 200 and crossed_back.content == welsh.content
    # Kept bodies are per language too: the second Welsh read is the same bytes, not the English body.
    assert (await client.get(f"{path}?lang=cy")).content == welsh.content
    assert (await client.get(f"{path}?lang=en")).headers["etag"] == english.headers["etag"]


@pytest.mark.parametrize("lang", ["fr", "", "welsh", "cym", "fr-CY"])
async def test_a_language_other_than_cy_or_en_is_a_400(
    client: httpx.AsyncClient, neuadd: dict[str, Any], lang: str
) -> None:
    for path in (f"/feeds/venues/{neuadd['venue'].id}.ics", "/feeds/all.ics", "/feeds/whats-on.ics"):
        refused = await client.get(path, params={"lang": lang})
        assert refused.status_code == 400, (path, lang)
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert "cy (Cymraeg)" in refused.text and "en (English)" in refused.text


@pytest.mark.parametrize("lang", ["CY", "cy-GB", "cy_GB", "EN", "en-GB"])
async def test_a_language_is_read_as_the_pages_read_it_whatever_its_case_or_region(
    client: httpx.AsyncClient, neuadd: dict[str, Any], lang: str
) -> None:
    path = f"/feeds/venues/{neuadd['venue'].id}.ics"
    same = "cy" if lang.lower().startswith("cy") else "en"
    read, plain = await client.get(path, params={"lang": lang}), await client.get(path, params={"lang": same})
    assert read.status_code == 200, lang
    assert read.headers["etag"] == plain.headers["etag"] and read.content == plain.content


async def test_the_openapi_documents_lang_and_its_400(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/schema/openapi.json")).json()
    for path in ("/feeds/venues/{name}", "/feeds/all.ics", "/feeds/private/{name}"):
        operation = spec["paths"][path]["get"]
        assert any(p["name"] == "lang" and p["in"] == "query" for p in operation["parameters"]), path
        assert "400" in operation["responses"], path


async def test_a_broad_feed_in_welsh_is_still_bounded_and_says_so_in_welsh(
    client: httpx.AsyncClient, neuadd: dict[str, Any]
) -> None:
    feed = await client.get("/feeds/all.ics?lang=cy")
    assert feed.status_code == 200
    calendar = icalendar.Calendar.from_ical(feed.content)
    description = str(calendar["X-WR-CALDESC"])
    assert description.startswith("Pob gweithgaredd cyhoeddus ym mhob lleoliad. Mae'n dal y 28 diwrnod")
    assert calendar["X-WR-CALDESC"].params["LANGUAGE"] == "cy"
    end = START_OF_TODAY + timedelta(days=BROAD_DAYS)
    listed = [span for span in await whats_on(client, START_OF_TODAY, end) if span[0] < end]
    assert_readers_agree(feed.content, START_OF_TODAY, START_OF_TODAY + timedelta(days=400), listed)
    category = await client.get("/feeds/categories/coffee_morning.ics?lang=cy")
    assert str(icalendar.Calendar.from_ical(category.content)["X-WR-CALNAME"]) == "Commonroom: bore coffi"


async def test_a_private_feed_in_welsh(client: httpx.AsyncClient, factory: Factory) -> None:
    from scheduling.bookings.workflow import BookingDraft, request_booking

    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager, name="Village Hall", name_cy="Neuadd y Pentref")
    space = await factory.space(venue, name="Main hall", name_cy="Prif neuadd")
    booker = await factory.account("booker")
    booker.user.email_verified = True
    await booker.user.save()
    when = soon(3, 10)
    await request_booking(
        booker.user,
        BookingDraft(
            space_id=space.id, starts_at=when, ends_at=when + timedelta(hours=2), title="Choir", booker_name="Sam"
        ),
    )
    url = await manager_feed_url(client, manager.headers)
    english = await client.get(url)
    welsh = await client.get(f"{url}?lang=cy")
    assert english.status_code == welsh.status_code == 200
    assert english.headers["etag"] != welsh.headers["etag"]
    calendar = icalendar.Calendar.from_ical(welsh.content)
    assert str(calendar["X-WR-CALNAME"]) == "Archebion: Neuadd y Pentref"
    (event,) = calendar.walk("VEVENT")
    assert "Statws: cais" in str(event["DESCRIPTION"]) and event["DESCRIPTION"].params["LANGUAGE"] == "cy"
    assert str(event["LOCATION"]).startswith("Prif neuadd, Neuadd y Pentref")
    assert event["LOCATION"].params["LANGUAGE"] == "cy"
    assert "Status: requested" in str(icalendar.Calendar.from_ical(english.content).walk("VEVENT")[0]["DESCRIPTION"])
    assert (await client.get(f"{url}?lang=xx")).status_code == 400


async def test_feed_links_carry_the_language_of_the_page_that_shows_them(
    client: httpx.AsyncClient, neuadd: dict[str, Any]
) -> None:
    venue_id = neuadd["venue"].id
    welsh = await client.get(f"/cy/venues/{venue_id}")
    assert welsh.status_code == 200
    assert f"webcal://testserver/feeds/venues/{venue_id}.ics?lang=cy" in welsh.text
    english = await client.get(f"/en/venues/{venue_id}")
    assert f'webcal://testserver/feeds/venues/{venue_id}.ics"' in english.text
    assert f"/feeds/venues/{venue_id}.ics?lang=cy" not in english.text
