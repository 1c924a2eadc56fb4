"""A venue's money settings: each field checked and normalised, one row per venue, prefixes never renumber."""

from __future__ import annotations

import json

import pytest

from tests.factories import Factory
from venues.billing.operations import MoneySettingsIn, policy_steps, save_money_settings
from venues.billing.settings import money_settings
from venues.core.errors import InvalidInput
from venues.models import VenueMoneySettings


async def test_saving_twice_keeps_one_row_per_venue_with_the_latest_values(factory: Factory) -> None:
    venue = await factory.venue()
    await save_money_settings(venue.id, MoneySettingsIn(payment_terms_days=30))
    await save_money_settings(venue.id, MoneySettingsIn(payment_terms_days=7, billing_name="Neuadd Gŵyl"))
    rows = await VenueMoneySettings.objects().where(VenueMoneySettings.venue == venue.id)
    assert len(rows) == 1
    assert (rows[0].payment_terms_days, rows[0].billing_name) == (7, "Neuadd Gŵyl")


async def test_vat_number_is_normalised_and_required_when_registered(factory: Factory) -> None:
    venue = await factory.venue()
    with pytest.raises(InvalidInput) as missing:
        await save_money_settings(venue.id, MoneySettingsIn(vat_registered=True))
    assert missing.value.field == "vat_number"
    saved = await save_money_settings(venue.id, MoneySettingsIn(vat_registered=True, vat_number="gb 123 4567 89"))
    assert saved.vat_number == "GB123456789"
    twelve = await save_money_settings(venue.id, MoneySettingsIn(vat_registered=True, vat_number="GB123456789012"))
    assert twelve.vat_number == "GB123456789012"


@pytest.mark.parametrize("number", ["123456789", "GB12345678", "GB1234567890", "FR123456789", "GB12345678X"])
async def test_a_vat_number_not_gb_and_9_or_12_digits_is_refused(factory: Factory, number: str) -> None:
    venue = await factory.venue()
    with pytest.raises(InvalidInput) as raised:
        await save_money_settings(venue.id, MoneySettingsIn(vat_registered=True, vat_number=number))
    assert raised.value.field == "vat_number"


async def test_cancellation_policy_is_stored_most_days_first(factory: Factory) -> None:
    venue = await factory.venue()
    await save_money_settings(venue.id, MoneySettingsIn(cancellation_policy=[[7, 50], [0, 0], [14, 100]]))
    stored = (await money_settings(venue.id)).cancellation_policy
    assert policy_steps(stored) == [(14, 100), (7, 50), (0, 0)]
    assert json.loads(stored) == [[14, 100], [7, 50], [0, 0]]


@pytest.mark.parametrize(
    "policy",
    [[[7, 50], [7, 100]], [[-1, 50]], [[7, 101]], [[7, -1]], [[7]], [[7, 50, 1]], [["7", 50]], [[True, 50]]],
)
async def test_a_bad_cancellation_policy_is_refused_naming_the_field(factory: Factory, policy: list) -> None:
    venue = await factory.venue()
    with pytest.raises(InvalidInput) as raised:
        await save_money_settings(venue.id, MoneySettingsIn(cancellation_policy=policy))
    assert raised.value.field == "cancellation_policy"
    assert not await VenueMoneySettings.exists().where(VenueMoneySettings.venue == venue.id)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"vat_rate_bp": 10_001}, "vat_rate_bp"),
        ({"vat_rate_bp": -1}, "vat_rate_bp"),
        ({"hire_vat_treatment": "zero"}, "hire_vat_treatment"),
        ({"payment_terms_days": 366}, "payment_terms_days"),
        ({"invoice_prefix": "INV-"}, "invoice_prefix"),
        ({"invoice_prefix": ""}, "invoice_prefix"),
        ({"credit_note_prefix": "ABCDEFGHIJKLM"}, "credit_note_prefix"),
        ({"invoice_prefix": "HALL", "credit_note_prefix": "HALL"}, "credit_note_prefix"),
        ({"billing_name": "Two\nlines"}, "billing_name"),
    ],
)
async def test_out_of_range_values_are_refused_naming_the_field(factory: Factory, fields: dict, field: str) -> None:
    venue = await factory.venue()
    with pytest.raises(InvalidInput) as raised:
        await save_money_settings(venue.id, MoneySettingsIn(**fields))
    assert raised.value.field == field


async def test_edges_of_the_ranges_are_accepted(factory: Factory) -> None:
    venue = await factory.venue()
    saved = await save_money_settings(
        venue.id,
        MoneySettingsIn(
            vat_rate_bp=10_000,
            payment_terms_days=365,
            hire_vat_treatment="standard",
            invoice_prefix="ABCDEFGHIJ12",
            credit_note_prefix="c",
            billing_address="1 Stryd Fawr\r\nLlanfair",
        ),
    )
    assert (saved.vat_rate_bp, saved.payment_terms_days, saved.hire_vat_treatment) == (10_000, 365, "standard")
    assert (saved.invoice_prefix, saved.credit_note_prefix) == ("ABCDEFGHIJ12", "C")
    assert saved.billing_address == "1 Stryd Fawr\nLlanfair"


async def test_an_unsaved_venue_reads_the_defaults(factory: Factory) -> None:
    settings = await money_settings((await factory.venue()).id)
    assert (settings.vat_registered, settings.payment_terms_days, settings.invoice_prefix) == (False, 14, "INV")
    assert policy_steps(settings.cancellation_policy) == []
