"""Building invoiced bookings for the invoice tests: a stored quote written as JSON, a venue's money settings."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta
from typing import Any

from scheduling.models import Booking
from tests.bookings_support import future_day
from tests.factories import Factory
from venues.core.timezones import local_datetime
from venues.models import Space, Venue, VenueMoneySettings


def line(kind: str, amount: int, treatment: str, description: str = "", quantity: int = 1) -> dict[str, Any]:
    return {
        "description": description or kind,
        "minutes": 0,
        "hourly_rate_minor": 0,
        "amount_minor": amount,
        "kind": kind,
        "quantity": quantity,
        "unit_minor": amount // quantity,
        "vat_treatment": treatment,
        "extra_id": None,
    }


def breakdown(*lines: dict[str, Any]) -> str:
    priced = [item for item in lines if item["kind"] != "deposit"]
    deposit = sum(item["amount_minor"] for item in lines if item["kind"] == "deposit")
    return json.dumps(
        {
            "currency": "GBP",
            "total_minor": sum(i["amount_minor"] for i in priced),
            "lines": list(lines),
            "deposit_minor": deposit,
        }
    )


def at(days_ahead: int, hour: int) -> datetime:
    return local_datetime(future_day() + timedelta(days=days_ahead), time(hour), "Europe/London")


async def registered(venue: Venue, **fields: Any) -> VenueMoneySettings:
    values: dict[str, Any] = {
        "venue": venue.id,
        "vat_registered": True,
        "vat_number": "GB123456789",
        "vat_rate_bp": 2000,
        "billing_name": "Hall Trust",
        "billing_address": "1 Green Lane",
    }
    values.update(fields)
    settings = VenueMoneySettings(**values)
    await settings.save()
    return settings


async def priced_booking(factory: Factory, space: Space, day: int, *lines: dict[str, Any], **fields: Any) -> Booking:
    text = breakdown(*lines)
    return await factory.booking(
        space,
        at(day, 10),
        at(day, 12),
        price_breakdown=text,
        price_minor=json.loads(text)["total_minor"],
        booker_name=fields.pop("booker_name", "Ada Booker"),
        **fields,
    )
