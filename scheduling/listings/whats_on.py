"""What's on: the public occurrences of listed activities in a time window, earliest first.

An occurrence is a confirmed, public booking that either carries an activity
itself or belongs to a public, uncancelled series that does. The search is a
fixed handful of queries whatever the page holds: the ids of the first matches
up to the page's end (``_first_rows``), the page's bookings, their count up to
``COUNT_CAP`` when the page is full, then the activities and the venues of the
page in one query each. The first matches are looked for among the bookings
that start first in the window, so a page of a week across every venue costs
what the page needs rather than what the country holds. The matches are found through the index on (series, is_public,
starts_at): the window's public one-offs checked against the activity filters,
and the window's occurrences of the series whose activity matches, so the work
follows the matches rather than every booking of the week; space and group
names are joined for the page's rows only. Private columns are never selected,
so they cannot leak out.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, NamedTuple, TypeVar

from piccolo.columns.combination import And, Or, Where, WhereRaw
from piccolo.query import Count, Select

from scheduling.bookings.status import BookingStatus
from scheduling.holds.windows import booking_overlaps
from scheduling.models import Activity, Booking
from scheduling.vocabulary import CostKind, SeriesStatus
from venues.core.caching.versioned_cache import VersionedCache
from venues.core.database import array_contains, in_transaction, is_postgres
from venues.core.geo import bounding_box, haversine_km
from venues.core.timezones import zone
from venues.models import Space, Venue
from venues.publication import public_version

DEFAULT_RADIUS_KM = 10.0


@dataclass(frozen=True)
class WhatsOnScope:
    """Everything a what's-on search filters on except its time window."""

    venue_id: int | None = None
    space_id: int | None = None
    group_id: int | None = None
    categories: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()
    free_only: bool = False
    accessibility: tuple[str, ...] = ()
    tag: str | None = None
    near: tuple[float, float] | None = None
    within_km: float | None = None

    @property
    def radius_km(self) -> float:
        return self.within_km if self.within_km is not None else DEFAULT_RADIUS_KM

    def within(self, starts_from: datetime, ends_before: datetime) -> WhatsOnFilters:
        scope = {item.name: getattr(self, item.name) for item in dataclasses.fields(WhatsOnScope)}
        return WhatsOnFilters(starts_from=starts_from, ends_before=ends_before, **scope)


@dataclass(frozen=True)
class WhatsOnFilters(WhatsOnScope):
    """A scope in a window: ``starts_from``/``ends_before`` are aware UTC whole seconds; an occurrence
    overlapping them matches."""

    starts_from: datetime = field(kw_only=True)
    ends_before: datetime = field(kw_only=True)


@dataclass(frozen=True)
class Listing:
    """The public side of an activity."""

    id: int
    title: str
    description: str
    category: str
    audience: str
    cost_kind: str
    price_minor: int
    currency: str
    book_ahead: bool
    tags: tuple[str, ...]
    accessibility_notes: str
    public_email: str
    public_phone: str
    public_url: str
    # "Come along any time" rather than a session with a start.
    drop_in: bool = False
    updated_at: datetime | None = None
    revision: int = 0
    title_cy: str = ""
    description_cy: str = ""


@dataclass(frozen=True)
class Place:
    """The public side of a venue."""

    id: int
    name: str
    slug: str
    address: str
    postcode: str
    latitude: float | None
    longitude: float | None
    timezone: str
    accessibility: tuple[str, ...]
    shown_revision: int = 0
    shown_changed_at: datetime | None = None
    name_cy: str = ""


@dataclass(frozen=True)
class SpaceLabel:
    id: int
    name: str
    name_cy: str = ""


@dataclass(frozen=True)
class GroupLabel:
    id: int
    name: str
    slug: str
    updated_at: datetime | None = None
    revision: int = 0
    name_cy: str = ""


