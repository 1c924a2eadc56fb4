"""Reading a group's existing calendar (an iCal URL) into bookings and series to create.

Everything from outside is treated as hostile: the fetch has a deadline and a
size cap, refuses non-public addresses (unless allowed for tests), and the
parse accepts only what Commonroom can book — timed events in IANA zones, and
recurrences in the supported RRULE subset. Anything else is reported per event,
never half-imported; a body that is not iCalendar at all is refused whole.
Outlook writes Windows zone names ("GMT Standard Time"); they are read through the
CLDR table icalendar ships. Parsing is CPU work: the events are counted in the raw
bytes before anything is parsed, and the parse runs in a worker thread
(``read_calendar``), so a hostile calendar never stalls the event loop.
"""

from __future__ import annotations

import asyncio
import ipaddress
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TypeVar
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import httpx
import icalendar
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from scheduling.recurrence.rules import RecurrenceRule, parse_rrule
from venues.core.errors import InvalidInput, RuleViolation
from venues.core.i18n import _
from venues.core.timezones import check_day, zone
from venues.core.worker_threads import WorkerThreads

MAX_BYTES = 1024 * 1024
MAX_EVENTS = 500
FETCH_SECONDS = 10.0
MAX_LENGTH = timedelta(days=7)
ALLOW_PRIVATE_ENV = "COMMONROOM_IMPORT_ALLOW_PRIVATE"
_T = TypeVar("_T")
# Calendars parsed at once per process: each parse is CPU work in a worker thread.
_parsing = WorkerThreads(2)


@dataclass(frozen=True)
class ImportedEvent:
    """One VEVENT Commonroom can book: a one-off (``rule`` None) or the first occurrence of a series."""

    uid: str
    title: str
    description: str
    starts_at: datetime
    ends_at: datetime
    local_date: date
    start_time: time
    end_time: time
    rule: RecurrenceRule | None = None


@dataclass(frozen=True)
class SkippedEvent:
    uid: str
    title: str
    reason: str


@dataclass(frozen=True)
class ParsedCalendar:
    events: list[ImportedEvent]
    skipped: list[SkippedEvent]


async def _check_public_address(host: str) -> None:
    if os.environ.get(ALLOW_PRIVATE_ENV) == "1":
        return
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, ValueError):
        raise InvalidInput("url", _("The address %(host)r could not be found.") % {"host": host[:100]}) from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise InvalidInput("url", _("Only calendars on the public internet can be imported."))


async def fetch_calendar(url: str) -> bytes:
    """The body at ``url``: http(s) only, at most ``MAX_BYTES``, within ``FETCH_SECONDS``."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidInput("url", _("Give the calendar's http:// or https:// address (webcal:// works too)."))
    await _check_public_address(parts.hostname)
    try:
        return await asyncio.wait_for(_download(url), timeout=FETCH_SECONDS)
    except TimeoutError:
        raise RuleViolation(
            "import_timeout",
            _("The calendar did not arrive within %(FETCH_SECONDS).0f seconds.") % {"FETCH_SECONDS": FETCH_SECONDS},
        ) from None
    except (httpx.HTTPError, httpx.InvalidURL) as error:
        raise RuleViolation(
            "import_fetch", _("The calendar could not be fetched: %(error)s.") % {"error": type(error).__name__}
        ) from None


async def _download(url: str) -> bytes:
    timeout = httpx.Timeout(FETCH_SECONDS, connect=5.0)
    async with httpx.AsyncClient(timeout=timeout, follow_redirects=False) as client:
        async with client.stream("GET", url, headers={"Accept": "text/calendar"}) as response:
            if response.status_code != 200:
                raise RuleViolation(
                    "import_fetch",
                    _("The calendar's server answered %(status_code)s.") % {"status_code": response.status_code},
                )
            declared = response.headers.get("content-length")
            if declared is not None and declared.isdigit() and int(declared) > MAX_BYTES:
                raise RuleViolation(
                    "import_too_large", _("The calendar is larger than %(kib)s KiB.") % {"kib": MAX_BYTES // 1024}
                )
            body = bytearray()
            async for chunk in response.aiter_bytes():
                body += chunk
                if len(body) > MAX_BYTES:
                    raise RuleViolation(
                        "import_too_large",
                        _("The calendar is larger than %(kib)s KiB.") % {"kib": MAX_BYTES // 1024},
                    )
            return bytes(body)


def normalise_url(url: str) -> str:
    return "https://" + url[len("webcal://") :] if url.lower().startswith("webcal://") else url


async def read_calendar(body: bytes, venue_timezone: str) -> ParsedCalendar:
    """``parse_calendar`` in a worker thread, after the cheap checks that refuse a body before any parsing."""
    check_size(body)
    return await in_worker(parse_calendar, body, venue_timezone)


async def in_worker(function: Callable[..., _T], *args: Any) -> _T:
    """Run an import's CPU work (parsing, expanding rules) in a worker thread, a few at a time."""
    return await _parsing.run(function, *args)


