"""The desk's Extras tab keeps the catalogue; the booking form offers the extras; the desk and booking page show them."""

from __future__ import annotations

import html
from datetime import timedelta

import httpx

from scheduling.models import Booking, BookingExtra, ExtraHold
from tests.factories import Factory
from tests.pages.support import days_ahead, post_form, sign_in
from venues.extras.catalogue import add_extra
from venues.models import Extra


async def test_a_manager_adds_changes_and_archives_extras_and_a_hirer_chooses_them(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue, requires_approval=True)
    await sign_in(client, manager)
    tab = f"/desk/venues/{venue.id}/extras"
    added = await post_form(
        client,
        tab,
        {"new-name": "Projector", "new-unit": "booking", "new-price": "15.00", "new-stock": "1"},
        tab,
    )
    assert added.status_code == 303, added.text
    tables = await post_form(
        client, tab, {"new-name": "Tables", "new-unit": "item", "new-price": "2", "new-stock": ""}, tab
    )
    assert tables.status_code == 303
    twice = await post_form(client, tab, {"new-name": "projector", "new-price": "1"}, tab)
    assert twice.status_code == 409 and "already has an extra called" in twice.text
    projector = await Extra.objects().where(Extra.name == "Projector").first()
    assert projector is not None and projector.price_minor == 1500 and projector.stock == 1

    hirer = await factory.account("hirer")
    client.cookies.clear()
    await sign_in(client, hirer)
    day = days_ahead(8)
    path = f"/book/spaces/{space.id}?date={day.isoformat()}&start=10:00&end=12:00"
    form = (await client.get(path)).text
    assert f'name="extra-{projector.id}"' in form and "Projector (£15.00 for the booking)" in form
    sent = await post_form(
        client,
        f"/book/spaces/{space.id}",
        {
            "date": day.isoformat(),
            "start": "10:00",
            "end": "12:00",
            "title": "Talk",
            "attendance": "10",
            f"extra-{projector.id}": "1",
            f"extra-{projector.id + 1}": "4",
        },
        path,
    )
    assert sent.status_code == 303, sent.text
    booking = await Booking.objects().first()
    assert booking is not None
    chosen = await BookingExtra.select(BookingExtra.extra.name, BookingExtra.quantity).order_by(BookingExtra.extra)
    assert [(row["extra.name"], row["quantity"]) for row in chosen] == [("Projector", 1), ("Tables", 4)]
    assert "Projector, Tables × 4" in (await client.get(f"/bookings/{booking.id}")).text

    client.cookies.clear()
    await sign_in(client, manager)
    assert "Projector, Tables × 4" in (await client.get(f"/desk/venues/{venue.id}")).text
    archived = await post_form(
        client,
        f"{tab}/{projector.id}",
        {
            "name": "Projector",
            "unit": "booking",
            "price": "15.00",
            "stock": "1",
            "vat_treatment": "standard",
            "archived": "on",
        },
        tab,
    )
    assert archived.status_code == 303, archived.text
    assert "Projector (archived)" in (await client.get(tab)).text
    assert await ExtraHold.count() == 1
    removed = await post_form(client, f"{tab}/{projector.id}/remove", {}, tab)
    assert removed.status_code == 303 and "archived instead" in (await client.get(removed.headers["location"])).text


async def test_the_booking_forms_price_includes_the_extras_chosen_with_the_time(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    venue = await factory.venue()
    space = await factory.space(venue, name="Main hall")
    await factory.rate(space, "standard", 1000)
    kitchen = await add_extra(venue.id, {"name": "Kitchen use", "unit": "booking", "price_minor": 2500})
    tables = await add_extra(venue.id, {"name": "Tables", "unit": "item", "price_minor": 200, "stock": 10})
    day = days_ahead(8).isoformat()
    asked = f"/book/spaces/{space.id}?date={day}&start=10:00&end=12:00&extra-{kitchen.id}=1&extra-{tables.id}=3"
    shown = html.unescape((await client.get(asked)).text)
    # 2 h × £10.00 = £20.00 hire, £25.00 kitchen, 3 × £2.00 tables: £51.00.
    assert "Price: £51.00" in shown and "Kitchen use, £25.00: £25.00" in shown and "Tables, 3 × £2.00: £6.00" in shown
    weekly = html.unescape((await client.get(f"{asked}&repeat=weekly")).text)
    assert "Price for each date: £20.00" in weekly  # a weekly booking takes no extras
    too_many = html.unescape((await client.get(asked.replace(f"extra-{tables.id}=3", f"extra-{tables.id}=11"))).text)
    assert "Tables: choose between 1 and 10." in too_many


async def test_extras_chosen_on_a_weekly_booking_are_refused_not_dropped(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue, name="Main hall")
    urn = await add_extra(venue.id, {"name": "Urn", "price_minor": 500})
    organiser = await factory.account("organiser")
    group = await factory.group(organiser, name="Coffee Morning")
    await sign_in(client, organiser)
    first = days_ahead(8)
    form = {
        "date": first.isoformat(),
        "start": "10:00",
        "end": "12:00",
        "repeat": "weekly",
        "until": (first + timedelta(days=21)).isoformat(),
        "group_id": str(group.id),
        "title": "Coffee",
        "attendance": "12",
        f"extra-{urn.id}": "1",
    }
    refused = await post_form(client, f"/book/spaces/{space.id}", form, f"/book/spaces/{space.id}")
    assert refused.status_code == 400, refused.status_code
    assert "Extras can be chosen for one-off bookings" in refused.text
    assert await Booking.count() == 0 and await BookingExtra.count() == 0