@dataclass(frozen=True)
class WhatsOnItem:
    """One time an activity happens. The uids, ``recurrence_id``, ``sequence`` and ``updated_at`` are for iCal feeds."""

    listing: Listing
    booking_id: int
    booking_uid: str
    series_id: int | None
    series_uid: str | None
    recurrence_id: datetime | None
    sequence: int
    starts_at: datetime
    ends_at: datetime
    venue: Place
    space: SpaceLabel
    group: GroupLabel | None
    distance_km: float | None = None
    updated_at: datetime | None = None

    @property
    def starts_local(self) -> datetime:
        return self.starts_at.astimezone(zone(self.venue.timezone))

    @property
    def ends_local(self) -> datetime:
        return self.ends_at.astimezone(zone(self.venue.timezone))


LISTING_COLUMNS = (
    Activity.id,
    Activity.booking,
    Activity.series,
    Activity.title,
    Activity.title_cy,
    Activity.description,
    Activity.description_cy,
    Activity.category,
    Activity.audience,
    Activity.cost_kind,
    Activity.price_minor,
    Activity.currency,
    Activity.book_ahead,
    Activity.drop_in,
    Activity.tags,
    Activity.accessibility_notes,
    Activity.public_email,
    Activity.public_phone,
    Activity.public_url,
    Activity.updated_at,
    Activity.revision,
)
PLACE_COLUMNS = (
    Venue.id,
    Venue.name,
    Venue.name_cy,
    Venue.slug,
    Venue.address,
    Venue.postcode,
    Venue.latitude,
    Venue.longitude,
    Venue.timezone,
    Venue.accessibility,
    Venue.shown_revision,
    Venue.shown_changed_at,
)
BOOKING_COLUMNS = (
    Booking.id,
    Booking.uid,
    Booking.venue,
    Booking.space,
    Booking.group,
    Booking.series,
    Booking.recurrence_id,
    Booking.sequence,
    Booking.starts_at,
    Booking.ends_at,
    Booking.updated_at,
    Booking.space.name.as_alias("space_name"),
    Booking.space.name_cy.as_alias("space_name_cy"),
    Booking.group.name.as_alias("group_name"),
    Booking.group.name_cy.as_alias("group_name_cy"),
    Booking.group.slug.as_alias("group_slug"),
    Booking.group.updated_at.as_alias("group_updated_at"),
    Booking.group.revision.as_alias("group_revision"),
    Booking.series.uid.as_alias("series_uid"),
)


def tag_contains(tag: str) -> Where | Or:
    """The activity has ``tag``.

    On SQLite the array is JSON text: Piccolo writes non-ASCII letters escaped
    ("caf\\u00e9") with the json module and as they are with orjson, so both spellings match.
    """
    if is_postgres():
        return Activity.tags.any(tag)
    escaped, plain = json.dumps(tag), json.dumps(tag, ensure_ascii=False)
    if escaped == plain:
        return Activity.tags.like(f"%{plain}%")
    return Activity.tags.like(f"%{escaped}%") | Activity.tags.like(f"%{plain}%")


def _activity_conditions(filters: WhatsOnFilters) -> list[Where | And | Or]:
    conditions: list[Where | And | Or] = []
    if filters.categories:
        conditions.append(Activity.category.is_in(list(filters.categories)))
    if filters.audiences:
        conditions.append(Activity.audience.is_in(list(filters.audiences)))
    if filters.free_only:
        conditions.append(Activity.cost_kind == CostKind.free.value)
    if filters.tag:
        conditions.append(tag_contains(filters.tag))
    return conditions


_Query = TypeVar("_Query", Select, Count)


def _where(query: _Query, conditions: Iterable[Where | And | Or | WhereRaw]) -> _Query:
    for condition in conditions:
        query = query.where(condition)
    return query


def _listed(filters: WhatsOnFilters) -> Or | WhereRaw:
    """The booking carries a matching activity, or belongs to a public, uncancelled series that does."""
    own = _where(Activity.select(Activity.booking).where(Activity.booking.is_not_null()), _activity_conditions(filters))
    by_series = _where(
        Activity.select(Activity.series).where(
            Activity.series.is_not_null()
            & (Activity.series._.is_public.eq(True))
            & (Activity.series.status != SeriesStatus.cancelled.value)
        ),
        _activity_conditions(filters),
    )
    if is_postgres():
        return _listed_by_lookup(own, by_series)
    return (Booking.series.is_null() & Booking.id.is_in(own)) | Booking.series.is_in(by_series)


