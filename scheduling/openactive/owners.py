"""From the marks writers left to what must be recomputed: listings, spaces' facility uses, spaces' days of slots.

A mark names a row a writer touched; what it reaches is worked out here, in a fixed handful of queries for
a whole batch of marks. Each answer is what exists now joined with what was published before
(``openactive_item`` keeps the venue, space and day of every item), so a listing, space or venue that is gone
or hidden still reaches the items it had, and they become tombstones.

- a listing (``activity``): itself;
- a booking: the listing on it or on its series, and the listing its published date was under;
- a series: its listing; a group: the listings of its bookings and series (its name is the organiser);
- a space's held time (a span): the days of that space's slots it covers, widened by the space's buffers, and
  of the combined spaces it is part of; a space itself (its rules, rates, parts, archiving): its facility use,
  every day of its slots and the listings held there;
- a venue (its public side, hours, closures, settings): every one of its spaces and its listings.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from scheduling.models import Activity, Booking, OpenActiveItem, Series
from scheduling.openactive.feeds import Feed
from scheduling.openactive.slots import window_days
from venues.core.timezones import zone
from venues.models import Space, SpacePart

CHUNK = 500


@dataclass
class Targets:
    """What to recompute: listings, spaces' facility uses, and (space → local days) of slots."""

    activities: set[int] = field(default_factory=set)
    spaces: set[int] = field(default_factory=set)
    slot_days: dict[int, set[date]] = field(default_factory=lambda: defaultdict(set))

    def merge(self, other: Targets) -> None:
        self.activities |= other.activities
        self.spaces |= other.spaces
        for space_id, days in other.slot_days.items():
            self.slot_days[space_id] |= days

    def __bool__(self) -> bool:
        return bool(self.activities or self.spaces or self.slot_days)


@dataclass(frozen=True)
class Mark:
    id: int
    kind: str
    row_id: int
    starts_ts: int | None
    ends_ts: int | None


def _chunks(values: Iterable[int]) -> Iterable[list[int]]:
    ordered = sorted(set(values))
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


async def _ids(query_for_chunk: Callable[[list[int]], Any], values: Iterable[int]) -> set[int]:
    found: set[int] = set()
    for chunk in _chunks(values):
        found |= {row["id"] for row in await query_for_chunk(chunk)}
    return found


def _activity_of_owner(owner: str) -> int | None:
    kind, _, rest = owner.partition(":")
    return int(rest) if kind == "activity" and rest.isdigit() else None


async def _published_activities(*, item_ids: Sequence[str] = (), venue_ids: Iterable[int] = ()) -> set[int]:
    """Listings that published a session with one of ``item_ids``, or published anything at ``venue_ids``."""
    owners: set[str] = set()
    for start in range(0, len(item_ids), CHUNK):
        rows = await OpenActiveItem.select(OpenActiveItem.owner).where(
            (OpenActiveItem.feed == Feed.scheduled_sessions.value)
            & OpenActiveItem.item_id.is_in(list(item_ids[start : start + CHUNK]))
        )
        owners |= {row["owner"] for row in rows}
    for chunk in _chunks(venue_ids):
        rows = (
            await OpenActiveItem.select(OpenActiveItem.owner)
            .where(
                OpenActiveItem.venue_id.is_in(chunk)
                & OpenActiveItem.feed.is_in([Feed.session_series.value, Feed.scheduled_sessions.value])
            )
            .distinct()
        )
        owners |= {row["owner"] for row in rows}
    return {found for owner in owners if (found := _activity_of_owner(owner)) is not None}


async def _listings_of_bookings(booking_ids: set[int]) -> set[int]:
    found = await _ids(lambda chunk: Activity.select(Activity.id).where(Activity.booking.is_in(chunk)), booking_ids)
    series_ids: set[int] = set()
    for chunk in _chunks(booking_ids):
        rows = await Booking.select(Booking.series).where(Booking.id.is_in(chunk) & Booking.series.is_not_null())
        series_ids |= {row["series"] for row in rows}
    found |= await _listings_of_series(series_ids)
    found |= await _published_activities(item_ids=[str(booking_id) for booking_id in sorted(booking_ids)])
    return found


async def _listings_of_series(series_ids: set[int]) -> set[int]:
    return await _ids(lambda chunk: Activity.select(Activity.id).where(Activity.series.is_in(chunk)), series_ids)


async def _listings_where(booking_column: str, series_column: str, values: set[int]) -> set[int]:
    """Listings whose booking's or series' ``*_column`` is one of ``values`` (a group, a venue)."""
    found: set[int] = set()
    for chunk in _chunks(values):
        booking_ids = Booking.select(Booking.id).where(getattr(Booking, booking_column).is_in(chunk))
        series_ids = Series.select(Series.id).where(getattr(Series, series_column).is_in(chunk))
        rows = await Activity.select(Activity.id).where(
            Activity.booking.is_in(booking_ids) | Activity.series.is_in(series_ids)
        )
        found |= {row["id"] for row in rows}
    return found


async def _spaces_of_venues(venue_ids: set[int]) -> set[int]:
    found = await _ids(lambda chunk: Space.select(Space.id).where(Space.venue.is_in(chunk)), venue_ids)
    for chunk in _chunks(venue_ids):
        rows = (
            await OpenActiveItem.select(OpenActiveItem.space_id)
            .where(OpenActiveItem.venue_id.is_in(chunk) & OpenActiveItem.space_id.is_not_null())
            .distinct()
        )
        found |= {row["space_id"] for row in rows}
    return found


