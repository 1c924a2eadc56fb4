"""A visitor reads What's on in English, switches to Cymraeg, searches in Welsh, subscribes to the list in Welsh, and
switches back: the page reloads in each language, the search finds a listing by its Welsh title whatever the case, and
the calendar the Welsh page links to is in Welsh (LANGUAGE=cy)."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
from icalendar import Calendar
from playwright.async_api import expect

from tests.browser.conftest import serious_violations
from tests.factories import Factory
from tests.pages.support import days_ahead, london

# The subscribe box's two links (macros.html.j2 ``subscribe``), found by where they point, not by their words.
SUBSCRIBE = ".subscribe a[href^='webcal:']"
DOWNLOAD = ".subscribe a[href^='http']"


def languages(href: str) -> list[str]:
    return parse_qs(urlsplit(href).query).get("lang", [])


async def test_a_visitor_switches_what_s_on_to_welsh_subscribes_in_welsh_and_switches_back(
    page: Any, live_server: str, factory: Factory
) -> None:
    hall = await factory.venue(name="Little Marsh Village Hall", postcode="LM1 2AB", latitude=51.752, longitude=-1.2577)
    room = await factory.space(hall, name="Small hall")
    day = days_ahead(3)
    booking = await factory.booking(room, london(day, 10), london(day, 12))
    await factory.activity(
        booking, title="Marsh coffee morning", title_cy="Bore coffi'r Gors", category="coffee_morning"
    )
    later = await factory.booking(room, london(days_ahead(4), 19), london(days_ahead(4), 21))
    await factory.activity(later, title="Quiz night", category="learning")

    await page.goto("/")
    await expect(page.locator("html")).to_have_attribute("lang", "en-GB")
    await expect(page.locator(".event h4")).to_have_text(["Marsh coffee morning", "Quiz night"])
    english_feed = await page.locator(SUBSCRIBE).get_attribute("href")
    assert "cy" not in languages(english_feed)

    # The switch in the header: the same page again, in Welsh.
    await page.get_by_role("button", name="Cymraeg").click()
    await expect(page.locator("html")).to_have_attribute("lang", "cy")
    assert urlsplit(page.url).path == "/"
    await expect(page.locator(".event h4")).to_have_text(["Bore coffi'r Gors", "Quiz night"])
    assert await serious_violations(page) == []

    # What's on's search, in Welsh and in capitals: the listing found by its Welsh title, the other left out.
    await page.get_by_label("Chwilio teitlau a disgrifiadau").fill("BORE COFFI")
    await page.get_by_role("button", name="Dangos gweithgareddau").click()
    await expect(page.locator(".event h4")).to_have_text(["Bore coffi'r Gors"])

    # The list's feed, as the Welsh page links to it: it asks for Welsh, and the calendar is in Welsh, the
    # listing under its Welsh title.
    webcal = await page.locator(SUBSCRIBE).get_attribute("href")
    download = await page.locator(DOWNLOAD).get_attribute("href")
    assert webcal == download.replace("http://", "webcal://", 1)
    assert languages(webcal) == ["cy"], f"the Welsh page's subscribe link does not ask for Welsh: {webcal}"
    assert urlsplit(download).netloc == urlsplit(live_server).netloc
    async with httpx.AsyncClient() as http:
        feed = await http.get(download)
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(feed.text)
    name = calendar.get("X-WR-CALNAME")
    assert name is not None and name.params.get("LANGUAGE") == "cy", f"X-WR-CALNAME is not marked Welsh: {name!r}"
    events = calendar.walk("VEVENT")
    assert [str(event.get("SUMMARY")) for event in events] == ["Bore coffi'r Gors"]
    for event in events:
        assert event.get("SUMMARY").params.get("LANGUAGE") == "cy", event.to_ical().decode()

    # And back: English again, and its feed link no longer asks for Welsh.
    await page.get_by_role("button", name="English").click()
    await expect(page.locator("html")).to_have_attribute("lang", "en-GB")
    await expect(page.locator(".event h4")).to_have_text(["Marsh coffee morning"])
    assert "cy" not in languages(await page.locator(SUBSCRIBE).get_attribute("href"))