def _listed_by_lookup(own: Select, by_series: Select) -> WhereRaw:
    """On PostgreSQL, each booking's listing looked up by index (``EXISTS`` correlated on the booking or its series).

    An uncorrelated ``IN (subquery)`` under an OR cannot become a join, so PostgreSQL runs it as a subplan
    over every listed booking of the filter: hashed while that fits in ``work_mem``, else materialised and
    scanned for each booking. At nation size (600,000 listed one-offs) a venue's feed spent seconds there,
    and ``= ANY(ARRAY(…))`` over every listed series (50,000) was another half second of index probes. Every
    caller now bounds the bookings first (a venue, space or group, or the first matches in start order,
    ``_first_rows``), so one index probe per booking is the cheap way. SQLite builds an index for
    ``IN (subquery)`` once per statement, so it keeps that form.
    """
    return WhereRaw(
        '(("booking"."series" IS NULL AND EXISTS ({})) OR ("booking"."series" IS NOT NULL AND EXISTS ({})))',
        own.where(WhereRaw('"activity"."booking" = "booking"."id"')).querystrings[0],
        by_series.where(WhereRaw('"activity"."series" = "booking"."series"')).querystrings[0],
    )


async def _places_near(filters: WhatsOnFilters) -> dict[int, tuple[Place, float]]:
    """Public venues within the radius, with their distance: a bounding box in SQL, then the exact circle."""
    assert filters.near is not None
    lat, lng = filters.near
    min_lat, max_lat, min_lng, max_lng = bounding_box(lat, lng, filters.radius_km)
    query = Venue.select(*PLACE_COLUMNS).where(
        (Venue.archived.eq(False))
        & (Venue.latitude >= min_lat)
        & (Venue.latitude <= max_lat)
        & (Venue.longitude >= min_lng)
        & (Venue.longitude <= max_lng)
    )
    if filters.venue_id is not None:
        query = query.where(Venue.id == filters.venue_id)
    for feature in filters.accessibility:
        query = query.where(array_contains(Venue.accessibility, feature))
    found: dict[int, tuple[Place, float]] = {}
    for row in await query:
        distance = haversine_km(lat, lng, row["latitude"], row["longitude"])
        if distance <= filters.radius_km:
            found[row["id"]] = (_place(row), round(distance, 3))
    return found


def _booking_conditions(
    filters: WhatsOnFilters, venue_ids: list[int] | None, listed: bool = True
) -> list[Where | And | Or | WhereRaw]:
    """Everything a match must be; ``listed=False`` leaves out its listing, for a caller that checks it its own way."""
    conditions: list[Where | And | Or | WhereRaw] = [
        Booking.status == BookingStatus.confirmed.value,
        Booking.is_public.eq(True),
        *booking_overlaps(filters.starts_from, filters.ends_before),
        *([_listed(filters)] if listed else []),
        Booking.space.not_in(Space.select(Space.id).where(Space.archived.eq(True))),
    ]
    if venue_ids is not None:
        conditions.append(Booking.venue.is_in(venue_ids))
    else:
        public_venues = Venue.select(Venue.id).where(Venue.archived.eq(False))
        for feature in filters.accessibility:
            public_venues = public_venues.where(array_contains(Venue.accessibility, feature))
        conditions.append(Booking.venue.is_in(public_venues))
    if filters.venue_id is not None:
        conditions.append(Booking.venue == filters.venue_id)
    if filters.space_id is not None:
        conditions.append(Booking.space == filters.space_id)
    if filters.group_id is not None:
        conditions.append(Booking.group == filters.group_id)
    return conditions


def _place(row: dict[str, Any]) -> Place:
    return Place(
        id=row["id"],
        name=row["name"],
        slug=row["slug"],
        address=row["address"],
        postcode=row["postcode"],
        latitude=row["latitude"],
        longitude=row["longitude"],
        timezone=row["timezone"],
        accessibility=tuple(row["accessibility"] or ()),
        shown_revision=row["shown_revision"],
        shown_changed_at=row["shown_changed_at"],
        name_cy=row.get("name_cy") or "",
    )