def check_size(body: bytes) -> None:
    """Refuse a body that is not iCalendar or has too many events, counting them in the unfolded bytes."""
    if not body.lstrip().upper().startswith(b"BEGIN:VCALENDAR"):
        raise RuleViolation("import_not_ical", _("That address does not serve an iCalendar (.ics) file."))
    unfolded = body.upper().replace(b"\r\n", b"\n").replace(b"\n ", b"").replace(b"\n\t", b"")
    if unfolded.count(b"BEGIN:VEVENT") > MAX_EVENTS:
        raise RuleViolation(
            "import_too_large", _("The calendar has more than %(MAX_EVENTS)s events.") % {"MAX_EVENTS": MAX_EVENTS}
        )


def parse_calendar(body: bytes, venue_timezone: str) -> ParsedCalendar:
    """The events of an iCalendar body; ``venue_timezone`` reads floating times and UNTIL dates."""
    check_size(body)
    try:
        calendar = icalendar.Calendar.from_ical(body.decode("utf-8", errors="replace"))
    except (ValueError, KeyError, IndexError, TypeError) as error:
        raise RuleViolation(
            "import_not_ical", _("The calendar could not be read: %(error)s") % {"error": error}
        ) from None
    vevents = [component for component in calendar.walk("VEVENT")]
    if len(vevents) > MAX_EVENTS:
        raise RuleViolation(
            "import_too_large", _("The calendar has more than %(MAX_EVENTS)s events.") % {"MAX_EVENTS": MAX_EVENTS}
        )
    events: list[ImportedEvent] = []
    skipped: list[SkippedEvent] = []
    for component in vevents:
        uid, title = str(component.get("UID", "")), str(component.get("SUMMARY", "Untitled"))
        if "RECURRENCE-ID" in component:
            skipped.append(SkippedEvent(uid, title, _("Changes to single dates of a series are not imported.")))
            continue
        try:
            events.append(_event(component, uid, title, venue_timezone))
        except (InvalidInput, RuleViolation) as problem:
            skipped.append(SkippedEvent(uid, title, problem.detail))
        except (ValueError, TypeError, KeyError, IndexError, OverflowError) as error:
            # icalendar's own refusals (a COUNT beyond 32 bits, a broken property) and impossible dates.
            skipped.append(
                SkippedEvent(uid, title, _("The event could not be read: %(error)s") % {"error": str(error)[:200]})
            )
        except UnknownZone as unknown:
            raise InvalidInput(
                "url",
                _("The calendar uses the time zone %(unknown)s, which is not an IANA zone such as Europe/London.")
                % {"unknown": unknown},
            ) from None
    if not events:
        reasons = "; ".join(f"{item.title}: {item.reason}" for item in skipped[:5]) or "it has no events"
        raise RuleViolation(
            "import_nothing", _("Nothing in that calendar can be booked (%(reasons)s).") % {"reasons": reasons}
        )
    return ParsedCalendar(events, skipped)


def _zone_of(prop: icalendar.prop.vDDDTypes, fallback: str) -> str:
    """The IANA zone a time is written in (a Windows name mapped by CLDR); a floating time is read in the venue's zone."""
    tzid = prop.params.get("TZID")
    if tzid is None:
        return fallback
    name = WINDOWS_TO_OLSON.get(str(tzid), str(tzid))
    try:
        zone(name)
    except InvalidInput:
        raise UnknownZone(str(tzid)) from None
    return name


