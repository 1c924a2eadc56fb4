"""The desk's Charges tab: per space and tier the rules and the deposit, set through the same domain checks as
the API; and the booking page's quote showing each line and the deposit."""

from __future__ import annotations

from datetime import time

import httpx
import pytest

from tests.factories import Account, Factory
from tests.pages.support import next_weekday, post_form, sign_in
from venues.charging.rules import ChargeRuleIn, add_rule
from venues.models import ChargeRule, PriceTier, Space, SpaceRate, Venue
from venues.opening.hours import Interval, replace_weekly_hours


@pytest.fixture
async def hall(factory: Factory) -> tuple[Venue, Space, Account, int]:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager, name="Little Marsh Village Hall")
    await replace_weekly_hours(venue.id, None, [Interval(day, time(8), time(23)) for day in range(7)])
    space = await factory.space(venue, name="Main hall")
    await factory.rate(space, "standard", 1200)
    standard = await PriceTier.objects().where((PriceTier.venue == venue.id) & (PriceTier.kind == "standard")).first()
    return venue, space, manager, standard.id


async def test_a_manager_adds_and_removes_a_band_and_sets_a_deposit_on_the_charges_tab(
    client: httpx.AsyncClient, hall: tuple[Venue, Space, Account, int]
) -> None:
    venue, space, manager, standard = hall
    await sign_in(client, manager)
    page = f"/desk/venues/{venue.id}/charges"
    html = (await client.get(page)).text
    assert 'aria-current="page">Charges</a>' in html and "Main hall" in html and "£12.00 an hour" in html

    band = {
        "space_id": str(space.id),
        "tier_id": str(standard),
        "kind": "band",
        "name": "Evening",
        "amount": "18",
        "weekday": ["0", "1", "2", "3", "4"],
        "band_starts": "18:00",
        "band_ends": "00:00",
    }
    added = await post_form(client, f"{page}/rules", band, page)
    assert (added.status_code, added.headers["location"]) == (303, f"{page}?done=added")
    rule = await ChargeRule.objects().where(ChargeRule.space == space.id).first()
    assert (rule.kind, rule.hourly_rate_minor, rule.weekdays, rule.band_ends) == (
        "band",
        1800,
        [0, 1, 2, 3, 4],
        time(0),
    )
    assert "Evening: £18.00 an hour on Mon, Tue, Wed, Thu, Fri, 18:00–00:00" in (await client.get(page)).text

    overnight = await post_form(client, f"{page}/rules", {**band, "band_starts": "22:00", "band_ends": "02:00"}, page)
    assert overnight.status_code == 400 and "through midnight" in overnight.text
    assert await ChargeRule.count().where(ChargeRule.space == space.id) == 1

    deposit = await post_form(
        client, f"{page}/deposits", {"space_id": str(space.id), f"deposit-{standard}": "50"}, page
    )
    assert deposit.status_code == 303
    rate = await SpaceRate.objects().where(SpaceRate.space == space.id).first()
    assert (rate.hourly_rate_minor, rate.deposit_minor) == (1200, 5000)
    # Saving the hourly rates on the Rates tab keeps the deposit.
    rates_page = f"/desk/venues/{venue.id}/rates"
    await post_form(client, rates_page, {f"rate-{space.id}-{standard}": "13"}, rates_page)
    rate = await SpaceRate.objects().where(SpaceRate.space == space.id).first()
    assert (rate.hourly_rate_minor, rate.deposit_minor) == (1300, 5000)

    removed = await post_form(client, f"{page}/rules/{rule.id}/remove", {"space_id": str(space.id)}, page)
    assert removed.status_code == 303
    assert await ChargeRule.count().where(ChargeRule.space == space.id) == 0


async def test_the_charges_tab_is_for_the_venues_managers_and_its_forms_need_the_csrf_token(
    client: httpx.AsyncClient, factory: Factory, hall: tuple[Venue, Space, Account, int]
) -> None:
    venue, space, manager, standard = hall
    page = f"/desk/venues/{venue.id}/charges"
    await sign_in(client, await factory.account("stranger"))
    assert (await client.get(page)).status_code == 403
    await sign_in(client, manager)
    body = {"space_id": str(space.id), "tier_id": str(standard), "kind": "minimum", "amount": "30"}
    assert (await client.post(f"{page}/rules", data=body)).status_code == 403
    assert await ChargeRule.count() == 0


async def test_the_booking_page_quote_shows_each_line_and_the_deposit(
    client: httpx.AsyncClient, hall: tuple[Venue, Space, Account, int]
) -> None:
    venue, space, _, standard = hall
    await add_rule(
        space,
        ChargeRuleIn(
            standard,
            "band",
            "Evening",
            hourly_rate_minor=1800,
            weekdays=(0, 1, 2, 3, 4),
            band_starts=time(18),
            band_ends=time(0),
        ),
    )
    await SpaceRate.update({SpaceRate.deposit_minor: 5000}).where(SpaceRate.space == space.id)
    day = next_weekday(2, weeks_ahead=2)
    html = (
        await client.get(f"/book/spaces/{space.id}", params={"date": day.isoformat(), "start": "16:00", "end": "20:00"})
    ).text
    # 16:00–18:00 at £12 = £24 and 18:00–20:00 at £18 = £36: £60; the £50 deposit apart.
    assert "Price: £60.00" in html
    assert "Main hall, 2 h at £12.00 an hour: £24.00" in html
    assert "Main hall, 2 h at £18.00 an hour (Evening): £36.00" in html
    assert "Returnable deposit: £50.00" in html