def _listing(row: dict[str, Any]) -> Listing:
    return Listing(
        id=row["id"],
        title=row["title"],
        description=row["description"],
        category=row["category"],
        audience=row["audience"],
        cost_kind=row["cost_kind"],
        price_minor=row["price_minor"],
        currency=row["currency"],
        book_ahead=row["book_ahead"],
        drop_in=row["drop_in"],
        tags=tuple(row["tags"] or ()),
        accessibility_notes=row["accessibility_notes"],
        public_email=row["public_email"],
        public_phone=row["public_phone"],
        public_url=row["public_url"],
        updated_at=row["updated_at"],
        revision=row["revision"],
        title_cy=row.get("title_cy") or "",
        description_cy=row.get("description_cy") or "",
    )


async def _listings(bookings: list[dict[str, Any]]) -> tuple[dict[int, Listing], dict[int, Listing]]:
    """The activities of a page, by booking and by series: one query."""
    booking_ids = [row["id"] for row in bookings if row["series"] is None]
    series_ids = sorted({row["series"] for row in bookings if row["series"] is not None})
    owners: list[Where] = []
    if booking_ids:
        owners.append(Activity.booking.is_in(booking_ids))
    if series_ids:
        owners.append(Activity.series.is_in(series_ids))
    condition: Where | Or = owners[0] if len(owners) == 1 else owners[0] | owners[1]
    by_booking: dict[int, Listing] = {}
    by_series: dict[int, Listing] = {}
    for row in await Activity.select(*LISTING_COLUMNS).where(condition):
        if row["booking"] is not None:
            by_booking[row["booking"]] = _listing(row)
        else:
            by_series[row["series"]] = _listing(row)
    return by_booking, by_series


async def _places(venue_ids: Iterable[int]) -> dict[int, Place]:
    ids = sorted(set(venue_ids))
    return {row["id"]: _place(row) for row in await Venue.select(*PLACE_COLUMNS).where(Venue.id.is_in(ids))}


def _page_query(
    conditions: list[Where | And | Or | WhereRaw], limit: int, offset: int, columns: tuple[Any, ...] = BOOKING_COLUMNS
) -> Select:
    """The page's bookings, with their space, group and series joined for the page's rows only.

    The matches are ranked in a subquery that the planner must plan on its own
    (``OFFSET 0`` on PostgreSQL, ``LIMIT -1`` on SQLite), so it finds them through the
    index ranges rather than walking the start index in order as if it could stop early.
    """
    matches = _where(Booking.select(Booking.id, Booking.starts_at), conditions).querystrings[0]
    fence = "OFFSET 0" if is_postgres() else "LIMIT -1"
    page = WhereRaw(
        f'"booking"."id" IN (SELECT id FROM ({{}} {fence}) AS matches ORDER BY starts_at, id LIMIT {{}} OFFSET {{}})',
        matches,
        limit,
        offset,
    )
    return Booking.select(*columns).where(page).order_by(Booking.starts_at).order_by(Booking.id)


async def _prepared(
    filters: WhatsOnFilters,
) -> tuple[dict[int, tuple[Place, float]] | None, list[Where | And | Or | WhereRaw]] | None:
    """The venues near enough (with ``near``) and the booking conditions; None when nothing can match."""
    nearby: dict[int, tuple[Place, float]] | None = None
    if filters.near is not None:
        nearby = await _places_near(filters)
        if not nearby:
            return None
    return nearby, _booking_conditions(filters, sorted(nearby) if nearby is not None else None)


KEPT_OCCURRENCES = 20_000
ID_ROWS = 20_000
ID_SLICE = timedelta(days=92)
# Matches are counted up to this many; beyond, a page says "more than" and links to the next one.
COUNT_CAP = 500


class WhatsOnPage(NamedTuple):
    """A page of occurrences and how many match: exactly, or (``more``) more than ``total``, when the count
    stopped at ``COUNT_CAP`` (or at the end of this page, for a page beyond it)."""

    items: list[WhatsOnItem]
    total: int
    more: bool = False


def _page_cost(page: WhatsOnPage) -> int:
    return len(page.items) + 1


_pages: VersionedCache[WhatsOnPage] = VersionedCache(KEPT_OCCURRENCES, cost=_page_cost)


