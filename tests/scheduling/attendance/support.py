"""A small world for the attendance tests: a venue with a manager, a group with an organiser, a booker, and
sessions at fixed instants around a frozen ``NOW`` (or around the real time, for tests over HTTP, whose bearer
tokens are issued for the real time)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from scheduling.models import Booking, Group
from tests.factories import Account, Factory
from venues.models import Space, Venue

NOW = datetime(2027, 3, 10, 12, 0, tzinfo=UTC)


@dataclass
class World:
    manager: Account
    organiser: Account
    booker: Account
    stranger: Account
    venue: Venue
    space: Space
    group: Group
    factory: Factory
    now: datetime = NOW

    async def session(self, hours_ago: float, **fields: Any) -> Booking:
        """A confirmed session of the group, booked by the booker, that started ``hours_ago`` before ``now``."""
        starts = self.now - timedelta(hours=hours_ago)
        values: dict[str, Any] = {"booked_by": self.booker.id, "group": self.group.id, "title": "Youth club"}
        values.update(fields)
        return await self.factory.booking(self.space, starts, starts + timedelta(hours=2), **values)


async def world(factory: Factory, now: datetime = NOW) -> World:
    manager = await factory.account("manager")
    organiser = await factory.account("organiser")
    booker = await factory.account("booker")
    stranger = await factory.account("stranger")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue)
    group = await factory.group(organiser=organiser)
    return World(manager, organiser, booker, stranger, venue, space, group, factory, now)
