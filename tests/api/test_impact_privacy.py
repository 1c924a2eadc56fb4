"""The public impact of a venue and of an area holds nothing private: with private bookings carrying planted
markers (booker's name, email and phone, a private title and purpose, a group with only private bookings and its
private contact), no public impact page, JSON or chart, nor the areas list, shows any of them, for any period.
Nor does it name what the public cannot see (archived venues and spaces), and it covers whole calendar months
only, so no public figure is one day's: one private session's headcount or one hirer's price."""

from __future__ import annotations

import base64
import re
from datetime import date
from html import unescape

import httpx
import pytest

from tests.factories import Factory
from tests.pages.support import london
from tests.report_support import MARKERS, NOW, World, report_world
from venues.areas.members import add_venue
from venues.core import clock
from venues.models import Space, Venue

_IMG = re.compile(r'<img src="([^"]+)"')
_SVG_LINK = re.compile(r'<a href="([^"]+\.svg\?[^"]*)" class="no-print" download>')
_DATA = "data:image/svg+xml;base64,"


def page_with_charts(html: str) -> str:
    """The page and the SVG of every chart it carries (as data: URIs), to search together."""
    sources = _IMG.findall(html)
    assert len(sources) == 6 and all(src.startswith(_DATA) for src in sources)
    return html + "".join(base64.b64decode(src.removeprefix(_DATA)).decode() for src in sources)


async def test_no_public_impact_response_shows_a_private_marker(client: httpx.AsyncClient, factory: Factory) -> None:
    world = await report_world(factory)
    pages = [f"/venues/{world.venue.id}/impact", f"/areas/{world.area.slug}/impact"]
    paths = [
        "/areas",
        f"/api/v1/venues/{world.venue.id}/impact",
        f"/api/v1/areas/{world.area.id}/impact",
        f"/api/v1/venues/{world.venue.id}/impact?from=2026-10-01&to=2026-10-31",
        f"/api/v1/areas/{world.area.id}/impact?from=2026-10-01&to=2026-10-31",
    ]
    seen: dict[str, str] = {}
    with clock.frozen_at(NOW):
        for page in pages:
            for query in ("", "?from=2026-10-01&to=2026-10-31"):
                response = await client.get(page + query)
                assert response.status_code == 200, page
                seen[page + query] = page_with_charts(response.text)
                paths.extend(unescape(href) for href in _SVG_LINK.findall(response.text))
        for path in paths:
            response = await client.get(path)
            assert response.status_code == 200, path
            seen[path] = response.text
    # The private booking is there to be found: it is counted (October has it among its sessions) ...
    with clock.frozen_at(NOW):
        month = (await client.get(f"/api/v1/venues/{world.venue.id}/impact?from=2026-10-01&to=2026-10-31")).json()
    assert month["current"]["sessions"]["sessions"] == 3
    assert {row["key"] for row in month["current"]["activities"]["by_visibility"]} >= {"private"}
    # ... and described nowhere.
    leaks = {
        (path, name)
        for path, text in seen.items()
        for name, marker in MARKERS.items()
        if marker.lower() in text.lower()
    }
    assert leaks == set()


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?from=2026-10-17&to=2026-10-17", "from"),
        ("?from=2026-10-01&to=2026-10-17", "to"),
        ("?from=2026-10-02&to=2026-10-31", "from"),
        ("?from=2026-09-01&to=2026-10-30", "to"),
    ],
)
async def test_public_impact_covers_whole_calendar_months_only(
    client: httpx.AsyncClient, factory: Factory, query: str, field: str
) -> None:
    world = await report_world(factory)
    with clock.frozen_at(NOW):
        for path in (
            f"/api/v1/venues/{world.venue.id}/impact",
            f"/api/v1/areas/{world.area.id}/impact",
            f"/venues/{world.venue.id}/impact",
            f"/areas/{world.area.slug}/impact",
        ):
            response = await client.get(path + query)
            assert response.status_code == 400, path
            assert "whole calendar months" in response.text, path
            if path.startswith("/api/"):
                assert response.headers["content-type"].startswith("application/problem+json")
                assert field in response.text
        # Whole months are fine, several at once too; the officer's own report may still pick any days.
        assert (
            await client.get(f"/api/v1/venues/{world.venue.id}/impact?from=2026-02-01&to=2026-10-31")
        ).status_code == 200
        own = await client.get(f"/api/v1/areas/{world.area.id}/report{query}", headers=world.officer.headers)
        assert own.status_code == 200


ARCHIVED_VENUE = "Planted Shut Chapel Rooms"
ARCHIVED_VENUE_SPACE = "Planted Vestry Nook"
ARCHIVED_SPACE = "Planted Retired Scout Hut"


async def plant_archived(factory: Factory, world: World) -> None:
    """An archived venue in the area and an archived space at its open venue, each with an October booking."""
    shut = await factory.venue(world.manager, name=ARCHIVED_VENUE)
    vestry = await factory.space(shut, name=ARCHIVED_VENUE_SPACE)
    retired = await factory.space(world.venue, name=ARCHIVED_SPACE)
    await add_venue(world.admin.user, world.area.id, shut.id)
    for space in (vestry, retired):
        await factory.booking(space, london(date(2026, 10, 8), 10), london(date(2026, 10, 8), 12), title="Meeting")
    await Venue.update({Venue.archived: True}).where(Venue.id == shut.id)
    await Space.update({Space.archived: True}).where(Space.id == retired.id)


async def test_public_impact_names_no_archived_venue_or_space_but_the_officers_report_keeps_them(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    world = await report_world(factory)
    await plant_archived(factory, world)
    seen: dict[str, str] = {}
    with clock.frozen_at(NOW):
        for query in ("", "?from=2026-10-01&to=2026-10-31"):
            for page in (f"/venues/{world.venue.id}/impact", f"/areas/{world.area.slug}/impact"):
                response = await client.get(page + query)
                assert response.status_code == 200, page
                seen[page + query] = page_with_charts(response.text)
                for href in _SVG_LINK.findall(response.text):
                    seen[unescape(href)] = (await client.get(unescape(href))).text
            for api in (f"/api/v1/venues/{world.venue.id}/impact", f"/api/v1/areas/{world.area.id}/impact"):
                response = await client.get(api + query)
                assert response.status_code == 200, api
                seen[api + query] = response.text
        area = (await client.get(f"/api/v1/areas/{world.area.id}/impact?from=2026-10-01&to=2026-10-31")).json()
    assert [row["space_name"] for row in area["current"]["use"]["by_space"]] == ["Main hall"]
    leaks = {
        (path, name)
        for path, text in seen.items()
        for name in (ARCHIVED_VENUE, ARCHIVED_VENUE_SPACE, ARCHIVED_SPACE)
        if name.lower() in text.lower()
    }
    assert leaks == set()
    # The area's officers answer for what its venues did while open: their report keeps the archived venue.
    with clock.frozen_at(NOW):
        own = await client.get(f"/api/v1/areas/{world.area.id}/report", headers=world.officer.headers)
    assert own.status_code == 200
    assert ARCHIVED_VENUE in own.text and ARCHIVED_VENUE_SPACE in own.text