def _instant(prop: icalendar.prop.vDDDTypes, fallback: str) -> datetime | date:
    """The property's value, a time with a TZID read as wall-clock time in that (IANA) zone."""
    value = prop.dt
    if not isinstance(value, date):  # a PERIOD or a time of day alone says no day to book
        raise InvalidInput("DTSTART", _("The event's times are not dates or date-times."))
    if isinstance(value, datetime) and "TZID" in prop.params:
        value = value.replace(tzinfo=ZoneInfo(_zone_of(prop, fallback)))
    return check_day("DTSTART", value)


class UnknownZone(Exception):
    """A TZID outside the IANA database: the whole calendar is refused, its times cannot be trusted."""


def _property(component: icalendar.Component, name: str, kind: type[_T]) -> _T:
    """The event's property as the type RFC 5545 gives it; a repeated or unreadable one refuses the event."""
    value = component[name]
    if not isinstance(value, kind):
        raise InvalidInput(name, _("The event's %(name)s could not be read.") % {"name": name})
    return value


def _event(component: icalendar.Component, uid: str, title: str, venue_timezone: str) -> ImportedEvent:
    if "DTSTART" not in component:
        raise InvalidInput("DTSTART", _("The event has no start."))
    start_prop = _property(component, "DTSTART", icalendar.prop.vDDDTypes)
    start = _instant(start_prop, venue_timezone)
    if not isinstance(start, datetime):
        raise InvalidInput("DTSTART", _("All-day events are not bookings; give a start and end time."))
    tz_name = _zone_of(start_prop, venue_timezone)
    if "DTEND" in component:
        end = _instant(_property(component, "DTEND", icalendar.prop.vDDDTypes), venue_timezone)
    elif "DURATION" in component:
        length = _property(component, "DURATION", icalendar.prop.vDDDTypes).dt
        if not isinstance(length, timedelta) or not timedelta(0) < length <= MAX_LENGTH:
            raise InvalidInput("DURATION", _("The event's duration must be more than nothing and at most a week."))
        end = start + length
    else:
        raise InvalidInput("DTEND", _("The event has no end or duration."))
    if not isinstance(end, datetime):
        raise InvalidInput("DTEND", _("The event's end is a date, not a time."))
    local_zone = ZoneInfo(venue_timezone)
    start_local = (start if start.tzinfo else start.replace(tzinfo=ZoneInfo(tz_name))).astimezone(local_zone)
    end_local = (end if end.tzinfo else end.replace(tzinfo=ZoneInfo(tz_name))).astimezone(local_zone)
    if end_local <= start_local:
        raise InvalidInput("DTEND", _("The event ends before it starts."))
    rule = None
    if "RRULE" in component:
        if end_local.date() != start_local.date():
            raise InvalidInput("RRULE", _("Repeating events must start and end on the same day."))
        rule = _rule(_property(component, "RRULE", icalendar.vRecur), venue_timezone)
    return ImportedEvent(
        uid=uid,
        title=title[:200],
        description=str(component.get("DESCRIPTION", ""))[:5000],
        starts_at=start_local.astimezone(UTC).replace(microsecond=0),
        ends_at=end_local.astimezone(UTC).replace(microsecond=0),
        local_date=start_local.date(),
        start_time=start_local.time().replace(microsecond=0, tzinfo=None),
        end_time=end_local.time().replace(microsecond=0, tzinfo=None),
        rule=rule,
    )


def _rule(recur: icalendar.vRecur, venue_timezone: str) -> RecurrenceRule:
    """The RRULE in the supported subset; UNTIL (often a UTC instant) becomes the venue's local date."""
    until = recur.get("UNTIL")
    without_until = icalendar.vRecur({key: value for key, value in recur.items() if key != "UNTIL"})
    text = without_until.to_ical().decode()
    if until:
        moment = until[0]
        if isinstance(moment, datetime):
            moment = (
                (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(ZoneInfo(venue_timezone)).date()
            )
        text += f";UNTIL={moment:%Y%m%d}"
    return parse_rrule(text)