async def whats_on_page(filters: WhatsOnFilters, limit: int, offset: int = 0) -> WhatsOnPage:
    """``find_occurrences`` for listings, kept per worker for the public version read in this call.

    Every change a listing shows (bookings, series, activities, groups, venues, spaces) bumps that
    version in its transaction, so a kept page is never older than the database by more than the version
    watch's bound (``venues.publication.WATCH_BOUND``); a repeat costs no query while the watch is live,
    else one shared version read, instead of three or four queries. Bounded by occurrences kept.
    """
    version, _ = await public_version()
    key = (filters, limit, offset)
    kept = _pages.get(key, version)
    if kept is None:
        kept = await find_occurrences(filters, limit, offset)
        _pages.put(key, version, kept)
    return kept._replace(items=list(kept.items))


async def find_occurrences(filters: WhatsOnFilters, limit: int | None, offset: int = 0) -> WhatsOnPage:
    """The page of occurrences matching ``filters`` in time order, and how many match (up to ``COUNT_CAP``).

    With ``limit=None`` every match in the window comes back and the count is exact: three queries (four
    with ``near``), however many occurrences there are. With a limit, the ids of the first
    ``offset + limit + 1`` matches are read in start order (``_first_rows``: the bookings read follow that
    number, not how many match across the country; a window small enough to read whole gives the count up to
    ``COUNT_CAP`` with them), then the page's rows by id; otherwise a full page counts up to ``COUNT_CAP`` the
    same way. So neither the page nor its count costs more for a country than for a county.
    """
    prepared = await _prepared(filters)
    if prepared is None:
        return WhatsOnPage([], 0)
    nearby, conditions = prepared
    if limit is None:
        query = _where(Booking.select(*BOOKING_COLUMNS), conditions).order_by(Booking.starts_at).order_by(Booking.id)
        rows = await (query.offset(offset) if offset else query)
        return WhatsOnPage(await _occurrences(rows, nearby), offset + len(rows))
    wanted = offset + limit + 1
    first, asked = await _first_rows(filters, nearby, wanted, (Booking.id,), at_least=COUNT_CAP + 1)
    page_ids = [row["id"] for row in first[offset : offset + limit]]
    rows = (
        await Booking.select(*BOOKING_COLUMNS)
        .where(Booking.id.is_in(page_ids))
        .order_by(Booking.starts_at)
        .order_by(Booking.id)
        if page_ids
        else []
    )
    found = await _occurrences(rows, nearby)
    if len(first) < asked:
        return WhatsOnPage(found, len(first))  # every match was read: the count is known without asking
    if asked > COUNT_CAP:
        return WhatsOnPage(found, asked - 1, more=True)
    counted, _ = await _first_rows(filters, nearby, COUNT_CAP + 1, (Booking.id,))
    return WhatsOnPage(found, min(len(counted), COUNT_CAP), more=len(counted) > COUNT_CAP)


# The first matches are looked for among this many bookings per match wanted (every booking, private or
# not, from the window's start): a window narrowed to where the first ones must be, whatever the country holds.
SCAN_PER_MATCH = 20
SCAN_GROWTH = 16


def _listed_correlated(filters: WhatsOnFilters) -> WhereRaw:
    """``_listed`` as index look-ups for each booking read (its own activity, or its series' and the series),
    rather than sets of every listed booking or series in the country: for a few thousand bookings in order."""
    own = _where(
        Activity.select(Activity.id).where(WhereRaw('"activity"."booking" = "booking"."id"')),
        _activity_conditions(filters),
    )
    by_series = _where(
        Activity.select(Activity.id).where(
            WhereRaw('"activity"."series" = "booking"."series"')
            & (Activity.series._.is_public.eq(True))
            & (Activity.series.status != SeriesStatus.cancelled.value)
        ),
        _activity_conditions(filters),
    )
    return WhereRaw(
        '(("booking"."series" IS NULL AND EXISTS ({})) OR ("booking"."series" IS NOT NULL AND EXISTS ({})))',
        own.querystrings[0],
        by_series.querystrings[0],
    )


