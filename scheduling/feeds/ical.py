"""Rendering iCalendar feeds (RFC 5545 / RFC 7986) with the ``icalendar`` library.

The renderer takes plain ``FeedEvent`` values, so the queries that decide
*what* a feed shows (public or private, which venue, which group) stay apart
from *how* it is written. Output is deterministic for the same input (DTSTAMP
is the event's last change, not the render time), so a cached body and its
ETag stay valid across workers and machines.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta

from dateutil import rrule as du
from icalendar import Calendar, Event, vDuration, vRecur, vText

from scheduling.feeds.vtimezone import repeated_hours, vtimezone
from venues.core.timezones import zone

PRODID = "-//Commonroom//Community space calendars//EN"

STATUS_CONFIRMED = "CONFIRMED"
STATUS_TENTATIVE = "TENTATIVE"
STATUS_CANCELLED = "CANCELLED"
_END = b"END:VCALENDAR\r\n"
EMPTY_FEED_ZONE = "Etc/UTC"


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
    summary_language: str = "en"
    description_language: str = "en"
    location_language: str = "en"


@dataclass(frozen=True)
class FeedCalendar:
    name: str
    description: str
    events: list[FeedEvent] = field(default_factory=list)
    url: str | None = None
    refresh: timedelta = timedelta(hours=1)
    name_language: str = "en"
    description_language: str = "en"


def _local(moment: datetime, tz_name: str) -> datetime:
    return moment.astimezone(zone(tz_name))


def _repeated(moment: datetime, tz_name: str) -> bool:
    """Whether the wall time of ``moment`` happens twice (the autumn hour): readers pick either."""
    local = _local(moment, tz_name)
    return local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset()


def _span(event: FeedEvent) -> tuple[datetime, datetime]:
    """DTSTART and DTEND: local with a TZID, or UTC when either falls in a repeated hour.

    A series master keeps local time whatever happens, since its RRULE is expanded on the wall
    clock; its EXDATEs and its overrides' RECURRENCE-IDs stay local too, so each reader matches
    them against the occurrences as it reads them itself.
    """
    if not event.rrule and (_repeated(event.start, event.tz) or _repeated(event.end, event.tz)):
        return event.start.astimezone(UTC), event.end.astimezone(UTC)
    return _local(event.start, event.tz), _local(event.end, event.tz)


def _text(value: str) -> vText:
    """A TEXT value icalendar escapes on output, without what RFC 5545 TEXT cannot hold.

    Line breaks become LF (written as ``\\n``) and tabs stay; other control characters have no
    escape in iCalendar and are dropped, so stored text from before entry checks still renders.
    """
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    return vText("".join(ch for ch in text if ch in "\t\n" or not _control(ch)))


def _language(language: str) -> dict[str, str]:
    """RFC 5545 LANGUAGE (3.2.10): the language the text is actually in, ``cy`` or ``en``."""
    return {"LANGUAGE": language}


def _control(ch: str) -> bool:
    return ord(ch) < 0x20 or ord(ch) == 0x7F


def _event_component(event: FeedEvent) -> Event:
    component = Event()
    component.add("uid", event.uid)
    component.add("dtstamp", event.last_modified.astimezone(UTC))
    start, end = _span(event)
    component.add("dtstart", start)
    component.add("dtend", end)
    if event.recurrence_id is not None:
        component.add("recurrence-id", _local(event.recurrence_id, event.tz))
    if event.rrule:
        component.add("rrule", vRecur.from_ical(event.rrule))
    if event.exdates:
        component.add("exdate", [_local(moment, event.tz) for moment in sorted(event.exdates)])
    component.add("summary", _text(event.summary), parameters=_language(event.summary_language))
    if event.description:
        component.add("description", _text(event.description), parameters=_language(event.description_language))
    if event.location:
        component.add("location", _text(event.location), parameters=_language(event.location_language))
    if event.geo is not None:
        component.add("geo", event.geo)
    if event.url:
        component.add("url", event.url)
    if event.categories:
        component.add("categories", [_text(c) for c in event.categories])
    component.add("status", event.status)
    component.add("sequence", event.sequence)
    if event.created is not None:
        component.add("created", event.created.astimezone(UTC))
    component.add("last-modified", event.last_modified.astimezone(UTC))
    component.add("transp", "TRANSPARENT" if event.transparent else "OPAQUE")
    return component


def _pinned_dates(master: FeedEvent, overridden: set[tuple[str, datetime]], first: date, last: date) -> list[FeedEvent]:
    """A master's dates that start or end in a repeated hour, each as an override written in UTC.

    Readers expand the RRULE on the wall clock and each picks its own pass of a repeated hour;
    an override whose RECURRENCE-ID is that same wall time (so every reader matches it to the
    date as it read it) and whose DTSTART/DTEND are UTC gives all of them the instant the
    service booked (the first pass, as ``venues.core.timezones.local_datetime`` chooses).
    """
    candidates = list(_in_repeated_hours(master, first, last))
    if not candidates:
        return []  # nearly every series: its wall-clock times never meet a repeated hour
    rule = du.rrulestr(master.rrule or "", dtstart=_local(master.start, master.tz))
    skipped = {_local(moment, master.tz).replace(tzinfo=None) for moment in master.exdates}
    pinned = []
    for begins, ends in candidates:
        naive = begins.replace(tzinfo=None)
        if naive in skipped or (master.uid, naive) in overridden or not rule.between(begins, begins, inc=True):
            continue
        moment = begins.astimezone(UTC)
        pinned.append(
            replace(master, rrule=None, exdates=(), recurrence_id=moment, start=moment, end=ends.astimezone(UTC))
        )
    return pinned


def _in_repeated_hours(master: FeedEvent, first: date, last: date) -> Iterator[tuple[datetime, datetime]]:
    """Wall-clock start and end of the dates, had the rule one there, whose start or end is in a repeated hour."""
    tz = zone(master.tz)
    start, end = _local(master.start, master.tz), _local(master.end, master.tz)
    days = end.date() - start.date()
    for repeat_from, repeat_to in repeated_hours(master.tz, first, last):
        for day in sorted({repeat_from.date(), repeat_from.date() - days}):
            begins = datetime.combine(day, start.time(), tz)
            ends = datetime.combine(day + days, end.time(), tz)
            if (
                repeat_from <= begins.replace(tzinfo=None) < repeat_to
                or repeat_from <= ends.replace(tzinfo=None) < repeat_to
            ):
                yield begins, ends


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
                until = until if until.tzinfo else until.replace(tzinfo=UTC)
                latest = until if latest is None or until > latest else latest
    return latest


def render_calendar(feed: FeedCalendar) -> bytes:
    """The feed as iCalendar bytes: CRLF line ends, lines folded at 75 octets, a VTIMEZONE per zone used.

    No METHOD: a feed is a snapshot to subscribe to, not an iTIP message (RFC 5545 3.7.2), and
    METHOD:PUBLISH would need an ORGANIZER in every event (RFC 5546 3.2.1), which would mean
    naming someone for every public booking. A feed with no events still holds one component
    (RFC 5545 needs one): a UTC VTIMEZONE, which every reader accepts and no client shows.
    """
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    for name in ("name", "x-wr-calname"):
        calendar.add(name, _text(feed.name), parameters=_language(feed.name_language))
    for name in ("description", "x-wr-caldesc"):
        calendar.add(name, _text(feed.description), parameters=_language(feed.description_language))
    if feed.url:
        calendar.add("url", feed.url)
    calendar.add("refresh-interval", feed.refresh, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(feed.refresh))
    first, last = _timezone_span(feed.events, _series_until(feed.events))
    zones = sorted({event.tz for event in feed.events} - {"UTC", "Etc/UTC"})
    for tz_name in zones or ([] if feed.events else [EMPTY_FEED_ZONE]):
        calendar.add_component(vtimezone(tz_name, first, last))
    head = calendar.to_ical()
    assert head.endswith(_END)
    # Each event is written and dropped in turn: a large feed never holds every component at once.
    parts = [head[: -len(_END)]]
    parts.extend(_event_component(event).to_ical() for event in feed.events)
    overridden = {(e.uid, _local(e.recurrence_id, e.tz).replace(tzinfo=None)) for e in feed.events if e.recurrence_id}
    for master in (event for event in feed.events if event.rrule):
        parts.extend(_event_component(pinned).to_ical() for pinned in _pinned_dates(master, overridden, first, last))
    parts.append(_END)
    return b"".join(parts)


def event_component(event: FeedEvent) -> Event:
    """One VEVENT as feeds write it, for messages that carry a single event (invitations)."""
    return _event_component(event)
