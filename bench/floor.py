"""The floor for feeds: the same calendar built and serialised with ``icalendar`` alone, no database, no app code.

The events come in as plain tuples (already read); the VTIMEZONE is built
once outside the timed part, as the app caches its own. What is timed is
what any Python feed must do at the least: one component per event, its
properties added, the whole calendar written out.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

from icalendar import Calendar, Event, Timezone, vRecur

from venues.core.timezones import zone


def plain_events(events: list[Any]) -> list[tuple[Any, ...]]:
    """The app's FeedEvents as plain tuples, so the floor uses none of the app's code."""
    return [
        (
            e.uid,
            e.summary,
            e.start,
            e.end,
            e.tz,
            e.last_modified,
            e.sequence,
            e.status,
            e.description,
            e.location,
            e.geo,
            e.url,
            tuple(e.categories),
            e.rrule,
            tuple(e.exdates),
            e.recurrence_id,
        )
        for e in events
    ]


@lru_cache(maxsize=8)
def _timezone(tz_name: str, first: date, last: date) -> Timezone:
    return Timezone.from_tzinfo(zone(tz_name), tzid=tz_name, first_date=first, last_date=last)


def icalendar_alone(name: str, events: list[tuple[Any, ...]]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//bench//icalendar alone//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    today = date.today()
    for tz_name in sorted({event[4] for event in events}):
        calendar.add_component(_timezone(tz_name, date(today.year - 1, 1, 1), date(today.year + 2, 1, 1)))
    for (
        uid,
        summary,
        start,
        end,
        tz_name,
        modified,
        sequence,
        status,
        description,
        location,
        geo,
        url,
        categories,
        rrule,
        exdates,
        recurrence_id,
    ) in events:
        tz = zone(tz_name)
        component = Event()
        component.add("uid", uid)
        component.add("dtstamp", modified.astimezone(UTC))
        component.add("dtstart", start.astimezone(tz))
        component.add("dtend", end.astimezone(tz))
        if recurrence_id is not None:
            component.add("recurrence-id", recurrence_id.astimezone(tz))
        if rrule:
            component.add("rrule", vRecur.from_ical(rrule))
        if exdates:
            component.add("exdate", [moment.astimezone(tz) for moment in exdates])
        component.add("summary", summary)
        if description:
            component.add("description", description)
        if location:
            component.add("location", location)
        if geo is not None:
            component.add("geo", geo)
        if url:
            component.add("url", url)
        if categories:
            component.add("categories", list(categories))
        component.add("status", status)
        component.add("sequence", sequence)
        component.add("last-modified", modified.astimezone(UTC))
        component.add("transp", "OPAQUE")
        calendar.add_component(component)
    return calendar.to_ical()


__all__ = ["icalendar_alone", "plain_events", "datetime"]