async def _horizon(filters: WhatsOnFilters, bookings: int) -> datetime | None:
    """The start of the ``bookings``-th booking starting in the window (any booking: the start index alone),
    or None when fewer start in it. Matches starting before it, and those running since before the window
    (``booking_overlaps`` finds them), come before every booking starting from it, in start order."""
    row = await (
        Booking.select(Booking.starts_at)
        .where((Booking.starts_at >= filters.starts_from) & (Booking.starts_at < filters.ends_before))
        .order_by(Booking.starts_at)
        .offset(bookings)
        .limit(1)
        .first()
    )
    return row["starts_at"] if row is not None else None


async def _first_rows(
    filters: WhatsOnFilters,
    nearby: dict[int, tuple[Place, float]] | None,
    count: int,
    columns: tuple[Any, ...],
    at_least: int = 0,
) -> tuple[list[dict[str, Any]], int]:
    """The first ``count`` matches by (start, id), reading about as many bookings as it takes to find them; and
    how many were asked for (``len(rows)`` below it: those are every match).

    Matches are looked for first among the ``SCAN_PER_MATCH * count`` bookings that start first in the window,
    then ``SCAN_GROWTH`` times as many, each time in start order with each booking's listing looked up by
    index, so a common filter (every activity, one kind everywhere) stops as soon as it has enough however big
    the country is. A window holding fewer bookings than the first look, or a rare filter with too few matches
    among so many bookings, is read whole, its matches found from the listed series as ``find_occurrences``
    finds them; when the window is that small the first ``max(count, at_least)`` come back, since it reads
    every match anyway (a count up to a cap costs nothing more).
    """
    venue_ids = sorted(nearby) if nearby is not None else None
    scan = SCAN_PER_MATCH * count
    asked = count
    for step in range(2):
        horizon = await _horizon(filters, scan)
        if horizon is None:
            if step == 0:
                asked = max(count, at_least)
            break
        narrowed = dataclasses.replace(filters, ends_before=min(horizon, filters.ends_before))
        conditions = [*_booking_conditions(narrowed, venue_ids, listed=False), _listed_correlated(filters)]
        rows = await (
            _where(Booking.select(*columns), conditions).order_by(Booking.starts_at).order_by(Booking.id).limit(count)
        )
        if len(rows) >= count:
            return rows, count
        scan *= SCAN_GROWTH
    return await _page_query(_booking_conditions(filters, venue_ids), asked, 0, columns), asked


async def first_occurrences(filters: WhatsOnFilters, count: int) -> tuple[list[WhatsOnItem], datetime | None]:
    """The first ``count`` matches by start (then booking id), and the start of the first one left out
    (None: nothing was). Its cost follows ``count``, not how many match: for broad feeds."""
    prepared = await _prepared(filters)
    if prepared is None:
        return [], None
    nearby, _ = prepared
    rows, _ = await _first_rows(filters, nearby, count + 1, BOOKING_COLUMNS)
    cut_at = rows[count]["starts_at"] if len(rows) > count else None
    return await _occurrences(rows[:count], nearby), cut_at


async def occurrence_batches(
    filters: WhatsOnFilters, batch_size: int = 2000, series_per_batch: int = 50
) -> AsyncIterator[list[WhatsOnItem]]:
    """Every match in the window a batch at a time, for feeds, which must not hold a county's occurrences at once.

    Up to ``batch_size`` matches come as one batch from the same query ``find_occurrences`` runs
    (three queries, as before). Beyond that: the ids of the matches (narrow, over slices of the
    window when there are many, each query planned exactly as ``find_occurrences``'s is: an extra OR
    or null test sends SQLite's planner to a scan of every listed series), then the one-offs and
    occurrences detached from their rule ``batch_size`` at a time, then whole series
    ``series_per_batch`` at a time, each series' occurrences together and in time order, since a
    series becomes one VEVENT built from all of them.
    """
    prepared = await _prepared(filters)
    if prepared is None:
        return
    nearby, conditions = prepared
    everything = _where(Booking.select(*BOOKING_COLUMNS), conditions).order_by(Booking.starts_at).order_by(Booking.id)
    rows = await everything.limit(batch_size + 1)
    if len(rows) <= batch_size:
        if rows:
            yield await _occurrences(rows, nearby)
        return
    del rows
    single_ids, series_ids = await _match_ids(filters, sorted(nearby) if nearby is not None else None)
    for first in range(0, len(single_ids), batch_size):
        rows = await (
            Booking.select(*BOOKING_COLUMNS)
            .where(Booking.id.is_in(single_ids[first : first + batch_size]))
            .order_by(Booking.starts_at)
            .order_by(Booking.id)
        )
        if rows:
            yield await _occurrences(rows, nearby)
    for first in range(0, len(series_ids), series_per_batch):
        chunk = series_ids[first : first + series_per_batch]
        rows = await (
            _where(Booking.select(*BOOKING_COLUMNS), [*conditions, Booking.series.is_in(chunk)])
            .order_by(Booking.series)
            .order_by(Booking.starts_at)
            .order_by(Booking.id)
        )
        if rows:
            yield await _occurrences(rows, nearby)


