"""A domain refusal is worded where it is raised, in the language in force: Welsh on a /cy/ page, English over
the API (even for a client whose cookie chose Welsh on the pages)."""

from __future__ import annotations

import html

import httpx
import pytest

from scheduling.models import Booking
from tests.factories import Account, Factory
from tests.pages.support import days_ahead, london, post_form, sign_in
from venues.models import Space


@pytest.fixture
async def hall(factory: Factory) -> tuple[Space, Account]:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager, name="Neuadd Bentref Llanfair")
    space = await factory.space(venue, name="Main hall", capacity=40)
    await factory.rate(space, "standard", 1800)
    return space, manager


async def test_a_refusal_is_welsh_on_a_welsh_page_and_english_over_the_api(
    client: httpx.AsyncClient, factory: Factory, hall: tuple[Space, Account]
) -> None:
    space, _ = hall
    booker = await factory.account()
    await sign_in(client, booker)
    day = days_ahead(9)
    form = {"date": day.isoformat(), "start": "10:00", "end": "12:00", "title": "Côr", "attendance": "80"}
    path = f"/cy/book/spaces/{space.id}"
    page = await post_form(client, path, form, path)
    assert page.status_code == 422, page.text
    said = html.unescape(page.text)
    assert "Mae lle i 40 o bobl yn Main hall; mae'r archeb hon yn disgwyl 80." in said
    assert "holds 40 people" not in said

    body = {
        "space_id": space.id,
        "starts_at": london(day, 10).isoformat(),
        "ends_at": london(day, 12).isoformat(),
        "title": "Côr",
        "attendance": 80,
    }
    api = await client.post("/api/v1/bookings", json=body, headers=booker.headers)
    assert api.status_code == 422, api.text
    problem = api.json()
    assert problem["rule"] == "capacity"
    assert problem["detail"] == "Main hall holds 40 people; this booking expects 80."
    assert await Booking.count() == 0
