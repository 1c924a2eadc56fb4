"""Money settings and treasurers over HTTP: managers change them, treasurers read the settings and nothing more."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from tests.factories import Account, Factory

SETTINGS = {
    "vat_registered": True,
    "vat_number": "GB 123 4567 89",
    "vat_rate_bp": 2000,
    "hire_vat_treatment": "standard",
    "payment_terms_days": 30,
    "cancellation_policy": [{"days_before": 7, "percent_refunded": 50}, {"days_before": 14, "percent_refunded": 100}],
    "billing_name": "Neuadd Gŵyl",
    "billing_address": "Stryd Fawr\nLlanfair",
    "payment_instructions": "Sort code 12-34-56\nAccount 12345678",
    "invoice_prefix": "NG",
    "credit_note_prefix": "NGC",
}


async def test_a_manager_saves_settings_and_reads_them_back_normalised(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    url = f"/api/v1/venues/{venue.id}/money-settings"
    before = await client.get(url, headers=manager.headers)
    assert before.status_code == 200
    assert (before.json()["vat_registered"], before.json()["payment_terms_days"]) == (False, 14)
    saved = await client.put(url, json=SETTINGS, headers=manager.headers)
    assert saved.status_code == 200, saved.text
    body = (await client.get(url, headers=manager.headers)).json()
    assert body == saved.json()
    assert body["vat_number"] == "GB123456789"
    assert body["cancellation_policy"] == [
        {"days_before": 14, "percent_refunded": 100},
        {"days_before": 7, "percent_refunded": 50},
    ]
    assert body["billing_address"] == "Stryd Fawr\nLlanfair"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"vat_number": ""}, "vat_number"),
        ({"vat_number": "GB1234"}, "vat_number"),
        (
            {
                "cancellation_policy": [
                    {"days_before": 7, "percent_refunded": 50},
                    {"days_before": 7, "percent_refunded": 20},
                ]
            },
            "cancellation_policy",
        ),
        (
            {"cancellation_policy": [{"days_before": 7, "percent_refunded": 150}]},
            "cancellation_policy[0].percent_refunded",
        ),
        ({"vat_rate_bp": 10_001}, "vat_rate_bp"),
        ({"payment_terms_days": 400}, "payment_terms_days"),
        ({"hire_vat_treatment": "zero"}, "hire_vat_treatment"),
        ({"invoice_prefix": "inv-1"}, "invoice_prefix"),
        ({"colour": "red"}, "colour"),
    ],
)
async def test_bad_settings_are_a_400_naming_the_field(
    client: httpx.AsyncClient, factory: Factory, change: dict, field: str
) -> None:
    manager = await factory.account()
    venue = await factory.venue(manager=manager)
    response = await client.put(
        f"/api/v1/venues/{venue.id}/money-settings", json={**SETTINGS, **change}, headers=manager.headers
    )
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    assert field in response.text
    after = await client.get(f"/api/v1/venues/{venue.id}/money-settings", headers=manager.headers)
    assert after.json()["vat_registered"] is False


async def treasurer_of(client: httpx.AsyncClient, manager: Account, venue_id: int, person: Account) -> None:
    added = await client.post(
        f"/api/v1/venues/{venue_id}/treasurers", json={"email": person.user.email}, headers=manager.headers
    )
    assert added.status_code == 201, added.text
    assert added.json()["user_id"] == person.id


async def test_a_treasurer_reads_settings_but_cannot_change_them_or_confirm_bookings(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager, treasurer = await factory.account("manager"), await factory.account("treasurer")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue)
    request = await factory.booking(
        space, datetime(2027, 3, 6, 18, tzinfo=UTC), datetime(2027, 3, 6, 22, tzinfo=UTC), status="requested"
    )
    await treasurer_of(client, manager, venue.id, treasurer)
    url = f"/api/v1/venues/{venue.id}/money-settings"
    assert (await client.get(url, headers=treasurer.headers)).status_code == 200
    assert (await client.put(url, json=SETTINGS, headers=treasurer.headers)).status_code == 403
    assert (await client.get(url, headers=manager.headers)).json()["vat_registered"] is False
    confirm = await client.post(f"/api/v1/bookings/{request.id}/confirm", headers=treasurer.headers)
    assert confirm.status_code == 403
    listed = await client.get(f"/api/v1/venues/{venue.id}/treasurers", headers=treasurer.headers)
    assert listed.status_code == 403


async def test_strangers_and_other_venues_managers_see_no_settings(client: httpx.AsyncClient, factory: Factory) -> None:
    venue = await factory.venue(manager=await factory.account())
    other_manager = await factory.account()
    await factory.venue(manager=other_manager)
    url = f"/api/v1/venues/{venue.id}/money-settings"
    assert (await client.get(url)).status_code == 401
    assert (await client.get(url, headers=other_manager.headers)).status_code == 403
    assert (await client.get("/api/v1/venues/999999/money-settings", headers=other_manager.headers)).status_code == 404


async def test_managers_add_list_and_remove_treasurers(client: httpx.AsyncClient, factory: Factory) -> None:
    manager, person = await factory.account("manager"), await factory.account("treasurer")
    venue = await factory.venue(manager=manager)
    base = f"/api/v1/venues/{venue.id}/treasurers"
    await treasurer_of(client, manager, venue.id, person)
    again = await client.post(base, json={"email": person.user.email}, headers=manager.headers)
    assert again.status_code == 409
    nobody = await client.post(base, json={"email": "nobody@example.org"}, headers=manager.headers)
    assert nobody.status_code == 400 and "email" in nobody.text
    listed = (await client.get(base, headers=manager.headers)).json()
    assert [t["email"] for t in listed] == [person.user.email]
    assert (await client.delete(f"{base}/{person.id}", headers=manager.headers)).status_code == 204
    assert (await client.delete(f"{base}/{person.id}", headers=manager.headers)).status_code == 404
    assert (await client.get(base, headers=manager.headers)).json() == []
    assert (await client.get(f"/api/v1/venues/{venue.id}/money-settings", headers=person.headers)).status_code == 403