async def _match_ids(filters: WhatsOnFilters, venue_ids: list[int] | None) -> tuple[list[int], list[int]]:
    """The matching bookings outside a series, and the matching series: the whole window in one query when
    it holds at most ``ID_ROWS`` matches, else ``ID_SLICE`` of it at a time."""
    single_ids: list[int] = []
    seen: set[int] = set()
    series_found: set[int] = set()

    def narrow(scope: WhatsOnFilters) -> Select:
        return _where(Booking.select(Booking.id, Booking.series), _booking_conditions(scope, venue_ids))

    def take(rows: list[dict[str, Any]]) -> None:
        for row in rows:
            if row["series"] is not None:
                series_found.add(row["series"])
            elif row["id"] not in seen:
                seen.add(row["id"])
                single_ids.append(row["id"])

    whole = await narrow(filters).limit(ID_ROWS + 1)
    if len(whole) <= ID_ROWS:
        take(whole)
        return single_ids, sorted(series_found)
    del whole
    slice_start = filters.starts_from
    while slice_start < filters.ends_before:
        slice_end = min(slice_start + ID_SLICE, filters.ends_before)
        take(await narrow(dataclasses.replace(filters, starts_from=slice_start, ends_before=slice_end)))
        slice_start = slice_end
    return single_ids, sorted(series_found)


async def _occurrences(rows: list[dict[str, Any]], nearby: dict[int, tuple[Place, float]] | None) -> list[WhatsOnItem]:
    """Rows of matching bookings as occurrences, with their listings and places: two queries (one with ``near``)."""
    if not rows:
        return []
    if nearby is not None:
        by_booking, by_series = await _listings(rows)
        places = {venue_id: place for venue_id, (place, _) in nearby.items()}
    elif in_transaction():
        by_booking, by_series = await _listings(rows)
        places = await _places(row["venue"] for row in rows)
    else:
        # Two pooled connections at once: the page (or a feed's batch) waits for one round trip, not two.
        (by_booking, by_series), places = await asyncio.gather(_listings(rows), _places(row["venue"] for row in rows))
    occurrences = []
    for row in rows:
        listing = by_booking.get(row["id"]) if row["series"] is None else by_series.get(row["series"])
        if listing is None:
            continue
        occurrences.append(
            WhatsOnItem(
                listing=listing,
                booking_id=row["id"],
                booking_uid=row["uid"],
                series_id=row["series"],
                series_uid=row["series_uid"],
                recurrence_id=row["recurrence_id"],
                sequence=row["sequence"],
                starts_at=row["starts_at"],
                ends_at=row["ends_at"],
                venue=places[row["venue"]],
                space=SpaceLabel(id=row["space"], name=row["space_name"], name_cy=row.get("space_name_cy") or ""),
                group=(
                    GroupLabel(
                        row["group"],
                        row["group_name"],
                        row["group_slug"],
                        row["group_updated_at"],
                        row["group_revision"],
                        row.get("group_name_cy") or "",
                    )
                    if row["group"]
                    else None
                ),
                distance_km=nearby[row["venue"]][1] if nearby is not None else None,
                updated_at=row["updated_at"],
            )
        )
    return occurrences
