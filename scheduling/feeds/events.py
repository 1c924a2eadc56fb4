"""Turning bookings into calendar events: in full, privately, or as an anonymous busy block.

An event's LAST-MODIFIED and DTSTAMP are the latest change of anything it shows, and its
SEQUENCE is its booking's (or series') own sequence plus the revisions of everything else it
shows. RFC 5545 asks for a new SEQUENCE only on significant changes (times, rule, status), but
Outlook and Google Calendar keep an event's text until its SEQUENCE rises, so any change to what
it shows raises it:

- the venue's ``shown_revision`` counts changes to what events show of it: its name, address,
  place and zone, and its spaces' names (``venues.publication.touch_shown``); not its hours or
  other bookings, so a busy venue's events do not all churn on every booking;
- the listing's ``revision`` is the publication version of its last write, so a listing removed
  and attached again starts above the old one;
- the group's ``revision`` counts its edits (its name, in DESCRIPTION); groups span venues;
- ``updated_at`` of the booking or series, the listing and the group, and the venue's
  ``shown_changed_at``, give LAST-MODIFIED.

Every part only grows and a booking's venue and group never change, so a SEQUENCE never goes
back. The columns come with the queries that already fetch the events, so no event costs a
query of its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from scheduling.bookings.status import status_word
from scheduling.feeds.ical import STATUS_CANCELLED, STATUS_CONFIRMED, STATUS_TENTATIVE, FeedEvent
from scheduling.models import Booking
from venues.core.i18n import _, current_language
from venues.core.i18n.content import Shown as ShownText
from venues.core.i18n.content import choose

# Feeds show from a month ago to a little over a year ahead: enough for every
# calendar client's default views, bounded so a feed cannot grow without limit.
FEED_PAST = timedelta(days=30)
FEED_FUTURE = timedelta(days=400)

STATUS_OF = {
    "requested": STATUS_TENTATIVE,
    "confirmed": STATUS_CONFIRMED,
    "declined": STATUS_CANCELLED,
    "cancelled": STATUS_CANCELLED,
}

BOOKING_FEED_COLUMNS = (
    Booking.id,
    Booking.uid,
    Booking.title,
    Booking.purpose,
    Booking.status,
    Booking.starts_at,
    Booking.ends_at,
    Booking.sequence,
    Booking.created_at,
    Booking.updated_at,
    Booking.booker_name,
    Booking.booker_email,
    Booking.booker_phone,
    Booking.attendance,
    Booking.is_public,
    Booking.space.name,
    Booking.space.name_cy,
    Booking.venue.id,
    Booking.venue.name,
    Booking.venue.name_cy,
    Booking.venue.timezone,
    Booking.venue.address,
    Booking.venue.postcode,
    Booking.venue.latitude,
    Booking.venue.longitude,
    Booking.venue.shown_revision,
    Booking.venue.shown_changed_at,
    Booking.group.name,
    Booking.group.name_cy,
    Booking.group.updated_at,
    Booking.group.revision,
)

# What else an event shows: when it last changed (None: nothing there) and its revision.
Shown = tuple[datetime | None, int]


@dataclass(frozen=True)
class FeedWindow:
    starts: datetime
    ends: datetime

    @classmethod
    def around(cls, now: datetime) -> FeedWindow:
        day = _utc_day(now)
        return cls(day - FEED_PAST, day + FEED_FUTURE)

    @classmethod
    def ahead(cls, now: datetime, days: int) -> FeedWindow:
        """From the start of today (UTC) for ``days`` days: a day's requests share one window, so one body."""
        day = _utc_day(now)
        return cls(day, day + timedelta(days=days))


def _utc_day(now: datetime) -> datetime:
    return now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def stamped(own_changed: datetime, own_sequence: int, shown: Iterable[Shown]) -> tuple[datetime, int]:
    """An event's LAST-MODIFIED (also its DTSTAMP) and SEQUENCE: see the module docstring."""
    parts = list(shown)
    latest = max([own_changed, *(changed for changed, _ in parts if changed is not None)])
    return latest, own_sequence + sum(revision for _, revision in parts)


def _venue_shown(row: dict[str, Any]) -> Shown:
    return row["venue.shown_changed_at"], row["venue.shown_revision"]


