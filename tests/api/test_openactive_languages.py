"""OpenActive in the venue's open-data language: a venue that chooses Welsh publishes its Welsh names (English where
it gave no Welsh), with the interface words in Welsh and ``inLanguage``; choosing the language or changing a Welsh
column re-stamps the items a consumer walking the feeds sees. SQLite and PostgreSQL alike (the mark triggers)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import time, timedelta

import httpx
import pytest

from scheduling.openactive.stamping import refresh
from tests.factories import Factory
from tests.openactive_walker import State, walk_feed
from tests.scheduling.openactive.support import PUBLIC_URL, at_public_url, published_hall, utc
from venues.core import clock
from venues.models import Space, Venue

NOW = utc(2027, 3, 9, 12)
BASE = "http://testserver"


@pytest.fixture(autouse=True)
def public_url(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    yield from at_public_url(monkeypatch, PUBLIC_URL)


async def stamped(client: httpx.AsyncClient, feed: str, state: State | None = None) -> State:
    with clock.frozen_at(NOW):
        await refresh(now=NOW)
    return await walk_feed(client, f"{BASE}/openactive/{feed}", state)


def data(state: State, item_id: str) -> dict[str, object]:
    kind, _number, found = state[item_id]
    assert kind == "updated" and found is not None, state[item_id]
    return found


async def test_a_venue_choosing_welsh_publishes_welsh_names_and_is_stamped_again(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    venue, space = await published_hall(factory, manager)
    await Venue.update({Venue.name_cy: "Neuadd Bentref Little Marsh"}).where(Venue.id == venue.id)
    await Space.update({Space.name_cy: "Y brif neuadd"}).where(Space.id == space.id)
    starts = NOW + timedelta(days=2)
    booking = await factory.booking(space, starts, starts + timedelta(hours=1))
    listing = await factory.activity(
        booking=booking, title="Yoga", title_cy="Ioga", description="Gentle stretches", category="exercise"
    )

    uses = await stamped(client, "facility-uses")
    series = await stamped(client, "session-series")
    english_use, english_series = data(uses, str(space.id)), data(series, str(listing.id))
    assert english_use["name"] == "Main hall at Little Marsh Village Hall"
    assert english_series["name"] == "Yoga" and english_series["inLanguage"] == "en-GB"
    assert english_series["attendeeInstructions"] == "Just turn up."

    url = f"/api/v1/venues/{venue.id}/open-data"
    chosen = await client.put(url, json={"language": "cy"}, headers=manager.headers)
    assert chosen.status_code == 200, chosen.text
    assert chosen.json()["language"] == "cy"
    assert (await client.get(url, headers=manager.headers)).json()["language"] == "cy"

    uses = await stamped(client, "facility-uses", uses)
    series = await stamped(client, "session-series", series)
    welsh_use, welsh_series = data(uses, str(space.id)), data(series, str(listing.id))
    assert uses[str(space.id)][1] > 0 and welsh_use != english_use
    assert welsh_use["name"] == "Y brif neuadd yn Neuadd Bentref Little Marsh"
    description = str(welsh_use["description"])
    # The space's description has no Welsh: the English one, then the words Commonroom adds, in Welsh.
    assert description.startswith("A sprung floor and a stage.\n\nMae Y brif neuadd yn Neuadd Bentref Little Marsh")
    assert "yn dal hyd at 50 o bobl." in description
    assert welsh_use["location"]["name"] == "Neuadd Bentref Little Marsh"  # type: ignore[index]
    assert welsh_series["name"] == "Ioga" and welsh_series["inLanguage"] == "cy"
    assert welsh_series["description"] == "Gentle stretches"  # no Welsh description: the English one
    assert welsh_series["attendeeInstructions"] == "Dewch draw."
    assert welsh_series["location"]["name"] == "Neuadd Bentref Little Marsh"  # type: ignore[index]

    # A Welsh column changed on its own marks the row: the item is stamped again with the new name.
    before = uses[str(space.id)][1]
    await Space.update({Space.name_cy: "Neuadd fawr"}).where(Space.id == space.id)
    uses = await stamped(client, "facility-uses", uses)
    assert uses[str(space.id)][1] > before
    assert data(uses, str(space.id))["name"] == "Neuadd fawr yn Neuadd Bentref Little Marsh"
    await Venue.update({Venue.name_cy: "Neuadd Little Marsh"}).where(Venue.id == venue.id)
    series = await stamped(client, "session-series", series)
    assert data(series, str(listing.id))["location"]["name"] == "Neuadd Little Marsh"  # type: ignore[index]

    # Back to English: stamped again, in English.
    assert (await client.put(url, json={"language": "en"}, headers=manager.headers)).status_code == 200
    uses = await stamped(client, "facility-uses", uses)
    assert data(uses, str(space.id))["name"] == "Main hall at Little Marsh Village Hall"


async def test_a_language_other_than_en_or_cy_is_refused(client: httpx.AsyncClient, factory: Factory) -> None:
    manager = await factory.account("manager")
    venue, _space = await published_hall(factory, manager, hours=(time(9), time(17)))
    refused = await client.put(f"/api/v1/venues/{venue.id}/open-data", json={"language": "fr"}, headers=manager.headers)
    assert refused.status_code == 400
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert (await client.get(f"/api/v1/venues/{venue.id}/open-data", headers=manager.headers)).json()[
        "language"
    ] == "en"
