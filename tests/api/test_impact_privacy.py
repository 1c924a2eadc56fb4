"""The public impact of a venue and of an area holds nothing private: with private bookings carrying planted
markers (booker's name, email and phone, a private title and purpose, a group with only private bookings and its
private contact), no public impact page, JSON or chart, nor the areas list, shows any of them, for any period."""

from __future__ import annotations

import re

import httpx

from tests.factories import Factory
from tests.report_support import MARKERS, NOW, report_world
from venues.core import clock

_IMG = re.compile(r'<img src="([^"]+)"')


async def test_no_public_impact_response_shows_a_private_marker(client: httpx.AsyncClient, factory: Factory) -> None:
    world = await report_world(factory)
    pages = [f"/venues/{world.venue.id}/impact", f"/areas/{world.area.slug}/impact"]
    paths = [
        "/areas",
        f"/api/v1/venues/{world.venue.id}/impact",
        f"/api/v1/areas/{world.area.id}/impact",
        f"/api/v1/venues/{world.venue.id}/impact?from=2026-10-17&to=2026-10-17",
        f"/api/v1/areas/{world.area.id}/impact?from=2026-10-01&to=2026-10-31",
    ]
    seen: dict[str, str] = {}
    with clock.frozen_at(NOW):
        for page in pages:
            for query in ("", "?from=2026-10-17&to=2026-10-17"):
                response = await client.get(page + query)
                assert response.status_code == 200, page
                seen[page + query] = response.text
                charts = [src.replace("&amp;", "&") for src in _IMG.findall(response.text)]
                assert len(charts) == 6
                paths.extend(charts)
        for path in paths:
            response = await client.get(path)
            assert response.status_code == 200, path
            seen[path] = response.text
    # The private booking is there to be found: it is counted (the day it fell on has one session) ...
    with clock.frozen_at(NOW):
        day = (await client.get(f"/api/v1/venues/{world.venue.id}/impact?from=2026-10-17&to=2026-10-17")).json()
    assert day["current"]["sessions"]["sessions"] == 1
    assert {row["key"] for row in day["current"]["activities"]["by_visibility"]} >= {"private"}
    # ... and described nowhere.
    leaks = {
        (path, name)
        for path, text in seen.items()
        for name, marker in MARKERS.items()
        if marker.lower() in text.lower()
    }
    assert leaks == set()
