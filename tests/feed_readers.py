"""A feed read by three calendar parsers, which must all see the same occurrences.

- ical.js (Thunderbird, many web calendars), under Node: ``tests.icaljs``;
- icalendar + recurring_ical_events (Python clients, Home Assistant);
- vobject (Radicale and much Python calendar software), expanding each master's RRULE with
  its own reading of the VTIMEZONE and applying EXDATEs and RECURRENCE-ID overrides itself,
  as its users do.

``assert_readers_agree`` is the one check every feed test uses.
"""

from __future__ import annotations

from datetime import UTC, datetime

import icalendar
import recurring_ical_events
import vobject

from tests.icaljs import icaljs_occurrences

UTC = UTC
Span = tuple[datetime, datetime]


def _utc(moment: datetime) -> datetime:
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def icaljs_reads(body: bytes, start: datetime, end: datetime) -> list[Span]:
    return sorted(
        (_utc(datetime.fromisoformat(s.replace("Z", "+00:00"))), _utc(datetime.fromisoformat(e.replace("Z", "+00:00"))))
        for s, e, _ in icaljs_occurrences(body, start, end)
    )


def icalendar_reads(body: bytes, start: datetime, end: datetime) -> list[Span]:
    calendar = icalendar.Calendar.from_ical(body)
    return sorted(
        (_utc(event["DTSTART"].dt), _utc(event["DTEND"].dt))
        for event in recurring_ical_events.of(calendar).between(start, end)
    )


def vobject_reads(body: bytes, start: datetime, end: datetime) -> list[Span]:
    calendar = vobject.readOne(body.decode())
    events = list(getattr(calendar, "vevent_list", []))
    moved: dict[str, set[datetime]] = {}
    for event in events:
        if hasattr(event, "recurrence_id"):
            moved.setdefault(event.uid.value, set()).add(_utc(event.recurrence_id.value))
    spans = []
    for event in events:
        first, last = _utc(event.dtstart.value), _utc(event.dtend.value)
        if hasattr(event, "rrule") and not hasattr(event, "recurrence_id"):
            length = last - first
            gone = moved.get(event.uid.value, set())
            for moment in event.getrruleset(addRDate=True):
                moment = _utc(moment)
                if moment >= end:
                    break
                if moment not in gone and moment + length > start:
                    spans.append((moment, moment + length))
        elif first < end and last > start:
            spans.append((first, last))
    return sorted(spans)


READERS = {"ical.js": icaljs_reads, "icalendar": icalendar_reads, "vobject": vobject_reads}


def assert_readers_agree(body: bytes, start: datetime, end: datetime, expected: list[Span]) -> None:
    """ical.js, icalendar and vobject each expand ``body`` over [start, end) to exactly ``expected``, to the second."""
    want = sorted(expected)
    for name, read in READERS.items():
        seen = read(body, start, end)
        assert seen == want, (name, len(seen), len(want), sorted(set(seen) ^ set(want))[:6])
