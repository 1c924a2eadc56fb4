"""Builders for test data that go straight to the domain layer (fast), not through HTTP."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from api.settings import get_settings
from venues.accounts.credentials import hash_password, issue_token
from venues.models import OpeningHours, PriceTier, Space, SpaceRate, User, Venue
from venues.publication import bump_publication
from venues.registry import create_venue

if TYPE_CHECKING:
    from scheduling.models import Activity, Booking, Group, Series

PASSWORD = "correct horse battery"
_PASSWORD_HASH = hash_password(PASSWORD)
_counter = itertools.count(1)


@dataclass
class Account:
    user: User
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    @property
    def id(self) -> int:
        return self.user.id


class Factory:
    async def account(self, name: str | None = None, admin: bool = False) -> Account:
        n = next(_counter)
        label = name or f"user{n}"
        user = User(
            email=f"{label}-{n}@example.org", display_name=label.title(), password_hash=_PASSWORD_HASH, is_admin=admin
        )
        await user.save()
        token, _ = await issue_token(user, get_settings().secret_key, timedelta(hours=1))
        return Account(user=user, token=token)

    async def venue(self, manager: Account | None = None, **fields: Any) -> Venue:
        n = next(_counter)
        values: dict[str, Any] = {
            "name": f"Venue {n}",
            "slug": f"venue-{n}",
            "kind": "village_hall",
            "timezone": "Europe/London",
            "postcode": "AB1 2CD",
            "locality": "Little Marsh",
            "region": "Norfolk",
            "private_email": f"private-{n}@example.org",
        }
        values.update(fields)
        return await create_venue(values, [manager.user.email] if manager else [])

    async def space(self, venue: Venue, open_all_week: bool = True, **fields: Any) -> Space:
        n = next(_counter)
        values: dict[str, Any] = {"venue": venue.id, "name": f"Room {n}", "capacity": 50, "min_notice_minutes": 0}
        values.update(fields)
        space = Space(**values)
        await space.save()
        if open_all_week and not await OpeningHours.exists().where(
            (OpeningHours.venue == venue.id) & (OpeningHours.space.is_null())
        ):
            await OpeningHours.insert(
                *[OpeningHours(venue=venue.id, weekday=d, opens=time(0, 0), closes=time(23, 59)) for d in range(7)]
            )
        return space

    async def rate(self, space: Space, tier_kind: str, hourly_minor: int) -> SpaceRate:
        tier = await PriceTier.objects().where((PriceTier.venue == space.venue) & (PriceTier.kind == tier_kind)).first()
        rate = SpaceRate(space=space.id, tier=tier.id, hourly_rate_minor=hourly_minor)
        await rate.save()
        return rate

    async def group(self, organiser: Account | None = None, **fields: Any) -> Group:
        from scheduling.models import Group, GroupOrganiser

        n = next(_counter)
        values: dict[str, Any] = {
            "name": f"Group {n}",
            "slug": f"group-{n}",
            "private_email": f"organiser-{n}@example.org",
        }
        values.update(fields)
        group = Group(**values)
        await group.save()
        if organiser is not None:
            await GroupOrganiser(group=group.id, user=organiser.id).save()
        return group

    async def booking(self, space: Space, starts_at: datetime, ends_at: datetime, **fields: Any) -> Booking:
        """A booking row as it is stored (no rules, no occupancy): public and confirmed unless told otherwise.

        Like every real write, it bumps the publication version (listings and feeds are kept per version).
        """
        from scheduling.models import Booking

        values: dict[str, Any] = {
            "uid": uuid.uuid4().hex,
            "venue": space.venue,
            "space": space.id,
            "status": "confirmed",
            "is_public": True,
            "title": "Booking",
            "starts_at": starts_at,
            "ends_at": ends_at,
        }
        values.update(fields)
        booking = Booking(**values)
        await booking.save()
        await bump_publication()
        return booking

    async def series(self, space: Space, dtstart: date, start_time: time, end_time: time, **fields: Any) -> Series:
        """A weekly series row; its occurrences are bookings made with ``booking(..., series=..., recurrence_id=...)``."""
        from scheduling.models import Series

        values: dict[str, Any] = {
            "uid": uuid.uuid4().hex,
            "venue": space.venue,
            "space": space.id,
            "rrule": "FREQ=WEEKLY",
            "dtstart": dtstart,
            "start_time": start_time,
            "end_time": end_time,
            "is_public": True,
            "title": "Series",
        }
        values.update(fields)
        series = Series(**values)
        await series.save()
        await bump_publication()
        return series

    async def activity(self, booking: Any = None, series: Any = None, **fields: Any) -> Activity:
        """An activity row on ``booking`` or ``series`` (either the row or its id)."""
        from scheduling.models import Activity
        from venues.core.i18n.content import search_text

        values: dict[str, Any] = {
            "booking": getattr(booking, "id", booking),
            "series": getattr(series, "id", series),
            "title": "Activity",
        }
        values.update(fields)
        # The column the write path keeps (What's on's text search reads only it).
        values.setdefault(
            "search_text",
            search_text(
                values["title"], values.get("title_cy"), values.get("description"), values.get("description_cy")
            ),
        )
        activity = Activity(**values)
        await activity.save()
        await bump_publication()
        return activity