def _group_shown(row: dict[str, Any]) -> Shown:
    return row["group.updated_at"], row["group.revision"] or 0


def uid_host(base_url: str) -> str:
    return urlsplit(base_url).hostname or "commonroom"


def language_of(parts: Iterable[ShownText]) -> str:
    """The language a text made of ``parts`` (content chosen for the reader) is in: theirs when every part is in
    one language, else the language in force (the interface words around them)."""
    languages = {part.language for part in parts if part.text}
    return languages.pop() if len(languages) == 1 else current_language()


def located(space: ShownText, venue: ShownText, address: str, postcode: str) -> tuple[str, str]:
    """An event's LOCATION (space, venue, address, postcode) and the language of its names."""
    text = ", ".join(part for part in (space.text, venue.text, address, postcode) if part)
    return text, language_of((space, venue))


def location_of(row: dict[str, Any]) -> str:
    return _row_location(row)[0]


def _row_location(row: dict[str, Any]) -> tuple[str, str]:
    return located(
        choose(row["space.name"], row.get("space.name_cy")),
        choose(row["venue.name"], row.get("venue.name_cy")),
        row["venue.address"],
        row["venue.postcode"],
    )


def geo_of(row: dict[str, Any]) -> tuple[float, float] | None:
    lat, lon = row["venue.latitude"], row["venue.longitude"]
    return (lat, lon) if lat is not None and lon is not None else None


def private_event(row: dict[str, Any], base_url: str, for_manager: bool) -> FeedEvent:
    """Everything the venue's managers or the group's organisers know about the booking.

    Its URL opens the page where they act on it: the venue's desk for managers, their bookings for organisers.
    """
    group = choose(row["group.name"], row.get("group.name_cy"))
    lines = [_("Status: %(status)s") % {"status": status_word(row["status"])}]
    contact = ", ".join(v for v in (row["booker_email"], row["booker_phone"]) if v)
    if contact:
        lines.append(_("Booked by: %(name)s (%(contact)s)") % {"name": row["booker_name"] or "", "contact": contact})
    elif row["booker_name"]:
        lines.append(_("Booked by: %(name)s") % {"name": row["booker_name"]})
    if group.text:
        lines.append(_("Group: %(name)s") % {"name": group.text})
    if row["purpose"]:
        lines.append(_("Purpose: %(purpose)s") % {"purpose": row["purpose"]})
    lines.append(_("Expected attendance: %(count)s") % {"count": row["attendance"]})
    lines.append(_("Public listing") if row["is_public"] else _("Private booking"))
    last_modified, sequence = stamped(row["updated_at"], row["sequence"], (_venue_shown(row), _group_shown(row)))
    location, location_language = _row_location(row)
    summary_language = group.language if not row["title"] and group.text else current_language()
    return FeedEvent(
        uid=f"booking-{row['uid']}@{uid_host(base_url)}",
        summary=row["title"] or group.text or row["booker_name"] or _("Booking"),
        summary_language=summary_language,
        description_language=current_language(),
        start=row["starts_at"],
        end=row["ends_at"],
        tz=row["venue.timezone"],
        last_modified=last_modified,
        created=row["created_at"],
        sequence=sequence,
        status=STATUS_OF[row["status"]],
        description="\n".join(lines),
        location=location,
        location_language=location_language,
        geo=geo_of(row),
        url=f"{base_url}/desk/venues/{row['venue.id']}" if for_manager else f"{base_url}/my/bookings",
    )


def busy_event(row: dict[str, Any], base_url: str) -> FeedEvent:
    """A booking the public may know only as taken time: no name, contact or purpose."""
    last_modified, sequence = stamped(row["updated_at"], row["sequence"], (_venue_shown(row),))
    location, location_language = _row_location(row)
    return FeedEvent(
        uid=f"busy-{row['uid']}@{uid_host(base_url)}",
        summary=_("Booked"),
        summary_language=current_language(),
        start=row["starts_at"],
        end=row["ends_at"],
        tz=row["venue.timezone"],
        last_modified=last_modified,
        sequence=sequence,
        status=STATUS_CONFIRMED,
        location=location,
        location_language=location_language,
    )