async def _published_days(space_ids: set[int]) -> dict[int, set[date]]:
    days: dict[int, set[date]] = defaultdict(set)
    for chunk in _chunks(space_ids):
        rows = (
            await OpenActiveItem.select(OpenActiveItem.space_id, OpenActiveItem.day)
            .where(
                OpenActiveItem.space_id.is_in(chunk)
                & (OpenActiveItem.feed == Feed.slots.value)
                & (OpenActiveItem.state == "updated")
            )
            .distinct()
        )
        for row in rows:
            days[row["space_id"]].add(row["day"])
    return days


async def _combined_with(space_ids: set[int]) -> dict[int, set[int]]:
    """For each space asked, the combined spaces it is a part of."""
    combined: dict[int, set[int]] = defaultdict(set)
    for chunk in _chunks(space_ids):
        rows = await SpacePart.select(SpacePart.part, SpacePart.combined).where(SpacePart.part.is_in(chunk))
        for row in rows:
            combined[row["part"]].add(row["combined"])
    return combined


async def _zones_and_buffers(space_ids: set[int]) -> dict[int, tuple[str, int]]:
    """Each space's venue zone and its widest buffer in seconds (held time takes slots that far either side)."""
    found: dict[int, tuple[str, int]] = {}
    for chunk in _chunks(space_ids):
        rows = await Space.select(
            Space.id,
            Space.setup_buffer_minutes,
            Space.cleanup_buffer_minutes,
            Space.venue.timezone.as_alias("timezone"),
        ).where(Space.id.is_in(chunk))
        for row in rows:
            widest = max(row["setup_buffer_minutes"] or 0, row["cleanup_buffer_minutes"] or 0) * 60
            found[row["id"]] = (row["timezone"], widest)
    return found


def local_days(starts_ts: int, ends_ts: int, timezone: str) -> set[date]:
    tz = zone(timezone)
    first = datetime.fromtimestamp(starts_ts, UTC).astimezone(tz).date()
    last = datetime.fromtimestamp(max(starts_ts, ends_ts - 1), UTC).astimezone(tz).date()
    return {first + timedelta(days=offset) for offset in range((last - first).days + 1)}


async def whole_spaces(space_ids: set[int], now: datetime) -> Targets:
    """A space's facility use and every day of its slots: the window now and whatever was published."""
    targets = Targets(spaces=set(space_ids))
    if not space_ids:
        return targets
    for space_id, window in (await window_days(sorted(space_ids), now)).items():
        targets.slot_days[space_id] |= set(window)
    for space_id, published in (await _published_days(space_ids)).items():
        targets.slot_days[space_id] |= published
    return targets


async def _spans(spans: dict[int, list[tuple[int, int]]], now: datetime) -> Targets:
    """The slot days held time touched, on the space and on the combined spaces it is part of, in the window."""
    targets = Targets()
    combined = await _combined_with(set(spans))
    reached: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for space_id, space_spans in spans.items():
        reached[space_id].extend(space_spans)
        for whole in combined.get(space_id, ()):
            reached[whole].extend(space_spans)
    spaces = await _zones_and_buffers(set(reached))
    windows = await window_days(sorted(spaces), now)
    for space_id, space_spans in reached.items():
        if space_id not in spaces:
            continue
        timezone, buffer = spaces[space_id]
        window = set(windows.get(space_id, ()))
        for starts_ts, ends_ts in space_spans:
            # A booking just after midnight takes the last slot of the day before when the space's buffer
            # reaches back over it: the days are those of the held time widened by the buffers.
            days = local_days(starts_ts - buffer, ends_ts + buffer, timezone) & window
            if days:
                targets.slot_days[space_id] |= days
    return targets


async def resolve(marks: Sequence[Mark], now: datetime) -> Targets:
    """Everything ``marks`` reach (see the module docstring), in a fixed number of queries per kind."""
    by_kind: dict[str, set[int]] = defaultdict(set)
    spans: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for mark in marks:
        if mark.kind == "space" and mark.starts_ts is not None and mark.ends_ts is not None:
            spans[mark.row_id].append((mark.starts_ts, mark.ends_ts))
        else:
            by_kind[mark.kind].add(mark.row_id)

    targets = Targets(activities=set(by_kind["activity"]))
    if by_kind["booking"]:
        targets.activities |= await _listings_of_bookings(by_kind["booking"])
    if by_kind["series"]:
        targets.activities |= await _listings_of_series(by_kind["series"])
    if by_kind["group"]:
        targets.activities |= await _listings_where("group", "group", by_kind["group"])
    spaces = set(by_kind["space"])
    if spaces:
        # A space's own change (archived, moved, renamed) reaches the listings held there as well.
        targets.activities |= await _listings_where("space", "space", spaces)
    if by_kind["venue"]:
        venues = by_kind["venue"]
        spaces |= await _spaces_of_venues(venues)
        targets.activities |= await _listings_where("venue", "venue", venues)
        targets.activities |= await _published_activities(venue_ids=venues)
    targets.merge(await whole_spaces(spaces, now))
    if spans:
        targets.merge(await _spans(spans, now))
    return targets
