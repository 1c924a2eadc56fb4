"""Free time of spaces: opening hours minus closures, minus held time widened by the space's own buffers.

A booking of space S at [s, e) occupies [s − setup(S), e + cleanup(S)) on
each physical space; it is free when that meets no held row. So a row held
at [a, b) rules out starts and ends in [a − cleanup(S), b + setup(S)), and
the free intervals are the open ones minus those. A combined space's
physical spaces are its parts, so it is free only where every part is, and
a part is not free where its combination is booked (that booking wrote a row
on the part). Gaps shorter than the minimum booking, before the notice or
beyond the horizon are dropped. Any number of spaces costs the same queries.

Opening hours, closures, parts, buffers and held time change only with the
venue's version (every write that touches them bumps it in its transaction),
so the open-minus-held spans of a space and window are kept per worker for the
venue version read in the request; notice, horizon and minimum length, which
move with the clock, are applied to them on every request.

On PostgreSQL that version need not be read: while the worker's version watch
is live (``venues.publication``), a space's state (its venue, the venue's version
and time zone) read once, when neither was archived, holds for as long as the
watch still has the venue at that version, so a window seen before costs no query
and is at most ``WATCH_BOUND`` seconds behind the database. Anything archived, and
anything not yet seen, is read from the database as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from scheduling.bookings.rules import require_plausible, space_violations
from scheduling.holds.occupancy import epoch, from_epoch, occupied
from venues.core.caching.version_watch import Token
from venues.core.caching.versioned_cache import VersionedCache
from venues.core.errors import InvalidInput
from venues.core.i18n import _
from venues.core.intervals import clip, merge, subtract
from venues.core.timezones import to_utc
from venues.models import Space, User, Venue
from venues.opening.calendar import Calendar, load_calendar, space_opening
from venues.publication import venue_key, version_watch
from venues.spaces.bookable import Bookable, parts_of
from venues.visibility import SpaceState, visible_space_and_venue, visible_space_state, visible_venue

MAX_WINDOW = timedelta(days=62)
CACHED_WINDOWS = 4096

Span = tuple[datetime, datetime]


@dataclass(frozen=True)
class SpaceAvailability:
    bookable: Bookable
    free: list[Span]


def check_window(starts_at: datetime, ends_at: datetime, start_field: str = "from", end_field: str = "to") -> None:
    if ends_at <= starts_at:
        raise InvalidInput(
            end_field,
            _("'%(end_field)s' must be after '%(start_field)s'.")
            % {"end_field": end_field, "start_field": start_field},
        )
    if ends_at - starts_at > MAX_WINDOW:
        raise InvalidInput(end_field, _("Ask for at most %(days)s days at a time.") % {"days": MAX_WINDOW.days})


@dataclass(frozen=True)
class _Unclipped:
    """A space's free spans in a window before the clock-dependent rules, and the rows they were built from."""

    bookable: Bookable
    spans: list[Span]


_unclipped: VersionedCache[_Unclipped] = VersionedCache(CACHED_WINDOWS)


def open_spans(
    bookable: Bookable,
    calendar: Calendar,
    held: dict[int, list[tuple[int, int]]],
    starts_at: datetime,
    ends_at: datetime,
) -> list[Span]:
    """Opening hours minus closures and held time widened by the buffers: the same at any moment."""
    if next(space_violations(bookable), None) is not None:
        return []
    space = bookable.space
    opening = space_opening(
        calendar, bookable.venue.id, bookable.tz, space.id, starts_at, ends_at, closure_space_ids=bookable.part_ids
    )
    setup, cleanup = space.setup_buffer_minutes * 60, space.cleanup_buffer_minutes * 60
    blocked = merge(
        (from_epoch(a - cleanup), from_epoch(b + setup))
        for part in bookable.physical_ids
        for a, b in held.get(part, ())
    )
    return subtract(opening.open, blocked)


def bookable_spans(
    space: Space, spans: list[Span], starts_at: datetime, ends_at: datetime, now: datetime
) -> list[Span]:
    """``spans`` within the notice and the horizon as of ``now``, and at least the minimum booking long."""
    earliest = max(starts_at, now + timedelta(minutes=space.min_notice_minutes))
    latest = min(ends_at, now + timedelta(days=space.horizon_days))
    shortest = timedelta(minutes=space.min_booking_minutes)
    return [(a, b) for a, b in clip(spans, earliest, latest) if b - a >= shortest]


