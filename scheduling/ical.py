"""Rendering iCalendar feeds (RFC 5545 / RFC 7986) with the ``icalendar`` library.

The renderer takes plain ``FeedEvent`` values, so the queries that decide
*what* a feed shows (public or private, which venue, which group) stay apart
from *how* it is written. Output is deterministic for the same input (DTSTAMP
is the event's last change, not the render time), so a cached body and its
ETag stay valid across workers and machines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache

from icalendar import Calendar, Event, Timezone, vRecur

from venues.timezones import zone

PRODID = "-//Commonroom//Community space calendars//EN"

STATUS_CONFIRMED = "CONFIRMED"
STATUS_TENTATIVE = "TENTATIVE"
STATUS_CANCELLED = "CANCELLED"
_END = b"END:VCALENDAR\r\n"


@dataclass(frozen=True)
class FeedEvent:
    """One VEVENT: a one-off booking, a series master (with ``rrule``) or an override.

    Instants are aware UTC datetimes; they are written in ``tz`` with a TZID.
    ``exdates`` are the original starts of cancelled occurrences; an override
    carries the original start of the occurrence it replaces in ``recurrence_id``.
    """

    uid: str
    summary: str
    start: datetime
    end: datetime
    tz: str
    last_modified: datetime
    sequence: int = 0
    status: str = STATUS_CONFIRMED
    created: datetime | None = None
    description: str = ""
    location: str = ""
    geo: tuple[float, float] | None = None
    url: str | None = None
    categories: tuple[str, ...] = ()
    rrule: str | None = None
    exdates: tuple[datetime, ...] = ()
    recurrence_id: datetime | None = None
    transparent: bool = False


@dataclass(frozen=True)
class FeedCalendar:
    name: str
    description: str
    events: list[FeedEvent] = field(default_factory=list)
    url: str | None = None
    refresh: timedelta = timedelta(hours=1)


@lru_cache(maxsize=256)
def _vtimezone(tz_name: str, first: date, last: date) -> Timezone:
    """A VTIMEZONE with one observance per transition.

    ``icalendar`` folds repeated transitions into RDATE lists; ical.js (Thunderbird)
    reads only the first RDATE of a list, so each transition gets its own component.
    """
    generated = Timezone.from_tzinfo(zone(tz_name), tzid=tz_name, first_date=first, last_date=last)
    flat = Timezone()
    for name, value in generated.property_items(recursive=False)[1:-1]:
        flat.add(name, value, encode=False)
    for observance in generated.subcomponents:
        rdates = observance.pop("RDATE", None)
        flat.add_component(observance)
        for prop in rdates if isinstance(rdates, list) else [rdates] if rdates is not None else []:
            for moment in prop.dts:
                copy = observance.copy()
                copy["DTSTART"] = moment
                flat.add_component(copy)
    return flat


def _local(moment: datetime, tz_name: str) -> datetime:
    return moment.astimezone(zone(tz_name))


def _event_component(event: FeedEvent) -> Event:
    component = Event()
    component.add("uid", event.uid)
    component.add("dtstamp", event.last_modified.astimezone(timezone.utc))
    component.add("dtstart", _local(event.start, event.tz))
    component.add("dtend", _local(event.end, event.tz))
    if event.recurrence_id is not None:
        component.add("recurrence-id", _local(event.recurrence_id, event.tz))
    if event.rrule:
        component.add("rrule", vRecur.from_ical(event.rrule))
    if event.exdates:
        component.add("exdate", [_local(moment, event.tz) for moment in sorted(event.exdates)])
    component.add("summary", event.summary)
    if event.description:
        component.add("description", event.description)
    if event.location:
        component.add("location", event.location)
    if event.geo is not None:
        component.add("geo", event.geo)
    if event.url:
        component.add("url", event.url)
    if event.categories:
        component.add("categories", list(event.categories))
    component.add("status", event.status)
    component.add("sequence", event.sequence)
    if event.created is not None:
        component.add("created", event.created.astimezone(timezone.utc))
    component.add("last-modified", event.last_modified.astimezone(timezone.utc))
    component.add("transp", "TRANSPARENT" if event.transparent else "OPAQUE")
    return component


def _timezone_span(events: list[FeedEvent], until: datetime | None) -> tuple[date, date]:
    """The dates every VTIMEZONE must cover: a year either side of the events (and series ends)."""
    starts = [event.start for event in events] + [e.recurrence_id for e in events if e.recurrence_id]
    ends = [event.end for event in events]
    first = min(starts).date() if starts else date.today()
    last = max(ends + ([until] if until else [])).date() if ends else date.today()
    return date(first.year - 1, 1, 1), date(last.year + 2, 1, 1)


def _series_until(events: list[FeedEvent]) -> datetime | None:
    latest: datetime | None = None
    for event in events:
        if event.rrule and "UNTIL=" in event.rrule:
            until = vRecur.from_ical(event.rrule).get("UNTIL", [None])[0]
            if isinstance(until, datetime):
                until = until if until.tzinfo else until.replace(tzinfo=timezone.utc)
                latest = until if latest is None or until > latest else latest
    return latest


def render_calendar(feed: FeedCalendar) -> bytes:
    """The feed as iCalendar bytes: CRLF line ends, lines folded at 75 octets, a VTIMEZONE per zone used."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", feed.name)
    calendar.add("x-wr-calname", feed.name)
    calendar.add("description", feed.description)
    calendar.add("x-wr-caldesc", feed.description)
    if feed.url:
        calendar.add("url", feed.url)
    calendar.add("refresh-interval", feed.refresh, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", feed.refresh)
    first, last = _timezone_span(feed.events, _series_until(feed.events))
    for tz_name in sorted({event.tz for event in feed.events}):
        if tz_name not in ("UTC", "Etc/UTC"):
            calendar.add_component(_vtimezone(tz_name, first, last))
    head = calendar.to_ical()
    assert head.endswith(_END)
    # Each event is written and dropped in turn: a large feed never holds every component at once.
    parts = [head[: -len(_END)]]
    parts.extend(_event_component(event).to_ical() for event in feed.events)
    parts.append(_END)
    return b"".join(parts)
