"""What the bench measures inside its own process, on the database the servers use.

Choosing the targets (spaces, weeks, the biggest venue feed), preparing the
write scenarios (a venue of their own, accounts and tokens), the feed render
against ``icalendar`` alone, the series' query count, and the overlap check.
Import this only after ``DATABASE_URL`` names the bench database.
"""

from __future__ import annotations

import statistics
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as wall
from typing import Any

from bench.generate import TZ

ACTIVITY_CATEGORY = "coffee_morning"


@dataclass
class Targets:
    availability_paths: list[str]
    whats_on_paths: list[str]
    feed_venue_id: int
    feed_venue_events: int
    cold_feed_venue_ids: list[int]
    all_feed_paths: list[str]


def _month_starts(today: date, count: int) -> list[date]:
    months, year, month = [], today.year, today.month
    for _ in range(count + 1):
        month += 1
        if month > 12:
            year, month = year + 1, 1
        months.append(date(year, month, 1))
    return months


async def choose_targets(max_spaces: int = 40) -> Targets:
    from piccolo.query.functions.aggregate import Count

    from scheduling.models import Booking, Group
    from scheduling.vocabulary import ActivityCategory
    from venues.core.timezones import zone
    from venues.models import Space, Venue

    today = datetime.now(zone(TZ)).date()
    venues = await Venue.select(Venue.id).where(Venue.slug.like("bench-venue-%")).order_by(Venue.id)
    venue_ids = [row["id"] for row in venues]
    spaces = await Space.select(Space.id).where(Space.venue.is_in(venue_ids)).order_by(Space.id)
    space_ids = [row["id"] for row in spaces]
    step = max(1, len(space_ids) // max_spaces)
    sample = space_ids[::step][:max_spaces]
    months = _month_starts(today, 3)
    availability = [
        f"/api/v1/spaces/{space_id}/availability?from={first}T00:00:00&to={following}T00:00:00"
        for first, following in zip(months, months[1:], strict=False)
        for space_id in sample
    ]
    monday = today + timedelta(days=(7 - today.weekday()) % 7 or 7)
    whats_on = [
        f"/api/v1/whats-on?from={monday + timedelta(weeks=n)}&to={monday + timedelta(weeks=n, days=6)}"
        f"&category={ACTIVITY_CATEGORY}"
        for n in range(8)
    ]
    # The biggest venue feed: most public confirmed bookings carrying a listing (own or their series').
    listed = (
        await Booking.select(Booking.venue, Count(Booking.id, alias="n"))
        .where((Booking.is_public.eq(True)) & (Booking.status == "confirmed"))
        .group_by(Booking.venue)
    )
    generated = set(venue_ids)
    counts = sorted(((row["n"], row["venue"]) for row in listed if row["venue"] in generated), reverse=True)
    feed_venue = counts[0][1] if counts else venue_ids[0]
    groups = await Group.select(Group.id).where(Group.slug.like("bench-group-%")).order_by(Group.id)
    all_feeds = (
        ["/feeds/all.ics"]
        + [f"/feeds/venues/{venue_id}.ics" for venue_id in venue_ids]
        + [f"/feeds/categories/{category}.ics" for category in ActivityCategory]
        + [f"/feeds/groups/{row['id']}.ics" for row in groups]
        + [f"/feeds/spaces/{space_id}.ics" for space_id in space_ids]
    )
    return Targets(
        availability_paths=availability,
        whats_on_paths=whats_on,
        feed_venue_id=feed_venue,
        feed_venue_events=counts[0][0] if counts else 0,
        cold_feed_venue_ids=[v for v in venue_ids if v != feed_venue][:20],
        all_feed_paths=all_feeds,
    )


@dataclass
class WriteSetup:
    venue_id: int
    shared_space: int
    own_spaces: dict[int, int]
    client_tokens: list[str]
    manager_token: str
    series_spaces: list[int]
    series_dtstart: date
    base_epoch: int
    colliders: int


async def prepare_writes(clients: int = 8, series_spaces: int = 12) -> WriteSetup:
    """A venue of the bench's own, so booking and series writes never touch the generated data."""
    from api.settings import get_settings
    from venues.accounts.credentials import issue_token
    from venues.core.timezones import zone
    from venues.models import OpeningHours, Space, User
    from venues.registry import create_venue

    tag = uuid.uuid4().hex[:8]
    secret, ttl = get_settings().secret_key, timedelta(hours=6)
    manager = User(email=f"bench-manager-{tag}@bench.example", display_name="Bench manager", password_hash="x")
    await manager.save()
    venue = await create_venue(
        {"name": f"Bench writes {tag}", "slug": f"bench-writes-{tag}", "timezone": TZ, "postcode": "BN1 1AA"},
        [manager.email],
    )
    await OpeningHours.insert(
        *[OpeningHours(venue=venue.id, weekday=day, opens=wall(6, 0), closes=wall(23, 0)) for day in range(7)]
    )

    async def space(name: str) -> int:
        row = Space(
            venue=venue.id,
            name=name,
            capacity=100,
            min_notice_minutes=0,
            horizon_days=400,
            requires_approval=False,
            min_booking_minutes=30,
            max_booking_minutes=8 * 60,
        )
        await row.save()
        return row.id

    colliders = clients // 2
    shared = await space("Contended hall")
    own = {n: await space(f"Room of client {n}") for n in range(colliders, clients)}
    series = [await space(f"Series room {n}") for n in range(series_spaces)]
    tokens = []
    for n in range(clients):
        user = User(email=f"bench-client-{tag}-{n}@bench.example", display_name=f"Client {n}", password_hash="x")
        await user.save()
        tokens.append((await issue_token(user, secret, ttl))[0])
    manager_token = (await issue_token(manager, secret, ttl))[0]
    today = datetime.now(zone(TZ)).date()
    base_day = datetime.combine(today + timedelta(days=2), wall(0), UTC)
    return WriteSetup(
        venue_id=venue.id,
        shared_space=shared,
        own_spaces=own,
        client_tokens=tokens,
        manager_token=manager_token,
        series_spaces=series,
        series_dtstart=today + timedelta(days=1),
        base_epoch=int(base_day.timestamp()),
        colliders=colliders,
    )


async def overlapping_occupancy() -> int:
    """Pairs of occupancy rows on one space whose times overlap: must be zero (checked over the whole table)."""
    from venues.core.database import current_engine

    rows = await current_engine().run_querystring(
        _raw(
            "SELECT count(*) AS n FROM (SELECT starts_ts, max(ends_ts) OVER ("
            "PARTITION BY space ORDER BY starts_ts, id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_end "
            "FROM occupancy) AS ordered WHERE prev_end > starts_ts"
        )
    )
    return int(rows[0]["n"])


def _raw(sql: str) -> Any:
    from piccolo.querystring import QueryString

    return QueryString(sql)


async def venue_booking_count(venue_id: int) -> dict[str, int]:
    from piccolo.query.functions.aggregate import Count

    from scheduling.models import Booking

    rows = (
        await Booking.select(Booking.status, Count(Booking.id, alias="n"))
        .where(Booking.venue == venue_id)
        .group_by(Booking.status)
    )
    return {row["status"]: row["n"] for row in rows}


async def feed_render(venue_id: int, repeats: int = 5) -> dict[str, Any]:
    """The venue feed built as the app builds it on a cache miss, against ``icalendar`` alone for the same events."""
    from api.settings import get_settings
    from bench.floor import icalendar_alone, plain_events
    from scheduling.feeds.events import FeedWindow
    from scheduling.feeds.ical import FeedCalendar, render_calendar
    from scheduling.feeds.public import public_events, window_filters
    from venues.models import Venue

    base_url = get_settings().public_base_url
    venue = await Venue.objects().where(Venue.id == venue_id).first()
    if venue is None:
        raise LookupError(f"No venue {venue_id} in the bench database.")
    window = FeedWindow.around(datetime.now(UTC))
    query_s, render_s, total_s = [], [], []
    body = b""
    events: list[Any] = []
    for _ in range(repeats):
        started = time.perf_counter()
        events = await public_events(window_filters(window, venue_id=venue_id), base_url)
        queried = time.perf_counter()
        body = render_calendar(
            FeedCalendar(
                name=venue.name,
                description=f"What's on at {venue.name}.",
                events=events,
                url=f"{base_url}/feeds/venues/{venue_id}.ics",
            )
        )
        finished = time.perf_counter()
        query_s.append(queried - started)
        render_s.append(finished - queried)
        total_s.append(finished - started)
    plain = plain_events(events)
    floor_s = []
    floor_body = b""
    for _ in range(repeats):
        started = time.perf_counter()
        floor_body = icalendar_alone(venue.name, plain)
        floor_s.append(time.perf_counter() - started)
    vevents = body.count(b"BEGIN:VEVENT")
    cold, floor = statistics.median(total_s), statistics.median(floor_s)
    return {
        "venue_id": venue_id,
        "feed_events": len(events),
        "vevents": vevents,
        "masters_with_rrule": sum(1 for e in events if e.rrule),
        "body_bytes": len(body),
        "floor_body_bytes": len(floor_body),
        "first_render_ms": round(total_s[0] * 1000, 2),
        "cold_render_ms": round(cold * 1000, 2),
        "cold_query_ms": round(statistics.median(query_s) * 1000, 2),
        "cold_serialise_ms": round(statistics.median(render_s) * 1000, 2),
        "icalendar_alone_ms": round(floor * 1000, 2),
        "icalendar_alone_ms_per_event": round(floor * 1000 / max(1, vevents), 4),
        "ratio_cold_to_icalendar_alone": round(cold / floor, 2) if floor else None,
        "ratio_serialise_to_icalendar_alone": round(statistics.median(render_s) / floor, 2) if floor else None,
    }


async def series_queries(setup: WriteSetup) -> dict[str, Any]:
    """One 52-week series over HTTP (in process, ASGI), counting every SQL statement the request runs."""
    import httpx

    from api.app import create_app
    from scheduling.series.create import book_series, prepare_series
    from venues.core.database import current_engine

    engine_class = type(current_engine())
    real = engine_class.run_querystring
    log: list[str] = []

    async def logged(self: Any, querystring: Any, *args: Any, **kwargs: Any) -> Any:
        log.append(str(querystring))
        return await real(self, querystring, *args, **kwargs)

    engine_class.run_querystring = logged  # type: ignore[method-assign]
    try:
        # Litestar types the ASGI scope with its own TypedDicts, httpx with a plain mapping: the same at run time.
        transport = httpx.ASGITransport(app=create_app())  # type: ignore[arg-type]
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            reply = await client.post(
                "/api/v1/series",
                headers={"Authorization": f"Bearer {setup.manager_token}"},
                json={
                    "space_id": setup.series_spaces[0],
                    "rule": "FREQ=WEEKLY;BYDAY=MO;COUNT=52",
                    "dtstart": setup.series_dtstart.isoformat(),
                    "start_time": "21:00",
                    "end_time": "22:00",
                    "title": "Counted series",
                },
            )
        whole = len(log)
        log.clear()
        # The same through the domain layer, split the way tests/scheduling/test_series_bookings.py does.
        from scheduling.recurrence.rules import parse_rrule
        from scheduling.series.create import SeriesDraft
        from venues.models import User, VenueManager

        manager_row = await VenueManager.select(VenueManager.user).where(VenueManager.venue == setup.venue_id).first()
        manager = await User.objects().where(User.id == manager_row["user"]).first() if manager_row else None
        if manager is None:
            raise LookupError(f"Venue {setup.venue_id} of the bench database has no manager.")
        draft = SeriesDraft(
            space_id=setup.series_spaces[0],
            rule=parse_rrule("FREQ=WEEKLY;BYDAY=TU;COUNT=52"),
            dtstart=setup.series_dtstart,
            start_time=wall(21),
            end_time=wall(22),
            title="Counted",
        )
        now = datetime.now(UTC).replace(microsecond=0)
        log.clear()
        plan = await prepare_series(manager, draft, now)
        prepared = len(log)
        log.clear()
        result = await book_series(plan, now)
        booked = len(log)
    finally:
        engine_class.run_querystring = real  # type: ignore[method-assign]
    return {
        "status": reply.status_code,
        "occurrences": reply.json().get("booked") if reply.status_code == 201 else None,
        "queries_whole_request": whole,
        "queries_prepare": prepared,
        "queries_check_and_write": booked,
        "domain_occurrences": len(result.booked),
    }