async def availability_of(
    spaces: list[Space], venues: dict[int, Venue], starts_at: datetime, ends_at: datetime, now: datetime
) -> list[SpaceAvailability]:
    """Free intervals for each space in ``[starts_at, ends_at)``: no queries for spaces whose venue version
    was seen before with this window, four for the rest however many spaces and bookings.

    ``venues`` must have been read in this request: their versions decide what may be reused.
    """
    keys = {space.id: (space.id, starts_at, ends_at) for space in spaces}
    found = {
        space.id: hit
        for space in spaces
        if (hit := _unclipped.get(keys[space.id], venues[space.venue].version)) is not None
    }
    missing = [space for space in spaces if space.id not in found]
    if missing:
        parts = await parts_of(space.id for space in missing)
        bookables = [
            Bookable(space=space, venue=venues[space.venue], part_ids=parts.get(space.id, ())) for space in missing
        ]
        calendar = await load_calendar({space.venue for space in missing}, starts_at, ends_at)
        widest = max((s.setup_buffer_minutes + s.cleanup_buffer_minutes for s in missing), default=0) * 60
        held = await occupied(
            (part for bookable in bookables for part in bookable.physical_ids),
            epoch(starts_at) - widest,
            epoch(ends_at) + widest,
        )
        for bookable in bookables:
            computed = _Unclipped(bookable, open_spans(bookable, calendar, held, starts_at, ends_at))
            _unclipped.put(keys[bookable.space.id], bookable.venue.version, computed)
            found[bookable.space.id] = computed
    return [
        SpaceAvailability(
            Bookable(space=space, venue=venues[space.venue], part_ids=found[space.id].bookable.part_ids),
            bookable_spans(space, found[space.id].spans, starts_at, ends_at, now),
        )
        for space in spaces
    ]


def window_in_zone(starts_at: datetime, ends_at: datetime, tz_name: str) -> tuple[datetime, datetime]:
    """The asked window in UTC (naive times are the venue's wall clock), checked for order and size."""
    require_plausible(starts_at, "from")
    require_plausible(ends_at, "to")
    starts_at, ends_at = to_utc(starts_at, tz_name), to_utc(ends_at, tz_name)
    check_window(starts_at, ends_at)
    return starts_at, ends_at


async def space_availability(
    user: User | None, space_id: int, starts_at: datetime, ends_at: datetime, now: datetime
) -> tuple[SpaceAvailability, Span]:
    """One space's free intervals and the UTC window they were computed for.

    A window seen before at this venue version costs one small query, or none while the version watch
    vouches for the state: the rows kept with it are those of that version (every change to the space or
    venue bumps it).
    """
    state = _watched_state(space_id)
    if state is None:
        token = version_watch.token()
        state = await visible_space_state(user, space_id)
        if not state.archived:
            # Everyone sees it: kept for any reader while the watch has its venue at this version.
            version_watch.learn(
                token, {venue_key(state.venue_id): state.venue_version, ("space", space_id): _Watched(token, state)}
            )
    window = window_in_zone(starts_at, ends_at, state.timezone)
    kept = _unclipped.get((space_id, *window), state.venue_version)
    if kept is not None:
        return SpaceAvailability(kept.bookable, bookable_spans(kept.bookable.space, kept.spans, *window, now)), window
    space, venue, _unused = await visible_space_and_venue(user, space_id)
    window = window_in_zone(starts_at, ends_at, venue.timezone)
    (found,) = await availability_of([space], {venue.id: venue}, *window, now)
    return found, window


def _watched_state(space_id: int) -> SpaceState | None:
    """The state of a space everyone may see, if the watch is live, still has its venue at the version the
    state was read with, and has heard nothing of the venue since; else None (read it).

    A change without a version bump (a space archived, the zone moved) only makes the watch forget the venue's
    key, and the next read of any space there puts the key back at the same version: the version alone would
    then vouch again for this space's older state, so the watch must not have named the venue since.
    """
    kept = version_watch.known(("space", space_id))
    if not isinstance(kept, _Watched):
        return None
    key = venue_key(kept.state.venue_id)
    if version_watch.known(key) != kept.state.venue_version or not version_watch.unchanged_since(kept.token, key):
        return None
    return kept.state


@dataclass(frozen=True)
class _Watched:
    """A space's state as the watch keeps it: with the token taken before it was read."""

    token: Token | None
    state: SpaceState


async def venue_availability(
    user: User | None, venue_id: int, starts_at: datetime, ends_at: datetime, now: datetime
) -> tuple[Venue, list[SpaceAvailability], Span]:
    """Every current space of the venue, by name."""
    venue, _unused = await visible_venue(user, venue_id)
    window = window_in_zone(starts_at, ends_at, venue.timezone)
    spaces = (
        await Space.objects()
        .where((Space.venue == venue.id) & Space.archived.eq(False))
        .order_by(Space.name)
        .order_by(Space.id)
    )
    return venue, await availability_of(spaces, {venue.id: venue}, *window, now), window
