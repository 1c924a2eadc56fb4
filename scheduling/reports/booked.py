"""The scope's bookings in the period, as SQL that the figures' aggregates are built on.

A period is local dates, so its bounds in UTC depend on the venue's zone: each condition is one range of the
``booking_venue_starts`` index per zone (``venue IN (…) AND starts_at >= a AND starts_at < b``), joined with OR
when a group or an area spans zones. A session counts in the period its start falls in (``starts_in``); its
minutes are the time inside the period, clipped at both ends, as ``use`` counts booked time: minute sums run
over the bookings that overlap the period (``overlaps``, the start bounded from below as
``scheduling.holds.windows`` does, so the index still answers), and ``started`` tells which of those count as
sessions. A booking over midnight at a period's edge gives each period its own part, and the parts add up to it.

Fragments carry their arguments in order, so the figures' queries stay plain SQL with Piccolo's ``{}``
placeholders; numbers that come from the database or from arithmetic (ids, epoch seconds) are written inline,
instants are arguments (each engine's driver writes them the way it stores them).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from scheduling.bookings.status import BookingStatus
from scheduling.holds.windows import earliest_overlapping_start
from scheduling.models import Activity, Booking, Group, Series, SessionRecord
from scheduling.reports.period import Period
from scheduling.reports.scope import Scope
from venues.core.database import epoch_seconds_sql, is_postgres
from venues.models import PriceTier

BOOKING = Booking._meta.tablename
RECORD = SessionRecord._meta.tablename
ACTIVITY = Activity._meta.tablename
SERIES = Series._meta.tablename
GROUP = Group._meta.tablename
TIER = PriceTier._meta.tablename

CONFIRMED = f"'{BookingStatus.confirmed}'"
CANCELLED = f"'{BookingStatus.cancelled}'"


@dataclass(frozen=True)
class Sql:
    """A piece of SQL with ``{}`` placeholders and their arguments, in order."""

    text: str
    args: tuple[Any, ...] = ()

    def __add__(self, other: Sql | str) -> Sql:
        if isinstance(other, str):
            return Sql(self.text + other, self.args)
        return Sql(self.text + other.text, self.args + other.args)

    def __radd__(self, other: str) -> Sql:
        return Sql(other + self.text, self.args)


def _least(a: str, b: str) -> str:
    return f"LEAST({a}, {b})" if is_postgres() else f"MIN({a}, {b})"


def _greatest(a: str, b: str) -> str:
    return f"GREATEST({a}, {b})" if is_postgres() else f"MAX({a}, {b})"


@dataclass(frozen=True)
class _Zone:
    venue_ids: tuple[int, ...]
    start: datetime
    end: datetime


@dataclass(frozen=True)
class Window:
    """Where the scope's bookings are and when the period is for each of its venues."""

    zones: tuple[_Zone, ...]
    group_id: int | None

    @property
    def empty(self) -> bool:
        """No venue to count (a group that never booked): every figure is zero without a query."""
        return not self.zones

    def starts_in(self, alias: str = "b") -> Sql:
        """The booking starts in the period at one of the scope's venues (and is the scope's group's)."""
        return self.started(alias) + self.of_group(alias)

    def started(self, alias: str = "b") -> Sql:
        """The booking starts in the period in its venue's zone (no group condition: a CASE inside a query)."""
        ranges = [
            Sql(
                f'({alias}."venue" IN ({_ids(zone.venue_ids)}) AND {alias}."starts_at" >= {{}} '
                f'AND {alias}."starts_at" < {{}})',
                (zone.start, zone.end),
            )
            for zone in self.zones
        ]
        return "(" + _joined(ranges, " OR ") + ")"

    def overlaps(self, alias: str = "b") -> Sql:
        """The booking holds some of the period at one of the scope's venues (and is the scope's group's).

        The start is bounded from below (``earliest_overlapping_start``) so the index on the start answers."""
        ranges = [
            Sql(
                f'({alias}."venue" IN ({_ids(zone.venue_ids)}) AND {alias}."starts_at" > {{}} '
                f'AND {alias}."starts_at" < {{}} AND {alias}."ends_at" > {{}})',
                (earliest_overlapping_start(zone.start), zone.end, zone.start),
            )
            for zone in self.zones
        ]
        return "(" + _joined(ranges, " OR ") + ")" + self.of_group(alias)

    def starts_before(self, alias: str) -> Sql:
        """The booking starts before the period at one of the scope's venues (its own zone's midnight)."""
        ranges = [
            Sql(f'({alias}."venue" IN ({_ids(zone.venue_ids)}) AND {alias}."starts_at" < {{}})', (zone.start,))
            for zone in self.zones
        ]
        return "(" + _joined(ranges, " OR ") + ")"

    def of_group(self, alias: str) -> str:
        return f' AND {alias}."group" = {int(self.group_id)}' if self.group_id is not None else ""

    def seconds(self, alias: str = "b") -> str:
        """The booking's seconds inside the period in its venue's zone (clipped at both ends; for bookings that
        ``overlaps`` finds, so never below nothing)."""
        start, end = self._bound(alias, "start"), self._bound(alias, "end")
        ends, starts = epoch_seconds_sql(f'{alias}."ends_at"'), epoch_seconds_sql(f'{alias}."starts_at"')
        return f"({_least(ends, end)} - {_greatest(starts, start)})"

    def _bound(self, alias: str, which: str) -> str:
        """The period's start or end in epoch seconds, for the booking's venue's zone."""
        if len(self.zones) == 1:
            return str(_epoch(getattr(self.zones[0], which)))
        whens = " ".join(
            f'WHEN {alias}."venue" IN ({_ids(zone.venue_ids)}) THEN {_epoch(getattr(zone, which))}'
            for zone in self.zones
        )
        return f"CASE {whens} END"


def window(scope: Scope, period: Period) -> Window:
    by_zone: dict[str, list[int]] = defaultdict(list)
    for venue in scope.venues:
        by_zone[venue.timezone].append(venue.id)
    zones = []
    for tz_name, ids in sorted(by_zone.items()):
        start, end = period.utc_bounds(tz_name)
        zones.append(_Zone(tuple(sorted(ids)), start, end))
    return Window(tuple(zones), scope.group_id)


async def fetch(query: Sql) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = await Booking.raw(query.text, *query.args)
    return rows


def whole(value: Any) -> int:
    """An aggregate as an int: PostgreSQL's SUM of integers is numeric (a Decimal), an empty SUM is NULL."""
    return int(value) if value is not None else 0


def minutes(seconds: Any) -> int:
    return whole(seconds) // 60


def _ids(ids: tuple[int, ...]) -> str:
    return ", ".join(str(int(venue_id)) for venue_id in ids)


def _epoch(instant: datetime) -> int:
    return int(instant.timestamp())


def _joined(parts: list[Sql], separator: str) -> Sql:
    joined = Sql("")
    for index, part in enumerate(parts):
        joined = joined + (separator if index else "") + part
    return joined
