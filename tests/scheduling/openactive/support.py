"""A published hall for the OpenActive builders' tests: a venue with its town, county and place, and a space with a
standard rate, at fixed dates and a fixed ``now`` (the builders take ``now``; nothing reads the clock)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time
from typing import Any

import pytest

from tests.factories import Account, Factory
from venues.mail.settings import mail_settings
from venues.models import Space, Venue
from venues.opening.hours import Interval, replace_weekly_hours

LONDON = "Europe/London"
PUBLIC_URL = "https://hall.example.org"
# Markers planted in every private field a venue or booking has: none may appear in an item.
PRIVATE_MARKERS = ("PRIVATE-NAME-7Q", "private-7q@home.example", "07700 900777", "PURPOSE-7Q", "BOOKER-7Q")


def at_public_url(monkeypatch: pytest.MonkeyPatch, url: str) -> Iterator[None]:
    """The service's public address set to ``url`` for one test; the mail settings read from it are read again
    before and after, so no later test keeps a sender address made from it."""
    monkeypatch.setenv("COMMONROOM_PUBLIC_URL", url)
    mail_settings.cache_clear()
    yield
    monkeypatch.undo()
    mail_settings.cache_clear()


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


async def published_hall(
    factory: Factory,
    manager: Account | None = None,
    hours: tuple[time, time] | None = (time(9), time(17)),
    **rules: Any,
) -> tuple[Venue, Space]:
    """A London hall open ``hours`` every day (None: the factory's 00:00–23:59), its space at £12.50 an hour."""
    venue = await factory.venue(
        manager=manager,
        name="Little Marsh Village Hall",
        address="1 Church Lane\nLittle Marsh",
        latitude=51.752,
        longitude=-1.2577,
        public_phone="01234 567890",
        private_contact_name=PRIVATE_MARKERS[0],
        private_email=PRIVATE_MARKERS[1],
        private_phone=PRIVATE_MARKERS[2],
    )
    fields: dict[str, Any] = {"name": "Main hall", "description": "A sprung floor and a stage.", **rules}
    space = await factory.space(venue, **fields)
    if hours is not None:
        await replace_weekly_hours(venue.id, None, [Interval(day, hours[0], hours[1]) for day in range(7)])
    await factory.rate(space, "standard", 1250)
    return venue, space
